import { panelSubject, QUERY_PANEL_TYPES } from '../views.js';
import { viewFinding, type DashboardRule } from './types.js';

const id = 'panel-no-targets-rule';

export const panelNoTargetsRule: DashboardRule = {
  id,
  description: 'Panels that plot queries have at least one target.',
  scope: 'generated',
  target: 'dashboard',
  check: (dashboard) =>
    dashboard.panels
      .filter((p) => QUERY_PANEL_TYPES.has(p.type) && p.targets.length === 0)
      .map((p) => viewFinding(id, dashboard.file, p.pointer, panelSubject(p), 'has no targets')),
};
