// The panels the overview and instance dashboards share. Each takes the split it shows (by model, by
// instance, by engine or none) and returns undefined when the configured vLLM version lacks its metric.
import { CONCEPTS, deadEngineHealth, ERROR_REASON_SINCE, type Concept } from '../catalog/index.js';
import { QUANTILES, type Setup } from '../model/index.js';
import { errorReasonEverywhere, SIGNALS, type Signal } from '../signals/index.js';
import { watch, type AlertThresholds } from './alerts.js';
import {
  heatmapPanel,
  statPanel,
  tablePanel,
  timeseriesPanel,
  type PanelBuilder,
  type PanelSpec,
  type Query,
  type Steps,
  type Target,
} from './common.js';
import { Queries, splits, type Split, type Splits } from './queries.js';

export interface PanelContext {
  readonly setup: Setup;
  readonly q: Queries;
  /** Fleet view: single numbers are the worst of the models (recordings), not one server's total. */
  readonly fleet: boolean;
  readonly thresholds: AlertThresholds;
  readonly split: Splits;
  /** Data-link URL opening the instance dashboard for the series' instance (fleet view only). */
  readonly instanceLink?: string;
}

export function panelContext(setup: Setup, thresholds: AlertThresholds, fleet: boolean, instanceLink?: string): PanelContext {
  return { setup, q: new Queries(setup, fleet), fleet, thresholds, split: splits(setup), instanceLink };
}

/** Title suffix of a fleet number that is the maximum over models or jobs. */
const worst = (ctx: PanelContext, of: string) => (ctx.fleet ? ` (worst ${of})` : '');

const titled = (title: string, split: Split) => (split.noun ? `${title} by ${split.noun}` : title);

/** Legend of one series: what it is, then which group. */
const legendOf = (what: string, split: Split) => [what, split.legend].filter((s) => s !== '').join(' ');

function targets(...pairs: [Query | undefined, string][]): Target[] {
  return pairs.filter((p): p is [Query, string] => p[0] !== undefined).map(([query, legend]) => ({ query, legend }));
}

/** Specs whose queries all came back empty (concept absent in the version) yield no panel. */
function build<T extends PanelBuilder>(spec: PanelSpec, make: (spec: PanelSpec) => T): T | undefined {
  return spec.targets.length === 0 ? undefined : make(spec);
}

function drilldown(ctx: PanelContext, split: Split): PanelSpec['drilldown'] {
  if (!ctx.instanceLink || !split.labels.includes('instance')) return undefined;
  return { title: 'Open instance ${__field.labels.instance}', url: ctx.instanceLink };
}

const GOOD_WHEN_ZERO: Steps = [
  { value: null, color: 'green' },
  { value: 1, color: 'red' },
];

// ---- health -------------------------------------------------------------------------------------

export function targetsUpStat(ctx: PanelContext): PanelBuilder | undefined {
  const spec: PanelSpec = {
    title: 'Targets up',
    description: 'vLLM scrape targets that answered the last scrape. Good: the number of servers you run; fewer means a server is down or unreachable.',
    unit: 'none',
    targets: targets([ctx.q.targetsUp(), 'up']),
    watch: watch(ctx, 'VllmTargetDown', { threshold: false }),
  };
  return build(spec, (s) => statPanel(s, { steps: [{ value: null, color: 'red' }, { value: 1, color: 'green' }] }));
}

export function targetsDownStat(ctx: PanelContext): PanelBuilder | undefined {
  const spec: PanelSpec = {
    title: 'Targets down',
    description:
      'vLLM scrape targets that did not answer (up == 0). Good: 0. A down target has crashed, is unreachable, or is still loading the model (vLLM opens its port only after loading).',
    unit: 'none',
    targets: targets([ctx.q.targetsDown(), 'down']),
    watch: watch(ctx, 'VllmTargetDown', { threshold: false }),
  };
  return build(spec, (s) => statPanel(s, { steps: GOOD_WHEN_ZERO }));
}

/** What a dead engine's /health looks like on the fleet's versions: 503 from 0.11; up to 0.10 one 500,
 *  then the server exits (no HTTP answer). */
