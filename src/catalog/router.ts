// vLLM production-stack's router (src/vllm_router/services/metrics_service/__init__.py) exposes its
// own metrics under the engine's `vllm:` prefix, labelled `server` (and `model`) rather than
// `model_name`. They are a second source, not vLLM's: a dashboard reading them has data only where
// the router is scraped, and they follow the router's releases, not vLLM's. Known here so `lint`
// can say "router metric" instead of "not a metric vLLM exposes". Names the router shares with the
// engine (num_requests_running, num_requests_waiting, gpu_prefix_cache_*) are the engine's here.

export interface RouterMetric {
  readonly base: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly labels: readonly string[];
  readonly help: string;
}

/** The router always writes the colon prefix. */
export const ROUTER_PREFIX = 'vllm:';

export const ROUTER_METRICS: readonly RouterMetric[] = Object.freeze([
  { base: 'current_qps', type: 'gauge', labels: ['server'], help: 'Current queries per second' },
  { base: 'avg_decoding_length', type: 'gauge', labels: ['server'], help: 'Average decoding length' },
  { base: 'num_prefill_requests', type: 'gauge', labels: ['server'], help: 'Number of prefill requests' },
  { base: 'num_decoding_requests', type: 'gauge', labels: ['server'], help: 'Number of decoding requests' },
  { base: 'avg_latency', type: 'gauge', labels: ['server'], help: 'Average end-to-end request latency' },
  { base: 'avg_itl', type: 'gauge', labels: ['server'], help: 'Average inter-token latency' },
  { base: 'healthy_pods_total', type: 'gauge', labels: ['server'], help: 'Number of healthy vLLM pods' },
  { base: 'num_incoming_requests_total', type: 'counter', labels: ['model'], help: 'Requests the router received' },
  { base: 'input_tokens_total', type: 'counter', labels: ['model'], help: 'Input tokens through the router' },
  { base: 'output_tokens_total', type: 'counter', labels: ['model'], help: 'Output tokens through the router' },
  { base: 'request_errors_total', type: 'counter', labels: ['server', 'model', 'error_type'], help: 'Requests the router saw fail' },
  { base: 'request_latency_seconds', type: 'histogram', labels: ['server', 'model', 'status'], help: 'Request latency through the router' },
]);

const SERIES_SUFFIXES: Record<RouterMetric['type'], readonly string[]> = {
  counter: [''],
  gauge: [''],
  histogram: ['_bucket', '_sum', '_count'],
};

/** The router metric a series name belongs to (`vllm:request_latency_seconds_bucket` → request_latency_seconds). */
export function routerMetricOf(name: string): RouterMetric | undefined {
  if (!name.startsWith(ROUTER_PREFIX)) return undefined;
  const rest = name.slice(ROUTER_PREFIX.length);
  return ROUTER_METRICS.find((m) => SERIES_SUFFIXES[m.type].some((suffix) => rest === m.base + suffix));
}
