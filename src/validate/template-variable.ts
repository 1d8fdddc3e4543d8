// dashboard-linter's template-job-rule and template-instance-rule: a `job` (`instance`) variable that
// is a multi-select Prometheus query on the templated data source, labelled `Job` (`Instance`),
// whose "All" value is `.+`.
import type { Finding } from './finding.js';
import type { Query } from './queries.js';
import { seriesCarries } from './required-matcher.js';
import { viewFinding } from './rules/types.js';
import { dashboardSubject, hasPrometheusVariable, variableSubject, type DashboardView } from './views.js';

const TEMPLATED_DATASOURCES = new Set(['$datasource', '${datasource}', '$prometheus_datasource', '${prometheus_datasource}']);

/** Required only of dashboards that read some series carrying the label (the SLO dashboard reads
 *  only SLO recordings, which have neither job nor instance). */
export function templateVariableFindings(rule: string, name: string, dashboard: DashboardView, queries: readonly Query[]): Finding[] {
  if (!hasPrometheusVariable(dashboard)) return [];
  const readsLabel = queries.some((q) => q.origin === 'target' && q.analysis.selectors.some((s) => seriesCarries(s.metric, name)));
  if (!readsLabel) return [];
  const variable = dashboard.variables.find((v) => v.name === name);
  if (!variable) return [viewFinding(rule, dashboard.file, dashboard.pointer, dashboardSubject(dashboard), `has no "${name}" variable`)];
  const at = (message: string) => viewFinding(rule, dashboard.file, variable.pointer, variableSubject(variable), message);
  const label = name.charAt(0).toUpperCase() + name.slice(1);
  const problems: Finding[] = [];
  if (!TEMPLATED_DATASOURCES.has(variable.datasource?.uid ?? '')) problems.push(at(`should use the data source $datasource, uses "${variable.datasource?.uid ?? ''}"`));
  if (variable.type !== 'query') problems.push(at(`should be a Prometheus query variable, is "${variable.type}"`));
  if (variable.label !== label) problems.push(at(`should be labelled "${label}", is "${variable.label ?? ''}"`));
  if (variable.raw.multi !== true) problems.push(at('should be a multi-select'));
  if (variable.raw.allValue !== '.+') problems.push(at(`allValue should be ".+", is "${String(variable.raw.allValue ?? '')}"`));
  return problems;
}
