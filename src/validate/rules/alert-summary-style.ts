import { annotation, eachAlert } from '../rule-lint.js';
import type { RuleFileRule } from './types.js';

const id = 'alert-summary-style';

const SENTENCE = /^[A-Z].+\.$/;

/** mixtool's alert-summary-style and alert-summary-templating: the summary is one static sentence
 *  (capitalised, ending with a period) so notifications group by it; details go in the description. */
export const alertSummaryStyle: RuleFileRule = {
  id,
  description: 'Alert summaries are one static sentence: capitalised, ending with a period, no templating.',
  scope: 'generated',
  target: 'rule-file',
  check: (file) =>
    eachAlert(id, file, '/annotations/summary', (alert) => {
      const summary = annotation(alert, 'summary');
      if (summary === undefined) return undefined;
      if (summary.includes('{{')) return 'summary is templated; keep it static and template the description';
      return SENTENCE.test(summary) ? undefined : 'summary should be a sentence: start with a capital letter and end with a period';
    }),
};
