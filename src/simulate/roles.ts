// What drives each metric's value. The metric set comes from the catalog; a metric is driven by the
// concept it answers (catalog.concept), or else by its type and unit, so a metric the catalog adds
// later is served with a plausible value without touching the simulator.
import type { Catalog, Concept, MetricDef } from '../catalog/index.js';
import { CONCEPTS } from '../catalog/index.js';
import type { EngineState, FinishedRequest } from './engine.js';

/** [observed value, how many times]. */
export type Observation = readonly [value: number, count: number];

export interface ReadContext {
  /** The engine a per-engine series belongs to; undefined for server-wide series. */
  readonly engine?: EngineState;
  readonly nowSeconds: number;
  readonly startSeconds: number;
}

export type Role =
  | { readonly kind: 'count'; readonly perRequest: (q: FinishedRequest) => number; readonly perSecond: number }
  | { readonly kind: 'observe'; readonly observe: (q: FinishedRequest) => readonly Observation[] }
  | { readonly kind: 'read'; readonly read: (ctx: ReadContext) => number };

const count = (perRequest: (q: FinishedRequest) => number, perSecond = 0): Role => ({ kind: 'count', perRequest, perSecond });
const observe = (fn: (q: FinishedRequest) => readonly Observation[]): Role => ({ kind: 'observe', observe: fn });
const once = (fn: (q: FinishedRequest) => number): Role => observe((q) => [[fn(q), 1]]);
const read = (fn: (ctx: ReadContext) => number): Role => ({ kind: 'read', read: fn });
const constant = (value: number): Role => read(() => value);

const totalTokens = (q: FinishedRequest) => q.promptTokens + q.generationTokens;
const steps = (q: FinishedRequest) => Math.max(0, q.generationTokens - 1);
/** Decode steps run in batches; one step carries one token of each request in the batch. */
const DECODE_BATCH = 32;

const BY_CONCEPT: Readonly<Partial<Record<Concept, Role>>> = {
  requestsRunning: read((c) => c.engine?.running ?? 0),
  requestsWaiting: read((c) => c.engine?.waiting ?? 0),
  requestsWaitingByReason: read((c) => c.engine?.waiting ?? 0),
  requestsSwapped: constant(0),
  kvCacheUsage: read((c) => c.engine?.kvUsage ?? 0),
  prefixCacheHitRateGauge: read((c) => c.engine?.prefixHitRate ?? 0),
  cacheConfigInfo: constant(1),
  engineSleepState: constant(1),
  // set_to_current_time on every stats update
  loraRequestsInfo: read((c) => c.nowSeconds),
  requestSuccess: count(() => 1),
  promptTokens: count((q) => q.promptTokens),
  generationTokens: count((q) => q.generationTokens),
  preemptions: count((q) => q.preemptions),
  prefixCacheQueries: count((q) => q.promptTokens),
  prefixCacheHits: count((q) => q.cachedTokens),
  specDecodeDraftTokens: count((q) => q.draftTokens),
  specDecodeAcceptedTokens: count((q) => q.acceptedTokens),
  specDecodeDrafts: count((q) => q.drafts),
  mmCacheQueries: count(() => 1),
  mmCacheHits: count((q) => (q.cachedTokens * 2 > q.promptTokens ? 1 : 0)),
  timeToFirstToken: once((q) => q.ttftSeconds),
  interTokenLatency: observe((q) => (steps(q) > 0 ? [[q.interTokenSeconds, steps(q)]] : [])),
  requestTimePerOutputToken: observe((q) => (steps(q) > 0 ? [[q.decodeSeconds / steps(q), 1]] : [])),
  e2eLatency: once((q) => q.e2eSeconds),
  queueTime: once((q) => q.queueSeconds),
  inferenceTime: once((q) => q.prefillSeconds + q.decodeSeconds),
  prefillTime: once((q) => q.prefillSeconds),
  decodeTime: once((q) => q.decodeSeconds),
  promptLength: once((q) => q.promptTokens),
  generationLength: once((q) => q.generationTokens),
  iterationTokens: observe((q) => [
    [q.promptTokens - q.cachedTokens, 1],
    [DECODE_BATCH, Math.ceil(steps(q) / DECODE_BATCH)],
  ]),
};

/** vLLM metrics no concept names, by unit: token and request counters, request-parameter
 *  histograms, subsystem gauges. Rare-event request counters (corrupted, expired) follow failures. */
const VLLM_BY_UNIT: Readonly<Record<string, Partial<Record<MetricDef['type'], Role>>>> = {
  tokens: { counter: count((q) => q.promptTokens), histogram: once((q) => q.generationTokens) },
  requests: { counter: count((q) => (q.failed ? 1 : 0)), gauge: constant(0) },
  preemptions: { counter: count((q) => q.preemptions), histogram: once((q) => q.preemptions) },
  items: { counter: count(() => 1) },
  flops: { counter: count((q) => totalTokens(q) * 16e9) },
  bytes: { counter: count((q) => totalTokens(q) * 2e6), histogram: once((q) => totalTokens(q) * 2e6) },
  seconds: { histogram: once((q) => q.e2eSeconds) },
  milliseconds: { histogram: once((q) => q.interTokenSeconds * 1000) },
  sequences: { histogram: once(() => 1) },
  descriptors: { histogram: once(() => 16) },
  ratio: { gauge: constant(0.5) },
  'tokens/s': { gauge: read((c) => c.engine?.tokensPerSecond ?? 0) },
  timestamp: { gauge: read((c) => c.nowSeconds) },
  bool: { gauge: constant(1) },
  info: { gauge: constant(1) },
};

/** HTTP instrumentator and process metrics, by unit. */
const EXTERNAL_BY_UNIT: Readonly<Record<string, Partial<Record<MetricDef['type'], Role>>>> = {
  requests: { counter: count(() => 1) },
  seconds: { histogram: once((q) => q.e2eSeconds), counter: count(() => 0, 0.35) },
  // request and response bodies: JSON with the prompt, or the streamed completion
  bytes: { summary: once((q) => totalTokens(q) * 4), gauge: constant(4.2e9) },
  timestamp: { gauge: read((c) => c.startSeconds) },
  fds: { gauge: constant(64) },
};

/** Full name -> concept, for the names this catalog exposes. */
export function conceptsByName(catalog: Catalog): Map<string, Concept> {
  const byName = new Map<string, Concept>();
  for (const concept of Object.keys(CONCEPTS) as Concept[]) {
    for (const name of catalog.concept(concept)) byName.set(name, concept);
  }
  return byName;
}

const KIND_OF_TYPE: Readonly<Record<MetricDef['type'], Role['kind']>> = {
  counter: 'count',
  gauge: 'read',
  histogram: 'observe',
  summary: 'observe',
};

/** A metric nothing above describes still exists on a real server: it stays at zero. */
const IDLE: Readonly<Record<Role['kind'], Role>> = {
  count: count(() => 0),
  read: constant(0),
  observe: observe(() => []),
};

export function roleOf(def: MetricDef, concept: Concept | undefined, external: boolean): Role {
  const byConcept = concept === undefined ? undefined : BY_CONCEPT[concept];
  const byUnit = (external ? EXTERNAL_BY_UNIT : VLLM_BY_UNIT)[def.unit]?.[def.type];
  const role = byConcept ?? byUnit ?? IDLE[KIND_OF_TYPE[def.type]];
  if (role.kind !== KIND_OF_TYPE[def.type]) {
    throw new Error(`simulator: concept ${concept} drives a ${role.kind} role but ${def.base} is a ${def.type}`);
  }
  return role;
}
