import { innermostCall, isCounterSeries, selectorNames, seriesInfo } from '../series.js';
import { queryFinding, type QueryRule } from './types.js';

const id = 'counter-rate';

/** Functions that read a counter correctly: its rate, its increase, its resets, or only whether
 *  (or how often) it has samples. */
const COUNTER_FUNCTIONS = new Set(['rate', 'irate', 'increase', 'resets', 'absent', 'absent_over_time', 'present_over_time', 'count_over_time']);
/** Aggregations that count series without reading their values. */
const COUNTING = new Set(['count', 'group']);

/** A raw counter value is the total since the process started: it drops to zero on every restart
 *  and means nothing on a graph. Catalog counters, and histogram `_bucket`/`_sum`/`_count`, are
 *  read through rate() or increase(). */
export const counterRate: QueryRule = {
  id,
  description: 'Counters (and histogram _bucket, _sum, _count series) are only read through rate, irate or increase.',
  scope: 'all',
  target: 'query',
  check(query, ctx) {
    if (query.origin === 'variable') return [];
    return query.analysis.selectors.flatMap((selector) => {
      const counter = selectorNames(selector).names.find((name) => {
        const info = seriesInfo(name, ctx.catalog);
        return info !== undefined && isCounterSeries(info);
      });
      if (counter === undefined) return [];
      const call = innermostCall(selector);
      if (call !== undefined && COUNTER_FUNCTIONS.has(call)) return [];
      const inner = selector.context.find((c) => c.kind !== 'subquery');
      if (inner?.kind === 'aggregation' && COUNTING.has(inner.name)) return [];
      const where = call === undefined ? 'is read raw' : `is read through ${call}()`;
      return [queryFinding(id, query, `counter ${counter} ${where}; wrap it in rate(), irate() or increase()`, selector.from)];
    });
  },
};
