// The label values a simulated deployment puts on its series. Label *names* come from the catalog;
// this table only knows what a vLLM server writes into them. A label the catalog adds and this table
// lacks makes the simulator refuse to start (and the unit test that walks every version fail).

/** How a label's value is chosen:
 *  - `perRequest`: the finished request decides (its finished_reason, HTTP status, route);
 *  - otherwise amounts are spread over `values` by `weights` (a single value: an info label). */
export interface LabelValues {
  readonly values: readonly string[];
  readonly weights?: readonly number[];
  readonly perRequest?: boolean;
}

/** Labels every request-driven value carries; filled per finished request. */
export type RequestLabel = 'finished_reason' | 'status' | 'handler' | 'method';

export const HANDLERS = ['/v1/chat/completions', '/v1/completions'] as const;
export const HANDLER_WEIGHTS = [0.8, 0.2] as const;

const FIXED_LABELS: Readonly<Record<string, LabelValues>> = {
  // prometheus-fastapi-instrumentator groups status codes; vLLM's instrumented routes are POSTs
  status: { values: ['2xx', '5xx'], perRequest: true },
  handler: { values: HANDLERS, perRequest: true },
  method: { values: ['POST'], perRequest: true },
  // num_requests_waiting_by_reason: without the features that defer requests, all wait for capacity
  reason: { values: ['capacity', 'deferred'], weights: [1, 0] },
  // engine_sleep_state: all three series exist from start, awake = 1
  sleep_state: { values: ['awake', 'weights_offloaded', 'discard_all'], weights: [1, 0, 0] },
  source: { values: ['local_compute', 'local_cache_hit', 'external_kv_transfer'], weights: [0.6, 0.4, 0] },
  position: { values: ['0', '1', '2'], weights: [0.5, 0.3, 0.2] },
  // cache_config_info: one label per CacheConfig field, as a served 8B model on one GPU has them
  block_size: { values: ['16'] },
  cache_dtype: { values: ['auto'] },
  gpu_memory_utilization: { values: ['0.9'] },
  num_gpu_blocks: { values: ['27351'] },
  enable_prefix_caching: { values: ['True'] },
  // lora_requests_info: adapters are comma-joined into label values
  max_lora: { values: ['4'] },
  running_lora_adapters: { values: ['sql-lora'] },
  waiting_lora_adapters: { values: [''] },
  // OffloadingConnector: the deprecated totals by direction, tiered offloading by secondary tier
  transfer_type: { values: ['CPU_to_GPU', 'GPU_to_CPU'], weights: [0.4, 0.6] },
  tier: { values: ['1:disk'] },
  // tool_call_parser_invocations_total: vLLM creates every combination up front
  mode: { values: ['streaming', 'non_streaming'], weights: [0.7, 0.3] },
  outcome: { values: ['tool_call', 'no_tool_call'], weights: [0.2, 0.8] },
  request_type: { values: ['chat_completions', 'responses', 'other'], weights: [0.9, 0.1, 0] },
};

/** Labels whose values depend on the metric: Mooncake store RPCs have their own `status`. */
const METRIC_LABELS: readonly (readonly [prefix: string, labels: Readonly<Record<string, LabelValues>>])[] = [
  [
    'mooncake_store_',
    {
      operation: { values: ['save_exists', 'save_put', 'load_get', 'lookup_exists'], weights: [0.25, 0.25, 0.25, 0.25] },
      status: { values: ['ok', 'error'], weights: [1, 0] },
    },
  ],
];

/** The values of `label` on metric `base`; finished_reason values are the version's, from the catalog. */
export function labelValues(label: string, finishedReasons: readonly string[], base = ''): LabelValues {
  if (label === 'finished_reason') return { values: finishedReasons, perRequest: true };
  const known = METRIC_LABELS.find(([prefix]) => base.startsWith(prefix))?.[1][label] ?? FIXED_LABELS[label];
  if (known === undefined) {
    throw new Error(`simulator: the catalog has a label "${label}" the simulator has no values for (add it to src/simulate/labels.ts)`);
  }
  return known;
}
