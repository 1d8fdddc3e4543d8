import { LABEL } from '../../model/conventions.js';
import { templateVariableFindings } from '../template-variable.js';
import type { DashboardRule } from './types.js';

const id = 'template-instance-rule';

export const templateInstanceRule: DashboardRule = {
  id,
  description: 'The dashboard has an `instance` variable: a multi-select Prometheus query on $datasource, labelled Instance, allValue ".+".',
  scope: 'generated',
  target: 'dashboard',
  check: (dashboard, queries) => templateVariableFindings(id, LABEL.instance, dashboard, queries),
};
