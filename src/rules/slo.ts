// SLO recording rules and multi-window multi-burn-rate alerts (Google SRE workbook, as Sloth and
// kubernetes-mixin), from `slos[]`. Windows are labels (`window`), never part of a rule name; totals
// are recorded next to ratios; the period's totals are averaged from the 1h totals so no rule reads
// 30 days of raw samples.
import { ERROR_REASON_SINCE } from '../catalog/index.js';
import { durationSeconds, formatDuration } from '../config/duration.js';
import type { SloConfig } from '../config/types.js';
import { LABEL, SLO_RECORD, type Setup } from '../model/index.js';
import { aggregate, eq, exactRegex, increase, overNames, re, safeDiv, selector, type Matcher } from '../promql/index.js';
import { sortedLabels } from '../order.js';
import { atLevel, finishedRequests, histogram, httpResponses, type SeriesSpec } from './fixtures.js';
import {
  ERROR_REASON,
  HTTP_SERVER_ERROR,
  HTTP_STATUS_LABEL,
  engineMatchers,
  jobMatchers,
  onErrorReporting,
  orZero,
  sliEvents,
  vllmJob,
  type SliEvents,
} from '../signals/index.js';
import { literalAlertRule, templateSyntax, type LiteralParts, type Template, type Text } from './template.js';
import type { AlertingRule, Labels, RecordingRule, RuleGroup } from './types.js';
import type { Severity } from './alerts.js';

export const SLO_ALERT = 'VllmErrorBudgetBurn';

/** Every window a burn-rate alert reads, shortest first. */
export const BURN_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;

/** The window whose totals, averaged over the period, give the period's totals. */
const PERIOD_BASE_WINDOW = '1h';

export interface BurnAlert {
  readonly severity: Severity;
  /** Share of the period's error budget spent in the long window when the alert fires. */
  readonly budgetConsumed: number;
  readonly long: string;
  readonly short: string;
  readonly for: string;
}

/** The SRE workbook table with kubernetes-mixin's `for`: two paging and two ticket alerts. */
export const BURN_ALERTS: readonly BurnAlert[] = [
  { severity: 'critical', budgetConsumed: 0.02, long: '1h', short: '5m', for: '2m' },
  { severity: 'critical', budgetConsumed: 0.05, long: '6h', short: '30m', for: '15m' },
  { severity: 'warning', budgetConsumed: 0.1, long: '1d', short: '2h', for: '1h' },
  { severity: 'warning', budgetConsumed: 0.1, long: '3d', short: '6h', for: '3h' },
];

/** Twelve significant digits: enough for any objective, and 1 - 0.995 prints as 0.005. */
export function tidy(value: number): number {
  return Number(value.toPrecision(12));
}

/** `le` matcher for a bucket bound that also matches Prometheus 3's float formatting ("1" and "1.0"). */
export function leRegex(bound: number): string {
  return Number.isInteger(bound) ? `${bound}(\\.0)?` : exactRegex(String(bound));
}

/** Where an SLO's events come from: the expressions counting them and series that produce them. */
interface SliSource {
  /** Events and bad events in a window, summed per cluster. */
  requests(window: string): string;
  errors(window: string): string;
  /** Test series with `share` of `traffic` bad events (per second) for the target. */
  series(share: number, traffic: number, target: Labels): SeriesSpec[];
  /** Which SLO sources see a test series of this one, and the bad share each then measures. */
  readonly key: string;
  badShareFor(other: ResolvedSlo, share: number): number;
  readonly modelName?: string;
}

export interface ResolvedSlo {
  readonly slo: SloConfig;
  readonly source: SliSource;
  readonly objective: number;
  readonly errorBudget: number;
  readonly periodWindow: string;
  readonly alerts: readonly ResolvedBurnAlert[];
}

export interface ResolvedBurnAlert extends BurnAlert {
  readonly factor: number;
  readonly rule: AlertingRule;
  readonly description: Text;
  readonly literal: LiteralParts;
}

export interface SloProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

function sumByCluster(setup: Setup, names: readonly string[], matchers: readonly Matcher[], window: string): string {
  return aggregate('sum', overNames(names, matchers, (s) => increase(s, window)), [setup.clusterLabel]);
}

