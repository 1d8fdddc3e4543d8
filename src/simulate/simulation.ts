// The simulated server without HTTP: the catalog's metric set for one vLLM version, driven by
// simulated traffic on every (model, engine). Time advances in fixed ticks from the injected clock,
// so the exposition at clock time t depends only on the seed, the scenario history and t.
import {
  catalogFor,
  catalogVersionOf,
  deadEngineHealth,
  defaultApiServers,
  NEWEST_VERSION,
  usesMultiprocessRegistry,
  type DeadEngineHealth,
  type Catalog,
  type ExposedMetric,
  type Feature,
  type MetricPrefix,
} from '../catalog/index.js';
import { LABEL } from '../model/conventions.js';
import { EngineSim } from './engine.js';
import type { FinishedRequest } from './engine.js';
import { formatValue, renderFamilies, type RenderedFamily, type Sample } from './exposition.js';
import { labelValues, type LabelValues, type RequestLabel } from './labels.js';
import { seededRandom, seedOf, type Random } from './random.js';
import { conceptsByName, roleOf, type ReadContext, type Role } from './roles.js';
import { SCENARIO_SHAPES, type Scenario } from './scenarios.js';

export const DEFAULT_MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
const DEFAULT_MAX_MODEL_LEN = 8192;
const TICK_MS = 250;
/** A clock that jumps further than this (a suspended laptop, a test clock) skips the gap. */
const MAX_CATCHUP_MS = 10 * 60_000;

export interface SimulationOptions {
  /** A vLLM release, e.g. "0.10" or "0.11.2" (default: newest in the catalog). */
  version?: string;
  /** Served model names; each gets its own engines (default: one Llama 8B). */
  models?: readonly string[];
  /** Data-parallel engines per model; V1 with the `engine` label (>= 0.8.3) only. */
  engines?: number;
  /** API server processes (--api-server-count). Default as vLLM: one, or one per data-parallel
   *  engine from 0.15. More than one means Prometheus' multiprocess registry: no process_* and no
   *  _created series. */
  apiServers?: number;
  scenario?: Scenario;
  /** Optional subsystems whose metrics to serve (speculative decoding, LoRA, ...). */
  features?: readonly Feature[];
  /** `vllm_` imitates a pipeline that renamed the colon (prometheus-adapter, OTel). */
  prefix?: MetricPrefix;
  /** As `vllm serve --disable-log-stats`: no engine metrics, only HTTP and process ones. */
  disableLogStats?: boolean;
  /** Bounds of the token-count histograms follow --max-model-len. */
  maxModelLen?: number;
  seed?: number;
  /** Milliseconds since the epoch (default Date.now). */
  clock?: () => number;
}

/** Label name/value pairs in exposition order. */
type LabelPairs = readonly (readonly [string, string])[];

interface Engine {
  readonly sim: EngineSim;
  readonly random: Random;
  readonly labels: LabelPairs;
}

interface Combo {
  readonly values: readonly string[];
  /** Fraction of a spread amount this combination gets (product of the split labels' weights). */
  readonly share: number;
  /** Values the finished request must have for the combination to receive it. */
  readonly request: readonly (readonly [RequestLabel, string])[];
}

interface SeriesState {
  readonly labels: LabelPairs;
  readonly created: number;
  value: number;
  readonly bucketCounts: number[];
  sum: number;
  count: number;
}

interface Family {
  readonly metric: ExposedMetric;
  readonly role: Role;
  /** Labels of the engine scope the family carries (model_name and/or engine); none: server-wide. */
  readonly scopeLabels: readonly string[];
  readonly extraLabels: readonly string[];
  readonly combos: readonly Combo[];
  readonly buckets: readonly number[];
  /** Series appear on first use instead of at start-up. */
  readonly lazy: boolean;
  readonly series: Map<string, SeriesState>;
}

/** Options a simulator cannot honour (the CLI reports them as bad input). */
export class SimulatorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulatorError';
  }
}

/** Releases are reported as vLLM does: three parts ("0.10" -> "0.10.0"). */
export function releaseString(version: string): string {
  const parts = version.replace(/^v/, '').split('.');
  while (parts.length < 3) parts.push('0');
  return parts.join('.');
}

