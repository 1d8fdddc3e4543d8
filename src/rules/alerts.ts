// The vLLM alerts: one small definition each (defaults, expression, text, the labels that locate the
// problem, and the series that make it fire or stay silent in its generated promtool test). Config
// overrides (rules.alerts.<Name>) are applied in resolveAlerts.
import { deadEngineHealth, ERROR_REASON_SINCE, HEALTH_503_SINCE, type Concept } from '../catalog/index.js';
import type { AlertName, AlertOverride } from '../config/types.js';
import { durationSeconds } from '../config/duration.js';
import { LABEL, RECORDING_WINDOW, type DashboardKey, type Level, type Setup, type Quantile } from '../model/index.js';
import { sortedLabels } from '../order.js';
import { overNames, selector } from '../promql/index.js';
import {
  atLevel,
  bucketQuantile,
  counter,
  finishedRequests,
  gauge,
  histogram,
  httpResponses,
  sampleTarget,
  type Fixture,
  type Population,
  type SeriesSpec,
} from './fixtures.js';
import {
  HISTOGRAMS,
  PROBE_SUCCESS,
  SIGNALS,
  UP,
  atRecordedLevel,
  engineMatchers,
  errorReasonEverywhere,
  groupLabels,
  hasConcept,
  hasErrorReason,
  hasHttpMetrics,
  jobMatchers,
  namesOf,
  vllmJob,
  type HistogramSignals,
} from '../signals/index.js';
import { formatThreshold, literalAlertRule, templateSyntax, type LiteralParts, type Template, type Text, type ValueFormat } from './template.js';
import type { AlertingRule, Labels } from './types.js';

export type Severity = 'critical' | 'warning' | 'info';

/** A test scenario: series, the value the alert expression then has, and what it is meant to show. */
export interface Scenario extends Fixture {
  readonly name: string;
}

/** What the fleet's vLLM can express of an alert, for a given threshold. */
interface AlertSignal {
  expr(threshold: number | undefined): string;
  /** Why a threshold cannot work (the alert could never fire, or would always fire). */
  problem(threshold: number): string | undefined;
  firing(threshold: number | undefined, target: Labels): Fixture;
  silent(threshold: number | undefined, target: Labels): Scenario[];
  /** The labels of the series the alert reads, when they are not the vLLM target's (probes). */
  relabel?(target: Labels): Labels;
}

/**
 * How an alert relates to the others, for Alertmanager's inhibition (src/alerting derives the rules
 * from it): the alerts it merely follows from on the same instance, muted while one of them fires
 * there, or why it stands on its own. Every alert must state one, so a new alert cannot be forgotten.
 */
export type Relation = { readonly follows: readonly AlertName[] } | { readonly independent: string };

/** Instance-level symptoms mean nothing while the instance is unreachable or its engine dead: the
 *  gauges of a dead engine freeze at their last value, and the page for the cause covers them. */
const FOLLOWS_OUTAGE: Relation = { follows: ['VllmTargetDown', 'VllmHealthCheckFailing'] };

/** Model- and job-wide signals carry no instance: one instance's outage cannot be told from a
 *  fleet-wide problem there, so they page on their own. */
const FLEET_WIDE: Relation = { independent: 'aggregated over instances (no instance label): an outage of one instance cannot explain it' };

interface AlertDefinition {
  readonly name: AlertName;
  readonly severity: Severity;
  readonly for: string;
  /** Default threshold; absent for alerts that compare no value. */
  readonly threshold?: number;
  /** Labels that locate the problem (alerts on target series keep all target labels). */
  readonly level: Level;
  readonly dashboard: DashboardKey;
  readonly format: ValueFormat;
  readonly summary: string;
  readonly description: (t: Template, text: DescriptionParts) => string;
  /** Undefined when the fleet's vLLM exposes nothing the alert could watch. */
  readonly signal: (setup: Setup) => AlertSignal | undefined;
  readonly relation: Relation;
}

interface DescriptionParts {
  /** Where: `model … on … (job …, cluster …)`, as templates. */
  readonly where: string;
  readonly threshold: string;
  readonly for: string;
  /** For text that depends on what the fleet's vLLM versions do. */
  readonly setup: Setup;
}

/** What a failing /health means on the fleet's versions: 503 and a live server from 0.11 on; up to
 *  0.10 a 500 once, then the server exits and refuses connections. */
