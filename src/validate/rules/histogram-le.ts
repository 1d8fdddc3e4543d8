import { LABEL } from '../../model/conventions.js';
import type { ExprContext, ParsedSelector } from '../../promql/parse.js';
import type { Query } from '../queries.js';
import { selectorNames } from '../series.js';
import { queryFinding, type QueryRule } from './types.js';

const id = 'histogram-le';

/** `_bucket` series are only meaningful per `le`: every aggregation between the selector and
 *  histogram_quantile() must keep `le`, or the quantile is computed over a single merged bucket
 *  (NaN or garbage). A selector that pins one bucket (`le="2.5"`, an SLO's threshold) is a plain
 *  counter of fast-enough requests and may be summed freely. The generator's own output reads
 *  buckets only under histogram_quantile(), as a heatmap (bucket rates by `le`, format heatmap),
 *  or in a recording of bucket rates by `le` named `…_bucket:…` (a fleet heatmap's input); foreign
 *  files may also record bucket rates by `le`. */
export const histogramLe: QueryRule = {
  id,
  description: '_bucket series keep `le` through every aggregation up to histogram_quantile, unless one bucket is selected.',
  scope: 'all',
  target: 'query',
  check(query, ctx) {
    if (query.origin === 'variable') return [];
    return query.analysis.selectors.flatMap((selector) => {
      const bucket = selectorNames(selector).names.find((name) => name.endsWith('_bucket'));
      if (bucket === undefined || pinsOneBucket(selector)) return [];
      const quantileAt = selector.context.findIndex((c) => c.kind === 'call' && c.name === 'histogram_quantile');
      const path = quantileAt < 0 ? selector.context : selector.context.slice(0, quantileAt);
      const dropping = path.find((c) => c.kind === 'aggregation' && !keepsLe(c));
      if (dropping) {
        const how = dropping.grouping ? `${dropping.name} ${dropping.grouping.mode} (${dropping.grouping.labels.join(', ')})` : dropping.name;
        return [queryFinding(id, query, `${how} drops \`le\` from ${bucket}; keep it (\`by (le, …)\`) up to histogram_quantile()`, dropping.from)];
      }
      if (quantileAt < 0 && ctx.mode === 'generated' && !isHeatmap(query) && !recordsBucketRates(query)) {
        return [queryFinding(id, query, `${bucket} is read outside histogram_quantile() without selecting one bucket (le="…")`, selector.from)];
      }
      return [];
    });
  },
};

function isHeatmap(query: Query): boolean {
  return query.target?.raw.format === 'heatmap' || query.panel?.type === 'heatmap';
}

function recordsBucketRates(query: Query): boolean {
  return query.origin === 'record' && (query.rule?.name.split(':')[1]?.endsWith('_bucket') ?? false);
}

function keepsLe(aggregation: ExprContext): boolean {
  const grouping = aggregation.grouping;
  if (!grouping) return false;
  return grouping.mode === 'by' ? grouping.labels.includes(LABEL.le) : !grouping.labels.includes(LABEL.le);
}

/** `le="2.5"`, or Prometheus 3's float-normalised form `le=~"2.5(\\.0)?"`; not an alternation or wildcard. */
function pinsOneBucket(selector: ParsedSelector): boolean {
  return selector.matchers.some((m) => m.name === LABEL.le && (m.op === '=' || (m.op === '=~' && !/\||\.[*+]/.test(m.value))));
}
