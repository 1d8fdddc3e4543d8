// promtool unit tests generated from the same definitions as the rules: every alert gets a case that
// fires (after its `for`, with its rendered labels and annotations) and cases that stay silent, and a
// few recordings are checked on synthetic series. Thresholds come from the config, so changing one
// changes its test; series names come from the catalog of the configured vLLM version.
import { durationSeconds, formatDuration } from '../config/duration.js';
import { LABEL, QUANTILES, SLO_RECORD, levelLabels, type Level, type Setup } from '../model/index.js';
import { sortedLabels } from '../order.js';
import { eq, quote, selector } from '../promql/index.js';
import type { Concept } from '../catalog/index.js';
import { oldestName, type ResolvedAlert } from './alerts.js';
import {
  SAMPLE_INTERVAL_SECONDS,
  atLevel,
  bucketQuantile,
  formatLe,
  counter,
  finishedRequests,
  gauge,
  histogram,
  httpResponses,
  pick,
  renderSeries,
  sampleTarget,
  type Population,
  type SeriesSpec,
} from './fixtures.js';
import {
  ERROR_REASON,
  HTTP_SERVER_ERROR,
  HTTP_STATUS_LABEL,
  hasConcept,
  hasErrorReason,
  hasHttpMetrics,
  HISTOGRAMS,
  namesOf,
  recordingName,
  SIGNALS,
  type HistogramSignals,
  type Signal,
} from '../signals/index.js';
import { SLO_ALERT, sloTitle, type ResolvedBurnAlert, type ResolvedSlo } from './slo.js';
import { rendered, withDescription } from './template.js';
import type { AlertTestCase, ExpectedAlert, ExprTestCase, Labels, TestGroup } from './types.js';

/** Past every rate window (5m) and the first evaluations, so values are steady. */
const SETTLE_SECONDS = 600;
/** Samples beyond the last evaluation, so no series goes stale inside a window. */
const TAIL_SAMPLES = 10;
/** Expression tests compare values rounded to this many significant digits: the same in Go and
 *  here whatever the float noise, since the expected values have fewer digits. */
const SIGNIFICANT_DIGITS = 6;
/** SLO scenarios run for hours of synthetic time; steady series need no finer evaluation. */
const SLO_TEST_EVALUATION_SECONDS = 300;

function testGroup(name: string, series: readonly SeriesSpec[], alertTests: AlertTestCase[], exprTests: ExprTestCase[] = []): TestGroup {
  const lastEval = Math.max(...[...alertTests, ...exprTests].map((t) => durationSeconds(t.eval_time)));
  const samples = Math.ceil(lastEval / SAMPLE_INTERVAL_SECONDS) + TAIL_SAMPLES;
  return {
    name,
    interval: formatDuration(SAMPLE_INTERVAL_SECONDS),
    input_series: series.map((s) => renderSeries(s, samples)),
    ...(alertTests.length > 0 ? { alert_rule_test: alertTests } : {}),
    ...(exprTests.length > 0 ? { promql_expr_test: exprTests } : {}),
  };
}

function alertCase(seconds: number, alertname: string, expected: ExpectedAlert[]): AlertTestCase {
  return { eval_time: formatDuration(seconds), alertname, exp_alerts: expected };
}

function expectedAlert(labels: Labels, ruleLabels: Labels, annotations: Labels): ExpectedAlert {
  return { exp_labels: sortedLabels({ ...labels, ...ruleLabels }), exp_annotations: annotations };
}

function renderedAnnotations(annotations: Labels, description: string): Labels {
  return withDescription(annotations, description);
}

// ---- alerts ----------------------------------------------------------------------------------

