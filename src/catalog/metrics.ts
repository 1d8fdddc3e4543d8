// Every `vllm:*` metric vLLM has exposed from 0.6 to 0.30, as data. Facts come from the public
// sources cited per metric (vLLM PRs and issues, vllm/v1/metrics/loggers.py for the V1 engine,
// vllm/engine/metrics.py for V0).
//
// How lifecycle facts were pinned to catalog versions:
// - The catalog models V0 up to 0.7 and V1 from 0.8 (the default engine from 0.8.0). V0-only metrics
//   are therefore `removed: '0.8'` even though `VLLM_USE_V1=0` kept V0 selectable until 0.10.
// - "≈0.X–0.Y" additions take the later version and removals the earlier one, so the catalog never
//   claims a series that a release may lack.
// - Help texts are vLLM's own where the public sources quote them (running, waiting, KV usage,
//   success, ITL, e2e and the four request-phase histograms); the others describe the metric.
// - Left out on purpose, because no release is known to ship them: `request_failure_total`,
//   `admission_rejections_total`, `engine_healthy`, `request_priority`, `scheduler_policy_info`
//   (open PRs or development-branch files only).
import {
  buckets12358,
  itlBuckets,
  iterBuckets,
  ITL_BUCKETS,
  KV_RES_BUCKETS,
  PARAMS_N_BUCKETS,
  PREEMPT_BUCKETS,
  reqLatBuckets,
  ttftBuckets,
} from './buckets.js';
import type { EngineKind, MetricDef, MetricType } from './types.js';
import { compareVersions, OLDEST_VERSION, V1_SINCE } from './versions.js';

const ALL = OLDEST_VERSION;
const V0 = 'vllm/engine/metrics.py';
const V1 = 'vllm/v1/metrics/loggers.py';
const BOTH = `${V0}; ${V1}`;
const V1_SPEC = 'vllm/v1/spec_decode/metrics.py';
const NIXL = 'vllm/distributed/kv_transfer/kv_connector/v1/nixl_connector.py (with NixlConnector)';
/** V1 has no swapping, CPU cache or hit-rate gauges: they ended with the V0 engine. */
const V0_ONLY = { removed: V1_SINCE } as const;

type Spec = Omit<MetricDef, 'base' | 'type' | 'engines' | 'extraLabels'> & {
  readonly extraLabels?: readonly string[];
};

/** Engines follow from the lifecycle: V0 before 0.8, V1 from 0.8. */
function enginesOf(added: string, removed: string | undefined): EngineKind[] {
  const engines: EngineKind[] = [];
  if (compareVersions(added, V1_SINCE) < 0) engines.push('v0');
  if (removed === undefined || compareVersions(removed, V1_SINCE) > 0) engines.push('v1');
  return engines;
}

function define(type: MetricType) {
  return (base: string, spec: Spec): MetricDef =>
    Object.freeze({
      ...spec,
      base,
      type,
      extraLabels: spec.extraLabels ?? [],
      engines: enginesOf(spec.added, spec.removed),
    });
}

const gauge = define('gauge');
const counter = define('counter');
const histogram = define('histogram');

/** CacheConfig fields present in every version; the full field set changes between releases. */
const CACHE_CONFIG_LABELS = [
  'block_size',
  'cache_dtype',
  'gpu_memory_utilization',
  'num_gpu_blocks',
  'enable_prefix_caching',
];

const SCHEDULER_GAUGES: MetricDef[] = [
  gauge('num_requests_running', {
    unit: 'requests',
    help: 'Number of requests in model execution batches.',
    added: ALL,
    source: BOTH,
  }),
  gauge('num_requests_waiting', {
    unit: 'requests',
    help: 'Number of requests waiting to be processed.',
    note: 'Newer versions count waiting plus skipped/deferred requests.',
    added: ALL,
    source: BOTH,
  }),
  gauge('num_requests_waiting_by_reason', {
    extraLabels: ['reason'],
    unit: 'requests',
    help: 'Number of requests waiting to be processed, by reason (capacity, deferred).',
    note: 'The reasons sum to num_requests_waiting.',
    added: '0.20', // merged 2026-03/04, ≈0.19–0.20
    source: 'PR #38435',
  }),
  gauge('num_requests_swapped', {
    unit: 'requests',
    help: 'Number of requests swapped to CPU.',
    added: ALL,
    ...V0_ONLY,
    source: `${V0}; removed with V0 metrics (#18837)`,
  }),
  gauge('engine_sleep_state', {
    extraLabels: ['sleep_state'],
    unit: 'bool',
    help: 'Engine sleep state: 1 on the series of the current state (awake, weights_offloaded, discard_all).',
    added: '0.12', // ≈0.11.1/0.12
    source: 'PR #24176; PR #27867 (works outside dev mode)',
  }),
];