/** vLLM's build_1_2_5_buckets(max_model_len). */
export function buckets125(max: number): number[] {
  const out: number[] = [];
  for (let exponent = 1; ; exponent *= 10) {
    for (const mantissa of [1, 2, 5]) {
      if (mantissa * exponent > max) return out;
      out.push(mantissa * exponent);
    }
  }
}

/** Bounds for histograms whose buckets depend on the deployment (the catalog leaves them open). */
function deploymentBuckets(unit: string, maxModelLen: number): number[] {
  switch (unit) {
    case 'seconds':
      return [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
    case 'bytes':
      return Array.from({ length: 12 }, (_, i) => 2 ** (11 + 2 * i));
    default:
      return buckets125(maxModelLen);
  }
}

function cartesian(lists: readonly (readonly string[])[]): string[][] {
  return lists.reduce<string[][]>((acc, list) => acc.flatMap((prefix) => list.map((v) => [...prefix, v])), [[]]);
}

export class Simulation {
  readonly catalog: Catalog;
  /** The release /version reports, e.g. "0.10.0". */
  readonly release: string;
  readonly models: readonly string[];
  readonly maxModelLen: number;
  readonly startMs: number;
  readonly apiServers: number;
  /** What /health does once the engine died in this version. */
  readonly deadEngine: DeadEngineHealth;
  private current: Scenario;
  private lastTickMs: number;
  private readonly clock: () => number;
  private readonly engines: Engine[];
  private readonly families: Family[];
  private readonly isV1: boolean;
  /** Prometheus' multiprocess registry: no process collector, no `_created`. */
  private readonly multiprocess: boolean;

  constructor(options: SimulationOptions = {}) {
    const requested = options.version ?? NEWEST_VERSION;
    const version = catalogVersionOf(requested);
    const engines = options.engines ?? 1;
    if (!Number.isInteger(engines) || engines < 1) throw new SimulatorError(`engines must be a whole number >= 1, got ${engines}`);
    this.apiServers = options.apiServers ?? defaultApiServers(version, engines);
    if (!Number.isInteger(this.apiServers) || this.apiServers < 1) throw new SimulatorError(`apiServers must be a whole number >= 1, got ${this.apiServers}`);
    this.multiprocess = usesMultiprocessRegistry(version, this.apiServers);
    this.catalog = catalogFor(version, {
      prefix: options.prefix,
      features: Object.fromEntries((options.features ?? []).map((f) => [f, true])),
      multiprocess: this.multiprocess,
    });
    this.isV1 = !this.catalog.isV0Only;
    if (engines > 1 && !this.catalog.hasEngineLabel) {
      const why = this.isV1 ? 'has no engine label before 0.8.3' : 'runs the V0 engine';
      throw new SimulatorError(`vLLM ${requested} ${why}: one engine per server`);
    }
    this.deadEngine = deadEngineHealth(version);
    this.release = releaseString(requested);
    this.models = options.models ?? [DEFAULT_MODEL];
    if (this.models.length === 0) throw new SimulatorError('at least one model name is needed');
    this.maxModelLen = options.maxModelLen ?? DEFAULT_MAX_MODEL_LEN;
    this.clock = options.clock ?? Date.now;
    this.current = options.scenario ?? 'steady';
    this.startMs = this.clock();
    this.lastTickMs = this.startMs;
    const seed = options.seed ?? 1;
    this.engines = this.models.flatMap((model) =>
      Array.from({ length: engines }, (_, i) => this.makeEngine(model, i, seed)),
    );
    const metrics = options.disableLogStats ? [] : this.catalog.metrics();
    const concepts = conceptsByName(this.catalog);
    this.families = [
      ...metrics.map((m) => this.makeFamily(m, roleOf(m.def, concepts.get(m.name), false), false)),
      ...this.catalog.externals().map((m) => this.makeFamily(m, roleOf(m.def, undefined, true), true)),
    ].sort((a, b) => (a.metric.name < b.metric.name ? -1 : 1));
  }

  get scenario(): Scenario {
    return this.current;
  }

  get alive(): boolean {
    return SCENARIO_SHAPES[this.current].alive;
  }

  /** Switches the traffic shape from now on; what happened so far stays. */
  setScenario(scenario: Scenario): void {
    this.advance();
    this.current = scenario;
  }

  /** The /metrics body at the clock's current time. */
  render(): string {
    this.advance();
    const ctx = { nowSeconds: this.clock() / 1000, startSeconds: this.startMs / 1000 };
    return renderFamilies(this.families.map((f) => this.renderFamily(f, ctx)));
  }

  private makeEngine(model: string, index: number, seed: number): Engine {
    const random = seededRandom(seedOf(`${model}#${index}`, seed));
    const labels: [string, string][] = [[LABEL.model, model]];
    if (this.catalog.hasEngineLabel) labels.push([LABEL.engine, String(index)]);
    return { sim: new EngineSim(random, this.catalog.finishedReasons(), this.maxModelLen), random, labels };
  }

  private makeFamily(metric: ExposedMetric, role: Role, external: boolean): Family {
    const scopeLabels = [LABEL.model, LABEL.engine].filter((l) => metric.labels.includes(l));
    const extraLabels = metric.labels.filter((l) => l !== LABEL.model && l !== LABEL.engine);
    const values = extraLabels.map((l) => labelValues(l, this.catalog.finishedReasons(), metric.def.base));
    const combos = cartesian(values.map((v) => v.values)).map((combo) => ({
      values: combo,
      share: combo.reduce((share, value, i) => share * shareOf(values[i], value), 1),
      request: combo
        .map((value, i) => [extraLabels[i], value] as const)
        .filter((_, i) => values[i].perRequest) as [RequestLabel, string][],
    }));
    const decidedPerRequest = values.some((v) => v.perRequest);
    const family: Family = {
      metric,
      role,
      scopeLabels,
      extraLabels,
      combos,
      buckets: metric.def.type === 'histogram' ? (this.catalog.buckets(metric.name) ?? deploymentBuckets(metric.def.unit, this.maxModelLen)) : [],
      // V1 creates every labelled child up front; V0 and the HTTP instrumentator on first use
      lazy: (decidedPerRequest && (external || !this.isV1)) || (!this.isV1 && role.kind === 'observe'),
      series: new Map(),
    };
    if (!family.lazy && role.kind !== 'read') {
      for (const scope of this.scopesOf(family)) for (const combo of combos) this.seriesOf(family, scope, combo);
    }
    return family;
  }

  /** One scope per engine, narrowed to the family's scope labels (cache_config_info: engine only);
   *  engines that share those labels share the series. */
  private scopesOf(family: Family): readonly LabelPairs[] {
    return this.engineScopes(family).map((s) => s.labels);
  }

  /** Each distinct scope with the first engine in it (none for server-wide families). */
  private engineScopes(family: Family): { labels: LabelPairs; engine?: EngineSim }[] {
    if (family.scopeLabels.length === 0) return [{ labels: [] }];
    const byScope = new Map<string, { labels: LabelPairs; engine: EngineSim }>();
    for (const e of this.engines) {
      const labels = this.scopeOf(family, e);
      const key = JSON.stringify(labels);
      if (!byScope.has(key)) byScope.set(key, { labels, engine: e.sim });
    }
    return [...byScope.values()];
  }

  private scopeOf(family: Family, engine: Engine): LabelPairs {
    return engine.labels.filter(([label]) => family.scopeLabels.includes(label));
  }

  private seriesOf(family: Family, scope: LabelPairs, combo: Combo): SeriesState {
    const key = JSON.stringify([scope, combo.values]);
    let series = family.series.get(key);
    if (series === undefined) {
      series = {
        labels: labelPairs(family, scope, combo),
        created: this.lastTickMs / 1000,
        value: 0,
        bucketCounts: family.buckets.map(() => 0),
        sum: 0,
        count: 0,
      };
      family.series.set(key, series);
    }
    return series;
  }

  private advance(): void {
    const now = this.clock();
    if (now - this.lastTickMs > MAX_CATCHUP_MS) {
      this.lastTickMs += Math.floor((now - this.lastTickMs - MAX_CATCHUP_MS) / TICK_MS) * TICK_MS;
    }
    while (this.lastTickMs + TICK_MS <= now) {
      this.lastTickMs += TICK_MS;
      this.tick(TICK_MS / 1000);
    }
  }

  private tick(dt: number): void {
    const shape = SCENARIO_SHAPES[this.current];
    for (const engine of this.engines) {
      for (const request of engine.sim.step(dt, shape)) this.record(engine, request);
    }
    for (const family of this.families) {
      if (family.role.kind !== 'count' || family.role.perSecond === 0) continue;
      for (const scope of this.scopesOf(family)) {
        for (const combo of family.combos) this.seriesOf(family, scope, combo).value += family.role.perSecond * dt * combo.share;
      }
    }
  }

  private record(engine: Engine, request: FinishedRequest): void {
    for (const family of this.families) {
      const scope = this.scopeOf(family, engine);
      const matching = family.combos.filter((c) => c.request.every(([label, value]) => request.labels[label] === value));
      if (family.role.kind === 'count') {
        const amount = family.role.perRequest(request);
        for (const combo of matching) {
          if (amount * combo.share > 0) this.seriesOf(family, scope, combo).value += amount * combo.share;
        }
      } else if (family.role.kind === 'observe') {
        const observations = family.role.observe(request);
        if (observations.length === 0 || matching.length === 0) continue;
        const combo = engine.random.pick(matching, matching.map((c) => c.share));
        const series = this.seriesOf(family, scope, combo);
        for (const [value, count] of observations) observeInto(family.buckets, series, value, count);
      }
    }
  }

  private renderFamily(family: Family, time: Omit<ReadContext, 'engine'>): RenderedFamily {
    const { name, def } = family.metric;
    const samples: Sample[] = [];
    const created: Sample[] = [];
    const base = name.replace(/_total$/, '');
    if (family.role.kind === 'read') {
      const read = family.role.read;
      for (const scope of this.engineScopes(family)) {
        for (const combo of family.combos) {
          samples.push({ name, labels: labelPairs(family, scope.labels, combo), value: read({ ...time, engine: scope.engine }) * combo.share });
        }
      }
    }
    // a counter that follows the clock is read from /proc by a collector, which has no _created;
    // the multiprocess registry (V0, several API servers) writes none at all
    const hasCreated = !this.multiprocess && !(family.role.kind === 'count' && family.role.perSecond > 0);
    for (const series of family.series.values()) {
      samples.push(...seriesSamples(def.type, name, family.buckets, series));
      if (hasCreated) created.push({ name: `${base}_created`, labels: series.labels, value: series.created });
    }
    return { name, type: def.type, help: def.help, samples, created, createdName: `${base}_created` };
  }
}

function labelPairs(family: Family, scope: LabelPairs, combo: Combo): LabelPairs {
  return [...scope, ...family.extraLabels.map((label, i) => [label, combo.values[i]] as const)];
}

function shareOf(values: LabelValues, value: string): number {
  if (values.perRequest || values.weights === undefined) return 1;
  const total = values.weights.reduce((a, b) => a + b, 0);
  return values.weights[values.values.indexOf(value)] / total;
}

function observeInto(buckets: readonly number[], series: SeriesState, value: number, count: number): void {
  const index = buckets.findIndex((bound) => value <= bound);
  // beyond the last bound only +Inf (= _count) counts it
  if (index >= 0) series.bucketCounts[index] += count;
  series.sum += value * count;
  series.count += count;
}

function seriesSamples(type: string, name: string, buckets: readonly number[], series: SeriesState): Sample[] {
  switch (type) {
    case 'histogram': {
      let cumulative = 0;
      const bucketSamples = buckets.map((bound, i) => {
        cumulative += series.bucketCounts[i];
        return { name: `${name}_bucket`, labels: [...series.labels, [LABEL.le, formatValue(bound)] as const], value: cumulative };
      });
      return [
        ...bucketSamples,
        { name: `${name}_bucket`, labels: [...series.labels, [LABEL.le, '+Inf'] as const], value: series.count },
        { name: `${name}_count`, labels: series.labels, value: series.count },
        { name: `${name}_sum`, labels: series.labels, value: series.sum },
      ];
    }
    case 'summary':
      return [
        { name: `${name}_count`, labels: series.labels, value: series.count },
        { name: `${name}_sum`, labels: series.labels, value: series.sum },
      ];
    default:
      return [{ name, labels: series.labels, value: series.value }];
  }
}
