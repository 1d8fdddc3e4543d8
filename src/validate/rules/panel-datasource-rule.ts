import { datasourceVariables, panelSubject } from '../views.js';
import { viewFinding, type DashboardRule } from './types.js';

const id = 'panel-datasource-rule';

/** dashboard-linter checks these panel types: a panel pinned to one data source uid ignores the
 *  data source variable. */
const CHECKED_TYPES = new Set(['singlestat', 'graph', 'table-old', 'timeseries']);

export const panelDatasourceRule: DashboardRule = {
  id,
  description: 'Panels use the templated data source ($datasource), not a fixed uid.',
  scope: 'generated',
  target: 'dashboard',
  check(dashboard) {
    const templated = new Set(datasourceVariables(dashboard).flatMap((v) => [`$${v.name}`, `\${${v.name}}`]));
    return dashboard.panels
      .filter((p) => CHECKED_TYPES.has(p.type) && !templated.has(p.datasource?.uid ?? ''))
      .map((p) => viewFinding(id, dashboard.file, p.pointer, panelSubject(p), `does not use a templated data source, uses "${p.datasource?.uid ?? ''}"`));
  },
};
