// Every signal vLLM-obs records, alerts on or charts, one entry each: its stable id, the catalog
// concepts it reads (through the kind of signal), and the levels the rules record it at. A new signal
// is one entry here; the recording rules, alerts and panels then read it by name.
//
// Ids name the recordings (`<level>:<id>`) and never change: they are users' series history. The
// recorded ones keep the names vLLM-obs gave them before this table, which spelled the newest vLLM
// metric name; a later vLLM rename changes what the expression reads, never the id.
import type { Concept } from '../catalog/index.js';
import { QUANTILES, type Level, type Quantile, type RecordLevel } from '../model/index.js';
import {
  bucketRate,
  counterRate,
  counterRatio,
  engineErrorRatio,
  gauge,
  http5xxRatio,
  httpRate,
  mean,
  quantile,
  zeroSafeRatio,
} from './builders.js';
import type { Signal } from './signal.js';

/** Per model and per instance: what alerts locate and the instance dashboard drills into. */
const ENGINE: readonly Level[] = ['model', 'instance'];
/** Per model only: read by the fleet overview's per-model panels. */
const MODEL: readonly Level[] = ['model'];

/** A histogram's quantiles and mean, recorded together at the same levels. */
export interface HistogramSignals {
  readonly concept: Concept;
  readonly quantile: Readonly<Record<Quantile, Signal>>;
  readonly mean: Signal;
}

/** `family` is the id stem: `<family>:p95_rate5m`, `<family>:mean_rate5m`. */
function histogram(concept: Concept, family: string, levels: readonly RecordLevel[] = []): HistogramSignals {
  const entry = (operation: string) => ({ id: `${family}:${operation}`, concept, levels });
  const quantiles = QUANTILES.map((q) => [q, quantile(entry(`p${Math.round(q * 100)}_rate5m`), q)] as const);
  return { concept, quantile: Object.fromEntries(quantiles) as Record<Quantile, Signal>, mean: mean(entry('mean_rate5m')) };
}

export const HISTOGRAMS = {
  e2eLatency: histogram('e2eLatency', 'vllm_e2e_request_latency_seconds', ENGINE),
  timeToFirstToken: histogram('timeToFirstToken', 'vllm_time_to_first_token_seconds', ENGINE),
  interTokenLatency: histogram('interTokenLatency', 'vllm_inter_token_latency_seconds', ENGINE),
  queueTime: histogram('queueTime', 'vllm_request_queue_time_seconds', ENGINE),
  prefillTime: histogram('prefillTime', 'vllm_request_prefill_time_seconds', MODEL),
  decodeTime: histogram('decodeTime', 'vllm_request_decode_time_seconds', MODEL),
  iterationTokens: histogram('iterationTokens', 'vllm_iteration_tokens', MODEL),
} as const;