function deadEngineText(setup: Setup): string {
  const statuses = new Set(setup.catalog.versions.map((v) => deadEngineHealth(v).status));
  if (!statuses.has(500)) return 'the engine is dead (HTTP 503) or the server refuses connections';
  const old = 'answers HTTP 500 once and then the server exits, so the probe sees refused connections';
  if (!statuses.has(503)) return `the engine died (vLLM up to 0.10 ${old}) or the server is down`;
  return `the engine is dead (HTTP 503 from vLLM ${HEALTH_503_SINCE}; up to 0.10 it ${old}) or the server is down`;
}

/** Which servers the engine error ratio can see: servers before 0.13 never report finished_reason="error". */
function errorReasonText(setup: Setup): string {
  if (errorReasonEverywhere(setup)) return '';
  return ` Only servers on vLLM ${ERROR_REASON_SINCE} or newer report finished_reason="error"; older ones are left out (VllmHighHTTP5xxRatio covers them).`;
}

/** An alert as the config makes it: everything the rule file and its tests need. */
export interface ResolvedAlert {
  readonly name: AlertName;
  readonly rule: AlertingRule;
  readonly level: Level;
  readonly relation: Relation;
  readonly threshold?: number;
  readonly format: ValueFormat;
  readonly description: Text;
  /** The labels the alert's own expression yields for the test target. */
  readonly targetLabels: Labels;
  readonly forSeconds: number;
  /** The rule's labels and static annotations as Prometheus renders them (the rule holds them escaped). */
  readonly literal: LiteralParts;
  readonly firing: Fixture;
  readonly silent: readonly Scenario[];
}

/** Requests per second of every synthetic ratio; binary-friendly so rates come out exact. */
const TEST_TRAFFIC = 1;

type Side = 'above' | 'below';

function amountOn(side: Side, threshold: number): number {
  if (side === 'below') return threshold / 2;
  return threshold > 0 ? threshold * 2 : 1;
}

function ratioOn(side: Side, threshold: number): number {
  if (side === 'below') return threshold / 2;
  return threshold > 0 ? Math.min(threshold * 2, (1 + threshold) / 2) : 0.5;
}

/** `signal > threshold`, with test values on either side of the threshold. */
function thresholdSignal(
  expr: string,
  problem: (threshold: number) => string | undefined,
  fixture: (side: Side, threshold: number, target: Labels) => Fixture,
  idle?: (target: Labels) => SeriesSpec[],
): AlertSignal {
  return {
    expr: (threshold) => `${expr} > ${threshold}`,
    problem,
    firing: (threshold, target) => fixture('above', threshold!, target),
    silent: (threshold, target) => [
      { name: 'below its threshold', ...fixture('below', threshold!, target) },
      ...(idle ? [{ name: 'without traffic', series: idle(target), value: NaN }] : []),
    ],
  };
}

const notNegative = (threshold: number) => (threshold < 0 ? 'must be 0 or more' : undefined);
/** Ratios are fractions of 1; a value from 1 to 100 is almost surely a percent. */
const isRatio = (threshold: number) => {
  if (threshold >= 0 && threshold < 1) return undefined;
  const percent = threshold >= 1 && threshold < 100 ? `; did you mean ${Number((threshold / 100).toPrecision(12))} (${threshold}%)?` : '';
  return `must be a ratio from 0 up to (not including) 1${percent}`;
};

/** A share of `TEST_TRAFFIC` split into the series counted as bad and the rest. */
function ratioSignal(expr: string, series: (share: number, traffic: number, target: Labels) => SeriesSpec[]): AlertSignal {
  return thresholdSignal(
    expr,
    isRatio,
    (side, threshold, target) => {
      const share = ratioOn(side, threshold);
      return { series: series(share, TEST_TRAFFIC, target), value: share };
    },
    (target) => series(0.5, 0, target),
  );
}

function amountSignal(expr: string, series: (value: number, target: Labels) => SeriesSpec[]): AlertSignal {
  return thresholdSignal(expr, notNegative, (side, threshold, target) => {
    const value = amountOn(side, threshold);
    return { series: series(value, target), value };
  });
}

/** The oldest name of a concept in the fleet: tests feed it so the `or` fallback is what fires. */
export function oldestName(setup: Setup, concept: Concept): string {
  const names = namesOf(setup, concept);
  return names[names.length - 1];
}