function firingGroup(setup: Setup, alert: ResolvedAlert): TestGroup {
  const fireAt = alert.forSeconds + SETTLE_SECONDS;
  const evaluation = durationSeconds(setup.config.rules.evaluationInterval);
  const description = alert.description(rendered(alert.format, alert.targetLabels, alert.firing.value));
  const cases = [
    // still pending one evaluation before `for` has passed: the condition alone does not page
    ...(alert.forSeconds >= 2 * evaluation ? [alertCase(alert.forSeconds - evaluation, alert.name, [])] : []),
    alertCase(fireAt, alert.name, [expectedAlert(alert.targetLabels, alert.literal.labels, renderedAnnotations(alert.literal.annotations, description))]),
  ];
  return testGroup(`${alert.name} fires once its condition has held for ${alert.rule.for}`, alert.firing.series, cases);
}

function silentGroups(alert: ResolvedAlert): TestGroup[] {
  const at = alert.forSeconds + SETTLE_SECONDS;
  return alert.silent.map((scenario) =>
    testGroup(`${alert.name} stays silent ${scenario.name}`, scenario.series, [alertCase(at, alert.name, [])]),
  );
}

export function alertTestGroups(setup: Setup, alerts: readonly ResolvedAlert[]): TestGroup[] {
  return alerts.flatMap((alert) => [firingGroup(setup, alert), ...silentGroups(alert)]);
}

// ---- recordings ------------------------------------------------------------------------------

/** Prometheus' round(v, to_nearest) (promql/functions.go), so expected values match bit for bit. */
export function goRound(value: number, toNearest: number): number {
  const inverse = 1 / toNearest;
  return Math.floor(value * inverse + 0.5) / inverse;
}

function labelsText(labels: Labels): string {
  return `{${Object.entries(sortedLabels(labels))
    .map(([k, v]) => `${k}=${quote(v)}`)
    .join(', ')}}`;
}

/** A power of ten as PromQL and Go parse it (`1e-5`), SIGNIFICANT_DIGITS below the value's first. */
function roundingStep(value: number): { text: string; step: number } {
  const exponent = value === 0 ? 0 : Math.floor(Math.log10(Math.abs(value)));
  const text = `1e${exponent - SIGNIFICANT_DIGITS + 1}`;
  return { text, step: Number(text) };
}

function exprCase(record: string, labels: Labels, value: number, evalSeconds: number): ExprTestCase {
  const matchers = Object.entries(sortedLabels(labels)).map(([k, v]) => eq(k, v));
  const { text, step } = roundingStep(value);
  return {
    expr: `round(${selector(record, matchers)}, ${text})`,
    eval_time: formatDuration(evalSeconds),
    exp_samples: [{ labels: labelsText(labels), value: goRound(value, step) }],
  };
}

/** One synthetic vLLM server of the recording test; `name` picks which of a concept's names it exposes. */
interface TestServer {
  readonly target: Labels;
  readonly name: (concept: Concept) => string;
  /** Bucket index offset, so both servers report different quantiles. */
  readonly shift: number;
}

function testServers(setup: Setup): TestServer[] {
  const newest = (c: Concept) => namesOf(setup, c)[0];
  const oldest = (c: Concept) => oldestName(setup, c);
  return [
    { target: { ...sampleTarget(setup, 'model-a'), [LABEL.instance]: '10.0.0.1:8000' }, name: newest, shift: 0 },
    { target: { ...sampleTarget(setup, 'model-b'), [LABEL.instance]: '10.0.0.2:8000' }, name: oldest, shift: 1 },
  ];
}

function populationsOf(bounds: readonly number[], shift: number): Population[] {
  const third = Math.floor(bounds.length / 3);
  return [
    { bound: bounds[third + shift], perSecond: 0.75 },
    { bound: bounds[2 * third + shift], perSecond: 0.25 },
  ];
}

interface Check {
  readonly record: string;
  readonly labels: Labels;
  readonly value: number;
}

interface RecordingCase {
  readonly series: SeriesSpec[];
  readonly checks: Check[];
}

