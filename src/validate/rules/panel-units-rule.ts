import { isGrafanaUnit } from '../grafana-units.js';
import { isObject, panelSubject, type PanelView } from '../views.js';
import { viewFinding, type DashboardRule } from './types.js';

const id = 'panel-units-rule';

/** The panel types dashboard-linter checks for units. */
const CHECKED_TYPES = new Set(['stat', 'singlestat', 'graph', 'table', 'timeseries', 'gauge']);

/** dashboard-linter's panel-units-rule: a number without a unit ("0.25") is read as a quarter of a
 *  second, a quarter of the cache, or a quarter of a request; `none` says so on purpose. */
export const panelUnitsRule: DashboardRule = {
  id,
  description: 'Panels that plot numbers have a Grafana unit (`none` is one; empty is not).',
  scope: 'generated',
  target: 'dashboard',
  check: (dashboard) =>
    dashboard.panels.flatMap((p) => {
      if (!CHECKED_TYPES.has(p.type)) return [];
      const unit = configuredUnit(p);
      return unit !== undefined && isGrafanaUnit(unit)
        ? []
        : [viewFinding(id, dashboard.file, `${p.pointer}/fieldConfig/defaults/unit`, panelSubject(p), unit === undefined ? 'has no unit' : `has an unknown unit "${unit}"`)];
    }),
};

/** An override's unit wins over the default, as in dashboard-linter. */
function configuredUnit(panel: PanelView): string | undefined {
  const fieldConfig = isObject(panel.raw.fieldConfig) ? panel.raw.fieldConfig : {};
  const overrides = Array.isArray(fieldConfig.overrides) ? fieldConfig.overrides : [];
  const overridden = overrides
    .flatMap((o) => (isObject(o) && Array.isArray(o.properties) ? o.properties : []))
    .find((prop) => isObject(prop) && prop.id === 'unit' && typeof prop.value === 'string');
  if (overridden) return (overridden as { value: string }).value;
  const defaults = isObject(fieldConfig.defaults) ? fieldConfig.defaults : {};
  return typeof defaults.unit === 'string' && defaults.unit !== '' ? defaults.unit : undefined;
}