const CACHE_GAUGES: MetricDef[] = [
  gauge('kv_cache_usage_perc', {
    unit: 'ratio',
    help: 'KV-cache usage. 1 means 100 percent usage.',
    note: 'A fraction 0–1 despite "perc". Average it across pods; never sum it.',
    added: '0.9.2',
    source: `PR #18354; ${V1}`,
  }),
  gauge('gpu_cache_usage_perc', {
    unit: 'ratio',
    help: 'GPU KV-cache usage. 1 means 100 percent usage.',
    note: 'A fraction 0–1 despite "perc".',
    added: ALL,
    deprecated: '0.10',
    hidden: '0.11',
    removed: '0.12',
    replacedBy: 'kv_cache_usage_perc',
    source: `${BOTH}; hidden PR #24245; removed PR #29330`,
  }),
  gauge('cpu_cache_usage_perc', {
    unit: 'ratio',
    help: 'CPU KV-cache usage. 1 means 100 percent usage.',
    added: ALL,
    ...V0_ONLY,
    source: `${V0}; deprecated #14136, hidden #15458, removed #18837`,
  }),
  gauge('gpu_prefix_cache_hit_rate', {
    unit: 'ratio',
    help: 'GPU prefix cache block hit rate.',
    added: ALL,
    ...V0_ONLY,
    replacedBy: 'gpu_prefix_cache_hits_total',
    source: `${V0}; replaced by the V1 queries/hits counters`,
  }),
  gauge('cpu_prefix_cache_hit_rate', {
    unit: 'ratio',
    help: 'CPU prefix cache block hit rate.',
    added: ALL,
    ...V0_ONLY,
    // V1 has no CPU cache tier; the closest V1 signal is the (GPU) prefix-cache counters
    replacedBy: 'gpu_prefix_cache_hits_total',
    source: `${V0}; replaced by the V1 queries/hits counters`,
  }),
  gauge('cache_config_info', {
    extraLabels: CACHE_CONFIG_LABELS,
    noDefaultLabels: true,
    unit: 'info',
    help: 'Information of the LLMEngine CacheConfig.',
    note: 'Value 1; one label per CacheConfig field (the set changes between versions); set after engine init.',
    added: ALL,
    source: `${BOTH} (log_metrics_info / prometheus_client Info "vllm:cache_config")`,
  }),
  gauge('lora_requests_info', {
    extraLabels: ['max_lora', 'waiting_lora_adapters', 'running_lora_adapters'],
    noDefaultLabels: true,
    unit: 'timestamp',
    help: 'Running stats on LoRA requests.',
    note: 'Value is a Unix timestamp; adapter lists are comma-joined label values, so use topk(1, …) or max_over_time.',
    added: ALL,
    feature: 'lora',
    source: `${BOTH} (V1 with --enable-lora)`,
  }),
];

const THROUGHPUT_GAUGES: MetricDef[] = [
  gauge('avg_prompt_throughput_toks_per_s', {
    unit: 'tokens/s',
    help: 'Average prefill throughput in tokens/s.',
    added: ALL,
    removed: '0.7', // 0.7.0 still had it; removed during 0.7.x
    replacedBy: 'prompt_tokens_total',
    source: `${V0}; removed PR #12383 (issue #13218)`,
  }),
  gauge('avg_generation_throughput_toks_per_s', {
    unit: 'tokens/s',
    help: 'Average generation throughput in tokens/s.',
    added: ALL,
    removed: '0.7',
    replacedBy: 'generation_tokens_total',
    source: `${V0}; removed PR #12383 (issue #13218)`,
  }),
];

