import type { Catalog } from '../../catalog/index.js';
import type { ParsedSelector } from '../../promql/parse.js';
import type { Query } from '../queries.js';
import { hasVllmPrefix, selectorNames, seriesInfo } from '../series.js';
import { queryFinding, type QueryRule } from './types.js';

const id = 'vllm-metric-deprecated';

/**
 * The warning before the upgrade check fires: vLLM deprecates a metric a release or more before it
 * hides and then removes it (time_per_output_token_seconds: deprecated 0.11, hidden 0.12, removed
 * 0.15). A panel reading it still works today; it goes blank on a later upgrade. A warning, not an
 * error: the file is right for the fleet it serves. An `or` fallback to a metric that is not
 * deprecated is already ready for the upgrade, and passes.
 */
export const vllmMetricDeprecated: QueryRule = {
  id,
  description: 'Warns on vLLM series deprecated in a covered version (still exposed, hidden or removed later), unless an `or` fallback reads the replacement.',
  scope: 'foreign',
  target: 'query',
  severity: 'warning',
  check(query, ctx) {
    return query.analysis.selectors.flatMap((selector) =>
      selectorNames(selector)
        .names.filter((name) => hasVllmPrefix(name))
        .flatMap((name) => {
          const deprecatedIn = ctx.catalog.versions.filter((v) => ctx.catalog.deprecation(name, v) !== undefined && !hasUndeprecatedFallback(query, selector, ctx.catalog, v));
          if (deprecatedIn.length === 0) return [];
          const d = ctx.catalog.deprecation(name, deprecatedIn[deprecatedIn.length - 1])!;
          const fate = [d.hidden && `hidden from ${d.hidden}`, d.removed && `removed in ${d.removed}`].filter(Boolean).join(', ');
          const advice = d.replacement ? `; read ${d.replacement}${seriesInfo(name, ctx.catalog)?.suffix ?? ''} (or both, joined with \`or\`, for a mixed fleet)` : '';
          return [queryFinding(id, query, `${name} is deprecated since vLLM ${d.since}${fate ? ` (${fate})` : ''}${advice}`, selector.from)];
        }),
    );
  },
};

/** Another arm of an enclosing `or` names a series the version exposes and does not deprecate. */
function hasUndeprecatedFallback(query: Query, selector: ParsedSelector, catalog: Catalog, version: string): boolean {
  const others = selector.context
    .filter((c) => c.kind === 'binary' && c.name === 'or' && c.other)
    .flatMap((c) => query.analysis.selectors.filter((s) => s.from >= c.other!.from && s.to <= c.other!.to));
  return others.some((other) =>
    selectorNames(other).names.some((name) => catalog.status(name, version).kind === 'exposed' && catalog.deprecation(name, version) === undefined),
  );
}
