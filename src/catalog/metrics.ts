// Every `vllm:*` metric vLLM has exposed from 0.6 to 0.30, as data. Facts come from the public
// sources cited per metric (vLLM PRs and issues, vllm/v1/metrics/loggers.py for the V1 engine,
// vllm/engine/metrics.py for V0).
//
// How lifecycle facts were pinned to catalog versions:
// - The catalog models V0 up to 0.7 and V1 from 0.8 (the default engine from 0.8.0). V0-only metrics
//   are therefore `removed: '0.8'` even though `VLLM_USE_V1=0` kept V0 selectable until 0.10.
// - Up to 0.10.1 every fact was checked against vLLM's source at the release tags (see
//   docs/catalog-audit.md). Later ones come from dated commits on main: additions take the first
//   release known to be cut after the merge, removals the last one known to be cut before it (the
//   anchors are in versions.ts), so the catalog never claims a series that a release may lack.
// - Help texts are vLLM's own where the public sources quote them (running, waiting, KV usage,
//   success, ITL, e2e and the four request-phase histograms); the others describe the metric.
// - Left out on purpose, because no release is known to ship them: `request_failure_total`,
//   `admission_rejections_total`, `engine_healthy`, `request_priority`, `scheduler_policy_info`
//   (open PRs or development-branch files only).
import {
  buckets12358,
  e2eBuckets,
  HF3FS_DURATION_BUCKETS,
  itlBuckets,
  iterBuckets,
  ITL_BUCKETS,
  KV_OFFLOAD_LOOKUP_ASYNC_BUCKETS,
  KV_OFFLOAD_LOOKUP_SYNC_BUCKETS,
  KV_RES_BUCKETS,
  MOONCAKE_STORE_TIME_BUCKETS,
  NIXL_BYTES_BUCKETS,
  NIXL_DESCRIPTOR_BUCKETS,
  NIXL_POST_TIME_BUCKETS,
  NIXL_XFER_TIME_BUCKETS,
  PARAMS_N_BUCKETS,
  reqLatBuckets,
  ttftBuckets,
  WEBSOCKET_DURATION_BUCKETS,
} from './buckets.js';
import type { EngineKind, MetricDef, MetricType } from './types.js';
import { compareVersions, OLDEST_VERSION, V1_SINCE } from './versions.js';

const ALL = OLDEST_VERSION;
const V0 = 'vllm/engine/metrics.py';
const V1 = 'vllm/v1/metrics/loggers.py';
const BOTH = `${V0}; ${V1}`;
const V1_SPEC = 'vllm/v1/spec_decode/metrics.py';
const NIXL = 'vllm/distributed/kv_transfer/kv_connector/v1/nixl/stats.py (with NixlConnector); PR #26811';
const CONNECTORS = 'vllm/distributed/kv_transfer/kv_connector/v1';
/** PR #4464: the request-phase histograms, iteration tokens and LoRA info arrived in v0.6.4. */
const V0_6_4 = '0.6.4';
/** V1 had no spec-decode counters until PR #15151 (v0.8.3). */
const V1_SPEC_GAP = [{ from: V1_SINCE, until: '0.8.3' }] as const;
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
    added: '0.20', // PR #38435 merged 2026-04-13: first release surely after it
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
    added: '0.12', // PR #27867 (outside dev mode) merged 2025-11-03, after v0.11.0
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
    // help text says DEPRECATED from the v0.9.2 tag on (absent in v0.9.1's)
    deprecated: '0.9.2',
    hidden: '0.11',
    removed: '0.12',
    replacedBy: 'kv_cache_usage_perc',
    source: `${BOTH}; deprecated PR #18354; hidden PR #24245; removed PR #29330`,
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
    // V1's log_metrics_info sets metrics_info["engine"], one series per engine, from v0.9.0
    labelsSince: [['engine', '0.9']],
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
    note: 'Value is a Unix timestamp; adapter lists are comma-joined label values, so use topk(1, …) or max_over_time. V0 logs it without LoRA too (max_lora "0").',
    added: V0_6_4,
    feature: 'lora',
    featureSince: V1_SINCE,
    source: `${BOTH} (V1 with --enable-lora); PR #4464`,
  }),
];

