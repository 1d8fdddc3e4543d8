import { annotation, eachAlert } from '../rule-lint.js';
import type { RuleFileRule } from './types.js';

const id = 'alert-runbook-url-missing';

export const alertRunbookUrlMissing: RuleFileRule = {
  id,
  description: 'Every alert has a runbook_url annotation holding an absolute URL.',
  scope: 'generated',
  target: 'rule-file',
  check: (file) =>
    eachAlert(id, file, '/annotations', (alert) => {
      const url = annotation(alert, 'runbook_url');
      if (url === undefined) return 'has no runbook_url annotation';
      return URL.canParse(url) ? undefined : `runbook_url ${JSON.stringify(url)} is not an absolute URL`;
    }),
};
