// The PromQL of every panel, apart from layout. Names come from the catalog for the configured
// version (several names are `or`ed in a mixed fleet, so panels never go blank mid-upgrade); a concept
// the version lacks yields no query, and the panel is left out. Where the rules record a signal at the
// level a panel shows, the panel reads the recording (cheap at fleet scale); anything finer, such as a
// split by engine, computes from raw series over $__rate_interval.
import type { Concept } from '../catalog/index.js';
import {
  canonicalMetric,
  LABEL,
  levelLabels,
  quantileOperation,
  recordName,
  SLO_RECORD,
  type RecordLevel,
  type Model,
  type Quantile,
} from '../model/index.js';
import {
  aggregate,
  anyOf,
  by,
  eq,
  histogramMean,
  histogramQuantile,
  ne,
  overNames,
  rate,
  RATE_INTERVAL,
  safeDiv,
  selector,
  type Matcher,
} from '../promql/index.js';
import { SLO_LATENCY_CONCEPT } from '../config/semantics.js';
import type { SloConfig } from '../config/types.js';
// the same names and conditions decide what the rules record and what a panel reads
import {
  BUCKET_RATE_CONCEPTS,
  bucketRateRecord,
  ENGINE_LEVELS,
  HTTP_LEVELS,
  OPERATION,
  quantileLevels,
  RATE_CONCEPTS,
  REASON_LEVEL,
  STATUS_LEVEL,
} from '../rules/recording.js';
import {
  ERROR_REASON,
  hasErrorReason,
  hasHttpMetrics,
  HTTP_REQUESTS,
  HTTP_SERVER_ERROR,
  HTTP_STATUS_LABEL,
  onErrorReporting,
  PROBE_SUCCESS,
  ratio,
  UP,
} from '../rules/signals.js';
import type { Query } from './common.js';
import { filters, hasEngineLabel, type Filters } from './variables.js';

const PROBE_STATUS = 'probe_http_status_code';
const PROCESS_START = 'process_start_time_seconds';

/** Grafana's whole-range macro: counts "in the selected time range". */
const RANGE = '$__range';

/** How a panel splits its series: the `by` labels and the legend that names one series. */
export interface Split {
  readonly labels: readonly string[];
  readonly legend: string;
  /** For titles: "… by model". Undefined when the series are not split. */
  readonly noun?: string;
}

export interface Splits {
  readonly model: Split;
  readonly instance: Split;
  /** Engines (data-parallel ranks) of each selected server; servers alone on V0. */
  readonly engine: Split;
  readonly job: Split;
  readonly none: Split;
}

export function splits(model: Model): Splits {
  const multiCluster = model.config.cluster.multi;
  const withCluster = (label: string, noun: string): Split =>
    multiCluster
      ? { labels: [model.clusterLabel, label], legend: `{{${model.clusterLabel}}} {{${label}}}`, noun }
      : { labels: [label], legend: `{{${label}}}`, noun };
  const instance = withCluster(LABEL.instance, 'instance');
  return {
    model: withCluster(LABEL.model, 'model'),
    instance,
    job: withCluster(LABEL.job, 'job'),
    engine: hasEngineLabel(model)
      ? { labels: [...instance.labels, LABEL.engine], legend: `${instance.legend} engine {{${LABEL.engine}}}`, noun: 'engine' }
      : instance,
    none: { labels: [], legend: '' },
  };
}

/** Histograms and counters the rules record, at the levels they record them. */
const RECORDED_BUCKET_RATES: readonly Concept[] = BUCKET_RATE_CONCEPTS;
const RECORDED_RATES: readonly Concept[] = RATE_CONCEPTS;

const UNSPLIT: Split = { labels: [], legend: '' };

const raw = (expr: string, metrics: readonly string[]): Query => ({ expr, metrics, recordings: [] });

export class Queries {
  private readonly filter: Filters;
  /** Panels ask for the same concepts many times; the catalog resolves each across every covered version. */
  private readonly namesOf = new Map<Concept, string[]>();

  /** `recorded`: read the rules' recordings where they match the split (the fleet overview). */
  constructor(
    readonly model: Model,
    private readonly recorded: boolean,
  ) {
    this.filter = filters(model);
  }

  names(concept: Concept): string[] {
    let names = this.namesOf.get(concept);
    if (names === undefined) {
      names = this.model.catalog.concept(concept);
      this.namesOf.set(concept, names);
    }
    return names;
  }

  // ---- health -----------------------------------------------------------------------------------

  targetsUp(): Query {
    return raw(aggregate('sum', selector(UP, this.filter.target)), [UP]);
  }

  targetsDown(): Query {
    return raw(`${aggregate('count', `${selector(UP, this.filter.target)} == 0`)} or vector(0)`, [UP]);
  }

