import { annotation, eachAlert } from '../rule-lint.js';
import type { RuleFileRule } from './types.js';

const id = 'alert-summary-missing';

export const alertSummaryMissing: RuleFileRule = {
  id,
  description: 'Every alert has a summary annotation.',
  scope: 'generated',
  target: 'rule-file',
  check: (file) => eachAlert(id, file, '/annotations', (alert) => (annotation(alert, 'summary') ? undefined : 'has no summary annotation')),
};
