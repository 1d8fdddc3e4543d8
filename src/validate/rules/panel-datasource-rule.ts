import { datasourceVariables, panelSubject, type DatasourceRef } from '../views.js';
import { viewFinding, type DashboardRule } from './types.js';

const id = 'panel-datasource-rule';

/** dashboard-linter checks these panel types: a panel pinned to one data source uid ignores the
 *  data source variable. */
const CHECKED_TYPES = new Set(['singlestat', 'graph', 'table-old', 'timeseries']);

/** Grafana's own pseudo data sources: pinning them is how they are used. */
const BUILT_IN = new Set(['-- Grafana --', '-- Mixed --', '-- Dashboard --', 'grafana', '__expr__']);

/** `$ds`, `${ds}`, `${ds:raw}`, `[[ds]]`: the variable decides at view time. */
const VARIABLE_REFERENCE = /^(\$\w+|\$\{\w+(:\w+)?\}|\[\[\w+\]\])$/;

export const panelDatasourceRule: DashboardRule = {
  id,
  description: 'Panels and their queries use the templated data source ($datasource), not a fixed uid.',
  scope: 'all',
  target: 'dashboard',
  check(dashboard, _queries, ctx) {
    if (ctx.mode === 'foreign') {
      // A foreign dashboard may leave the data source unset (Grafana's default) and need not name its
      // variable `datasource`; what breaks on import is a uid that exists only in its author's Grafana.
      return dashboard.panels.flatMap((p) => [
        ...(isPinned(p.datasource) ? [viewFinding(id, dashboard.file, `${p.pointer}/datasource`, panelSubject(p), pinnedMessage(p.datasource!))] : []),
        ...p.targets
          .filter((t) => isPinned(t.datasource))
          .map((t) => viewFinding(id, dashboard.file, `${t.pointer}/datasource`, `${panelSubject(p)} target ${t.refId ?? t.index}`, pinnedMessage(t.datasource!))),
      ]);
    }
    const templated = new Set(datasourceVariables(dashboard).flatMap((v) => [`$${v.name}`, `\${${v.name}}`]));
    return dashboard.panels
      .filter((p) => CHECKED_TYPES.has(p.type) && !templated.has(p.datasource?.uid ?? ''))
      .map((p) => viewFinding(id, dashboard.file, p.pointer, panelSubject(p), `does not use a templated data source, uses "${p.datasource?.uid ?? ''}"`));
  },
};

function isPinned(ref: DatasourceRef | undefined): boolean {
  const uid = ref?.uid;
  return uid !== undefined && uid !== '' && !BUILT_IN.has(uid) && !VARIABLE_REFERENCE.test(uid);
}

function pinnedMessage(ref: DatasourceRef): string {
  return `pinned to data source uid "${ref.uid}", which exists only in the Grafana it was exported from; use a data source variable (\${datasource})`;
}
