import { variableSubject } from '../views.js';
import { viewFinding, type DashboardRule } from './types.js';

const id = 'template-on-time-change-reload-rule';

/** Grafana's refresh: 2 = "On time range change". */
const ON_TIME_RANGE_CHANGE = 2;

/** dashboard-linter's template-on-time-change-reload-rule: query variables refresh when the time range
 *  changes, so a model or pod that appeared an hour ago is selectable. */
export const templateOnTimeChangeReloadRule: DashboardRule = {
  id,
  description: 'Query variables refresh on time range change (refresh: 2).',
  scope: 'generated',
  target: 'dashboard',
  check: (dashboard) =>
    dashboard.variables
      .filter((v) => v.type === 'query' && v.raw.refresh !== ON_TIME_RANGE_CHANGE)
      .map((v) => viewFinding(id, dashboard.file, v.pointer, variableSubject(v), `should refresh on time range change (refresh: 2), is ${JSON.stringify(v.raw.refresh ?? null)}`)),
};
