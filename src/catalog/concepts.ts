// Which metric answers each concept, newest name first. A dashboard asks for a concept and the
// catalog picks, per version, the first of these that the version exposes (see catalog.ts).
import type { Concept } from './types.js';

export const CONCEPTS: Readonly<Record<Concept, readonly string[]>> = Object.freeze({
  requestsRunning: ['num_requests_running'],
  requestsWaiting: ['num_requests_waiting'],
  requestsWaitingByReason: ['num_requests_waiting_by_reason'],
  requestsSwapped: ['num_requests_swapped'],
  kvCacheUsage: ['kv_cache_usage_perc', 'gpu_cache_usage_perc'],
  prefixCacheQueries: ['prefix_cache_queries_total', 'gpu_prefix_cache_queries_total'],
  prefixCacheHits: ['prefix_cache_hits_total', 'gpu_prefix_cache_hits_total'],
  // V0 only had a ready-made ratio gauge; it is not the same kind of series as the counters
  prefixCacheHitRateGauge: ['gpu_prefix_cache_hit_rate'],
  requestSuccess: ['request_success_total'],
  promptTokens: ['prompt_tokens_total'],
  generationTokens: ['generation_tokens_total'],
  preemptions: ['num_preemptions_total'],
  timeToFirstToken: ['time_to_first_token_seconds'],
  interTokenLatency: ['inter_token_latency_seconds', 'time_per_output_token_seconds'],
  requestTimePerOutputToken: ['request_time_per_output_token_seconds'],
  e2eLatency: ['e2e_request_latency_seconds'],
  queueTime: ['request_queue_time_seconds'],
  inferenceTime: ['request_inference_time_seconds'],
  prefillTime: ['request_prefill_time_seconds'],
  decodeTime: ['request_decode_time_seconds'],
  promptLength: ['request_prompt_tokens'],
  generationLength: ['request_generation_tokens'],
  iterationTokens: ['iteration_tokens_total'],
  cacheConfigInfo: ['cache_config_info'],
  engineSleepState: ['engine_sleep_state'],
  loraRequestsInfo: ['lora_requests_info'],
  specDecodeDraftTokens: ['spec_decode_num_draft_tokens_total'],
  specDecodeAcceptedTokens: ['spec_decode_num_accepted_tokens_total'],
  specDecodeDrafts: ['spec_decode_num_drafts_total'],
  mmCacheQueries: ['mm_cache_queries_total'],
  mmCacheHits: ['mm_cache_hits_total'],
});
