// What a series name in a query is, according to the catalog: which metric it belongs to, which
// series of it (`_bucket`, `_sum`, …), and whether its values only ever grow.
import { EXTERNAL_METRICS, type Catalog, type MetricDef } from '../catalog/index.js';
import { PREFIXES } from '../catalog/lookup.js';
import type { ParsedSelector } from '../promql/parse.js';

export interface SeriesInfo {
  readonly def: MetricDef;
  /** '' for the family name itself, else `_bucket`, `_sum`, `_count` or `_created`. */
  readonly suffix: string;
  /** The name carries a vLLM prefix (external metrics and bare bases do not). */
  readonly vllm: boolean;
}

const EXTERNALS = new Set(EXTERNAL_METRICS);

/** A name with the `vllm:` or `vllm_` prefix, known to the catalog or not. */
export function hasVllmPrefix(name: string): boolean {
  return PREFIXES.some((prefix) => name.startsWith(prefix));
}

export function seriesInfo(name: string, catalog: Catalog): SeriesInfo | undefined {
  const def = catalog.metricFor(name);
  if (!def) return undefined;
  const at = name.lastIndexOf(def.base);
  if (at < 0) return undefined;
  const vllm = !EXTERNALS.has(def) && at > 0 && hasVllmPrefix(name);
  if (!vllm && !EXTERNALS.has(def)) return undefined; // a bare vLLM base is not a series anyone exposes
  return { def, suffix: name.slice(at + def.base.length), vllm };
}

/** Counters, and the `_bucket`/`_sum`/`_count` series of histograms and summaries. */
export function isCounterSeries(info: SeriesInfo): boolean {
  if (info.def.type === 'counter') return info.suffix === '';
  return info.def.type !== 'gauge' && ['_bucket', '_sum', '_count'].includes(info.suffix);
}

/** Gauges, and the `_created` timestamps every counter and histogram carries. */
export function isGaugeSeries(info: SeriesInfo): boolean {
  return info.def.type === 'gauge' || info.suffix === '_created';
}

/** Histogram and summary families have no series under their bare name. */
export function isFamilyName(info: SeriesInfo): boolean {
  return (info.def.type === 'histogram' || info.def.type === 'summary') && info.suffix === '';
}

/**
 * The metric names a selector can match: its name, or a `__name__` matcher (`=`, or `=~` with a
 * plain alternation). `exact` is false when a regex could match names nobody can list.
 */
export function selectorNames(selector: ParsedSelector): { names: string[]; exact: boolean } {
  if (selector.metric !== undefined) return { names: [selector.metric], exact: true };
  const matcher = selector.matchers.find((m) => m.name === '__name__');
  if (!matcher) return { names: [], exact: false };
  if (matcher.op === '=') return { names: [matcher.value], exact: true };
  if (matcher.op !== '=~') return { names: [], exact: false };
  const alternatives = matcher.value.split('|').map((alt) => alt.replace(/\\(.)/g, '$1'));
  const plain = matcher.value.split('|').every((alt) => /^([a-zA-Z0-9_:]|\\.)+$/.test(alt));
  return plain ? { names: alternatives, exact: true } : { names: [], exact: false };
}

/** The innermost function the selector's value goes through, looking past subqueries. */
export function innermostCall(selector: ParsedSelector): string | undefined {
  const inner = selector.context.find((c) => c.kind !== 'subquery');
  return inner?.kind === 'call' ? inner.name : undefined;
}