/** Events counted by a counter, bad ones by a narrower selector of the same counter. `restrict`
 *  narrows the counted series to those that can be bad at all. */
function counterSource(
  setup: Setup,
  slo: SloConfig,
  names: readonly string[],
  all: readonly Matcher[],
  bad: readonly Matcher[],
  series: SliSource['series'],
  restrict: (series: string, window: string) => string = (s) => s,
): SliSource {
  const requests = (w: string) => aggregate('sum', restrict(overNames(names, all, (s) => increase(s, w)), w), [setup.clusterLabel]);
  return {
    key: 'availability',
    modelName: slo.model,
    requests,
    errors: (w) => orZero(sumByCluster(setup, names, bad, w), requests(w)),
    series,
    badShareFor: (_, share) => share,
  };
}

/** finished_reason="error" where the fleet has it (servers too old to report it left out), else the
 *  HTTP 5xx responses, else nothing. */
function availabilitySource(setup: Setup, slo: SloConfig, index: number, events: SliEvents): SliSource | SloProblem {
  if (events.kind === 'finishedRequests') {
    const { names } = events;
    const family = names[names.length - 1];
    return counterSource(
      setup,
      slo,
      names,
      engineMatchers([], slo.model),
      engineMatchers([eq(LABEL.finishedReason, ERROR_REASON)], slo.model),
      (share, traffic, target) => finishedRequests(family, target, traffic, share),
      (series, window) => onErrorReporting(setup, series, engineMatchers([], slo.model), window),
    );
  }
  if (slo.model !== undefined) {
    return {
      path: ['slos', index, 'model'],
      message: `vLLM ${setup.version} reports failed requests only in HTTP metrics, which carry no model_name; remove model or use vLLM ${ERROR_REASON_SINCE} or newer`,
    };
  }
  const job = vllmJob(setup);
  return counterSource(setup, slo, events.names, jobMatchers(job), jobMatchers(job, [eq(HTTP_STATUS_LABEL, HTTP_SERVER_ERROR)]), (share, traffic, target) =>
    httpResponses(atLevel(setup, 'instance_http', target), traffic, share),
  );
}

function latencySource(setup: Setup, slo: SloConfig, { concept, names, threshold }: Extract<SliEvents, { kind: 'latency' }>): SliSource {
  const family = names[names.length - 1];
  const bounds = setup.catalog.buckets(family) ?? [];
  const slowBound = bounds.find((b) => b > threshold) ?? threshold * 2;
  const matchers = engineMatchers([], slo.model);
  const count = names.map((n) => `${n}_count`);
  const fast = (w: string) => sumByCluster(setup, names.map((n) => `${n}_bucket`), [...matchers, re(LABEL.le, leRegex(threshold))], w);
  return {
    key: `latency:${concept}`,
    modelName: slo.model,
    requests: (w) => sumByCluster(setup, count, matchers, w),
    errors: (w) => `${sumByCluster(setup, count, matchers, w)} - ${fast(w)}`,
    series: (share, traffic, target) =>
      histogram(
        family,
        target,
        [
          { bound: threshold, perSecond: (1 - share) * traffic },
          { bound: slowBound, perSecond: share * traffic },
        ],
        bounds,
        // every bucket, as vLLM exposes them: other latency SLOs read their own bound from these series
        bounds,
      ),
    // requests sit at `threshold` (fast) and `slowBound` (slow); another threshold splits them anew
    badShareFor: (other, share) => {
      const otherThreshold = other.slo.threshold ?? 0;
      return (threshold > otherThreshold ? 1 - share : 0) + (slowBound > otherThreshold ? share : 0);
    },
  };
}

function sourceOf(setup: Setup, slo: SloConfig, index: number): SliSource | SloProblem | undefined {
  const events = sliEvents(setup, slo);
  if (events === undefined) return undefined;
  return events.kind === 'latency' ? latencySource(setup, slo, events) : availabilitySource(setup, slo, index, events);
}

function isProblem(value: SliSource | SloProblem | undefined): value is SloProblem {
  return value !== undefined && 'message' in value;
}