  upBy(split: Split): Query {
    return raw(aggregate('max', selector(UP, this.filter.target), split.labels), [UP]);
  }

  healthChecksFailing(): Query {
    return raw(`${aggregate('count', `${selector(PROBE_SUCCESS, this.filter.probe)} == 0`)} or vector(0)`, [PROBE_SUCCESS]);
  }

  healthStatusCode(split: Split): Query {
    return raw(aggregate('max', selector(PROBE_STATUS, this.filter.probe), split.labels), [PROBE_STATUS]);
  }

  /** One series per engine (data-parallel rank) of every server and model. */
  engines(): Query {
    const names = this.names('requestsRunning');
    return raw(aggregate('count', overNames(names, this.filter.engine, (s) => s)), names);
  }

  /** Per server: changes of the process start time, or where the multiprocess registry leaves no
   *  process metrics (V0, several API servers), resets of the prompt-token counter every vLLM has. */
  restarts(): Query {
    const target = [this.model.clusterLabel, LABEL.job, LABEL.instance];
    const counters = this.names('promptTokens');
    const reset = aggregate('max', overNames(counters, this.filter.engine, (s) => `resets(${s}[${RANGE}])`), target);
    if (!this.model.catalog.exposes(PROCESS_START)) return raw(aggregate('sum', reset), counters);
    const started = aggregate('max', `changes(${selector(PROCESS_START, this.filter.target)}[${RANGE}])`, target);
    return raw(aggregate('sum', `${started} or ${reset}`), [PROCESS_START, ...counters]);
  }

  /** Targets that answer the scrape but expose no vLLM series: --disable-log-stats, or a wrong port. */
  upWithoutVllmMetrics(): Query {
    const names = this.names('requestsRunning');
    const vllm = overNames(names, [...this.filter.target, ne(LABEL.model, '')], (s) => s);
    const on = [this.model.clusterLabel, LABEL.job, LABEL.instance].join(', ');
    const expr = `${aggregate('count', `${selector(UP, this.filter.target)} == 1 unless on (${on}) ${vllm}`)} or vector(0)`;
    return raw(expr, [UP, ...names]);
  }

  // ---- traffic and errors -----------------------------------------------------------------------

  /** Per-second rate of a counter concept (requests, tokens, preemptions). */
  rate(concept: Concept, split: Split): Query | undefined {
    const names = this.names(concept);
    if (names.length === 0) return undefined;
    const level = RECORDED_RATES.includes(concept) ? this.recordedLevel(split, ENGINE_LEVELS) : undefined;
    if (level) return this.readRecording('sum', level, recordName(level, canonicalMetric(this.model, concept), OPERATION.rate), split, names);
    return raw(aggregate('sum', overNames(names, this.filter.engine, (s) => rate(s, RATE_INTERVAL)), split.labels), names);
  }

  finishedByReason(): Query {
    const names = this.names('requestSuccess');
    const byReason: Split = { labels: [LABEL.finishedReason], legend: `{{${LABEL.finishedReason}}}` };
    const level = this.recordedLevel(byReason, [REASON_LEVEL]);
    if (level) return this.readRecording('sum', level, recordName(level, canonicalMetric(this.model, 'requestSuccess'), OPERATION.rate), byReason, names);
    return raw(aggregate('sum', overNames(names, this.filter.engine, (s) => rate(s, RATE_INTERVAL)), byReason.labels), names);
  }

  /** Share of finished requests with finished_reason="error" (engine-side failures). */
  engineErrorRatio(split: Split): Query | undefined {
    if (!hasErrorReason(this.model)) return undefined;
    const names = this.names('requestSuccess');
    const level = this.recordedLevel(split, ENGINE_LEVELS);
    if (level) {
      return this.readRecording('max', level, recordName(level, canonicalMetric(this.model, 'requestSuccess'), OPERATION.errorRatio), split, names);
    }
    const errors = aggregate('sum', overNames(names, [...this.filter.engine, eq(LABEL.finishedReason, ERROR_REASON)], (s) => rate(s, RATE_INTERVAL)), split.labels);
    const finished = onErrorReporting(this.model, overNames(names, this.filter.engine, (s) => rate(s, RATE_INTERVAL)), this.filter.engine, RATE_INTERVAL);
    return raw(ratio(errors, aggregate('sum', finished, split.labels)), names);
  }

  /** Share of HTTP responses with a 5xx status (front-end failures, no model_name). */
  http5xxRatio(split: Split): Query | undefined {
    if (!hasHttpMetrics(this.model)) return undefined;
    const level = this.recordedLevel(split, HTTP_LEVELS);
    if (level) return this.readRecording('max', level, recordName(level, HTTP_REQUESTS, OPERATION.http5xxRatio), split, [HTTP_REQUESTS]);
    const requests = (matchers: readonly Matcher[]) => aggregate('sum', rate(selector(HTTP_REQUESTS, matchers), RATE_INTERVAL), split.labels);
    return raw(ratio(requests([...this.filter.target, eq(HTTP_STATUS_LABEL, HTTP_SERVER_ERROR)]), requests(this.filter.target)), [HTTP_REQUESTS]);
  }

