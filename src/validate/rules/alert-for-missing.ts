import { durationSeconds, isDuration } from '../../config/duration.js';
import { eachAlert } from '../rule-lint.js';
import type { RuleFileRule } from './types.js';

const id = 'alert-for-missing';

/** Without `for`, one bad scrape or one slow evaluation pages someone. */
export const alertForMissing: RuleFileRule = {
  id,
  description: 'Every alert waits a non-zero `for` before firing.',
  scope: 'generated',
  target: 'rule-file',
  check: (file) =>
    eachAlert(id, file, '', (alert) =>
      alert.for === undefined || !isDuration(alert.for) || durationSeconds(alert.for) === 0 ? `has no \`for\` duration (${JSON.stringify(alert.for ?? null)})` : undefined,
    ),
};
