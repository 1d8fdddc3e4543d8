import { LABEL } from '../../model/conventions.js';
import { templateVariableFindings } from '../template-variable.js';
import type { DashboardRule } from './types.js';

const id = 'template-job-rule';

export const templateJobRule: DashboardRule = {
  id,
  description: 'The dashboard has a `job` variable: a multi-select Prometheus query on $datasource, labelled Job, allValue ".+".',
  scope: 'generated',
  target: 'dashboard',
  check: (dashboard, queries) => templateVariableFindings(id, LABEL.job, dashboard, queries),
};