function deadEngineStatus(ctx: PanelContext): { status: string; meaning: string } {
  const old = ctx.setup.catalog.versions.some((v) => deadEngineHealth(v).exits);
  const current = ctx.setup.catalog.versions.some((v) => !deadEngineHealth(v).exits);
  if (!old) return { status: '503 engine dead', meaning: 'A 503 means the engine is dead (EngineDeadError)' };
  const exits = 'up to vLLM 0.10 a dead engine answers 500 once and the server exits';
  return current
    ? { status: `503 engine dead (${exits})`, meaning: `A 503 means the engine is dead (EngineDeadError; ${exits})` }
    : { status: '500 engine dead (the server exits right after)', meaning: `A 500 means the engine died (${exits})` };
}

export function healthFailingStat(ctx: PanelContext): PanelBuilder | undefined {
  if (!ctx.setup.config.health.enabled) return undefined;
  const spec: PanelSpec = {
    title: '/health failing',
    description: `Servers whose /health probe by the blackbox exporter failed. Good: 0. ${deadEngineStatus(ctx).meaning}; no HTTP answer means the server is down or still loading.`,
    unit: 'none',
    targets: targets([ctx.q.healthChecksFailing(), 'failing']),
    watch: watch(ctx, 'VllmHealthCheckFailing', { threshold: false }),
  };
  return build(spec, (s) => statPanel(s, { steps: GOOD_WHEN_ZERO }));
}

export function enginesStat(ctx: PanelContext): PanelBuilder | undefined {
  const spec: PanelSpec = {
    title: 'Engines',
    description:
      'vLLM engines reporting metrics: one per server, model and data-parallel rank. Good: steady at the count you deploy; a drop while targets stay up means engines stopped reporting.',
    unit: 'none',
    targets: targets([ctx.q.engines(), 'engines']),
    watch: watch(ctx, 'VllmMetricsAbsent', { threshold: false }),
  };
  return build(spec, (s) => statPanel(s));
}

export function restartsStat(ctx: PanelContext): PanelBuilder | undefined {
  const spec: PanelSpec = {
    title: 'Restarts in range',
    description:
      'Restarts of the vLLM servers in the selected time range: changes of the process start time where the server has process metrics, else resets of its prompt-token counter (V0, and servers with several API processes, use the multiprocess registry, which has no process metrics). Good: 0; restarts are crashes, OOM kills or deployments.',
    unit: 'none',
    targets: targets([ctx.q.restarts(), 'restarts']),
  };
  return build(spec, (s) => statPanel(s, { steps: [{ value: null, color: 'green' }, { value: 1, color: 'orange' }] }));
}

export function metricsAbsentStat(ctx: PanelContext): PanelBuilder | undefined {
  const spec: PanelSpec = {
    title: 'Up without vLLM metrics',
    description:
      'Targets that answer the scrape but expose no vLLM engine series: started with --disable-log-stats, engine not initialised, or the scrape reaches another service. Good: 0.',
    unit: 'none',
    targets: targets([ctx.q.upWithoutVllmMetrics(), 'targets']),
    watch: watch(ctx, 'VllmMetricsAbsent', { threshold: false }),
  };
  return build(spec, (s) => statPanel(s, { steps: GOOD_WHEN_ZERO }));
}

export function targetsUpTimeseries(ctx: PanelContext, split: Split): PanelBuilder | undefined {
  const spec: PanelSpec = {
    title: titled('Targets up', split),
    description: 'Whether each vLLM target answered its scrape (1 up, 0 down). Good: a flat line at 1; gaps and drops are outages.',
    unit: 'none',
    min: 0,
    max: 1,
    targets: targets([ctx.q.upBy(split), legendOf('up', split)]),
    watch: watch(ctx, 'VllmTargetDown', { threshold: false }),
    drilldown: drilldown(ctx, split),
  };
  return build(spec, (s) => timeseriesPanel(s));
}

export function healthStatusTimeseries(ctx: PanelContext, split: Split): PanelBuilder | undefined {
  if (!ctx.setup.config.health.enabled) return undefined;
  const spec: PanelSpec = {
    title: titled('/health status code', split),
    description: `HTTP status of the /health probe of each server. 200 healthy; ${deadEngineStatus(ctx).status}; 0 no HTTP answer (connection refused while the model loads, or the server is down).`,
    unit: 'none',
    targets: targets([ctx.q.healthStatusCode(split), legendOf('status', split)]),
    watch: watch(ctx, 'VllmHealthCheckFailing', { threshold: false }),
    drilldown: drilldown(ctx, split),
  };
  return build(spec, (s) => timeseriesPanel(s));
}