const THROUGHPUT_GAUGES: MetricDef[] = [
  gauge('avg_prompt_throughput_toks_per_s', {
    unit: 'tokens/s',
    help: 'Average prefill throughput in tokens/s.',
    added: ALL,
    removed: '0.7', // absent at the v0.7.0 tag
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
    added: V0_6_4,
    ...V0_ONLY,
    source: `${V0}; PR #4464`,
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
    removed: '0.18', // PR #38709 merged 2026-04-12; 0.17 (≈2026-03) is the last release surely before it
    source: 'PR #33290; removed PR #38709',
  }),
  counter('corrupted_requests_total', {
    unit: 'requests',
    help: 'Number of requests with NaN logits.',
    added: '0.12', // PR #27306, 2025-11-05: after v0.11.0
    feature: 'nanCheck',
    source: `${V1} (only with VLLM_COMPUTE_NANS_IN_LOGITS=1); PR #27306`,
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
    deprecated: '0.9.2',
    hidden: '0.11',
    removed: '0.12',
    replacedBy: 'prefix_cache_queries_total',
    source: `${V1}; hidden PR #24245; removed PR #29330`,
  }),
  counter('gpu_prefix_cache_hits_total', {
    unit: 'tokens',
    help: 'GPU prefix cache hits, in terms of number of cached tokens.',
    added: '0.8',
    deprecated: '0.9.2',
    hidden: '0.11',
    removed: '0.12',
    replacedBy: 'prefix_cache_hits_total',
    source: `${V1}; hidden PR #24245; removed PR #29330`,
  }),
  // created unconditionally by PrometheusStatLogger: 0 on servers without a connector
  counter('external_prefix_cache_queries_total', {
    unit: 'tokens',
    help: 'External prefix cache queries from the KV connector cross-instance cache.',
    note: 'Always exposed; stays 0 without a KV connector.',
    added: '0.12', // PR #26245, 2025-10-23
    source: `${V1}; PR #26245`,
  }),
  counter('external_prefix_cache_hits_total', {
    unit: 'tokens',
    help: 'External prefix cache hits from the KV connector cross-instance cache.',
    note: 'Always exposed; stays 0 without a KV connector.',
    added: '0.12',
    source: `${V1}; PR #26245`,
  }),
  counter('mm_cache_queries_total', {
    unit: 'items',
    help: 'Multi-modal cache queries, in terms of number of queried items.',
    note: 'Always exposed; stays 0 for text-only models.',
    added: '0.12', // PR #26285, 2025-10-10: after v0.11.0
    source: `${V1}; PR #26285`,
  }),
  counter('mm_cache_hits_total', {
    unit: 'items',
    help: 'Multi-modal cache hits, in terms of number of cached items.',
    note: 'Always exposed; stays 0 for text-only models.',
    added: '0.12',
    source: `${V1}; PR #26285`,
  }),
];

