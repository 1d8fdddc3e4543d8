// Name resolution: from any series name a query may use (family, `_bucket`, `_sum`, `_count`,
// `_created`, with or without a prefix) back to the metric definition.
import { EXTERNAL_METRICS } from './externals.js';
import { METRICS } from './metrics.js';
import type { MetricDef, MetricPrefix } from './types.js';

/** The prefixes users meet, and where each comes from. vLLM itself always writes `vllm:`; only its Ray
 *  metrics logger (vllm/v1/metrics/ray_wrappers.py, used by Ray Serve LLM) sanitises the name for
 *  OpenTelemetry, turning `:` into `_`, and Ray's Prometheus exporter then prepends its `ray_`
 *  namespace. Ray also adds a `ReplicaId` label. */
export const PREFIX_ORIGINS: Readonly<Record<MetricPrefix, string>> = Object.freeze({
  'vllm:': "vLLM's own /metrics endpoint",
  vllm_: "vLLM's Ray metrics logger (Ray Serve LLM), which replaces ':' with '_'",
  ray_vllm_: "Ray's Prometheus exporter in front of vLLM's Ray metrics logger (Ray Serve LLM)",
});
export const PREFIXES: readonly MetricPrefix[] = Object.keys(PREFIX_ORIGINS) as MetricPrefix[];
export const DEFAULT_PREFIX: MetricPrefix = 'vllm:';

/** Every series name prometheus_client exposes for a family (counters `x_total` add `x_created`). */
export function seriesNames(def: MetricDef): string[] {
  switch (def.type) {
    case 'counter':
      return [def.base, `${def.base.replace(/_total$/, '')}_created`];
    case 'histogram':
      return [def.base, ...['_bucket', '_sum', '_count', '_created'].map((s) => def.base + s)];
    case 'summary':
      return [def.base, ...['_sum', '_count', '_created'].map((s) => def.base + s)];
    case 'gauge':
      return [def.base];
  }
}

/** True for the `_created` series of a family. */
export function isCreatedSeries(series: string, def: MetricDef): boolean {
  return series.endsWith('_created') && !def.base.endsWith('_created');
}

function indexBySeries(defs: readonly MetricDef[]): ReadonlyMap<string, MetricDef> {
  const index = new Map<string, MetricDef>();
  for (const def of defs) {
    for (const series of seriesNames(def)) {
      // a clash would make one metric answer for another's series; fail at load, not at query time
      if (index.has(series)) throw new Error(`catalog: series ${series} belongs to two metrics`);
      index.set(series, def);
    }
  }
  return index;
}

const VLLM_SERIES = indexBySeries(METRICS);
const EXTERNAL_SERIES = indexBySeries(EXTERNAL_METRICS);
const EXTERNALS = new Set(EXTERNAL_METRICS);

export function isExternal(def: MetricDef): boolean {
  return EXTERNALS.has(def);
}

/** The definition with exactly this base (no series suffix). */
export function defByBase(base: string): MetricDef | undefined {
  const def = VLLM_SERIES.get(base) ?? EXTERNAL_SERIES.get(base);
  return def?.base === base ? def : undefined;
}

/**
 * A name with one of `prefixes` is looked up among vLLM metrics only; other names among the
 * externals, and also among vLLM bases when `bareBases` (so `status('kv_cache_usage_perc')` works
 * while `exposes('kv_cache_usage_perc')` does not: no such series exists).
 */
export function findDef(
  name: string,
  prefixes: readonly string[],
  bareBases: boolean,
): MetricDef | undefined {
  // longest first: `ray_vllm_x` must not be read as an external `ray_…` name
  const prefix = [...prefixes].sort((a, b) => b.length - a.length).find((p) => name.startsWith(p));
  if (prefix !== undefined) return VLLM_SERIES.get(name.slice(prefix.length));
  return (bareBases ? VLLM_SERIES.get(name) : undefined) ?? EXTERNAL_SERIES.get(name);
}