/** The recorded histograms: quantiles and mean, and per-bucket rates. */
const QUANTILE_HISTOGRAMS: readonly HistogramSignals[] = Object.values(HISTOGRAMS).filter((h) => h.mean.levels.length > 0);
const BUCKET_RATES: readonly Signal[] = [SIGNALS.e2eLatencyBuckets, SIGNALS.promptLengthBuckets, SIGNALS.generationLengthBuckets].filter(
  (s) => s.levels.length > 0,
);
/** Histograms the recordings read, each once. */
const RECORDED_HISTOGRAMS: readonly Concept[] = [
  ...new Set<Concept>([...QUANTILE_HISTOGRAMS.map((h) => h.concept), ...BUCKET_RATES.map((s) => s.concepts[0])]),
];

/** Token-count buckets follow the server's settings (vLLM's 1-2-5 series up to max-model-len); a
 *  series like it stands in, since the recordings do not depend on where the bounds lie. */
const SETTINGS_BOUNDS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

function histogramCase(setup: Setup, server: TestServer, concept: Concept): RecordingCase {
  const bounds = setup.catalog.buckets(server.name(concept)) ?? SETTINGS_BOUNDS;
  const populations = populationsOf(bounds, server.shift);
  const at = (level: Level) => atLevel(setup, level, server.target);
  const observations = populations.reduce((s, p) => s + p.perSecond, 0);
  const quantileChecks = (signals: HistogramSignals): Check[] => {
    const quantile = (q: (typeof QUANTILES)[number]) => bucketQuantile(q, populations, bounds);
    const mean = populations.reduce((s, p) => s + p.perSecond * p.bound, 0) / observations;
    return [
      ...QUANTILES.map((q) => ({ record: recordingName(signals.quantile[q], 'model'), labels: at('model'), value: quantile(q) })),
      ...(signals.mean.levels.includes('instance')
        ? [{ record: recordingName(signals.quantile[0.95], 'instance'), labels: at('instance'), value: quantile(0.95) }]
        : []),
      { record: recordingName(signals.mean, 'model'), labels: at('model'), value: mean },
    ];
  };
  // cumulative: the first population's bucket counts only it, +Inf every observation
  const bucket = (signal: Signal, bound: number, perSecond: number): Check => ({
    record: recordingName(signal, 'model'),
    labels: { ...at('model'), [LABEL.le]: formatLe(bound) },
    value: perSecond,
  });
  const quantiles = QUANTILE_HISTOGRAMS.find((h) => h.concept === concept);
  const buckets = BUCKET_RATES.find((s) => s.concepts[0] === concept);
  return {
    series: histogram(server.name(concept), server.target, populations, bounds),
    checks: [
      ...(quantiles ? quantileChecks(quantiles) : []),
      ...(buckets ? [bucket(buckets, populations[0].bound, populations[0].perSecond), bucket(buckets, Infinity, observations)] : []),
    ],
  };
}

/** Events per second of the other counters the rate recordings read. */
const COUNTER_RATES: readonly (readonly [Signal, number])[] = [
  [SIGNALS.promptTokenRate, 32],
  [SIGNALS.generationTokenRate, 16],
  [SIGNALS.preemptionRate, 0.5],
];
/** Share of finished requests that end in the bad reason (or `length`, where vLLM has no `error`). */
const ERROR_SHARE = 0.25;

function requestsCase(setup: Setup, server: TestServer): RecordingCase {
  const bad = hasErrorReason(setup) ? ERROR_REASON : 'length';
  const errorRatios = hasErrorReason(setup) ? SIGNALS.engineErrorRatio.levels : [];
  const byReason = (reason: string, value: number): Check => ({
    record: recordingName(SIGNALS.requestRate, 'model_reason'),
    labels: pick({ ...server.target, [LABEL.finishedReason]: reason }, levelLabels('model_reason', setup.clusterLabel)),
    value,
  });
  return {
    series: finishedRequests(server.name('requestSuccess'), server.target, 1, ERROR_SHARE, bad),
    checks: [
      { record: recordingName(SIGNALS.requestRate, 'model'), labels: atLevel(setup, 'model', server.target), value: 1 },
      byReason(bad, ERROR_SHARE),
      byReason('stop', 1 - ERROR_SHARE),
      ...errorRatios.map((level) => ({
        record: recordingName(SIGNALS.engineErrorRatio, level),
        labels: atLevel(setup, level as Level, server.target),
        value: ERROR_SHARE,
      })),
    ],
  };
}

