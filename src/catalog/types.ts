// The contract of the vLLM metric catalog. Everything outside src/catalog/ asks these types and
// functions for metric names; no other module spells a vLLM metric name.

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';

/** Optional vLLM subsystems whose metrics exist only when switched on in the server. */
export type Feature =
  | 'speculativeDecoding'
  | 'lora'
  | 'nixl'
  | 'kvOffload'
  | 'hf3fs'
  | 'mooncakeStore'
  | 'kvCacheMetrics'
  | 'mfu'
  | 'nanCheck'
  | 'realtime'
  | 'toolCalling';

export type EngineKind = 'v0' | 'v1';

export interface MetricDef {
  /** Name without the `vllm:` prefix, exactly as exposed: counters end in `_total`; histograms are the
   *  family name (series add `_bucket`, `_sum`, `_count`). e.g. `num_preemptions_total`. */
  readonly base: string;
  readonly type: MetricType;
  /** Labels beyond the engine defaults (`model_name`, plus `engine` on V1), e.g. `finished_reason`. */
  readonly extraLabels: readonly string[];
  /** True when the metric does not carry `model_name`/`engine` (e.g. `lora_requests_info`). */
  readonly noDefaultLabels?: boolean;
  /** Labels a later release added, with the catalog version that added each (`cache_config_info`
   *  got `engine` in 0.9.0). */
  readonly labelsSince?: readonly (readonly [label: string, since: string])[];
  readonly unit: string; // 'seconds' | 'tokens' | 'ratio' | 'requests' | 'timestamp' | 'info' | ...
  readonly help: string;
  /** Bucket upper bounds (without +Inf) in the version; a function of the version for metrics whose
   *  buckets changed. Undefined for non-histograms and for deployment-dependent buckets. */
  readonly buckets?: readonly number[] | ((version: string) => readonly number[] | undefined);
  readonly engines: readonly EngineKind[];
  /** Lifecycle, as catalog version strings. Exposed by default when added <= v < (hidden ?? removed). */
  readonly added: string;
  readonly deprecated?: string;
  readonly hidden?: string;
  readonly removed?: string;
  /** `base` of the metric that replaces this one, when renamed. */
  readonly replacedBy?: string;
  /** Stretches inside [added, removed) where no release has it: V0 had the spec-decode counters,
   *  V1 only from 0.8.3, so they are absent in 0.8.0–0.8.2. `until` is where it comes back. */
  readonly gaps?: readonly { readonly from: string; readonly until: string }[];
  readonly feature?: Feature;
  /** The feature gate holds from this version on; before it the metric is there by default (V0
   *  logged `lora_requests_info` whether or not LoRA was on, V1 only with --enable-lora). */
  readonly featureSince?: string;
  /** Written only by prometheus_client's process collector, which the multiprocess registry lacks
   *  (V0's default, V1 with more than one API server). */
  readonly singleProcessOnly?: boolean;
  /** Server flag without which the metric is never exposed (it is then not exposed by default and
   *  `status()` reports it hidden since `added`), e.g. `--collect-detailed-traces`. */
  readonly optIn?: string;
  /** A caveat worth showing next to the metric (units, label quirks, what it really counts). */
  readonly note?: string;
  /** Public source: file path, PR or issue. */
  readonly source: string;
}

/** What a dashboard or rule asks for; the catalog answers with the name(s) a version uses. */
export type Concept =
  | 'requestsRunning'
  | 'requestsWaiting'
  | 'requestsWaitingByReason'
  | 'requestsSwapped'
  | 'kvCacheUsage'
  | 'prefixCacheQueries'
  | 'prefixCacheHits'
  | 'prefixCacheHitRateGauge'
  | 'requestSuccess'
  | 'promptTokens'
  | 'generationTokens'
  | 'preemptions'
  | 'timeToFirstToken'
  | 'interTokenLatency'
  | 'requestTimePerOutputToken'
  | 'e2eLatency'
  | 'queueTime'
  | 'inferenceTime'
  | 'prefillTime'
  | 'decodeTime'
  | 'promptLength'
  | 'generationLength'
  | 'iterationTokens'
  | 'cacheConfigInfo'
  | 'engineSleepState'
  | 'loraRequestsInfo'
  | 'specDecodeDraftTokens'
  | 'specDecodeAcceptedTokens'
  | 'specDecodeDrafts'
  | 'mmCacheQueries'
  | 'mmCacheHits';

/** `vllm:` is what vLLM writes; `vllm_` what vLLM's Ray metrics logger writes (Ray Serve LLM),
 *  `ray_vllm_` the same after Ray's Prometheus exporter added its namespace. */
export type MetricPrefix = 'vllm:' | 'vllm_' | 'ray_vllm_';

export interface CatalogOptions {
  prefix?: MetricPrefix;
  features?: Partial<Record<Feature, boolean>>;
  /** The servers use Prometheus' multiprocess registry on V1 too (more than one API server, the
   *  default with data parallelism > 1 from 0.15): no `process_*` and no `_created` series. V0
   *  versions always use it. */
  multiprocess?: boolean;
}

/** A metric as exposed by the versions a catalog view covers. */
export interface ExposedMetric {
  readonly def: MetricDef;
  /** Full exposed name with the configured prefix, e.g. `vllm:kv_cache_usage_perc`. */
  readonly name: string;
  /** Labels the series carry in these versions (`model_name`, `engine` when V1, plus extraLabels). */
  readonly labels: readonly string[];
  /** Versions of the view where it is exposed by default. */
  readonly versions: readonly string[];
}

/** A metric's state in one version. `replacement` is the full name (with the catalog's prefix) of the
 *  metric to use instead in that version, following renames. */
/** How a metric defined in a version can be there: by default, with a feature, with a server flag,
 *  or only with --show-hidden-metrics-for-version. */
export type Availability =
  | { readonly kind: 'default' }
  | { readonly kind: 'feature'; readonly feature: Feature }
  | { readonly kind: 'flag'; readonly flag: string }
  | { readonly kind: 'hidden'; readonly since: string };

/** A metric vLLM defines in some covered version, whether or not it is on by default. */
export interface InventoryEntry {
  readonly def: MetricDef;
  readonly name: string;
  readonly labels: readonly string[];
  /** Covered versions that define it, ascending. */
  readonly versions: readonly string[];
  /** Its availability in the newest of those versions. */
  readonly availability: Availability;
}

export type MetricStatus =
  | { kind: 'exposed' }
  | { kind: 'not-yet'; added: string }
  | { kind: 'hidden'; since: string; replacement?: string }
  | { kind: 'removed'; since: string; replacement?: string }
  | { kind: 'feature'; feature: Feature }
  /** Not written under Prometheus' multiprocess registry (V0, or more than one API server):
   *  `process_*` and `_created` series. */
  | { kind: 'multiprocess' }
  | { kind: 'unknown' };