const TOKEN_COUNTERS: MetricDef[] = [
  counter('num_preemptions_total', {
    unit: 'preemptions',
    help: 'Cumulative number of preemptions from the engine.',
    added: ALL,
    source: BOTH,
  }),
  counter('prompt_tokens_total', {
    unit: 'tokens',
    help: 'Number of prefill tokens processed.',
    note: 'Includes cached prompt tokens.',
    added: ALL,
    source: BOTH,
  }),
  counter('generation_tokens_total', {
    unit: 'tokens',
    help: 'Number of generation tokens processed.',
    added: ALL,
    source: BOTH,
  }),
  counter('tokens_total', {
    unit: 'tokens',
    help: 'Number of prefill plus generation tokens processed.',
    added: ALL,
    ...V0_ONLY,
    source: V0,
  }),
  counter('request_success_total', {
    extraLabels: ['finished_reason'],
    unit: 'requests',
    help: 'Count of successfully processed requests.',
    note: 'Counts finished requests of every finished_reason, including abort and error ("success" is a misnomer).',
    added: ALL,
    source: `${BOTH}; vllm/v1/engine/__init__.py FINISH_REASON_STRINGS`,
  }),
  counter('prompt_tokens_by_source_total', {
    extraLabels: ['source'],
    unit: 'tokens',
    help: 'Number of prompt tokens by source (local_compute, local_cache_hit, external_kv_transfer).',
    added: '0.16',
    source: 'PR #33290',
  }),
  counter('prompt_tokens_cached_total', {
    unit: 'tokens',
    help: 'Number of cached prompt tokens (local plus external).',
    added: '0.16',
    source: 'PR #33290',
  }),
  counter('prompt_tokens_recomputed_total', {
    unit: 'tokens',
    help: 'Number of prompt tokens recomputed.',
    added: '0.16',
    removed: '0.18', // PR merged 2026-04, after 0.17 (≈2026-03)
    source: 'PR #33290; removed PR #38709',
  }),
  counter('corrupted_requests_total', {
    unit: 'requests',
    help: 'Number of requests with NaN logits.',
    added: '0.11', // ≈0.10.2–0.11
    feature: 'nanCheck',
    source: `${V1} (only with VLLM_COMPUTE_NANS_IN_LOGITS=1)`,
  }),
];

const PREFIX_CACHE_COUNTERS: MetricDef[] = [
  counter('prefix_cache_queries_total', {
    unit: 'tokens',
    help: 'Prefix cache queries, in terms of number of queried tokens.',
    added: '0.9.2',
    source: `PR #18354; ${V1}`,
  }),
  counter('prefix_cache_hits_total', {
    unit: 'tokens',
    help: 'Prefix cache hits, in terms of number of cached tokens.',
    added: '0.9.2',
    source: `PR #18354; ${V1}`,
  }),
  counter('gpu_prefix_cache_queries_total', {
    unit: 'tokens',
    help: 'GPU prefix cache queries, in terms of number of queried tokens.',
    note: 'The earliest 0.8.x help text said blocks.',
    added: '0.8',
    deprecated: '0.10',
    hidden: '0.11',
    removed: '0.12',
    replacedBy: 'prefix_cache_queries_total',
    source: `${V1}; hidden PR #24245; removed PR #29330`,
  }),
  counter('gpu_prefix_cache_hits_total', {
    unit: 'tokens',
    help: 'GPU prefix cache hits, in terms of number of cached tokens.',
    added: '0.8',
    deprecated: '0.10',
    hidden: '0.11',
    removed: '0.12',
    replacedBy: 'prefix_cache_hits_total',
    source: `${V1}; hidden PR #24245; removed PR #29330`,
  }),
  counter('external_prefix_cache_queries_total', {
    unit: 'tokens',
    help: 'External prefix cache queries from the KV connector cross-instance cache.',
    added: '0.12', // ≈0.11.1–0.12
    feature: 'kvConnector',
    source: V1,
  }),
  counter('external_prefix_cache_hits_total', {
    unit: 'tokens',
    help: 'External prefix cache hits from the KV connector cross-instance cache.',
    added: '0.12',
    feature: 'kvConnector',
    source: V1,
  }),
  counter('mm_cache_queries_total', {
    unit: 'items',
    help: 'Multi-modal cache queries, in terms of number of queried items.',
    added: '0.11',
    feature: 'multimodal',
    source: V1,
  }),
  counter('mm_cache_hits_total', {
    unit: 'items',
    help: 'Multi-modal cache hits, in terms of number of cached items.',
    added: '0.11',
    feature: 'multimodal',
    source: V1,
  }),
];