function counterCase(setup: Setup, server: TestServer, signal: Signal, perSecond: number): RecordingCase {
  return {
    series: [counter(server.name(signal.concepts[0]), server.target, perSecond)],
    checks: [{ record: recordingName(signal, 'model'), labels: atLevel(setup, 'model', server.target), value: perSecond }],
  };
}

function cacheCase(setup: Setup, server: TestServer, multiEngine: boolean): RecordingCase {
  const series: SeriesSpec[] = [];
  const checks: Check[] = [];
  if (hasConcept(setup, 'kvCacheUsage')) {
    const name = server.name('kvCacheUsage');
    const usages = multiEngine ? [0.25, 0.75] : [0.5];
    usages.forEach((usage, engine) => series.push(gauge(name, { ...server.target, ...(multiEngine ? { [LABEL.engine]: String(engine) } : {}) }, usage)));
    const labels = atLevel(setup, 'model', server.target);
    checks.push(
      { record: recordingName(SIGNALS.kvCacheUsageMax, 'model'), labels, value: Math.max(...usages) },
      { record: recordingName(SIGNALS.kvCacheUsageAvg, 'model'), labels, value: usages.reduce((a, b) => a + b) / usages.length },
    );
  }
  if (hasConcept(setup, 'prefixCacheHits') && hasConcept(setup, 'prefixCacheQueries')) {
    series.push(counter(server.name('prefixCacheHits'), server.target, 0.5), counter(server.name('prefixCacheQueries'), server.target, 2));
    checks.push({
      record: recordingName(SIGNALS.prefixCacheHitRatio, 'instance'),
      labels: atLevel(setup, 'instance', server.target),
      value: 0.25,
    });
  }
  return { series, checks };
}

/** Server A answers 25% of HTTP requests with 5xx, server B none: B's ratio is 0, not absent. */
function httpCase(setup: Setup, servers: readonly TestServer[]): RecordingCase {
  if (!hasHttpMetrics(setup)) return { series: [], checks: [] };
  const [a, b] = servers.map((server) => atLevel(setup, 'instance_http', server.target));
  const record = (level: Level) => recordingName(SIGNALS.http5xxRatio, level);
  const byStatus = recordingName(SIGNALS.httpRequestRate, 'job_status');
  const status = (value: string) => pick({ ...a, [HTTP_STATUS_LABEL]: value }, levelLabels('job_status', setup.clusterLabel));
  return {
    series: [...httpResponses(a, 1, ERROR_SHARE), ...httpResponses(b, 1, 0)],
    checks: [
      { record: record('job'), labels: atLevel(setup, 'job', a), value: ERROR_SHARE / 2 },
      { record: record('instance_http'), labels: a, value: ERROR_SHARE },
      { record: record('instance_http'), labels: b, value: 0 },
      // both servers share the job: 1.75 2xx and 0.25 5xx responses per second
      { record: byStatus, labels: status(HTTP_SERVER_ERROR), value: ERROR_SHARE },
      { record: byStatus, labels: status('2xx'), value: 2 - ERROR_SHARE },
    ],
  };
}

export function recordingTestGroups(setup: Setup): TestGroup[] {
  const servers = testServers(setup);
  const cases = [
    ...servers.flatMap((server, i) => [
      ...RECORDED_HISTOGRAMS.filter((c) => hasConcept(setup, c)).map((c) => histogramCase(setup, server, c)),
      requestsCase(setup, server),
      ...COUNTER_RATES.map(([signal, perSecond]) => counterCase(setup, server, signal, perSecond)),
      cacheCase(setup, server, setup.catalog.hasEngineLabel && i === 0),
    ]),
    httpCase(setup, servers),
  ];
  const at = SETTLE_SECONDS;
  return [
    testGroup(
      'recorded quantiles, rates and ratios of two servers (newest and oldest metric names)',
      cases.flatMap((c) => c.series),
      [],
      cases.flatMap((c) => c.checks).map((check) => exprCase(check.record, check.labels, check.value, at)),
    ),
  ];
}