/** Bucket bounds of a latency histogram, common to the fleet's versions. */
export function bucketsOf(setup: Setup, family: string): readonly number[] {
  const bounds = setup.catalog.buckets(family);
  if (bounds === undefined) throw new Error(`the catalog has no fixed buckets for ${family}`);
  return bounds;
}

const ALERT_QUANTILE = 0.95 satisfies Quantile;

/** A quantile alert: fixtures put every request into one bucket, so the interpolated quantile lies
 *  just above (or at most at) the threshold. */
function latencySignal(setup: Setup, signals: HistogramSignals, level: Level): AlertSignal | undefined {
  const { concept } = signals;
  if (!hasConcept(setup, concept)) return undefined;
  const family = oldestName(setup, concept);
  const bounds = bucketsOf(setup, family);
  const buckets = bounds.map((bound, i) => ({ lower: i === 0 ? 0 : bounds[i - 1], bound }));
  const quantileIn = (bound: number) => bucketQuantile(ALERT_QUANTILE, [{ bound, perSecond: TEST_TRAFFIC }], bounds);
  const bucketOn = (side: Side, threshold: number) =>
    side === 'above'
      ? buckets.find((b) => quantileIn(b.bound) > threshold)?.bound
      : [...buckets].reverse().find((b) => b.bound <= threshold)?.bound;
  const series = (populations: readonly Population[], target: Labels) => histogram(family, target, populations, bounds);
  return thresholdSignal(
    atRecordedLevel(setup, signals.quantile[ALERT_QUANTILE], level),
    (threshold) => {
      if (bucketOn('above', threshold) === undefined) {
        const seconds = Number((threshold / 1000).toPrecision(12));
        const milliseconds = bucketOn('above', seconds) !== undefined && bucketOn('below', seconds) !== undefined ? ` (did you mean ${seconds}? thresholds are in seconds, not milliseconds)` : '';
        return `${threshold} is at or above the largest p95 the buckets of ${family} can show (${quantileIn(bounds[bounds.length - 1])}); the alert could never fire${milliseconds}`;
      }
      if (bucketOn('below', threshold) === undefined) {
        return `${threshold} is below the smallest bucket bound of ${family} (${bounds[0]}); every request would count as slow`;
      }
      return undefined;
    },
    (side, threshold, target) => {
      const bound = bucketOn(side, threshold)!;
      return { series: series([{ bound, perSecond: TEST_TRAFFIC }], target), value: quantileIn(bound) };
    },
    (target) => series([{ bound: bounds[0], perSecond: 0 }], target),
  );
}

function onName(setup: Setup, concept: Concept, build: (name: string) => AlertSignal): AlertSignal | undefined {
  return hasConcept(setup, concept) ? build(oldestName(setup, concept)) : undefined;
}

/** `up`-style target series: the alert fires on one value and is silent on the other. */
function targetSignal(
  expr: string,
  series: (healthy: boolean, target: Labels) => SeriesSpec[],
  relabel?: (target: Labels) => Labels,
): AlertSignal {
  return {
    expr: () => expr,
    problem: () => 'this alert compares no value; remove threshold',
    firing: (_, target) => ({ series: series(false, target), value: 0 }),
    silent: (_, target) => [{ name: 'with a healthy target', series: series(true, target), value: 1 }],
    relabel,
  };
}

function targetLabels(setup: Setup, target: Labels): Labels {
  return atLevel(setup, 'instance_http', target);
}

function noThroughputSignal(setup: Setup): AlertSignal | undefined {
  if (!hasConcept(setup, 'requestsWaiting') || !hasConcept(setup, 'generationTokens')) return undefined;
  const on = groupLabels(setup, 'instance').join(', ');
  const waiting = oldestName(setup, 'requestsWaiting');
  const tokens = oldestName(setup, 'generationTokens');
  const series = (queued: number, tokensPerSecond: number, target: Labels) => [
    gauge(waiting, target, queued),
    counter(tokens, target, tokensPerSecond),
  ];
  const queued = (side: Side, threshold: number) => amountOn(side, threshold);
  return {
    expr: (threshold) =>
      `(${atRecordedLevel(setup, SIGNALS.requestsWaiting, 'instance')} > ${threshold}) and on (${on}) (${atRecordedLevel(setup, SIGNALS.generationTokenRate, 'instance')} == 0)`,
    problem: notNegative,
    firing: (threshold, target) => ({ series: series(queued('above', threshold!), 0, target), value: queued('above', threshold!) }),
    silent: (threshold, target) => [
      { name: 'below its threshold', series: series(queued('below', threshold!), 0, target), value: queued('below', threshold!) },
      { name: 'while tokens still flow', series: series(queued('above', threshold!), 10, target), value: queued('above', threshold!) },
    ],
  };
}

