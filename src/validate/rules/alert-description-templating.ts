import { annotation, eachAlert } from '../rule-lint.js';
import type { RuleFileRule } from './types.js';

const id = 'alert-description-templating';

/** mixtool's alert-description-templating: the description names what fired ({{ $labels.x }},
 *  {{ $value }}), or every notification reads the same. */
export const alertDescriptionTemplating: RuleFileRule = {
  id,
  description: 'Alert descriptions are templated with {{ $labels.… }} or {{ $value }}.',
  scope: 'generated',
  target: 'rule-file',
  check: (file) =>
    eachAlert(id, file, '/annotations/description', (alert) => {
      const description = annotation(alert, 'description');
      return description === undefined || /\{\{.*\}\}/s.test(description) ? undefined : 'description is not templated; name the labels or value that fired';
    }),
};
