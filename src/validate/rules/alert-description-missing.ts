import { annotation, eachAlert } from '../rule-lint.js';
import type { RuleFileRule } from './types.js';

const id = 'alert-description-missing';

export const alertDescriptionMissing: RuleFileRule = {
  id,
  description: 'Every alert has a description annotation.',
  scope: 'generated',
  target: 'rule-file',
  check: (file) => eachAlert(id, file, '/annotations', (alert) => (annotation(alert, 'description') ? undefined : 'has no description annotation')),
};