// ---- SLOs ------------------------------------------------------------------------------------

interface SloContext {
  readonly setup: Setup;
  readonly slos: readonly ResolvedSlo[];
  /** promtool's evaluation step in the SLO tests. */
  readonly step: number;
  /** When the slowest alert has surely fired. */
  readonly end: number;
}

/** Requests per second of the SLO scenarios: a `minRequests` guard holds from the first evaluation. */
function sloTraffic(ctx: SloContext, slo: ResolvedSlo): number {
  return Math.max(1, (2 * slo.slo.minRequests) / ctx.step);
}

function significant(value: number): number {
  return Number(value.toPrecision(3));
}

interface SloScenario {
  readonly name: string;
  /** Burn rate the scenario's own SLO measures. */
  readonly burn: number;
  readonly traffic: number;
  /** When alerts are checked: each threshold scenario right after its own alert's `for`. */
  readonly end: number;
  /** Also check the SLO's recorded ratios and meta series (once per SLO). */
  readonly checkRecords?: boolean;
}

/** One scenario between each pair of neighbouring alert factors (checked once the alert at the lower
 *  factor has fired; the alerts above it stay silent), one below every factor, and (with a guard) one
 *  above every factor with too little traffic. */
function sloScenarios(ctx: SloContext, resolved: ResolvedSlo): SloScenario[] {
  const alerts = [...resolved.alerts].sort((a, b) => b.factor - a.factor);
  const maxBurn = 1 / resolved.errorBudget;
  const traffic = sloTraffic(ctx, resolved);
  const above = alerts.map((alert, i) => {
    const burn = significant(i === 0 ? Math.min(alert.factor * 1.25, (alert.factor + maxBurn) / 2) : (alert.factor + alerts[i - 1].factor) / 2);
    return { name: `burning ${burn}x its budget`, burn, traffic, end: durationSeconds(alert.for) + SETTLE_SECONDS };
  });
  const lowest = alerts[alerts.length - 1]?.factor ?? 1;
  const below = { name: 'burning under every alert factor', burn: significant(lowest / 2), traffic, end: ctx.end, checkRecords: true };
  const { minRequests } = resolved.slo;
  const guarded =
    minRequests > 0 && above.length > 0
      ? [{ name: `burning ${above[0].burn}x with fewer than ${minRequests} requests`, burn: above[0].burn, traffic: minRequests / (2 * ctx.end), end: ctx.end }]
      : [];
  return [...above, below, ...guarded];
}

/** Whether `other` reads the series written for `own` (same source, and its model if it has one). */
function sees(other: ResolvedSlo, own: ResolvedSlo, modelName: string): boolean {
  return other.source.key === own.source.key && (other.source.modelName === undefined || other.source.modelName === modelName);
}

/** The first evaluation at which an alert's conditions hold: the first with two samples in every
 *  window, or later, once its long window has counted `minRequests`. */
function activeFrom(ctx: SloContext, slo: ResolvedSlo, alert: ResolvedBurnAlert, traffic: number): number {
  const needed = slo.slo.minRequests / traffic;
  if (needed > durationSeconds(alert.long)) return Infinity;
  return Math.max(ctx.step, Math.ceil(needed / ctx.step) * ctx.step);
}

/** promtool checks alerts at the last evaluation at or before `end`. */
function firingBurnAlerts(ctx: SloContext, slo: ResolvedSlo, burn: number, scenario: SloScenario): ResolvedBurnAlert[] {
  const checkedAt = Math.floor(scenario.end / ctx.step) * ctx.step;
  return slo.alerts.filter(
    (alert) => burn > alert.factor && activeFrom(ctx, slo, alert, scenario.traffic) + durationSeconds(alert.for) <= checkedAt,
  );
}

