// The contract of the vLLM metric catalog. Everything outside src/catalog/ asks these types and
// functions for metric names; no other module spells a vLLM metric name.

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';

/** Optional vLLM subsystems whose metrics exist only when switched on in the server. */
export type Feature =
  | 'speculativeDecoding'
  | 'lora'
  | 'multimodal'
  | 'kvConnector'
  | 'nixl'
  | 'kvCacheMetrics'
  | 'mfu'
  | 'nanCheck';

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
  readonly feature?: Feature;
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

export type MetricPrefix = 'vllm:' | 'vllm_';

export interface CatalogOptions {
  prefix?: MetricPrefix;
  features?: Partial<Record<Feature, boolean>>;
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
export type MetricStatus =
  | { kind: 'exposed' }
  | { kind: 'not-yet'; added: string }
  | { kind: 'hidden'; since: string; replacement?: string }
  | { kind: 'removed'; since: string; replacement?: string }
  | { kind: 'feature'; feature: Feature }
  | { kind: 'unknown' };