// ---- at a glance: one number per golden signal ---------------------------------------------------

export function requestRateStat(ctx: PanelContext): PanelBuilder | undefined {
  const spec: PanelSpec = {
    title: 'Requests/s',
    description: 'Finished requests per second, every finished_reason. Good: your usual traffic; zero while requests wait means a stuck engine.',
    unit: 'reqps',
    targets: targets([ctx.q.signal(SIGNALS.requestRate, ctx.split.none), 'requests/s']),
  };
  return build(spec, (s) => statPanel(s));
}

/** Servers before 0.13 never report finished_reason="error": in a mixed fleet the ratio leaves them out. */
function errorReasonScope(ctx: PanelContext): string {
  return errorReasonEverywhere(ctx.setup) ? '' : ` Only servers on vLLM ${ERROR_REASON_SINCE} or newer report it; older ones are left out.`;
}

export function engineErrorRatioStat(ctx: PanelContext): PanelBuilder | undefined {
  const spec: PanelSpec = {
    title: `Engine error ratio${worst(ctx, 'model')}`,
    description: `Share of finished requests with finished_reason="error" (engine-side failures). Good: 0.${errorReasonScope(ctx)}`,
    unit: 'percentunit',
    targets: targets([ctx.q.signal(SIGNALS.engineErrorRatio, ctx.split.none), 'error ratio']),
    watch: watch(ctx, 'VllmHighErrorRatio'),
  };
  return build(spec, (s) => statPanel(s, { noValue: 'no traffic' }));
}

export function http5xxRatioStat(ctx: PanelContext): PanelBuilder | undefined {
  const spec: PanelSpec = {
    title: `HTTP 5xx ratio${worst(ctx, 'job')}`,
    description: 'Share of HTTP responses with a 5xx status (front-end failures). Good: 0.',
    unit: 'percentunit',
    targets: targets([ctx.q.signal(SIGNALS.http5xxRatio, ctx.split.none), '5xx ratio']),
    watch: watch(ctx, 'VllmHighHTTP5xxRatio'),
  };
  return build(spec, (s) => statPanel(s, { noValue: 'no traffic' }));
}

/** Title, description and watching alert of each latency histogram. */
const LATENCY: Partial<Record<Concept, { title: string; description: string; alert?: Parameters<typeof watch>[1] }>> = {
  e2eLatency: {
    title: 'End-to-end latency',
    description:
      'Request latency from arrival at the API server to the last token. Good: stable and inside your SLO; p99 far above p50 means queueing or a few very long generations.',
    alert: 'VllmHighE2ELatencyP95',
  },
  timeToFirstToken: {
    title: 'Time to first token',
    description:
      'Time from arrival to the first output token: tokenisation, queueing and prefill, what a streaming user feels. Rising with a growing queue means the server is saturated.',
    alert: 'VllmHighTimeToFirstToken',
  },
  interTokenLatency: {
    title: 'Inter-token latency',
    description:
      'Time between successive output steps of a request, the decode speed. Rises with batch size and preemptions; with speculative decoding one step can carry several tokens.',
    alert: 'VllmHighInterTokenLatency',
  },
  queueTime: {
    title: 'Queue time',
    description: 'Time a request waits before it is first scheduled. Good: near zero; growth means the KV cache or the batch is full for this load.',
  },
  prefillTime: {
    title: 'Prefill time',
    description: 'Time from first scheduling to the first token: processing the prompt. Grows with prompt length; high with short prompts means compute contention.',
  },
  decodeTime: {
    title: 'Decode time',
    description: 'Time from the first to the last token: generation. Grows with output length and batch size.',
  },
};

export const LATENCY_CONCEPTS = Object.keys(LATENCY) as Concept[];

/** "Time per output token" on versions that only have the TPOT histogram, so the title says what is read. */
function latencyTitle(ctx: PanelContext, concept: Concept): string {
  const tpotOnly = concept === 'interTokenLatency' && !ctx.q.names(concept).includes(ctx.setup.catalog.name(CONCEPTS[concept][0]));
  return tpotOnly ? 'Time per output token' : LATENCY[concept]!.title;
}