function where(setup: Setup, level: Level, t: Template): string {
  const scope = [`job ${t.label(LABEL.job)}`, ...(setup.config.cluster.multi ? [`cluster ${t.label(setup.clusterLabel)}`] : [])].join(', ');
  switch (level) {
    case 'model':
      return `model ${t.label(LABEL.model)} (${scope})`;
    case 'instance':
      return `model ${t.label(LABEL.model)} on ${t.label(LABEL.instance)} (${scope})`;
    case 'instance_http':
      return `${t.label(LABEL.instance)} (${scope})`;
    case 'job':
      return scope;
  }
}

export const ALERTS: readonly AlertDefinition[] = [
  {
    name: 'VllmTargetDown',
    severity: 'critical',
    for: '5m',
    level: 'instance_http',
    relation: { independent: 'a failed scrape is the first sign of a server that is gone; nothing on the same instance explains it' },
    dashboard: 'overview',
    format: 'number',
    summary: 'A vLLM server cannot be scraped.',
    description: (_, d) => `Prometheus has failed to scrape ${d.where} for more than ${d.for}: the server is down, restarting or unreachable.`,
    signal: (setup) =>
      targetSignal(`${selector(UP, jobMatchers(vllmJob(setup)))} == 0`, (healthy, target) => [
        gauge(UP, targetLabels(setup, target), healthy ? 1 : 0),
      ]),
  },
  {
    name: 'VllmMetricsAbsent',
    severity: 'warning',
    for: '10m',
    level: 'instance_http',
    relation: FOLLOWS_OUTAGE,
    dashboard: 'instance',
    format: 'number',
    summary: 'A vLLM server exposes no engine metrics.',
    description: (_, d) =>
      `${d.where} answers scrapes but has exposed no vLLM engine metrics for more than ${d.for}: it may run with --disable-log-stats, or its metrics endpoint is broken.`,
    signal: (setup) => {
      const on = groupLabels(setup, 'instance_http').join(', ');
      const engineSeries = overNames(namesOf(setup, 'requestsRunning'), engineMatchers(), (s) => s);
      const running = oldestName(setup, 'requestsRunning');
      return targetSignal(`${selector(UP, jobMatchers(vllmJob(setup)))} == 1 unless on (${on}) ${engineSeries}`, (healthy, target) => [
        gauge(UP, targetLabels(setup, target), 1),
        ...(healthy ? [gauge(running, target, 0)] : []),
      ]);
    },
  },
  {
    name: 'VllmHealthCheckFailing',
    severity: 'critical',
    for: '2m',
    level: 'instance_http',
    relation: { follows: ['VllmTargetDown'] },
    dashboard: 'instance',
    format: 'number',
    summary: 'A vLLM health check is failing.',
    description: (_, d) => `The health probe of ${d.where} has failed for more than ${d.for}: ${deadEngineText(d.setup)}.`,
    signal: (setup) => {
      if (!setup.config.health.enabled) return undefined;
      const relabel = (target: Labels) => ({ ...targetLabels(setup, target), [LABEL.job]: setup.config.health.jobName });
      return targetSignal(
        `${selector(PROBE_SUCCESS, jobMatchers(setup.config.health.jobName))} == 0`,
        (healthy, target) => [gauge(PROBE_SUCCESS, relabel(target), healthy ? 1 : 0)],
        relabel,
      );
    },
  },
  {
    name: 'VllmHighErrorRatio',
    severity: 'warning',
    for: '10m',
    threshold: 0.05,
    level: 'model',
    relation: FLEET_WIDE,
    dashboard: 'overview',
    format: 'percent',
    summary: 'Requests to vLLM are failing with errors.',
    description: (t, d) =>
      `${t.value()} of the requests to ${d.where} finished with an error over the last ${RECORDING_WINDOW} (threshold ${d.threshold}).${errorReasonText(d.setup)}`,
    signal: (setup) => {
      if (!hasErrorReason(setup)) return undefined;
      return onName(setup, 'requestSuccess', (name) =>
        ratioSignal(atRecordedLevel(setup, SIGNALS.engineErrorRatio, 'model'), (share, traffic, target) => finishedRequests(name, target, traffic, share)),
      );
    },
  },
  {
    name: 'VllmHighHTTP5xxRatio',
    severity: 'warning',
    for: '10m',
    threshold: 0.05,
    level: 'job',
    relation: FLEET_WIDE,
    dashboard: 'overview',
    format: 'percent',
    summary: 'The vLLM API is answering with server errors.',
    description: (t, d) => `${t.value()} of the HTTP requests to ${d.where} returned 5xx over the last ${RECORDING_WINDOW} (threshold ${d.threshold}).`,
    signal: (setup) => {
      if (!hasHttpMetrics(setup)) return undefined;
      return ratioSignal(atRecordedLevel(setup, SIGNALS.http5xxRatio, 'job'), (share, traffic, target) => httpResponses(targetLabels(setup, target), traffic, share));
    },
  },
  {
    name: 'VllmHighE2ELatencyP95',
    severity: 'warning',
    for: '15m',
    threshold: 30,
    level: 'model',
    relation: FLEET_WIDE,
    dashboard: 'overview',
    format: 'duration',
    summary: 'End-to-end latency of vLLM requests is high.',
    description: (t, d) => `The p95 end-to-end request latency of ${d.where} is ${t.value()} (threshold ${d.threshold}).`,
    signal: (setup) => latencySignal(setup, HISTOGRAMS.e2eLatency, 'model'),
  },
  {
    name: 'VllmHighTimeToFirstToken',
    severity: 'warning',
    for: '10m',
    threshold: 5,
    level: 'model',
    relation: FLEET_WIDE,
    dashboard: 'overview',
    format: 'duration',
    summary: 'Time to first token of vLLM requests is high.',
    description: (t, d) => `The p95 time to first token of ${d.where} is ${t.value()} (threshold ${d.threshold}); it includes queueing and prefill.`,
    signal: (setup) => latencySignal(setup, HISTOGRAMS.timeToFirstToken, 'model'),
  },
  {
    name: 'VllmHighInterTokenLatency',
    severity: 'warning',
    for: '15m',
    threshold: 0.2,
    level: 'model',
    relation: FLEET_WIDE,
    dashboard: 'overview',
    format: 'duration',
    summary: 'Inter-token latency of vLLM responses is high.',
    description: (t, d) => `The p95 inter-token latency of ${d.where} is ${t.value()} (threshold ${d.threshold}): streamed responses are slow.`,
    signal: (setup) => latencySignal(setup, HISTOGRAMS.interTokenLatency, 'model'),
  },
  {
    name: 'VllmKVCacheNearFull',
    severity: 'warning',
    for: '10m',
    threshold: 0.9,
    level: 'instance',
    relation: FOLLOWS_OUTAGE,
    dashboard: 'instance',
    format: 'percent',
    summary: 'A vLLM KV cache is nearly full.',
    description: (t, d) => `KV-cache usage of ${d.where} is ${t.value()} (threshold ${d.threshold}): new requests wait and running ones get preempted.`,
    signal: (setup) =>
      onName(setup, 'kvCacheUsage', (name) =>
        thresholdSignal(atRecordedLevel(setup, SIGNALS.kvCacheUsageMax, 'instance'), isRatio, (side, threshold, target) => {
          const value = ratioOn(side, threshold);
          return { series: [gauge(name, target, value)], value };
        }),
      ),
  },
  {
    name: 'VllmRequestQueueBacklog',
    severity: 'warning',
    for: '10m',
    threshold: 10,
    level: 'instance',
    relation: { follows: ['VllmTargetDown', 'VllmHealthCheckFailing', 'VllmNoThroughput'] },
    dashboard: 'instance',
    format: 'number',
    summary: 'Requests are queueing on a vLLM server.',
    description: (t, d) => `${t.value()} requests are waiting for ${d.where}, more than the threshold of ${d.threshold}.`,
    signal: (setup) =>
      onName(setup, 'requestsWaiting', (name) =>
        amountSignal(atRecordedLevel(setup, SIGNALS.requestsWaiting, 'instance'), (value, target) => [gauge(name, target, value)]),
      ),
  },
  {
    name: 'VllmPreemptionsHigh',
    severity: 'warning',
    for: '15m',
    threshold: 0.1,
    level: 'instance',
    relation: FOLLOWS_OUTAGE,
    dashboard: 'instance',
    format: 'rate',
    summary: 'A vLLM server is preempting requests.',
    description: (t, d) =>
      `Requests of ${d.where} are preempted ${t.value()} times per second (threshold ${d.threshold}/s): the KV cache is too small for the load.`,
    signal: (setup) =>
      onName(setup, 'preemptions', (name) =>
        amountSignal(atRecordedLevel(setup, SIGNALS.preemptionRate, 'instance'), (value, target) => [counter(name, target, value)]),
      ),
  },
  {
    name: 'VllmNoThroughput',
    severity: 'critical',
    for: '5m',
    threshold: 0,
    level: 'instance',
    relation: FOLLOWS_OUTAGE,
    dashboard: 'instance',
    format: 'number',
    summary: 'A vLLM engine has stopped generating tokens.',
    description: (t, d) =>
      `${t.value()} requests are waiting for ${d.where} but no token was generated in the last ${RECORDING_WINDOW}: the engine looks stuck.`,
    signal: noThroughputSignal,
  },
];