  httpByStatus(): Query | undefined {
    if (!hasHttpMetrics(this.model)) return undefined;
    const byStatus: Split = { labels: [HTTP_STATUS_LABEL], legend: `{{${HTTP_STATUS_LABEL}}}` };
    const level = this.recordedLevel(byStatus, [STATUS_LEVEL]);
    if (level) return this.readRecording('sum', level, recordName(level, HTTP_REQUESTS, OPERATION.rate), byStatus, [HTTP_REQUESTS]);
    return raw(aggregate('sum', rate(selector(HTTP_REQUESTS, this.filter.target), RATE_INTERVAL), byStatus.labels), [HTTP_REQUESTS]);
  }

  // ---- latency ----------------------------------------------------------------------------------

  /** A histogram's quantile (latencies, tokens per step): quantiles from buckets, never from _sum alone. */
  quantile(concept: Concept, q: Quantile, split: Split): Query | undefined {
    return this.histogram(concept, split, quantileOperation(q), (names) => histogramQuantile(q, names, this.filter.engine, RATE_INTERVAL, split.labels));
  }

  /** Rate of _sum over rate of _count. */
  mean(concept: Concept, split: Split): Query | undefined {
    return this.histogram(concept, split, OPERATION.mean, (names) => histogramMean(names, this.filter.engine, RATE_INTERVAL, split.labels));
  }

  /** Observations per second and bucket (cumulative; Grafana's heatmap format takes the differences). */
  heatmap(concept: Concept): Query | undefined {
    const names = this.names(concept);
    if (names.length === 0) return undefined;
    const byBucket: Split = { labels: [LABEL.le], legend: `{{${LABEL.le}}}` };
    const level = RECORDED_BUCKET_RATES.includes(concept) ? this.recordedLevel(UNSPLIT, ['model']) : undefined;
    if (level) return this.readRecording('sum', level, bucketRateRecord(this.model, concept), byBucket, names);
    const buckets = overNames(names.map((n) => `${n}_bucket`), this.filter.engine, (s) => rate(s, RATE_INTERVAL));
    return raw(aggregate('sum', buckets, byBucket.labels), names);
  }

  // ---- saturation -------------------------------------------------------------------------------

  /** A gauge concept aggregated per split; `max`/`avg` for fractions, which must never be summed. */
  gauge(op: 'sum' | 'max' | 'avg', concept: Concept, split: Split): Query | undefined {
    const names = this.names(concept);
    if (names.length === 0) return undefined;
    return raw(aggregate(op, overNames(names, this.filter.engine, (s) => s), split.labels), names);
  }

  /** KV-cache usage as the rules record it per model (max and average over instances and engines). */
  kvCacheUsage(op: 'max' | 'avg', split: Split): Query | undefined {
    const names = this.names('kvCacheUsage');
    const level = this.recordedLevel(split, ['model']);
    if (level && names.length > 0) return this.readRecording(op, level, recordName(level, canonicalMetric(this.model, 'kvCacheUsage'), OPERATION[op]), split, names);
    return this.gauge(op, 'kvCacheUsage', split);
  }

  waitingByReason(): Query | undefined {
    const names = this.names('requestsWaitingByReason');
    if (names.length === 0) return undefined;
    return raw(aggregate('sum', overNames(names, this.filter.engine, (s) => s), ['reason']), names);
  }

  /** Prefix-cache hits over queries; V0 only had a ready-made hit-rate gauge, read where no counters exist. */
  prefixCacheHitRatio(split: Split): Query | undefined {
    const counters = this.counterRatio('prefixCacheHits', 'prefixCacheQueries', split);
    const level = this.recordedLevel(split, ENGINE_LEVELS);
    const recorded =
      counters && level
        ? this.readRecording('avg', level, recordName(level, canonicalMetric(this.model, 'prefixCacheHits'), OPERATION.hitRatio), split, counters.metrics)
        : counters;
    const gauge = this.gauge('avg', 'prefixCacheHitRateGauge', split);
    const parts = [recorded, gauge].filter((q): q is Query => q !== undefined);
    if (parts.length === 0) return undefined;
    return {
      expr: anyOf(parts.map((p) => p.expr)),
      metrics: parts.flatMap((p) => p.metrics),
      recordings: parts.flatMap((p) => p.recordings),
    };
  }