const SPEC_DECODE: MetricDef[] = [
  counter('spec_decode_num_draft_tokens_total', {
    unit: 'tokens',
    help: 'Number of draft tokens.',
    added: ALL,
    feature: 'speculativeDecoding',
    source: `${V0}; ${V1_SPEC}`,
  }),
  counter('spec_decode_num_accepted_tokens_total', {
    unit: 'tokens',
    help: 'Number of accepted tokens.',
    note: 'Acceptance rate = accepted / draft tokens.',
    added: ALL,
    feature: 'speculativeDecoding',
    source: `${V0}; ${V1_SPEC}`,
  }),
  counter('spec_decode_num_drafts_total', {
    unit: 'drafts',
    help: 'Number of spec decoding drafts.',
    note: 'Mean acceptance length = 1 + accepted tokens / drafts.',
    added: '0.9', // ≈0.8.5–0.9
    feature: 'speculativeDecoding',
    source: V1_SPEC,
  }),
  counter('spec_decode_num_accepted_tokens_per_pos_total', {
    extraLabels: ['position'],
    unit: 'tokens',
    help: 'Accepted tokens per draft position.',
    added: '0.9',
    feature: 'speculativeDecoding',
    source: V1_SPEC,
  }),
  counter('spec_decode_num_emitted_tokens_total', {
    unit: 'tokens',
    help: 'Number of emitted tokens.',
    added: ALL,
    ...V0_ONLY,
    feature: 'speculativeDecoding',
    source: V0,
  }),
  gauge('spec_decode_draft_acceptance_rate', {
    unit: 'ratio',
    help: 'Speculative token acceptance rate.',
    added: ALL,
    ...V0_ONLY,
    feature: 'speculativeDecoding',
    source: V0,
  }),
  gauge('spec_decode_efficiency', {
    unit: 'ratio',
    help: 'Speculative decoding system efficiency.',
    added: ALL,
    ...V0_ONLY,
    feature: 'speculativeDecoding',
    source: V0,
  }),
];

const LATENCY_HISTOGRAMS: MetricDef[] = [
  histogram('time_to_first_token_seconds', {
    unit: 'seconds',
    help: 'Histogram of time to first token in seconds.',
    note: 'Measured from frontend arrival: includes tokenisation and queueing.',
    buckets: ttftBuckets,
    added: ALL,
    source: `${BOTH}; buckets PR #15202`,
  }),
  histogram('inter_token_latency_seconds', {
    unit: 'seconds',
    help: 'Histogram of inter-token latency in seconds.',
    note: 'One observation per output step; with speculative decoding a step can carry several tokens.',
    buckets: ITL_BUCKETS,
    added: '0.11',
    source: `PR #24110; ${V1}`,
  }),
  histogram('time_per_output_token_seconds', {
    unit: 'seconds',
    help: 'Histogram of time per output token in seconds.',
    buckets: itlBuckets,
    added: ALL,
    deprecated: '0.11',
    hidden: '0.12',
    removed: '0.15',
    replacedBy: 'inter_token_latency_seconds',
    source: `${BOTH}; deprecated PR #24110; hidden PR #29330; removed PR #32661`,
  }),
  histogram('request_time_per_output_token_seconds', {
    unit: 'seconds',
    help: 'Histogram of time_per_output_token_seconds per request.',
    note: 'One observation per finished request (its mean TPOT).',
    buckets: ITL_BUCKETS,
    added: '0.11',
    source: `PR #24015; ${V1}`,
  }),
  histogram('e2e_request_latency_seconds', {
    unit: 'seconds',
    help: 'Histogram of e2e request latency in seconds.',
    buckets: reqLatBuckets,
    added: ALL,
    source: `${BOTH}; buckets PR #15202`,
  }),
  histogram('request_queue_time_seconds', {
    unit: 'seconds',
    help: 'Histogram of time spent in WAITING phase for request.',
    buckets: reqLatBuckets,
    added: ALL,
    source: BOTH,
  }),
  histogram('request_inference_time_seconds', {
    unit: 'seconds',
    help: 'Histogram of time spent in RUNNING phase for request.',
    buckets: reqLatBuckets,
    added: ALL,
    source: BOTH,
  }),
  histogram('request_prefill_time_seconds', {
    unit: 'seconds',
    help: 'Histogram of time spent in PREFILL phase for request.',
    buckets: reqLatBuckets,
    added: ALL,
    source: BOTH,
  }),
  histogram('request_decode_time_seconds', {
    unit: 'seconds',
    help: 'Histogram of time spent in DECODE phase for request.',
    buckets: reqLatBuckets,
    added: ALL,
    source: BOTH,
  }),
];