function overrideOf(setup: Setup, name: AlertName): AlertOverride {
  return setup.config.rules.alerts[name] ?? { labels: {} };
}

/** The threshold an alert compares against after config overrides (dashboards draw it). */
export function alertThreshold(setup: Setup, name: AlertName): number | undefined {
  const definition = ALERTS.find((a) => a.name === name);
  return overrideOf(setup, name).threshold ?? definition?.threshold;
}

export interface AlertProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** Every enabled alert the fleet's vLLM can express, with config overrides applied. */
export function resolveAlerts(setup: Setup): { alerts: ResolvedAlert[]; problems: AlertProblem[] } {
  const alerts: ResolvedAlert[] = [];
  const problems: AlertProblem[] = [];
  for (const definition of ALERTS) {
    const override = overrideOf(setup, definition.name);
    if (override.enabled === false) continue;
    const signal = definition.signal(setup);
    if (signal === undefined) continue;
    const threshold = definition.threshold === undefined ? undefined : (override.threshold ?? definition.threshold);
    const problem =
      definition.threshold === undefined
        ? override.threshold === undefined ? undefined : signal.problem(override.threshold)
        : signal.problem(threshold!);
    if (problem !== undefined) {
      problems.push({ path: ['rules', 'alerts', definition.name, 'threshold'], message: problem });
      continue;
    }
    alerts.push(resolveAlert(setup, definition, signal, override, threshold));
  }
  return { alerts, problems };
}

