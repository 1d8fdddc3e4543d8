import { innermostCall, isGaugeSeries, selectorNames, seriesInfo } from '../series.js';
import { queryFinding, type QueryRule } from './types.js';

const id = 'gauge-rate';

/** Functions that assume a monotonic counter and turn every drop of a gauge into a "reset". */
const COUNTER_ONLY = new Set(['rate', 'irate', 'increase', 'resets']);

/** rate() of a gauge (running requests, KV-cache usage) reads every decrease as a counter reset and
 *  adds it back: the result is nonsense that looks plausible. deriv() or delta() is the gauge form. */
export const gaugeRate: QueryRule = {
  id,
  description: 'Gauges are never read through rate, irate, increase or resets.',
  scope: 'all',
  target: 'query',
  check: (query, ctx) =>
    query.analysis.selectors.flatMap((selector) => {
      const call = innermostCall(selector);
      if (call === undefined || !COUNTER_ONLY.has(call)) return [];
      const gauge = selectorNames(selector).names.find((name) => {
        const info = seriesInfo(name, ctx.catalog);
        return info !== undefined && isGaugeSeries(info);
      });
      return gauge === undefined ? [] : [queryFinding(id, query, `${call}() of gauge ${gauge} treats every decrease as a counter reset; use deriv() or delta(), or the gauge itself`, selector.from)];
    }),
};