function windowSelector(name: string, slo: SloConfig, window: string): string {
  return selector(name, [eq(LABEL.sloName, slo.name), eq(LABEL.sloWindow, window)]);
}

function sloLabels(slo: SloConfig, window?: string): Labels {
  return window === undefined ? { [LABEL.sloName]: slo.name } : { [LABEL.sloName]: slo.name, [LABEL.sloWindow]: window };
}

function recordAt(record: string, expr: string, labels: Labels): RecordingRule {
  return { record, expr, labels };
}

function windowsOf(resolved: ResolvedSlo): string[] {
  const windows: string[] = [...BURN_WINDOWS];
  return windows.includes(resolved.periodWindow) ? windows : [...windows, resolved.periodWindow];
}

function totalsRules(resolved: ResolvedSlo): RecordingRule[] {
  const { slo, source, periodWindow } = resolved;
  const raw = BURN_WINDOWS.flatMap((w) => [
    recordAt(SLO_RECORD.requests, source.requests(w), sloLabels(slo, w)),
    recordAt(SLO_RECORD.errors, source.errors(w), sloLabels(slo, w)),
  ]);
  if ((BURN_WINDOWS as readonly string[]).includes(periodWindow)) return raw;
  const scale = tidy(durationSeconds(periodWindow) / durationSeconds(PERIOD_BASE_WINDOW));
  const overPeriod = (name: string) => `avg_over_time(${windowSelector(name, slo, PERIOD_BASE_WINDOW)}[${periodWindow}]) * ${scale}`;
  return [
    ...raw,
    recordAt(SLO_RECORD.requests, overPeriod(SLO_RECORD.requests), sloLabels(slo, periodWindow)),
    recordAt(SLO_RECORD.errors, overPeriod(SLO_RECORD.errors), sloLabels(slo, periodWindow)),
  ];
}

function ratioRules(resolved: ResolvedSlo): RecordingRule[] {
  const { slo, errorBudget } = resolved;
  return windowsOf(resolved).flatMap((w) => [
    recordAt(
      SLO_RECORD.errorRatio,
      safeDiv(windowSelector(SLO_RECORD.errors, slo, w), windowSelector(SLO_RECORD.requests, slo, w)),
      sloLabels(slo, w),
    ),
    recordAt(SLO_RECORD.burnRate, `${windowSelector(SLO_RECORD.errorRatio, slo, w)} / ${errorBudget}`, sloLabels(slo, w)),
  ]);
}

function metaRules(setup: Setup, resolved: ResolvedSlo): RecordingRule[] {
  const { slo, objective, errorBudget, periodWindow } = resolved;
  return [
    recordAt(SLO_RECORD.objective, perCluster(setup, resolved, objective), { ...sloLabels(slo), [LABEL.sloTitle]: sloTitle(resolved) }),
    recordAt(SLO_RECORD.errorBudget, perCluster(setup, resolved, errorBudget), sloLabels(slo)),
    recordAt(SLO_RECORD.budgetRemaining, `1 - ${windowSelector(SLO_RECORD.burnRate, slo, periodWindow)}`, sloLabels(slo, periodWindow)),
  ];
}

/**
 * A constant for each cluster that has the SLO's events, so a dashboard filtered to one cluster still
 * finds the SLO's objective; one unlabelled series while no cluster has events yet.
 */
function perCluster(setup: Setup, resolved: ResolvedSlo, value: number): string {
  const events = windowSelector(SLO_RECORD.requests, resolved.slo, resolved.periodWindow);
  return `${value} + 0 * max by (${setup.clusterLabel}) (${events}) or on () vector(${value})`;
}

const LATENCY_PROMISE: Record<NonNullable<SloConfig['latency']>, (threshold: string) => string> = {
  e2e: (t) => `of requests complete in at most ${t}`,
  ttft: (t) => `of requests with time to first token at or under ${t}`,
  itl: (t) => `of inter-token gaps at or under ${t}`,
};

/** What the SLO promises, in words: the SLO dashboard titles each row with it. */
export function sloTitle(resolved: Pick<ResolvedSlo, 'slo' | 'objective' | 'periodWindow'>): string {
  const { slo, objective, periodWindow } = resolved;
  const share = `${tidy(objective * 100)}%`;
  const promise =
    slo.kind === 'availability' ? 'of requests succeed' : LATENCY_PROMISE[slo.latency ?? 'e2e'](`${tidy(slo.threshold ?? 0)}s`);
  return `${slo.name}: ${share} ${promise} over ${periodWindow}`;
}