const SPEC_DECODE: MetricDef[] = [
  counter('spec_decode_num_draft_tokens_total', {
    unit: 'tokens',
    help: 'Number of draft tokens.',
    added: ALL,
    gaps: V1_SPEC_GAP,
    feature: 'speculativeDecoding',
    source: `${V0}; ${V1} from PR #15151, then ${V1_SPEC}`,
  }),
  counter('spec_decode_num_accepted_tokens_total', {
    unit: 'tokens',
    help: 'Number of accepted tokens.',
    note: 'Acceptance rate = accepted / draft tokens.',
    added: ALL,
    gaps: V1_SPEC_GAP,
    feature: 'speculativeDecoding',
    source: `${V0}; ${V1} from PR #15151, then ${V1_SPEC}`,
  }),
  counter('spec_decode_num_drafts_total', {
    unit: 'drafts',
    help: 'Number of spec decoding drafts.',
    note: 'Mean acceptance length = 1 + accepted tokens / drafts.',
    added: '0.8.5',
    feature: 'speculativeDecoding',
    source: `${V1_SPEC}; PR #16665`,
  }),
  counter('spec_decode_num_accepted_tokens_per_pos_total', {
    extraLabels: ['position'],
    unit: 'tokens',
    help: 'Accepted tokens per draft position.',
    added: '0.8.5',
    feature: 'speculativeDecoding',
    source: `${V1_SPEC}; PR #16665`,
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
    source: `${BOTH}; long buckets PR #15202 (v0.8.4)`,
  }),
  histogram('inter_token_latency_seconds', {
    unit: 'seconds',
    help: 'Histogram of inter-token latency in seconds.',
    note: 'One observation per output step; with speculative decoding a step can carry several tokens.',
    buckets: ITL_BUCKETS,
    // PR #24110 merged 2025-09-02, maybe in v0.10.2 (unverified): v0.11.0 surely has it
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
    buckets: e2eBuckets,
    added: ALL,
    source: `${BOTH}; request-latency buckets PR #4464 (v0.6.4), long ones PR #15202 (v0.8.4)`,
  }),
  histogram('request_queue_time_seconds', {
    unit: 'seconds',
    help: 'Histogram of time spent in WAITING phase for request.',
    buckets: reqLatBuckets,
    added: V0_6_4,
    source: `${BOTH}; PR #4464`,
  }),
  histogram('request_inference_time_seconds', {
    unit: 'seconds',
    help: 'Histogram of time spent in RUNNING phase for request.',
    buckets: reqLatBuckets,
    added: V0_6_4,
    source: `${BOTH}; PR #4464`,
  }),
  histogram('request_prefill_time_seconds', {
    unit: 'seconds',
    help: 'Histogram of time spent in PREFILL phase for request.',
    buckets: reqLatBuckets,
    added: V0_6_4,
    source: `${BOTH}; PR #4464`,
  }),
  histogram('request_decode_time_seconds', {
    unit: 'seconds',
    help: 'Histogram of time spent in DECODE phase for request.',
    buckets: reqLatBuckets,
    added: V0_6_4,
    source: `${BOTH}; PR #4464`,
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
    added: V0_6_4,
    source: `${BOTH}; PR #4464`,
  }),
  histogram('request_params_max_tokens', {
    unit: 'tokens',
    help: 'Histogram of the max_tokens request parameter.',
    note: 'Observed only when the request sets max_tokens.',
    added: V0_6_4,
    source: `${BOTH}; PR #4464`,
  }),
  histogram('request_prefill_kv_computed_tokens', {
    unit: 'tokens',
    help: 'Histogram of prompt tokens computed in prefill (prompt tokens minus cached tokens).',
    added: '0.13', // PR #30189, 2025-12-09; v0.13.0 is of 2025-12-19
    source: `${V1}; PR #30189`,
  }),
  histogram('iteration_tokens_total', {
    unit: 'tokens',
    help: 'Histogram of number of tokens per engine_step.',
    note: 'A histogram despite the _total suffix: use the _bucket/_sum/_count series.',
    buckets: iterBuckets,
    added: V0_6_4,
    source: `${BOTH}; PR #4464; fixed V1 buckets from v0.8.5`,
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
    removed: '0.6.3', // removed together with best_of, PR #9261
    source: `${V0}; removed PR #9261`,
  }),
];

const DETAILED_TRACES = '--collect-detailed-traces';