function sloRecordChecks(resolved: ResolvedSlo, clusterLabels: Labels, scenario: SloScenario): Check[] {
  const own = { [LABEL.sloName]: resolved.slo.name };
  const windowed = (window: string) => ({ ...clusterLabels, ...own, [LABEL.sloWindow]: window });
  return [
    // one series per cluster with events, so a dashboard narrowed to one cluster finds the SLO
    { record: SLO_RECORD.objective, labels: { ...clusterLabels, ...own, [LABEL.sloTitle]: sloTitle(resolved) }, value: resolved.objective },
    { record: SLO_RECORD.errorBudget, labels: { ...clusterLabels, ...own }, value: resolved.errorBudget },
    { record: SLO_RECORD.requests, labels: windowed('1h'), value: scenario.traffic * 3600 },
    { record: SLO_RECORD.errorRatio, labels: windowed('5m'), value: scenario.burn * resolved.errorBudget },
    { record: SLO_RECORD.burnRate, labels: windowed('1h'), value: scenario.burn },
    { record: SLO_RECORD.budgetRemaining, labels: windowed(resolved.periodWindow), value: 1 - scenario.burn },
  ];
}

/** Every SLO reading the scenario's series is expected to page exactly where its burn exceeds a factor. */
function expectedBurnAlerts(ctx: SloContext, own: ResolvedSlo, scenario: SloScenario, target: Labels): ExpectedAlert[] {
  const share = scenario.burn * own.errorBudget;
  return ctx.slos
    .filter((other) => sees(other, own, target[LABEL.model]))
    .flatMap((other) => {
      const burn = own.source.badShareFor(other, share) / other.errorBudget;
      const labels = { ...pick(target, [ctx.setup.clusterLabel]), [LABEL.sloName]: other.slo.name };
      return firingBurnAlerts(ctx, other, burn, scenario).map((alert) =>
        expectedAlert(labels, alert.literal.labels, renderedAnnotations(alert.literal.annotations, alert.description(rendered('number', labels, burn)))),
      );
    });
}

function sloScenarioGroup(ctx: SloContext, own: ResolvedSlo, scenario: SloScenario): TestGroup {
  const target = sampleTarget(ctx.setup, own.slo.model);
  const exprTests = scenario.checkRecords
    ? sloRecordChecks(own, pick(target, [ctx.setup.clusterLabel]), scenario).map((c) => exprCase(c.record, c.labels, c.value, scenario.end))
    : [];
  return testGroup(
    `SLO ${own.slo.name}: ${scenario.name}`,
    own.source.series(scenario.burn * own.errorBudget, scenario.traffic, target),
    [alertCase(scenario.end, SLO_ALERT, expectedBurnAlerts(ctx, own, scenario, target))],
    exprTests,
  );
}

export function sloTestEvaluation(setup: Setup): string {
  return formatDuration(Math.max(SLO_TEST_EVALUATION_SECONDS, durationSeconds(setup.config.rules.evaluationInterval)));
}

export function sloTestGroups(setup: Setup, slos: readonly ResolvedSlo[]): TestGroup[] {
  const longestFor = Math.max(0, ...slos.flatMap((s) => s.alerts.map((a) => durationSeconds(a.for))));
  const ctx: SloContext = { setup, slos, step: durationSeconds(sloTestEvaluation(setup)), end: longestFor + SETTLE_SECONDS };
  const scenarios = slos.flatMap((own) => sloScenarios(ctx, own).map((scenario) => sloScenarioGroup(ctx, own, scenario)));
  const [first] = slos;
  if (first === undefined || slos.every((s) => s.alerts.length === 0)) return scenarios;
  const idle = first.source.series(0.5, 0, sampleTarget(setup, first.slo.model));
  return [...scenarios, testGroup('SLO alerts stay silent without traffic', idle, [alertCase(ctx.end, SLO_ALERT, [])])];
}