export const SIGNALS = {
  // distributions, for heatmaps
  e2eLatencyBuckets: bucketRate({ id: 'vllm_e2e_request_latency_seconds_bucket:rate5m', concept: 'e2eLatency', levels: MODEL }),
  promptLengthBuckets: bucketRate({ id: 'vllm_request_prompt_tokens_bucket:rate5m', concept: 'promptLength', levels: MODEL }),
  generationLengthBuckets: bucketRate({ id: 'vllm_request_generation_tokens_bucket:rate5m', concept: 'generationLength', levels: MODEL }),

  // throughput; finished requests are also recorded by finished_reason
  requestRate: counterRate({ id: 'vllm_request_success:rate5m', concept: 'requestSuccess', levels: [...ENGINE, 'model_reason'] }),
  promptTokenRate: counterRate({ id: 'vllm_prompt_tokens:rate5m', concept: 'promptTokens', levels: ENGINE }),
  generationTokenRate: counterRate({ id: 'vllm_generation_tokens:rate5m', concept: 'generationTokens', levels: ENGINE }),
  preemptionRate: counterRate({ id: 'vllm_num_preemptions:rate5m', concept: 'preemptions', levels: ENGINE }),
  httpRequestRate: httpRate({ id: 'http_requests:rate5m', levels: ['job_status'] }),
  specDecodeDraftTokenRate: counterRate({ id: 'vllm_spec_decode_num_draft_tokens:rate5m', concept: 'specDecodeDraftTokens' }),
  specDecodeAcceptedTokenRate: counterRate({ id: 'vllm_spec_decode_num_accepted_tokens:rate5m', concept: 'specDecodeAcceptedTokens' }),
  mmCacheQueryRate: counterRate({ id: 'vllm_mm_cache_queries:rate5m', concept: 'mmCacheQueries' }),
  mmCacheHitRate: counterRate({ id: 'vllm_mm_cache_hits:rate5m', concept: 'mmCacheHits' }),

  // errors
  engineErrorRatio: engineErrorRatio({ id: 'vllm_request_success:error_ratio_rate5m', levels: ENGINE }),
  http5xxRatio: http5xxRatio({ id: 'http_requests:5xx_ratio_rate5m', levels: ['job', 'instance_http'] }),

  // saturation and caches
  kvCacheUsageMax: gauge({ id: 'vllm_kv_cache_usage_perc:max', concept: 'kvCacheUsage', levels: MODEL }, 'max'),
  kvCacheUsageAvg: gauge({ id: 'vllm_kv_cache_usage_perc:avg', concept: 'kvCacheUsage', levels: MODEL }, 'avg'),
  prefixCacheHitRatio: zeroSafeRatio({
    id: 'vllm_prefix_cache_hits:ratio_rate5m',
    concept: ['prefixCacheHits', 'prefixCacheQueries'],
    levels: ENGINE,
  }),
  /** What panels draw where they do not read the recording: absent rather than 0 before the first
   *  hit. Merging it into prefixCacheHitRatio would change the instance dashboard's query. */
  prefixCacheHitShare: counterRatio({ id: 'vllm_prefix_cache_hits:share_rate5m', concept: ['prefixCacheHits', 'prefixCacheQueries'] }),
  /** V0's ready-made hit-rate gauge, where no counters exist. */
  prefixCacheHitRateGauge: gauge({ id: 'vllm_gpu_prefix_cache_hit_rate:avg', concept: 'prefixCacheHitRateGauge' }, 'avg'),
  requestsRunning: gauge({ id: 'vllm_num_requests_running:sum', concept: 'requestsRunning' }, 'sum'),
  /** The batch each engine step decodes: mean and largest over engines. */
  batchSizeMean: gauge({ id: 'vllm_num_requests_running:avg', concept: 'requestsRunning' }, 'avg'),
  batchSizeMax: gauge({ id: 'vllm_num_requests_running:max', concept: 'requestsRunning' }, 'max'),
  requestsWaiting: gauge({ id: 'vllm_num_requests_waiting:sum', concept: 'requestsWaiting' }, 'sum'),
  requestsSwapped: gauge({ id: 'vllm_num_requests_swapped:sum', concept: 'requestsSwapped' }, 'sum'),

  // optional subsystems
  specDecodeAcceptance: counterRatio({
    id: 'vllm_spec_decode_num_accepted_tokens:acceptance_ratio_rate5m',
    concept: ['specDecodeAcceptedTokens', 'specDecodeDraftTokens'],
  }),
  specDecodeAcceptedPerDraft: counterRatio({
    id: 'vllm_spec_decode_num_accepted_tokens:per_draft_rate5m',
    concept: ['specDecodeAcceptedTokens', 'specDecodeDrafts'],
  }),
  mmCacheHitRatio: counterRatio({ id: 'vllm_mm_cache_hits:ratio_rate5m', concept: ['mmCacheHits', 'mmCacheQueries'] }),
} as const satisfies Record<string, Signal>;

/** Every signal, histogram members included, in table order. */
export const ALL_SIGNALS: readonly Signal[] = [
  ...Object.values(HISTOGRAMS).flatMap((h) => [...Object.values(h.quantile), h.mean]),
  ...Object.values(SIGNALS),
];
