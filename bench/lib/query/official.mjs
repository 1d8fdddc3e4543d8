// The panel queries of vLLM's official example Grafana dashboard, the baseline users compare with.
//
// Source: vllm-project/vllm examples/online_serving/prometheus_grafana/grafana.json (commit 004f771f,
// ≈v0.8–0.10; the same layout is under examples/observability/prometheus_grafana/), as listed in
// the project's reference notes (vllm-metrics.md §6a), with the file's two later upstream edits
// applied so it reads metrics the newest vLLM still exposes: gpu_cache_usage_perc →
// kv_cache_usage_perc (vllm PR #27133) and time_per_output_token_seconds →
// inter_token_latency_seconds (vllm PR #32661). Every expression filters model_name="$model_name"
// (a single-select variable) and uses [$__rate_interval]; none aggregates over engine or instance.
//
// These names are copied from upstream on purpose: the baseline must be the upstream text, not
// names the catalog would choose.

const latencyQueries = (histogram) => [
  ...[0.99, 0.95, 0.9, 0.5].map((q) => `histogram_quantile(${q}, sum by(le) (rate(${histogram}_bucket{model_name="$model_name"}[$__rate_interval])))`),
  `rate(${histogram}_sum{model_name="$model_name"}[$__rate_interval]) / rate(${histogram}_count{model_name="$model_name"}[$__rate_interval])`,
];

const rateOf = (series) => `rate(${series}{model_name="$model_name"}[$__rate_interval])`;

export const OFFICIAL_DASHBOARD = {
  source: 'vllm-project/vllm examples/online_serving/prometheus_grafana/grafana.json @004f771f + PR #27133 + PR #32661',
  panels: [
    { panel: 'E2E Request Latency', exprs: latencyQueries('vllm:e2e_request_latency_seconds') },
    { panel: 'Token Throughput', exprs: [rateOf('vllm:prompt_tokens_total'), rateOf('vllm:generation_tokens_total')] },
    { panel: 'Time Per Output Token Latency', exprs: latencyQueries('vllm:inter_token_latency_seconds') },
    { panel: 'Scheduler State', exprs: ['vllm:num_requests_running{model_name="$model_name"}', 'vllm:num_requests_waiting{model_name="$model_name"}'] },
    { panel: 'Time To First Token Latency', exprs: latencyQueries('vllm:time_to_first_token_seconds') },
    { panel: 'Cache Utilization', exprs: ['vllm:kv_cache_usage_perc{model_name="$model_name"}'] },
    { panel: 'Request Prompt Length', exprs: ['sum by(le) (increase(vllm:request_prompt_tokens_bucket{model_name="$model_name"}[$__rate_interval]))'] },
    { panel: 'Request Generation Length', exprs: ['sum by(le) (increase(vllm:request_generation_tokens_bucket{model_name="$model_name"}[$__rate_interval]))'] },
    { panel: 'Finish Reason', exprs: ['sum by(finished_reason) (increase(vllm:request_success_total{model_name="$model_name"}[$__rate_interval]))'] },
    { panel: 'Queue Time', exprs: [rateOf('vllm:request_queue_time_seconds_sum')] },
    { panel: 'Requests Prefill and Decode Time', exprs: [rateOf('vllm:request_prefill_time_seconds_sum'), rateOf('vllm:request_decode_time_seconds_sum')] },
    { panel: 'Max Generation Token in Sequence Group', exprs: [rateOf('vllm:request_max_num_generation_tokens_sum')] },
  ],
};

/** The official dashboard in the shape of panelQueries(): range queries, one per expression. */
export function officialQueries() {
  return OFFICIAL_DASHBOARD.panels.flatMap(({ panel, exprs }) => exprs.map((expr, i) => ({ panel, refId: String.fromCharCode(65 + i), expr, instant: false })));
}

/** Its only variable: a single model, chosen as Grafana would (first listed). */
export const OFFICIAL_VARIABLES = [{ name: 'model_name', type: 'query', query: 'label_values({__name__=~"vllm:.*"},model_name)', multi: false, includeAll: false }];