export function latencyStat(ctx: PanelContext, concept: 'e2eLatency' | 'timeToFirstToken'): PanelBuilder | undefined {
  const info = LATENCY[concept]!;
  const spec: PanelSpec = {
    title: `p95 ${info.title.toLowerCase()}${worst(ctx, 'model')}`,
    description: `95th percentile of ${info.title.toLowerCase()}. ${info.description}`,
    unit: 's',
    targets: targets([ctx.q.quantile(concept, 0.95, ctx.split.none), 'p95']),
    watch: info.alert && watch(ctx, info.alert),
  };
  return build(spec, (s) => statPanel(s, { noValue: 'no traffic' }));
}

export function kvCacheMaxStat(ctx: PanelContext): PanelBuilder | undefined {
  const spec: PanelSpec = {
    title: 'KV-cache usage (max)',
    description: 'Fullest KV cache of any engine: fraction of PagedAttention blocks in use. Sustained above the alert level means preemptions and rising latency.',
    unit: 'percentunit',
    min: 0,
    max: 1,
    targets: targets([ctx.q.signal(SIGNALS.kvCacheUsageMax, ctx.split.none), 'max']),
    watch: watch(ctx, 'VllmKVCacheNearFull'),
  };
  return build(spec, (s) => statPanel(s));
}

export function waitingStat(ctx: PanelContext): PanelBuilder | undefined {
  const spec: PanelSpec = {
    title: 'Waiting requests',
    description: 'Requests queued for scheduling, all engines. Good: near 0; a persistent queue means the fleet is at capacity.',
    unit: 'none',
    targets: targets([ctx.q.signal(SIGNALS.requestsWaiting, ctx.split.none), 'waiting']),
    watch: watch(ctx, 'VllmRequestQueueBacklog'),
  };
  return build(spec, (s) => statPanel(s));
}

// ---- traffic and errors -------------------------------------------------------------------------

export function requestRatePanel(ctx: PanelContext, split: Split): PanelBuilder | undefined {
  const spec: PanelSpec = {
    title: titled('Requests/s', split),
    description: 'Finished requests per second, every finished_reason. A drop to zero while requests wait means a stuck engine.',
    unit: 'reqps',
    targets: targets([ctx.q.signal(SIGNALS.requestRate, split), legendOf('requests/s', split)]),
    drilldown: drilldown(ctx, split),
  };
  return build(spec, (s) => timeseriesPanel(s));
}

const REASON_MEANING: Record<string, string> = {
  stop: 'stop (EOS or a stop string)',
  length: 'length (max_tokens or the context limit)',
  abort: 'abort (client cancelled or disconnected)',
  error: 'error (engine-side failure)',
  repetition: 'repetition (repetition detection)',
};

export function finishedByReasonPanel(ctx: PanelContext): PanelBuilder | undefined {
  const reasons = ctx.setup.catalog.finishedReasons().map((r) => REASON_MEANING[r] ?? r);
  const spec: PanelSpec = {
    title: 'Finished requests by reason',
    description: `Finished requests per second by finished_reason: ${reasons.join(', ')}. Good: mostly stop; rising abort means clients give up (often on latency).`,
    unit: 'reqps',
    targets: targets([ctx.q.finishedByReason(), '{{finished_reason}}']),
  };
  return build(spec, (s) => timeseriesPanel(s, { stack: true }));
}

export function engineErrorRatioPanel(ctx: PanelContext, split: Split): PanelBuilder | undefined {
  const spec: PanelSpec = {
    title: titled('Engine error ratio', split),
    description:
      `Share of finished requests with finished_reason="error": retryable engine-side failures such as a KV-cache load failure, always returned as HTTP 500. Good: 0. Shown apart from the HTTP 5xx ratio, which counts front-end failures.${errorReasonScope(ctx)}`,
    unit: 'percentunit',
    min: 0,
    targets: targets([ctx.q.signal(SIGNALS.engineErrorRatio, split), legendOf('errors', split)]),
    watch: watch(ctx, 'VllmHighErrorRatio'),
    drilldown: drilldown(ctx, split),
  };
  return build(spec, (s) => timeseriesPanel(s));
}

export function http5xxRatioPanel(ctx: PanelContext, split: Split): PanelBuilder | undefined {
  const spec: PanelSpec = {
    title: titled('HTTP 5xx ratio', split),
    description:
      "Share of HTTP responses with a 5xx status from vLLM's API server (no model_name). Good: 0. Counts front-end failures such as a dead engine (503); an error after a streamed response started counts as 2xx.",
    unit: 'percentunit',
    min: 0,
    targets: targets([ctx.q.signal(SIGNALS.http5xxRatio, split), legendOf('5xx', split)]),
    watch: watch(ctx, 'VllmHighHTTP5xxRatio'),
    drilldown: drilldown(ctx, split),
  };
  return build(spec, (s) => timeseriesPanel(s));
}

