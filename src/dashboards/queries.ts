// The PromQL of every panel, apart from layout. Signals (src/signals) give the expressions: names
// come from the catalog for the configured version (several names are `or`ed in a mixed fleet, so
// panels never go blank mid-upgrade), and a concept the version lacks yields no query, so the panel is
// left out. Where the rules record a signal at a level that keeps the panel's split, the fleet view
// reads the recording (cheap at fleet scale); anything finer, such as a split by engine, and every
// panel of the instance dashboard, computes from raw series over $__rate_interval.
import type { Concept } from '../catalog/index.js';
import { LABEL, SLO_RECORD, type Setup, type Quantile } from '../model/index.js';
import { aggregate, anyOf, by, eq, ne, overNames, RATE_INTERVAL, selector, type Matcher } from '../promql/index.js';
import {
  coveringLevel,
  HISTOGRAMS,
  HTTP_STATUS_LABEL,
  namesOf,
  PROBE_SUCCESS,
  readSignal,
  SIGNALS,
  sourcesOf,
  UP,
  type HistogramSignals,
  type Scope,
  type Signal,
} from '../signals/index.js';
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

export function splits(setup: Setup): Splits {
  const multiCluster = setup.config.cluster.multi;
  const withCluster = (label: string, noun: string): Split =>
    multiCluster
      ? { labels: [setup.clusterLabel, label], legend: `{{${setup.clusterLabel}}} {{${label}}}`, noun }
      : { labels: [label], legend: `{{${label}}}`, noun };
  const instance = withCluster(LABEL.instance, 'instance');
  return {
    model: withCluster(LABEL.model, 'model'),
    instance,
    job: withCluster(LABEL.job, 'job'),
    engine: hasEngineLabel(setup)
      ? { labels: [...instance.labels, LABEL.engine], legend: `${instance.legend} engine {{${LABEL.engine}}}`, noun: 'engine' }
      : instance,
    none: { labels: [], legend: '' },
  };
}

const raw = (expr: string, metrics: readonly string[]): Query => ({ expr, metrics, recordings: [] });

/** The histogram signals of a concept; every histogram a panel reads has an entry in the table. */
function histogramOf(concept: Concept): HistogramSignals {
  const histogram = Object.values(HISTOGRAMS).find((h) => h.concept === concept);
  if (histogram === undefined) throw new Error(`no histogram signal reads ${concept}`);
  return histogram;
}

export class Queries {
  private readonly filter: Filters;
  private readonly scope: Scope;

  /** `fleet`: the fleet view, which reads the rules' recordings where they keep the split. */
  constructor(
    readonly setup: Setup,
    private readonly fleet: boolean,
  ) {
    this.filter = filters(setup);
    this.scope = { window: RATE_INTERVAL, engine: this.filter.engine, target: this.filter.target };
  }

  names(concept: Concept): readonly string[] {
    return namesOf(this.setup, concept);
  }

  /** A signal split by `split`; undefined where the fleet's vLLM versions cannot express it. */
  signal(signal: Signal, split: Split): Query | undefined {
    if (!signal.available(this.setup)) return undefined;
    const options = { recorded: this.fleet, recordedMatchers: this.filter.recorded };
    const reading = readSignal(this.setup, signal, this.scope, split.labels, options);
    return { ...reading, metrics: sourcesOf(this.setup, signal) };
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
    const target = [this.setup.clusterLabel, LABEL.job, LABEL.instance];
    const counters = this.names('promptTokens');
    const reset = aggregate('max', overNames(counters, this.filter.engine, (s) => `resets(${s}[${RANGE}])`), target);
    if (!this.setup.catalog.exposes(PROCESS_START)) return raw(aggregate('sum', reset), counters);
    const started = aggregate('max', `changes(${selector(PROCESS_START, this.filter.target)}[${RANGE}])`, target);
    return raw(aggregate('sum', `${started} or ${reset}`), [PROCESS_START, ...counters]);
  }

  /** Targets that answer the scrape but expose no vLLM series: --disable-log-stats, or a wrong port. */
  upWithoutVllmMetrics(): Query {
    const names = this.names('requestsRunning');
    const vllm = overNames(names, [...this.filter.target, ne(LABEL.model, '')], (s) => s);
    const on = [this.setup.clusterLabel, LABEL.job, LABEL.instance].join(', ');
    const expr = `${aggregate('count', `${selector(UP, this.filter.target)} == 1 unless on (${on}) ${vllm}`)} or vector(0)`;
    return raw(expr, [UP, ...names]);
  }

