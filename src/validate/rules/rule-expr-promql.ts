import { syntaxFindings } from '../syntax.js';
import type { QueryRule } from './types.js';

const id = 'rule-expr-promql';

/** promtool's "could not parse expression", caught before promtool runs (and where it is absent). */
export const ruleExprPromql: QueryRule = {
  id,
  description: 'Each alerting and recording rule expression is valid PromQL.',
  scope: 'all',
  target: 'query',
  syntax: true,
  check: (query) => (query.origin === 'alert' || query.origin === 'record' ? syntaxFindings(id, query) : []),
};
