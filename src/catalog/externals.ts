// Metrics the vLLM server exposes on /metrics without the `vllm:` prefix, and the other metric
// names a generated rule or dashboard may legitimately query. `base` is the full name here.
import { HTTP_DURATION_BUCKETS, HTTP_DURATION_HIGHR_BUCKETS } from './buckets.js';
import type { MetricDef } from './types.js';
import { OLDEST_VERSION } from './versions.js';

/** prometheus-fastapi-instrumentator in vllm/entrypoints/openai/api_server.py. PR #15657 (v0.8.3)
 *  attached it only when PROMETHEUS_MULTIPROC_DIR was set (the V0 path); PR #15894 (v0.8.5) on every
 *  server, so V1's default setup has HTTP metrics from 0.8.5. */
const HTTP_SINCE = '0.8.5';
const HTTP_SOURCE = 'PR #15657; on by default PR #15894; prometheus-fastapi-instrumentator metrics.default()';
/** prometheus_client's default ProcessCollector: absent under the multiprocess registry, i.e. on V0
 *  (the frontend set PROMETHEUS_MULTIPROC_DIR) and on V1 with more than one API server. */
const PROCESS_SOURCE = 'prometheus_client ProcessCollector (not in the multiprocess registry)';

type Spec = Omit<MetricDef, 'engines' | 'noDefaultLabels' | 'extraLabels'> & {
  readonly extraLabels?: readonly string[];
};

/** External metrics never carry `model_name`/`engine` and do not depend on the engine kind. */
function external(spec: Spec): MetricDef {
  const def: MetricDef = { ...spec, extraLabels: spec.extraLabels ?? [], noDefaultLabels: true, engines: ['v0', 'v1'] };
  return Object.freeze(def);
}

function http(spec: Omit<Spec, 'added' | 'source'>): MetricDef {
  return external({ ...spec, added: HTTP_SINCE, source: HTTP_SOURCE });
}

function processMetric(base: string, type: 'counter' | 'gauge', unit: string, help: string): MetricDef {
  return external({ base, type, unit, help, added: OLDEST_VERSION, singleProcessOnly: true, source: PROCESS_SOURCE });
}

export const EXTERNAL_METRICS: readonly MetricDef[] = Object.freeze([
  http({
    base: 'http_requests_total',
    type: 'counter',
    extraLabels: ['handler', 'method', 'status'],
    unit: 'requests',
    help: 'Total number of requests by method, status and handler.',
    note: 'status is grouped ("2xx" … "5xx"); no model_name; errors after a streaming response started count as 2xx.',
  }),
  http({
    base: 'http_request_duration_seconds',
    type: 'histogram',
    extraLabels: ['handler', 'method'],
    unit: 'seconds',
    help: 'Latency with only few buckets by handler.',
    buckets: HTTP_DURATION_BUCKETS,
  }),
  http({
    base: 'http_request_duration_highr_seconds',
    type: 'histogram',
    unit: 'seconds',
    help: 'Latency with many buckets but no API specific labels.',
    buckets: HTTP_DURATION_HIGHR_BUCKETS,
  }),
  http({
    base: 'http_request_size_bytes',
    type: 'summary',
    extraLabels: ['handler'],
    unit: 'bytes',
    help: 'Content length of incoming requests by handler.',
  }),
  http({
    base: 'http_response_size_bytes',
    type: 'summary',
    extraLabels: ['handler'],
    unit: 'bytes',
    help: 'Content length of outgoing responses by handler.',
  }),
  processMetric('process_cpu_seconds_total', 'counter', 'seconds', 'Total user and system CPU time spent in seconds.'),
  processMetric('process_resident_memory_bytes', 'gauge', 'bytes', 'Resident memory size in bytes.'),
  processMetric('process_virtual_memory_bytes', 'gauge', 'bytes', 'Virtual memory size in bytes.'),
  processMetric('process_start_time_seconds', 'gauge', 'timestamp', 'Start time of the process since unix epoch in seconds.'),
  processMetric('process_open_fds', 'gauge', 'fds', 'Number of open file descriptors.'),
  processMetric('process_max_fds', 'gauge', 'fds', 'Maximum number of open file descriptors.'),
]);

/** Prometheus' own series (`up`, `scrape_*`, alert state), blackbox probes, and the exporters vLLM
 *  pages sit next to. A name outside these and the catalog is a typo or an unsupported source. */
const ALLOWED_EXACT = new Set(['up', 'ALERTS', 'ALERTS_FOR_STATE']);
const ALLOWED_PREFIXES = ['probe_', 'http_', 'process_', 'scrape_'];
const DCGM_PREFIX = 'DCGM_';

export function isAllowedExternal(name: string, opts: { dcgm?: boolean } = {}): boolean {
  if (ALLOWED_EXACT.has(name)) return true;
  if (ALLOWED_PREFIXES.some((p) => name.startsWith(p))) return true;
  return opts.dcgm === true && name.startsWith(DCGM_PREFIX);
}