export function httpStatusPanel(ctx: PanelContext): PanelBuilder | undefined {
  const spec: PanelSpec = {
    title: 'HTTP requests by status class',
    description: 'HTTP requests per second by status class. Good: almost all 2xx; 4xx are client errors (bad request, unknown model), 5xx server errors.',
    unit: 'reqps',
    targets: targets([ctx.q.httpByStatus(), '{{status}}']),
  };
  return build(spec, (s) => timeseriesPanel(s, { stack: true }));
}

// ---- latency ------------------------------------------------------------------------------------

/** p50/p90/p95/p99 and mean of a latency histogram: quantiles from buckets, never a rate of _sum alone. */
export function latencyPanel(ctx: PanelContext, concept: Concept, split: Split): PanelBuilder | undefined {
  const info = LATENCY[concept]!;
  const quantiles = QUANTILES.map((q): [Query | undefined, string] => [ctx.q.quantile(concept, q, split), legendOf(`p${Math.round(q * 100)}`, split)]);
  const spec: PanelSpec = {
    title: titled(latencyTitle(ctx, concept), split),
    description: `${info.description} Percentiles from the histogram buckets; mean = rate of _sum over rate of _count.`,
    unit: 's',
    min: 0,
    targets: targets(...quantiles, [ctx.q.mean(concept, split), legendOf('mean', split)]),
    watch: info.alert && watch(ctx, info.alert),
  };
  return build(spec, (s) => timeseriesPanel(s, { legendCalcs: ['mean', 'max', 'lastNotNull'] }));
}

export function latencyHeatmap(ctx: PanelContext): PanelBuilder | undefined {
  const spec: PanelSpec = {
    title: 'End-to-end latency distribution',
    description:
      'Requests finished per second in each latency bucket. A second band or a long tail shows a slow subset (long prompts, one slow instance) that percentiles blur.',
    unit: 'reqps',
    targets: targets([ctx.q.heatmap(SIGNALS.e2eLatencyBuckets), '{{le}}']),
  };
  return build(spec, (s) => heatmapPanel(s, 's'));
}

// ---- throughput ---------------------------------------------------------------------------------

export function tokenThroughputPanel(ctx: PanelContext, split: Split): PanelBuilder | undefined {
  const spec: PanelSpec = {
    title: titled('Tokens/s', split),
    description:
      'Prompt (prefill) and generation tokens processed per second; prompt tokens include prefix-cache hits. Generation falling to zero while requests wait means a stuck engine.',
    unit: 'short',
    min: 0,
    targets: targets(
      [ctx.q.signal(SIGNALS.promptTokenRate, split), legendOf('prompt', split)],
      [ctx.q.signal(SIGNALS.generationTokenRate, split), legendOf('generation', split)],
    ),
    watch: watch(ctx, 'VllmNoThroughput', { threshold: false }),
    drilldown: drilldown(ctx, split),
  };
  return build(spec, (s) => timeseriesPanel(s));
}

function lengthHeatmap(ctx: PanelContext, buckets: Signal, what: string): PanelBuilder | undefined {
  const spec: PanelSpec = {
    title: `${what} length distribution`,
    description: `${what} tokens per finished request: requests per second in each bucket (buckets follow the server's max-model-len: 1, 2, 5, 10, 20, 50, …). Shifts here explain latency changes.`,
    unit: 'reqps',
    targets: targets([ctx.q.heatmap(buckets), '{{le}}']),
  };
  return build(spec, (s) => heatmapPanel(s, 'short'));
}

export const promptLengthHeatmap = (ctx: PanelContext) => lengthHeatmap(ctx, SIGNALS.promptLengthBuckets, 'Prompt');
export const generationLengthHeatmap = (ctx: PanelContext) => lengthHeatmap(ctx, SIGNALS.generationLengthBuckets, 'Generation');

// ---- saturation ---------------------------------------------------------------------------------

