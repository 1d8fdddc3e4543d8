// The series every signal reads, and the PromQL pieces signals share: which names the fleet's vLLM
// versions expose for a concept, which matchers pick vLLM engine or target series, and zero-safe ratios.
import { ERROR_REASON as CATALOG_ERROR_REASON, finishedReasons, type Catalog, type Concept } from '../catalog/index.js';
import { LABEL, RECORDING_WINDOW, levelLabels, type Setup, type RecordLevel } from '../model/index.js';
import { eq, ne, overNames, rate, safeDiv, type Matcher } from '../promql/index.js';

/** prometheus-fastapi-instrumentator's request counter; `status` is grouped ("2xx" … "5xx"). */
export const HTTP_REQUESTS = 'http_requests_total';
export const HTTP_STATUS_LABEL = LABEL.httpStatus;
export const HTTP_SERVER_ERROR = '5xx';
export const UP = 'up';
export const PROBE_SUCCESS = 'probe_success';
export const ERROR_REASON = CATALOG_ERROR_REASON;

/** The catalog resolves a concept across every covered version; rules and panels ask for the same
 *  concepts many times. */
const NAMES = new WeakMap<Catalog, Map<Concept, readonly string[]>>();

/** The concept's names in the fleet's versions, newest first (empty when no version exposes it). */
export function namesOf(setup: Setup, concept: Concept): readonly string[] {
  let byConcept = NAMES.get(setup.catalog);
  if (byConcept === undefined) {
    byConcept = new Map();
    NAMES.set(setup.catalog, byConcept);
  }
  let names = byConcept.get(concept);
  if (names === undefined) {
    names = Object.freeze(setup.catalog.concept(concept));
    byConcept.set(concept, names);
  }
  return names;
}

export function hasConcept(setup: Setup, concept: Concept): boolean {
  return namesOf(setup, concept).length > 0;
}

/** Some vLLM of the fleet reports failed requests as finished_reason="error" (0.13 on). */
export function hasErrorReason(setup: Setup): boolean {
  return setup.catalog.finishedReasons().includes(ERROR_REASON);
}

/** Every vLLM of the fleet reports it; otherwise error ratios leave the servers that cannot out. */
export function errorReasonEverywhere(setup: Setup): boolean {
  return setup.catalog.versions.every((v) => finishedReasons(v).includes(ERROR_REASON));
}

/** `series` (per engine) kept only for the engines that report finished_reason="error". V1 creates
 *  that series at start, so the presence of its rate tells a server that can report failures (0.13
 *  on) from one that cannot, whose requests would otherwise count as error-free. */
export function onErrorReporting(
  setup: Setup,
  series: string,
  matchers: readonly Matcher[] = engineMatchers(),
  window: string = RECORDING_WINDOW,
): string {
  if (errorReasonEverywhere(setup)) return series;
  const on = [...groupLabels(setup, 'instance'), LABEL.engine].join(', ');
  const reporting = overNames(namesOf(setup, 'requestSuccess'), [...matchers, eq(LABEL.finishedReason, ERROR_REASON)], (s) => rate(s, window));
  return `(${series}) and on (${on}) (${reporting})`;
}

export function hasHttpMetrics(setup: Setup): boolean {
  return setup.catalog.exposes(HTTP_REQUESTS);
}

export function groupLabels(setup: Setup, level: RecordLevel): string[] {
  return levelLabels(level, setup.clusterLabel);
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

export function vllmJob(setup: Setup): string {
  return setup.config.scrape.jobName;
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
