import { queryFinding, type QueryRule } from './types.js';

const id = 'target-counter-agg-rule';

/** dashboard-linter's three, plus resets(): counting restarts from counter resets is what a
 *  dashboard must do where the multiprocess registry leaves no process_start_time_seconds. */
const COUNTER_FUNCTIONS = new Set(['rate', 'irate', 'increase', 'resets']);

/** dashboard-linter's target-counter-agg-rule, by name alone: a `*_total` series in a target sits
 *  directly inside rate(), irate(), increase() or resets(). (counter-rate checks the catalog's types.) */
export const targetCounterAggRule: QueryRule = {
  id,
  description: 'Every *_total series in a dashboard target is wrapped in rate, irate, increase or resets.',
  scope: 'generated',
  target: 'query',
  check(query) {
    if (query.origin !== 'target') return [];
    return query.analysis.selectors
      .filter((s) => s.metric?.endsWith('_total') && !(s.rangeFrom !== undefined && s.context[0]?.kind === 'call' && COUNTER_FUNCTIONS.has(s.context[0].name)))
      .map((s) => queryFinding(id, query, `counter ${s.metric} is not aggregated with rate, irate, increase or resets`, s.from));
  },
};