  /** Rate of one counter over another (hit ratios, acceptance rates), zero-safe. */
  counterRatio(numerator: Concept, denominator: Concept, split: Split): Query | undefined {
    const num = this.names(numerator);
    const den = this.names(denominator);
    if (num.length === 0 || den.length === 0) return undefined;
    const summed = (names: string[]) => aggregate('sum', overNames(names, this.filter.engine, (s) => rate(s, RATE_INTERVAL)), split.labels);
    return raw(safeDiv(summed(num), summed(den)), [...num, ...den]);
  }

  /** Mean accepted length of a speculative draft: the bonus token plus the accepted draft tokens. */
  specDecodeAcceptanceLength(split: Split): Query | undefined {
    const accepted = this.counterRatio('specDecodeAcceptedTokens', 'specDecodeDrafts', split);
    return accepted && { ...accepted, expr: `1 + ${accepted.expr}` };
  }

  // ---- configuration ----------------------------------------------------------------------------

  /** Info-style series as a table: one row per target, one column per label. */
  info(concept: 'cacheConfigInfo' | 'loraRequestsInfo'): Query | undefined {
    const names = this.names(concept);
    if (names.length === 0) return undefined;
    const target = [this.model.clusterLabel, LABEL.job, LABEL.instance];
    // cache_config_info carries `engine` from 0.9 (one row per engine)
    const engine = this.model.catalog.labelsOf(names[0]).includes(LABEL.engine) ? this.filter.engineOnly : [];
    const series = overNames(names, [...this.filter.target, ...engine], (s) => s);
    // lora_requests_info keeps one series per adapter combination, valued with its last update time
    const expr =
      concept === 'loraRequestsInfo' ? `topk${by(target)} (1, ${series})` : aggregate('max', series, [...target, ...this.model.catalog.labelsOf(names[0])]);
    return raw(expr, names);
  }

  // ---- recordings -------------------------------------------------------------------------------

  /** The coarsest recorded level that keeps every label of the split, when reading recordings. */
  private recordedLevel<L extends RecordLevel>(split: Split, levels: readonly L[]): L | undefined {
    if (!this.recorded) return undefined;
    return levels.find((level) => split.labels.every((l) => levelLabels(level, this.model.clusterLabel).includes(l)));
  }

  private readRecording(op: 'sum' | 'max' | 'avg', level: RecordLevel, name: string, split: Split, sources: readonly string[]): Query {
    return { expr: aggregate(op, selector(name, this.filter.recorded(level)), split.labels), metrics: sources, recordings: [name] };
  }

  private histogram(concept: Concept, split: Split, operation: string, fromBuckets: (names: string[]) => string): Query | undefined {
    const names = this.names(concept);
    if (names.length === 0) return undefined;
    const level = this.recordedLevel(split, quantileLevels(concept));
    if (level) return this.readRecording('max', level, recordName(level, canonicalMetric(this.model, concept), operation), split, names);
    return raw(fromBuckets(names), names);
  }
}

/** What an SLO's events are counted from, as the rules choose it: finished requests where the fleet
 *  reports finished_reason="error", HTTP responses before that, the latency histogram for latency. */
export function sloSources(model: Model, slo: SloConfig): string[] {
  if (slo.kind === 'latency') return model.catalog.concept(SLO_LATENCY_CONCEPT[slo.latency]);
  return hasErrorReason(model) ? model.catalog.concept('requestSuccess') : [HTTP_REQUESTS];
}

/** SLO recordings carry the SLO's name and the window as labels; `sloMatcher` picks the SLO(s), and
 *  `sources` are the raw families behind them (named in panel descriptions). */
export class SloQueries {
  private readonly matchers: Matcher[];

  constructor(
    model: Model,
    sloMatcher: Matcher,
    private readonly sources: readonly string[],
  ) {
    this.matchers = [sloMatcher, ...filters(model).cluster];
  }

  objective(): Query {
    return this.read('max', SLO_RECORD.objective);
  }

  /** The share of good events over a window: 1 − error ratio. */
  sli(window: string): Query {
    const errors = this.read('max', SLO_RECORD.errorRatio, [], window);
    return { ...errors, expr: `1 - ${errors.expr}` };
  }

  budgetRemaining(): Query {
    return this.read('min', SLO_RECORD.budgetRemaining);
  }

  burnRate(window: string): Query {
    return this.read('max', SLO_RECORD.burnRate, [], window);
  }

  burnRateByWindow(): Query {
    return this.read('max', SLO_RECORD.burnRate, [LABEL.sloWindow]);
  }

  private read(op: 'max' | 'min', record: string, by: readonly string[] = [], window?: string): Query {
    const matchers = window === undefined ? this.matchers : [...this.matchers, eq(LABEL.sloWindow, window)];
    return { expr: aggregate(op, selector(record, matchers), by), metrics: this.sources, recordings: [record] };
  }
}