/** The window label goes, so the long- and short-window series match each other in `and`. */
function withoutWindow(name: string, slo: SloConfig, window: string): string {
  return `max without (${LABEL.sloWindow}) (${windowSelector(name, slo, window)})`;
}

function burnAlert(setup: Setup, slo: SloConfig, resolved: Omit<ResolvedSlo, 'alerts'>, alert: BurnAlert): ResolvedBurnAlert {
  const factor = tidy((alert.budgetConsumed * durationSeconds(resolved.periodWindow)) / durationSeconds(alert.long));
  const conditions = [
    `${withoutWindow(SLO_RECORD.burnRate, slo, alert.long)} > ${factor}`,
    `${withoutWindow(SLO_RECORD.burnRate, slo, alert.short)} > ${factor}`,
    ...(slo.minRequests > 0 ? [`${withoutWindow(SLO_RECORD.requests, slo, alert.long)} >= ${slo.minRequests}`] : []),
  ];
  const description: Text = (t: Template) =>
    `SLO ${t.label(LABEL.sloName)}${setup.config.cluster.multi ? ` in cluster ${t.label(setup.clusterLabel)}` : ''} has burned its error budget ${t.value()} times as fast as its ${slo.objective}% objective allows over the last ${alert.long} and ${alert.short} (threshold ${factor}x: ${tidy(alert.budgetConsumed * 100)}% of the ${resolved.periodWindow} budget in ${alert.long}).`;
  const literal: LiteralParts = {
    labels: sortedLabels({
      ...setup.config.rules.labels,
      [LABEL.severity]: alert.severity,
      // also set by the series; as a rule label it keeps each SLO's rules distinct for promtool's lint
      [LABEL.sloName]: slo.name,
      [LABEL.sloLong]: alert.long,
      [LABEL.sloShort]: alert.short,
    }),
    annotations: {
      summary: 'A vLLM SLO is burning its error budget too fast.',
      runbook_url: setup.runbookUrl(SLO_ALERT),
      dashboard_url: setup.dashboardUrl('slo'),
    },
  };
  return {
    ...alert,
    factor,
    description,
    literal,
    rule: literalAlertRule(SLO_ALERT, conditions.join(' and '), alert.for, literal, description(templateSyntax('number'))),
  };
}

/** The SLOs the fleet's vLLM can measure, with their burn-rate alerts; an alert whose threshold
 *  needs an error ratio above 100% could never fire and is left out. */
export function resolveSlos(setup: Setup): { slos: ResolvedSlo[]; problems: SloProblem[] } {
  const slos: ResolvedSlo[] = [];
  const problems: SloProblem[] = [];
  setup.config.slos.forEach((slo, index) => {
    const source = sourceOf(setup, slo, index);
    if (isProblem(source)) {
      problems.push(source);
      return;
    }
    if (source === undefined) return;
    const objective = tidy(slo.objective / 100);
    const base = { slo, source, objective, errorBudget: tidy(1 - objective), periodWindow: formatDuration(durationSeconds(slo.period)) };
    const alerts = BURN_ALERTS.map((alert) => burnAlert(setup, slo, base, alert)).filter((a) => a.factor * base.errorBudget < 1);
    slos.push({ ...base, alerts });
  });
  return { slos, problems };
}

export function sloGroups(setup: Setup, slos: readonly ResolvedSlo[]): RuleGroup[] {
  const interval = setup.config.rules.evaluationInterval;
  const recordings = slos.map((resolved) => ({
    name: `vllm-slo-${resolved.slo.name}`,
    interval,
    rules: [...totalsRules(resolved), ...ratioRules(resolved), ...metaRules(setup, resolved)],
  }));
  const alerts = slos.flatMap((resolved) => resolved.alerts.map((a) => a.rule));
  return alerts.length > 0 ? [...recordings, { name: 'vllm-slo-alerts', interval, rules: alerts }] : recordings;
}