export function queuePanel(ctx: PanelContext, split: Split): PanelBuilder | undefined {
  const spec: PanelSpec = {
    title: titled('Running and waiting requests', split),
    description:
      'Requests in the running batch and waiting in the queue (V0 also swapped to CPU). Good: waiting near 0; a persistent queue means the server is at capacity (KV cache or max-num-seqs).',
    unit: 'none',
    min: 0,
    targets: targets(
      [ctx.q.signal(SIGNALS.requestsRunning, split), legendOf('running', split)],
      [ctx.q.signal(SIGNALS.requestsWaiting, split), legendOf('waiting', split)],
      [ctx.q.signal(SIGNALS.requestsSwapped, split), legendOf('swapped', split)],
    ),
    watch: watch(ctx, 'VllmRequestQueueBacklog'),
    drilldown: drilldown(ctx, split),
  };
  return build(spec, (s) => timeseriesPanel(s));
}

export function waitingByReasonPanel(ctx: PanelContext): PanelBuilder | undefined {
  const spec: PanelSpec = {
    title: 'Waiting requests by reason',
    description: 'Why requests wait: capacity (no room in the KV cache or batch) or deferred (held back by the scheduler). The reasons add up to the waiting requests.',
    unit: 'none',
    min: 0,
    targets: targets([ctx.q.waitingByReason(), '{{reason}}']),
  };
  return build(spec, (s) => timeseriesPanel(s, { stack: true }));
}

export function kvCacheByPanel(ctx: PanelContext, split: Split): PanelBuilder | undefined {
  const spec: PanelSpec = {
    title: titled('KV-cache usage', split),
    description:
      'Fraction of PagedAttention KV-cache blocks in use: the fullest engine and the average (never summed across engines). Sustained above the alert level means preemptions and rising latency.',
    unit: 'percentunit',
    min: 0,
    max: 1,
    targets: targets(
      [ctx.q.signal(SIGNALS.kvCacheUsageMax, split), legendOf('max', split)],
      [ctx.q.signal(SIGNALS.kvCacheUsageAvg, split), legendOf('avg', split)],
    ),
    watch: watch(ctx, 'VllmKVCacheNearFull'),
    drilldown: drilldown(ctx, split),
  };
  return build(spec, (s) => timeseriesPanel(s));
}

export function preemptionsPanel(ctx: PanelContext, split: Split): PanelBuilder | undefined {
  const spec: PanelSpec = {
    title: titled('Preemptions/s', split),
    description:
      'Requests preempted per second because the KV cache ran out; their work is recomputed later. Good: 0; sustained preemptions mean the KV cache is too small for the load.',
    unit: 'short',
    min: 0,
    targets: targets([ctx.q.signal(SIGNALS.preemptionRate, split), legendOf('preemptions/s', split)]),
    watch: watch(ctx, 'VllmPreemptionsHigh'),
    drilldown: drilldown(ctx, split),
  };
  return build(spec, (s) => timeseriesPanel(s));
}

export function prefixCacheHitRatioPanel(ctx: PanelContext, split: Split): PanelBuilder | undefined {
  const spec: PanelSpec = {
    title: titled('Prefix-cache hit ratio', split),
    description:
      'Share of queried prompt tokens found in the prefix cache (V0: block hit rate). Higher means cheaper prefill; a drop after a deploy means prefix caching was turned off or prompts changed.',
    unit: 'percentunit',
    min: 0,
    max: 1,
    targets: targets([ctx.q.prefixCacheHitRatio(split), legendOf('hit ratio', split)]),
  };
  return build(spec, (s) => timeseriesPanel(s));
}

export function iterationTokensPanel(ctx: PanelContext, split: Split): PanelBuilder | undefined {
  const spec: PanelSpec = {
    title: titled('Tokens per engine step', split),
    description:
      'Tokens processed per engine step (prefill plus decode): how much of the per-step token budget the batch uses. Near max-num-batched-tokens means the server is compute-bound.',
    unit: 'short',
    min: 0,
    targets: targets(
      [ctx.q.quantile('iterationTokens', 0.5, split), legendOf('p50', split)],
      [ctx.q.quantile('iterationTokens', 0.9, split), legendOf('p90', split)],
      [ctx.q.quantile('iterationTokens', 0.99, split), legendOf('p99', split)],
      [ctx.q.mean('iterationTokens', split), legendOf('mean', split)],
    ),
  };
  return build(spec, (s) => timeseriesPanel(s));
}

