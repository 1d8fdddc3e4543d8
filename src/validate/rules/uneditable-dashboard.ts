import { dashboardSubject } from '../views.js';
import { viewFinding, type DashboardRule } from './types.js';

const id = 'uneditable-dashboard';

/** Generated dashboards are edited in vllm-obs.yaml; an edit saved in Grafana is lost on the next
 *  provisioning run, so Grafana should not offer it. */
export const uneditableDashboard: DashboardRule = {
  id,
  description: 'The dashboard is not editable (editable: false).',
  scope: 'generated',
  target: 'dashboard',
  check: (dashboard) =>
    dashboard.raw.editable === false ? [] : [viewFinding(id, dashboard.file, `${dashboard.pointer}/editable`, dashboardSubject(dashboard), `should set editable: false, is ${JSON.stringify(dashboard.raw.editable ?? true)}`)],
};
