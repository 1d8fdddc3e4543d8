import { LABEL } from '../../model/conventions.js';
import { eachAlert } from '../rule-lint.js';
import type { RuleFileRule } from './types.js';

const id = 'alert-severity';

/** The monitoring-mixins style guide: critical pages, warning tickets, info is not routed. */
const SEVERITIES = ['critical', 'warning', 'info'];

export const alertSeverity: RuleFileRule = {
  id,
  description: 'Every alert has a severity label: critical, warning or info.',
  scope: 'generated',
  target: 'rule-file',
  check: (file) =>
    eachAlert(id, file, `/labels`, (alert) => {
      const severity = alert.labels[LABEL.severity];
      return typeof severity === 'string' && SEVERITIES.includes(severity) ? undefined : `${LABEL.severity} label is ${JSON.stringify(severity ?? null)}; use ${SEVERITIES.join(', ')}`;
    }),
};
