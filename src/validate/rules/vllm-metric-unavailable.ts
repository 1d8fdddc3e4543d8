import { routerMetricOf, type Catalog } from '../../catalog/index.js';
import type { ParsedSelector } from '../../promql/parse.js';
import type { Query } from '../queries.js';
import { hasVllmPrefix, selectorNames } from '../series.js';
import { describeUnavailable } from '../status.js';
import { isMissingTotal } from './metric-exists.js';
import { queryFinding, type QueryRule } from './types.js';

const id = 'vllm-metric-unavailable';

/**
 * The upgrade check: a vLLM series that a version of the fleet does not expose (removed, renamed,
 * hidden, not yet added) leaves its panel empty after the upgrade. A series used as an `or`
 * fallback next to one the version does expose (`kv_cache_usage_perc or gpu_cache_usage_perc`)
 * is how mixed fleets are served, and passes.
 */
export const vllmMetricUnavailable: QueryRule = {
  id,
  description: 'Every vLLM series is exposed by the vLLM version(s) given, or backed by an `or` fallback that is.',
  scope: 'foreign',
  target: 'query',
  check(query, ctx) {
    return query.analysis.selectors.flatMap((selector) =>
      selectorNames(selector)
        .names.filter((name) => hasVllmPrefix(name) && !isMissingTotal(name, ctx) && routerMetricOf(name) === undefined)
        .flatMap((name) => {
          const missingIn = ctx.catalog.versions.filter((v) => !exposedAt(ctx.catalog, name, v));
          const uncovered = missingIn.filter((v) => !coveredByFallback(query, selector, ctx.catalog, v));
          if (uncovered.length === 0) return [];
          const newest = uncovered[uncovered.length - 1];
          return [queryFinding(id, query, describeUnavailable(name, ctx.catalog, newest), selector.from)];
        }),
    );
  },
};

function exposedAt(catalog: Catalog, name: string, version: string): boolean {
  return catalog.status(name, version).kind === 'exposed';
}

/** Another arm of an enclosing `or` names a series the version exposes. */
function coveredByFallback(query: Query, selector: ParsedSelector, catalog: Catalog, version: string): boolean {
  const others = selector.context
    .filter((c) => c.kind === 'binary' && c.name === 'or' && c.other)
    .flatMap((c) => query.analysis.selectors.filter((s) => s.from >= c.other!.from && s.to <= c.other!.to));
  return others.some((other) => selectorNames(other).names.some((name) => exposedAt(catalog, name, version)));
}