function resolveAlert(
  setup: Setup,
  definition: AlertDefinition,
  signal: AlertSignal,
  override: AlertOverride,
  threshold: number | undefined,
): ResolvedAlert {
  const forDuration = override.for ?? definition.for;
  const description: Text = (t) =>
    definition.description(t, {
      where: where(setup, definition.level, t),
      threshold: threshold === undefined ? '' : formatThreshold(definition.format, threshold),
      for: forDuration,
      setup,
    });
  const target = sampleTarget(setup);
  const alertTarget = signal.relabel?.(target) ?? target;
  const literal: LiteralParts = {
    labels: sortedLabels({
      ...setup.config.rules.labels,
      ...override.labels,
      [LABEL.severity]: override.severity ?? definition.severity,
    }),
    annotations: {
      summary: definition.summary,
      runbook_url: setup.runbookUrl(definition.name),
      dashboard_url: setup.dashboardUrl(definition.dashboard),
    },
  };
  return {
    name: definition.name,
    level: definition.level,
    relation: definition.relation,
    threshold,
    format: definition.format,
    description,
    targetLabels: atLevel(setup, definition.level, alertTarget),
    forSeconds: durationSeconds(forDuration),
    literal,
    firing: signal.firing(threshold, target),
    silent: signal.silent(threshold, target),
    rule: literalAlertRule(definition.name, signal.expr(threshold), forDuration, literal, description(templateSyntax(definition.format))),
  };
}
