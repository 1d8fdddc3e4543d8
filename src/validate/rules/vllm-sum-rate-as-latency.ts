import { innermostCall, selectorNames, seriesInfo } from '../series.js';
import { queryFinding, type QueryRule } from './types.js';

const id = 'vllm-sum-rate-as-latency';

const TIME_UNITS = new Set(['seconds', 'milliseconds']);
const RATES = new Set(['rate', 'irate', 'increase']);

/** rate(x_sum) of a latency histogram is seconds spent per second across all requests, not a
 *  latency; it rises with traffic. The mean is rate(x_sum) / rate(x_count). Any division passes
 *  (a share of time between phases is a ratio of two _sum rates). */
export const vllmSumRateAsLatency: QueryRule = {
  id,
  description: 'The rate of a latency histogram\'s _sum is divided by something (its _count for the mean), never shown on its own.',
  scope: 'all',
  target: 'query',
  check(query, ctx) {
    if (query.origin === 'variable') return [];
    return query.analysis.selectors.flatMap((selector) => {
      const call = innermostCall(selector);
      if (call === undefined || !RATES.has(call)) return [];
      const sum = selectorNames(selector).names.find((name) => {
        const info = seriesInfo(name, ctx.catalog);
        return info?.suffix === '_sum' && TIME_UNITS.has(info.def.unit);
      });
      if (sum === undefined || selector.context.some((c) => c.kind === 'binary' && c.name === '/')) return [];
      const count = `${sum.slice(0, -'_sum'.length)}_count`;
      return [queryFinding(id, query, `${call}(${sum}) is time spent per second, not a latency; divide it by ${call}(${count}) for the mean`, selector.from)];
    });
  },
};