  // ---- traffic and errors -----------------------------------------------------------------------

  finishedByReason(): Query | undefined {
    return this.signal(SIGNALS.requestRate, { labels: [LABEL.finishedReason], legend: `{{${LABEL.finishedReason}}}` });
  }

  httpByStatus(): Query | undefined {
    return this.signal(SIGNALS.httpRequestRate, { labels: [HTTP_STATUS_LABEL], legend: `{{${HTTP_STATUS_LABEL}}}` });
  }

  // ---- latency ----------------------------------------------------------------------------------

  /** A histogram's quantile (latencies, tokens per step): quantiles from buckets, never from _sum alone. */
  quantile(concept: Concept, q: Quantile, split: Split): Query | undefined {
    return this.signal(histogramOf(concept).quantile[q], split);
  }

  /** Rate of _sum over rate of _count. */
  mean(concept: Concept, split: Split): Query | undefined {
    return this.signal(histogramOf(concept).mean, split);
  }

  /** Observations per second and bucket (cumulative; Grafana's heatmap format takes the differences). */
  heatmap(buckets: Signal): Query | undefined {
    return this.signal(buckets, { labels: [], legend: '' });
  }

  // ---- saturation -------------------------------------------------------------------------------

  waitingByReason(): Query | undefined {
    const names = this.names('requestsWaitingByReason');
    if (names.length === 0) return undefined;
    return raw(aggregate('sum', overNames(names, this.filter.engine, (s) => s), ['reason']), names);
  }

  /** Prefix-cache hits over queries; V0 only had a ready-made hit-rate gauge, read where no counters exist. */
  prefixCacheHitRatio(split: Split): Query | undefined {
    const recorded = this.fleet && coveringLevel(this.setup, SIGNALS.prefixCacheHitRatio, split.labels) !== undefined;
    const counters = this.signal(recorded ? SIGNALS.prefixCacheHitRatio : SIGNALS.prefixCacheHitShare, split);
    const gauge = this.signal(SIGNALS.prefixCacheHitRateGauge, split);
    const parts = [counters, gauge].filter((q): q is Query => q !== undefined);
    if (parts.length === 0) return undefined;
    return {
      expr: anyOf(parts.map((p) => p.expr)),
      metrics: parts.flatMap((p) => p.metrics),
      recordings: parts.flatMap((p) => p.recordings),
    };
  }

  /** Mean accepted length of a speculative draft: the bonus token plus the accepted draft tokens. */
  specDecodeAcceptanceLength(split: Split): Query | undefined {
    const accepted = this.signal(SIGNALS.specDecodeAcceptedPerDraft, split);
    return accepted && { ...accepted, expr: `1 + ${accepted.expr}` };
  }

  // ---- configuration ----------------------------------------------------------------------------

  /** Info-style series as a table: one row per target, one column per label. */
  info(concept: 'cacheConfigInfo' | 'loraRequestsInfo'): Query | undefined {
    const names = this.names(concept);
    if (names.length === 0) return undefined;
    const target = [this.setup.clusterLabel, LABEL.job, LABEL.instance];
    // cache_config_info carries `engine` from 0.9 (one row per engine)
    const engine = this.setup.catalog.labelsOf(names[0]).includes(LABEL.engine) ? this.filter.engineOnly : [];
    const series = overNames(names, [...this.filter.target, ...engine], (s) => s);
    // lora_requests_info keeps one series per adapter combination, valued with its last update time
    const expr =
      concept === 'loraRequestsInfo' ? `topk${by(target)} (1, ${series})` : aggregate('max', series, [...target, ...this.setup.catalog.labelsOf(names[0])]);
    return raw(expr, names);
  }

}

/** SLO recordings carry the SLO's name and the window as labels; `sloMatcher` picks the SLO(s), and
 *  `sources` are the raw families behind them (named in panel descriptions). */
export class SloQueries {
  private readonly matchers: Matcher[];

  constructor(
    setup: Setup,
    sloMatcher: Matcher,
    private readonly sources: readonly string[],
  ) {
    this.matchers = [sloMatcher, ...filters(setup).cluster];
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