// The three arrived with PR #4464 (v0.6.4). time_in_queue_requests is observed for every finished
// request; the model times only with --collect-detailed-traces.
const V0_TRACE_HISTOGRAMS: MetricDef[] = [
  histogram('time_in_queue_requests', {
    unit: 'seconds',
    help: 'Histogram of time the request spent in the queue in seconds.',
    buckets: reqLatBuckets,
    added: V0_6_4,
    ...V0_ONLY,
    replacedBy: 'request_queue_time_seconds',
    source: `${V0}; PR #4464; deprecated in 0.8 (#14136)`,
  }),
  histogram('model_forward_time_milliseconds', {
    unit: 'milliseconds',
    help: 'Histogram of time spent in the model forward pass in ms.',
    buckets: buckets12358(3000),
    added: V0_6_4,
    ...V0_ONLY,
    optIn: DETAILED_TRACES,
    source: `${V0}; PR #4464; deprecated in 0.8 (#14136)`,
  }),
  histogram('model_execute_time_milliseconds', {
    unit: 'milliseconds',
    help: 'Histogram of time spent in the model execute function in ms.',
    buckets: buckets12358(3000),
    added: V0_6_4,
    ...V0_ONLY,
    optIn: DETAILED_TRACES,
    source: `${V0}; PR #4464; deprecated in 0.8 (#14136)`,
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

// NixlConnector's stats (PR #26811, 2025-10-29: after v0.11.0); expired requests PR #32340.
function nixl(base: string, spec: Pick<MetricDef, 'unit' | 'help' | 'buckets'> & { added?: string }, make = histogram): MetricDef {
  return make(base, { ...spec, added: spec.added ?? '0.12', feature: 'nixl', source: NIXL });
}

const NIXL_METRICS: MetricDef[] = [
  nixl('nixl_xfer_time_seconds', { unit: 'seconds', help: 'Histogram of transfer duration for NIXL KV Cache transfers.', buckets: NIXL_XFER_TIME_BUCKETS }),
  nixl('nixl_post_time_seconds', { unit: 'seconds', help: 'Histogram of transfer post time for NIXL KV Cache transfers.', buckets: NIXL_POST_TIME_BUCKETS }),
  nixl('nixl_bytes_transferred', { unit: 'bytes', help: 'Histogram of bytes transferred per NIXL KV Cache transfers.', buckets: NIXL_BYTES_BUCKETS }),
  nixl('nixl_num_descriptors', { unit: 'descriptors', help: 'Histogram of number of descriptors per NIXL KV Cache transfers.', buckets: NIXL_DESCRIPTOR_BUCKETS }),
  nixl('nixl_num_failed_transfers_total', { unit: 'transfers', help: 'Number of failed NIXL KV Cache transfers.' }, counter),
  nixl('nixl_num_failed_notifications_total', { unit: 'notifications', help: 'Number of failed NIXL KV Cache notifications.' }, counter),
  nixl(
    'nixl_num_kv_expired_reqs_total',
    // PR #32340, 2026-01-19; v0.15 is the release PR #32661 (2026-01-20) names
    { unit: 'requests', help: 'Number of requests that had their KV expire (tracked on the prefill instance).', added: '0.15' },
    counter,
  ),
];

const OFFLOADING = `${CONNECTORS}/offloading/metrics.py (OffloadingConnector)`;

function offload(make: typeof counter, base: string, spec: Omit<Spec, 'source' | 'feature'>): MetricDef {
  return make(base, { ...spec, feature: 'kvOffload', source: OFFLOADING });
}

// OffloadingConnector (CPU and tiered KV offloading). Sizes are in bytes, times in seconds.
const KV_OFFLOAD_METRICS: MetricDef[] = [
  // PR #27942, 2026-01-27; kept as deprecated aliases of the load/store metrics by PR #35669
  offload(counter, 'kv_offload_total_bytes_total', {
    extraLabels: ['transfer_type'],
    unit: 'bytes',
    help: 'Number of bytes offloaded by KV connector.',
    note: 'transfer_type is CPU_to_GPU or GPU_to_CPU.',
    added: '0.16',
    deprecated: '0.24',
  }),
  offload(counter, 'kv_offload_total_time_total', {
    extraLabels: ['transfer_type'],
    unit: 'seconds',
    help: 'Total time measured by all KV offloading operations.',
    added: '0.16',
    deprecated: '0.24',
  }),
  offload(histogram, 'kv_offload_size', {
    extraLabels: ['transfer_type'],
    unit: 'bytes',
    help: 'Histogram of KV offload transfer size, in bytes.',
    added: '0.16',
    deprecated: '0.24',
  }),
  // PR #35669, 2026-06-10
  ...(['load', 'store'] as const).flatMap((op) => [
    offload(counter, `kv_offload_${op}_bytes_total`, {
      unit: 'bytes',
      help: op === 'load' ? 'Total bytes loaded from offload storage to GPU.' : 'Total bytes stored from GPU to offload storage.',
      added: '0.24',
    }),
    offload(counter, `kv_offload_${op}_time_total`, {
      unit: 'seconds',
      help: op === 'load' ? 'Total load time from offload storage to GPU, in seconds.' : 'Total store time from GPU to offload storage, in seconds.',
      added: '0.24',
    }),
    offload(histogram, `kv_offload_${op}_size`, {
      unit: 'bytes',
      help: `Histogram of KV offload ${op} operation size, in bytes.`,
      added: '0.24',
    }),
  ]),
  offload(counter, 'kv_offload_stores_skipped_total', {
    unit: 'stores',
    help: 'Number of KV offload stores skipped by the reuse threshold (CPU offloading).',
    added: '0.24',
  }),
  // PR #45737, 2026-06-20
  offload(gauge, 'kv_offload_cpu_cache_usage_perc', {
    unit: 'ratio',
    help: 'CPU KV offload space pinned by active transfers. 1 means 100 percent.',
    added: '0.24',
  }),
  // PR #45958, 2026-07-07, and PR #47666, 2026-07-14
  offload(counter, 'kv_offload_allocation_failure_total', {
    unit: 'allocations',
    help: 'Number of KV offload store allocation attempts that failed.',
    added: '0.27',
  }),
  offload(histogram, 'kv_offload_lookup_sync_delay_seconds', {
    unit: 'seconds',
    help: 'Histogram of the time spent in a single offload lookup call, in seconds.',
    buckets: KV_OFFLOAD_LOOKUP_SYNC_BUCKETS,
    added: '0.27',
  }),
  offload(histogram, 'kv_offload_lookup_async_delay_seconds', {
    unit: 'seconds',
    help: "Histogram of time between a request's offload lookup first deferring and its resolution, in seconds.",
    buckets: KV_OFFLOAD_LOOKUP_ASYNC_BUCKETS,
    added: '0.27',
  }),
  ...(['read', 'write'] as const).map((side) =>
    offload(gauge, `kv_offload_cpu_cache_${side}_usage_perc`, {
      unit: 'ratio',
      help: `CPU KV offload space pinned by in-flight ${side === 'read' ? 'loads' : 'stores'}. 1 means 100 percent.`,
      added: '0.27',
    }),
  ),
  // PR #48798, 2026-08-10 (not in v0.27.1): tiered offloading, one series per secondary tier
  ...[
    ['read_bytes', 'bytes', 'Total bytes read from secondary tiers into the primary tier.'],
    ['read_time', 'seconds', 'Total time spent reading from secondary tiers into the primary tier, in seconds.'],
    ['write_bytes', 'bytes', 'Total bytes written from the primary tier to secondary tiers.'],
    ['write_time', 'seconds', 'Total time spent writing from the primary tier to secondary tiers, in seconds.'],
    ['promotion_job_failures', 'jobs', 'Number of failed secondary-tier promotion jobs.'],
    ['cascade_job_failures', 'jobs', 'Number of failed secondary-tier cascade jobs.'],
    ['block_queries', 'blocks', 'Number of block lookup queries sent to secondary tiers.'],
    ['block_hits', 'blocks', 'Number of block lookup hits in secondary tiers.'],
  ].map(([name, unit, help]) =>
    offload(counter, `kv_offload_tiering_${name}_total`, { extraLabels: ['tier'], unit, help, added: '0.28' }),
  ),
];

const HF3FS = `${CONNECTORS}/hf3fs/hf3fs_connector.py (HF3FSKVConnector); PR #37636`;
const MOONCAKE_STORE = `${CONNECTORS}/mooncake/store/metrics.py (MooncakeStoreConnector); PR #43392`;
/** Mooncake store RPCs are labelled by operation (save_exists, save_put, load_get, lookup_exists)
 *  and status (ok, error); each pair appears on its first use. */
const MOONCAKE_LABELS = ['operation', 'status'];

const CONNECTOR_METRICS: MetricDef[] = [
  // PR #37636, 2026-04-07
  ...(['save', 'load'] as const).flatMap((op) => [
    histogram(`hf3fs_${op}_duration_seconds`, {
      unit: 'seconds',
      help: `Histogram of ${op} duration for HF3FSKVConnector.`,
      buckets: HF3FS_DURATION_BUCKETS,
      added: '0.20',
      feature: 'hf3fs',
      source: HF3FS,
    }),
    counter(`hf3fs_num_failed_${op}_total`, {
      unit: 'operations',
      help: `Number of failed HF3FS KV ${op}.`,
      added: '0.20',
      feature: 'hf3fs',
      source: HF3FS,
    }),
  ]),
  // PR #43392, 2026-05-23
  histogram('mooncake_store_operation_time_seconds', {
    extraLabels: MOONCAKE_LABELS,
    unit: 'seconds',
    help: 'Histogram of Mooncake store communication time.',
    buckets: MOONCAKE_STORE_TIME_BUCKETS,
    added: '0.21',
    feature: 'mooncakeStore',
    source: MOONCAKE_STORE,
  }),
  ...[
    ['operation_total', 'operations', 'Number of Mooncake store communication operations.'],
    ['operation_keys_total', 'keys', 'Number of Mooncake store keys touched by operations.'],
    ['operation_bytes_total', 'bytes', 'Number of bytes transferred by Mooncake store operations.'],
    ['operation_failed_keys_total', 'keys', 'Number of Mooncake store keys that failed in operations.'],
  ].map(([name, unit, help]) =>
    counter(`mooncake_store_${name}`, {
      extraLabels: MOONCAKE_LABELS,
      unit,
      help,
      added: '0.21',
      feature: 'mooncakeStore',
      source: MOONCAKE_STORE,
    }),
  ),
];

// --enable-mfu-metrics; vllm/v1/metrics/perf.py, PR #30950 merged 2026-02-23 (after v0.16).
const MFU_METRICS: MetricDef[] = [
  ['estimated_flops_per_gpu_total', 'flops', 'Estimated floating-point operations per GPU.'],
  ['estimated_read_bytes_per_gpu_total', 'bytes', 'Estimated bytes read from memory per GPU.'],
  ['estimated_write_bytes_per_gpu_total', 'bytes', 'Estimated bytes written to memory per GPU.'],
].map(([base, unit, help]) =>
  counter(base, { unit, help, note: 'Per GPU, without a GPU label.', added: '0.17', feature: 'mfu', source: 'vllm/v1/metrics/perf.py (--enable-mfu-metrics); PR #30950' }),
);

const REALTIME = 'vllm/entrypoints/speech_to_text/realtime/metrics.py (the /realtime WebSocket route); PR #35500';

// Frontend metrics outside the engine loggers: no model_name/engine (tool parser: model_name only).
const FRONTEND_METRICS: MetricDef[] = [
  // PR #35500, 2026-03-04
  gauge('websocket_connections_active', {
    noDefaultLabels: true,
    unit: 'connections',
    help: 'Number of active WebSocket connections to the realtime endpoint.',
    added: '0.18',
    feature: 'realtime',
    source: REALTIME,
  }),
  counter('websocket_connections_total', {
    noDefaultLabels: true,
    unit: 'connections',
    help: 'Number of WebSocket connections opened to the realtime endpoint.',
    added: '0.18',
    feature: 'realtime',
    source: REALTIME,
  }),
  histogram('websocket_connection_duration_seconds', {
    noDefaultLabels: true,
    unit: 'seconds',
    help: 'Histogram of realtime WebSocket connection duration in seconds.',
    buckets: WEBSOCKET_DURATION_BUCKETS,
    added: '0.18',
    feature: 'realtime',
    source: REALTIME,
  }),
  // PR #44448, 2026-06-10; registered when a tool-call parser is configured
  counter('tool_call_parser_invocations_total', {
    noDefaultLabels: true,
    extraLabels: ['model_name', 'mode', 'outcome', 'request_type'],
    unit: 'invocations',
    help: 'Total number of ToolParser invocations (once per choice, or once per delta when streaming).',
    note: 'No engine label.',
    added: '0.24',
    feature: 'toolCalling',
    source: 'vllm/parser/metrics.py (--tool-call-parser); PR #44448',
  }),
];

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
  ...KV_OFFLOAD_METRICS,
  ...CONNECTOR_METRICS,
  ...MFU_METRICS,
  ...FRONTEND_METRICS,
]);
