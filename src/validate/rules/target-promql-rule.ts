import { syntaxFindings } from '../syntax.js';
import type { QueryRule } from './types.js';

const id = 'target-promql-rule';

/** dashboard-linter's target-promql-rule: every Prometheus target (and annotation query) parses
 *  once Grafana's macros and variables are expanded. */
export const targetPromqlRule: QueryRule = {
  id,
  description: 'Each Prometheus target and annotation query is valid PromQL after expanding macros and variables.',
  scope: 'all',
  target: 'query',
  syntax: true,
  check: (query) => (query.origin === 'target' || query.origin === 'annotation' ? syntaxFindings(id, query) : []),
};
