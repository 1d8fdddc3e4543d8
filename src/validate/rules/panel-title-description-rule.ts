import { panelSubject, QUERY_PANEL_TYPES } from '../views.js';
import { viewFinding, type DashboardRule } from './types.js';

const id = 'panel-title-description-rule';

/** dashboard-linter's panel-title-description-rule: the description is the (i) tooltip that tells an
 *  on-call engineer what the panel shows and what "bad" looks like. */
export const panelTitleDescriptionRule: DashboardRule = {
  id,
  description: 'Panels that plot queries have a title and a description.',
  scope: 'generated',
  target: 'dashboard',
  check: (dashboard) =>
    dashboard.panels
      .filter((p) => QUERY_PANEL_TYPES.has(p.type) && (p.title.trim() === '' || typeof p.raw.description !== 'string' || p.raw.description.trim() === ''))
      .map((p) => viewFinding(id, dashboard.file, p.pointer, panelSubject(p), 'has a missing title or description')),
};
