// The PromQL of every signal the rules use, written once and shared by recording rules and alerts,
// so an alert compares exactly the value a recording (and the dashboard reading it) shows.
import { ERROR_REASON as CATALOG_ERROR_REASON, finishedReasons, type Concept } from '../catalog/index.js';
import { LABEL, RECORDING_WINDOW, levelLabels, type Level, type Model, type RecordLevel } from '../model/index.js';
import {
  aggregate,
  eq,
  histogramMean,
  histogramQuantile,
  ne,
  overNames,
  rate,
  safeDiv,
  selector,
  type Matcher,
} from '../promql/index.js';

/** prometheus-fastapi-instrumentator's request counter; `status` is grouped ("2xx" … "5xx"). */
export const HTTP_REQUESTS = 'http_requests_total';
export const HTTP_STATUS_LABEL = LABEL.httpStatus;
export const HTTP_SERVER_ERROR = '5xx';
export const UP = 'up';
export const PROBE_SUCCESS = 'probe_success';
export const ERROR_REASON = CATALOG_ERROR_REASON;

export function namesOf(model: Model, concept: Concept): string[] {
  return model.catalog.concept(concept);
}

export function hasConcept(model: Model, concept: Concept): boolean {
  return namesOf(model, concept).length > 0;
}

/** Some vLLM of the fleet reports failed requests as finished_reason="error" (0.13 on). */
export function hasErrorReason(model: Model): boolean {
  return model.catalog.finishedReasons().includes(ERROR_REASON);
}

/** Every vLLM of the fleet reports it; otherwise error ratios leave the servers that cannot out. */
export function errorReasonEverywhere(model: Model): boolean {
  return model.catalog.versions.every((v) => finishedReasons(v).includes(ERROR_REASON));
}

/** `series` (per engine) kept only for the engines that report finished_reason="error". V1 creates
 *  that series at start, so the presence of its rate tells a server that can report failures (0.13
 *  on) from one that cannot, whose requests would otherwise count as error-free. */
export function onErrorReporting(
  model: Model,
  series: string,
  matchers: readonly Matcher[] = engineMatchers(),
  window: string = RECORDING_WINDOW,
): string {
  if (errorReasonEverywhere(model)) return series;
  const on = [...groupLabels(model, 'instance'), LABEL.engine].join(', ');
  const reporting = overNames(namesOf(model, 'requestSuccess'), [...matchers, eq(LABEL.finishedReason, ERROR_REASON)], (s) => rate(s, window));
  return `(${series}) and on (${on}) (${reporting})`;
}

export function hasHttpMetrics(model: Model): boolean {
  return model.catalog.exposes(HTTP_REQUESTS);
}

export function groupLabels(model: Model, level: RecordLevel): string[] {
  return levelLabels(level, model.clusterLabel);
}

/** vLLM engine series only: the production-stack router exports look-alike `vllm:` series that
 *  carry `server` instead of `model_name`. */
export function engineMatchers(extra: readonly Matcher[] = [], modelName?: string): Matcher[] {
  return [modelName === undefined ? ne(LABEL.model, '') : eq(LABEL.model, modelName), ...extra];
}

/** Series without model_name (HTTP, up, probes) are told apart by the scrape job. */
export function jobMatchers(job: string, extra: readonly Matcher[] = []): Matcher[] {
  return [eq(LABEL.job, job), ...extra];
}

export function vllmJob(model: Model): string {
  return model.config.scrape.jobName;
}

/** `part`, or 0 where `whole` has a series and `part` none yet (counters such as 5xx responses
 *  appear only on their first event). Both sides must be aggregated to the same labels. */
export function orZero(part: string, whole: string): string {
  return `${part} or 0 * ${whole}`;
}

/** `part / whole`: 0 rather than absent before the first bad event, absent when `whole` is 0, so a
 *  ratio never fires on zero traffic. */
export function ratio(part: string, whole: string): string {
  return safeDiv(orZero(part, whole), whole);
}

export function latencyQuantile(model: Model, concept: Concept, q: number, level: Level): string {
  return histogramQuantile(q, namesOf(model, concept), engineMatchers(), RECORDING_WINDOW, groupLabels(model, level));
}

export function latencyMean(model: Model, concept: Concept, level: Level): string {
  return histogramMean(namesOf(model, concept), engineMatchers(), RECORDING_WINDOW, groupLabels(model, level));
}

function summedRate(model: Model, names: readonly string[], level: RecordLevel, extra: readonly Matcher[], keep: readonly string[] = []): string {
  const series = overNames(names, engineMatchers(extra), (s) => rate(s, RECORDING_WINDOW));
  return aggregate('sum', series, [...groupLabels(model, level), ...keep]);
}

export function counterRate(model: Model, concept: Concept, level: RecordLevel, extra: readonly Matcher[] = []): string {
  return summedRate(model, namesOf(model, concept), level, extra);
}

/** Per-bucket rates of a histogram (cumulative, `le` kept): what a heatmap draws. */
export function bucketRate(model: Model, concept: Concept, level: Level): string {
  return summedRate(model, namesOf(model, concept).map((name) => `${name}_bucket`), level, [], [LABEL.le]);
}

export function gaugeAggregate(model: Model, concept: Concept, op: 'sum' | 'max' | 'avg', level: Level): string {
  return aggregate(op, overNames(namesOf(model, concept), engineMatchers(), (s) => s), groupLabels(model, level));
}

export function errorRatio(model: Model, level: Level): string {
  const finished = overNames(namesOf(model, 'requestSuccess'), engineMatchers(), (s) => rate(s, RECORDING_WINDOW));
  return ratio(
    counterRate(model, 'requestSuccess', level, [eq(LABEL.finishedReason, ERROR_REASON)]),
    aggregate('sum', onErrorReporting(model, finished), groupLabels(model, level)),
  );
}

export function httpRate(model: Model, level: RecordLevel, extra: readonly Matcher[] = []): string {
  return aggregate('sum', rate(selector(HTTP_REQUESTS, jobMatchers(vllmJob(model), extra)), RECORDING_WINDOW), groupLabels(model, level));
}

export function http5xxRatio(model: Model, level: Level): string {
  return ratio(httpRate(model, level, [eq(HTTP_STATUS_LABEL, HTTP_SERVER_ERROR)]), httpRate(model, level));
}

export function prefixCacheHitRatio(model: Model, level: Level): string {
  return ratio(counterRate(model, 'prefixCacheHits', level), counterRate(model, 'prefixCacheQueries', level));
}
