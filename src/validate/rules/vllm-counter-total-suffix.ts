import { hasVllmPrefix, seriesInfo } from '../series.js';
import { isMissingTotal } from './metric-exists.js';
import { queryFinding, type QueryRule } from './types.js';

const id = 'vllm-counter-total-suffix';

/** vLLM declares counters without `_total` (`vllm:num_preemptions`), prometheus_client exposes them
 *  with it; copying the declared name from the source gives a query that never matches. */
export const vllmCounterTotalSuffix: QueryRule = {
  id,
  description: 'vLLM counters are queried with their exposed `_total` name.',
  scope: 'all',
  target: 'query',
  check: (query, ctx) =>
    query.analysis.selectors
      .filter((s) => s.metric !== undefined && hasVllmPrefix(s.metric) && !seriesInfo(s.metric, ctx.catalog) && isMissingTotal(s.metric, ctx))
      .map((s) => queryFinding(id, query, `${s.metric} is exposed as ${s.metric}_total (counters always carry _total)`, s.from)),
};
