import { dashboardSubject, datasourceVariables, QUERY_PANEL_TYPES } from '../views.js';
import { viewFinding, type DashboardRule } from './types.js';

const id = 'template-datasource-rule';

/** dashboard-linter's template-datasource-rule: the data source is a variable, named `datasource`
 *  (or `<type>_datasource`) and labelled `Data source` (or `<Type> data source`), so one dashboard
 *  serves every Prometheus the user has. A dashboard that queries nothing (the runbook's text
 *  panels) needs none. */
export const templateDatasourceRule: DashboardRule = {
  id,
  description: 'The dashboard has a data source variable named `datasource` and labelled `Data source`.',
  scope: 'generated',
  target: 'dashboard',
  check(dashboard) {
    const variables = datasourceVariables(dashboard);
    const queries = dashboard.panels.some((p) => QUERY_PANEL_TYPES.has(p.type) || p.targets.length > 0);
    if (variables.length === 0 && !queries) return [];
    if (variables.length === 0) return [viewFinding(id, dashboard.file, dashboard.pointer, dashboardSubject(dashboard), 'has no data source variable')];
    return variables.flatMap((v) => {
      const type = v.query?.text ?? '';
      const names = [`${type.toLowerCase()}_datasource`, ...(variables.length === 1 ? ['datasource'] : [])];
      const labels = [`${titleCase(type)} data source`, ...(variables.length === 1 ? ['Data source'] : [])];
      if (!names.includes(v.name)) return [viewFinding(id, dashboard.file, v.pointer, `variable "${v.name}"`, `data source variable should be named ${names.map((n) => `"${n}"`).join(' or ')}`)];
      if (!labels.includes(v.label ?? '')) return [viewFinding(id, dashboard.file, v.pointer, `variable "${v.name}"`, `data source variable should be labelled ${labels.map((l) => `"${l}"`).join(' or ')}, is "${v.label ?? ''}"`)];
      return [];
    });
  },
};

function titleCase(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}