export function batchSizePanel(ctx: PanelContext, split: Split): PanelBuilder | undefined {
  const spec: PanelSpec = {
    title: titled('Effective batch size', split),
    description:
      'Running requests per engine, the batch each step decodes: mean and max over engines. A batch pinned at max-num-seqs with a queue means more replicas are needed.',
    unit: 'none',
    min: 0,
    targets: targets(
      [ctx.q.signal(SIGNALS.batchSizeMean, split), legendOf('mean', split)],
      [ctx.q.signal(SIGNALS.batchSizeMax, split), legendOf('max', split)],
    ),
  };
  return build(spec, (s) => timeseriesPanel(s));
}

// ---- configuration and optional subsystems ------------------------------------------------------

export function cacheConfigTable(ctx: PanelContext): PanelBuilder | undefined {
  const spec: PanelSpec = {
    title: 'Engine cache configuration',
    description:
      "Each server's CacheConfig: block size, number of GPU blocks, cache dtype, GPU memory utilisation and prefix caching. Explains KV-cache capacity differences between instances; set after engine start.",
    unit: 'none',
    targets: targets([ctx.q.info('cacheConfigInfo'), '']),
  };
  return build(spec, (s) => tablePanel(s));
}

export function specDecodePanels(ctx: PanelContext, split: Split): (PanelBuilder | undefined)[] {
  const acceptance: PanelSpec = {
    title: titled('Draft acceptance rate', split),
    description: 'Accepted draft tokens over proposed draft tokens. Higher means speculative decoding pays off; a low rate wastes compute on rejected drafts.',
    unit: 'percentunit',
    min: 0,
    max: 1,
    targets: targets([ctx.q.signal(SIGNALS.specDecodeAcceptance, split), legendOf('acceptance', split)]),
  };
  const length: PanelSpec = {
    title: titled('Mean acceptance length', split),
    description: 'Tokens produced per draft: 1 (the bonus token) plus accepted draft tokens per draft. Higher means fewer engine steps per token.',
    unit: 'short',
    min: 1,
    targets: targets([ctx.q.specDecodeAcceptanceLength(split), legendOf('tokens/draft', split)]),
  };
  const tokens: PanelSpec = {
    title: titled('Draft tokens/s', split),
    description: 'Draft tokens proposed and accepted per second.',
    unit: 'short',
    min: 0,
    targets: targets(
      [ctx.q.signal(SIGNALS.specDecodeDraftTokenRate, split), legendOf('drafted', split)],
      [ctx.q.signal(SIGNALS.specDecodeAcceptedTokenRate, split), legendOf('accepted', split)],
    ),
  };
  return [acceptance, length, tokens].map((spec) => build(spec, (s) => timeseriesPanel(s)));
}

export function loraTable(ctx: PanelContext): PanelBuilder | undefined {
  const spec: PanelSpec = {
    title: 'LoRA adapters',
    description: 'Per server the LoRA adapters running and waiting, and the max-loras slots (latest update). Waiting adapters with all slots busy delay their requests.',
    unit: 'none',
    targets: targets([ctx.q.info('loraRequestsInfo'), '']),
  };
  return build(spec, (s) => tablePanel(s));
}

export function multimodalPanels(ctx: PanelContext, split: Split): (PanelBuilder | undefined)[] {
  // the counters exist on every server from 0.12 (0 for text-only models): the row is the config's call
  if (ctx.setup.config.vllm.features.multimodal !== true) return [];
  const hits: PanelSpec = {
    title: titled('Multimodal cache hit ratio', split),
    description: 'Share of multimodal inputs (images, audio) served from the processor cache instead of being preprocessed again.',
    unit: 'percentunit',
    min: 0,
    max: 1,
    targets: targets([ctx.q.signal(SIGNALS.mmCacheHitRatio, split), legendOf('hit ratio', split)]),
  };
  const queries: PanelSpec = {
    title: titled('Multimodal cache queries/s', split),
    description: 'Multimodal items looked up in the cache per second, and the hits among them.',
    unit: 'short',
    min: 0,
    targets: targets([ctx.q.signal(SIGNALS.mmCacheQueryRate, split), legendOf('queries', split)], [ctx.q.signal(SIGNALS.mmCacheHitRate, split), legendOf('hits', split)]),
  };
  return [hits, queries].map((spec) => build(spec, (s) => timeseriesPanel(s)));
}