// Token-count histograms use build_1_2_5_buckets(max_model_len): their bounds depend on the
// deployment, so `buckets` stays undefined.
const TOKEN_HISTOGRAMS: MetricDef[] = [
  histogram('request_prompt_tokens', {
    unit: 'tokens',
    help: 'Number of prefill tokens processed.',
    added: ALL,
    source: BOTH,
  }),
  histogram('request_generation_tokens', {
    unit: 'tokens',
    help: 'Number of generation tokens processed.',
    added: ALL,
    source: BOTH,
  }),
  histogram('request_max_num_generation_tokens', {
    unit: 'tokens',
    help: 'Histogram of maximum number of requested generation tokens.',
    added: ALL,
    source: BOTH,
  }),
  histogram('request_params_max_tokens', {
    unit: 'tokens',
    help: 'Histogram of the max_tokens request parameter.',
    note: 'Observed only when the request sets max_tokens.',
    added: ALL,
    source: BOTH,
  }),
  histogram('request_prefill_kv_computed_tokens', {
    unit: 'tokens',
    help: 'Histogram of prompt tokens computed in prefill (prompt tokens minus cached tokens).',
    added: '0.14', // merged 2025-12, ≈0.13/0.14
    source: 'PR #30189',
  }),
  histogram('iteration_tokens_total', {
    unit: 'tokens',
    help: 'Histogram of number of tokens per engine_step.',
    note: 'A histogram despite the _total suffix: use the _bucket/_sum/_count series.',
    buckets: iterBuckets,
    added: ALL,
    source: BOTH,
  }),
  histogram('request_params_n', {
    unit: 'sequences',
    help: 'Histogram of the n request parameter.',
    buckets: PARAMS_N_BUCKETS,
    added: ALL,
    source: BOTH,
  }),
  histogram('request_params_best_of', {
    unit: 'sequences',
    help: 'Histogram of the best_of request parameter.',
    buckets: PARAMS_N_BUCKETS,
    added: ALL,
    removed: '0.7', // removed together with best_of during 0.6.x
    source: V0,
  }),
  histogram('request_num_preemptions', {
    unit: 'preemptions',
    help: 'Histogram of the number of preemptions per request.',
    buckets: PREEMPT_BUCKETS,
    added: '0.30',
    source: `${V1} (third-party check against 0.28–0.30)`,
  }),
];

const DETAILED_TRACES = '--collect-detailed-traces';

const V0_TRACE_HISTOGRAMS: MetricDef[] = [
  histogram('time_in_queue_requests', {
    unit: 'seconds',
    help: 'Histogram of time the request spent in the queue in seconds.',
    added: ALL,
    ...V0_ONLY,
    optIn: DETAILED_TRACES,
    replacedBy: 'request_queue_time_seconds',
    source: `${V0}; deprecated in 0.8 (#14136)`,
  }),
  histogram('model_forward_time_milliseconds', {
    unit: 'milliseconds',
    help: 'Histogram of time spent in the model forward pass in ms.',
    buckets: buckets12358(3000),
    added: ALL,
    ...V0_ONLY,
    optIn: DETAILED_TRACES,
    source: `${V0}; deprecated in 0.8 (#14136)`,
  }),
  histogram('model_execute_time_milliseconds', {
    unit: 'milliseconds',
    help: 'Histogram of time spent in the model execute function in ms.',
    buckets: buckets12358(3000),
    added: ALL,
    ...V0_ONLY,
    optIn: DETAILED_TRACES,
    source: `${V0}; deprecated in 0.8 (#14136)`,
  }),
];

