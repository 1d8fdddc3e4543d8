import { queryFinding, type QueryRule } from './types.js';

const id = 'target-counter-agg-rule';

const COUNTER_FUNCTIONS = new Set(['rate', 'irate', 'increase']);

/** dashboard-linter's target-counter-agg-rule, by name alone: a `*_total` series in a target sits
 *  directly inside rate(), irate() or increase(). (counter-rate checks the catalog's types.) */
export const targetCounterAggRule: QueryRule = {
  id,
  description: 'Every *_total series in a dashboard target is wrapped in rate, irate or increase.',
  scope: 'generated',
  target: 'query',
  check(query) {
    if (query.origin !== 'target') return [];
    return query.analysis.selectors
      .filter((s) => s.metric?.endsWith('_total') && !(s.rangeFrom !== undefined && s.context[0]?.kind === 'call' && COUNTER_FUNCTIONS.has(s.context[0].name)))
      .map((s) => queryFinding(id, query, `counter ${s.metric} is not aggregated with rate, irate or increase`, s.from));
  },
};
