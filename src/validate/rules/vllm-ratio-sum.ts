import { LABEL } from '../../model/conventions.js';
import type { ExprContext, ParsedSelector } from '../../promql/parse.js';
import { selectorNames, seriesInfo } from '../series.js';
import { queryFinding, type QueryRule } from './types.js';

const id = 'vllm-ratio-sum';

/** Labels that keep one engine's series apart when summing. */
const PER_TARGET = [LABEL.instance, LABEL.pod];

/**
 * KV-cache usage (and vLLM's other 0–1 ratios) is per engine: summing it across instances shows
 * 240 % on three pods (GoogleCloudPlatform/monitoring-dashboard-samples#1188). avg or max is the
 * fleet view; `sum(x) / count(x)` is an average and passes.
 */
export const vllmRatioSum: QueryRule = {
  id,
  description: 'vLLM ratio gauges (KV-cache usage, hit rates) are averaged or maxed across instances, never summed.',
  scope: 'all',
  target: 'query',
  check(query, ctx) {
    return query.analysis.selectors.flatMap((selector) => {
      const ratio = selectorNames(selector).names.find((name) => {
        const info = seriesInfo(name, ctx.catalog);
        return info?.vllm === true && info.def.type === 'gauge' && info.def.unit === 'ratio';
      });
      const sum = ratio === undefined ? undefined : summingAcrossTargets(selector);
      return sum ? [queryFinding(id, query, `sums ${ratio} across instances (a 0–1 ratio per engine); use avg or max`, sum.from)] : [];
    });
  },
};

/** The innermost aggregation, when it is a sum that merges targets and is not an average's numerator. */
function summingAcrossTargets(selector: ParsedSelector): ExprContext | undefined {
  const at = selector.context.findIndex((c) => c.kind === 'aggregation');
  const aggregation = selector.context[at];
  if (aggregation?.name !== 'sum') return undefined;
  const grouping = aggregation.grouping;
  const keepsTargets = grouping?.mode === 'by' ? PER_TARGET.some((l) => grouping.labels.includes(l)) : grouping?.mode === 'without' && !PER_TARGET.some((l) => grouping.labels.includes(l));
  if (keepsTargets) return undefined;
  const outer = selector.context.slice(at + 1).find((c) => c.kind === 'binary');
  return outer?.name === '/' && outer.side === 'left' ? undefined : aggregation;
}