const KV_RESIDENCY: MetricDef[] = [
  ['kv_block_lifetime_seconds', 'Lifetime of a KV-cache block from allocation to eviction, in seconds.'],
  ['kv_block_idle_before_evict_seconds', 'Idle time of a KV-cache block before its eviction, in seconds.'],
  ['kv_block_reuse_gap_seconds', 'Time between reuses of a KV-cache block, in seconds.'],
].map(([base, help]) =>
  histogram(base, {
    unit: 'seconds',
    help,
    note: 'Sampled: --kv-cache-metrics-sample (default 0.01).',
    buckets: KV_RES_BUCKETS,
    added: '0.12',
    feature: 'kvCacheMetrics',
    source: 'PR #27793 (with --kv-cache-metrics)',
  }),
);

function nixl(make: typeof counter, base: string, unit: string, help: string, added = '0.11'): MetricDef {
  return make(base, { unit, help, added, feature: 'nixl', source: NIXL });
}

// NIXL bucket bounds (time 0.001–5 s, bytes 2^11…2^33) are not known exactly, so left undefined.
const NIXL_METRICS: MetricDef[] = [
  nixl(histogram, 'nixl_xfer_time_seconds', 'seconds', 'Histogram of NIXL transfer duration in seconds.'),
  nixl(histogram, 'nixl_post_time_seconds', 'seconds', 'Histogram of NIXL transfer post time in seconds.'),
  nixl(histogram, 'nixl_bytes_transferred', 'bytes', 'Histogram of bytes transferred per NIXL transfer.'),
  nixl(histogram, 'nixl_num_descriptors', 'descriptors', 'Histogram of number of descriptors per NIXL transfer.'),
  nixl(counter, 'nixl_num_failed_transfers_total', 'transfers', 'Number of failed NIXL KV cache transfers.'),
  nixl(counter, 'nixl_num_failed_notifications_total', 'notifications', 'Number of failed NIXL notifications.'),
  nixl(counter, 'nixl_num_kv_expired_reqs_total', 'requests', 'Number of requests whose KV blocks expired before transfer.'),
  // Only known from recent sources ("newer"), so dated at the newest release to stay safe.
  nixl(gauge, 'nixl_num_pending_sends', 'requests', 'Number of NIXL sends pending.', '0.30'),
];

// --enable-mfu-metrics; names from the docs table plus a third-party document (medium confidence)
// and only dated "2026", so pinned to the newest release.
const MFU_METRICS: MetricDef[] = [
  ['estimated_flops_per_gpu_total', 'flops', 'Estimated floating-point operations per GPU.'],
  ['estimated_read_bytes_per_gpu_total', 'bytes', 'Estimated bytes read from memory per GPU.'],
  ['estimated_write_bytes_per_gpu_total', 'bytes', 'Estimated bytes written to memory per GPU.'],
].map(([base, unit, help]) =>
  counter(base, { unit, help, added: '0.30', feature: 'mfu', source: 'docs/usage/metrics.md (--enable-mfu-metrics)' }),
);

export const METRICS: readonly MetricDef[] = Object.freeze([
  ...SCHEDULER_GAUGES,
  ...CACHE_GAUGES,
  ...THROUGHPUT_GAUGES,
  ...TOKEN_COUNTERS,
  ...PREFIX_CACHE_COUNTERS,
  ...SPEC_DECODE,
  ...LATENCY_HISTOGRAMS,
  ...TOKEN_HISTOGRAMS,
  ...V0_TRACE_HISTOGRAMS,
  ...KV_RESIDENCY,
  ...NIXL_METRICS,
  ...MFU_METRICS,
]);
