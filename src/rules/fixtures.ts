// Synthetic input series for the generated promtool tests: gauges, counters and histograms with
// exactly known rates, quantiles and ratios, labelled like a real vLLM target of the configured fleet.
import { LABEL, levelLabels, type Level, type Setup } from '../model/index.js';
import { eq, selector } from '../promql/index.js';
import { ERROR_REASON, HTTP_REQUESTS, HTTP_SERVER_ERROR, HTTP_STATUS_LABEL } from '../signals/index.js';
import type { InputSeries, Labels } from './types.js';
import { sortedLabels } from '../order.js';

/** Sample spacing of every input series; counters grow by `perSecond * 60` per sample. */
export const SAMPLE_INTERVAL_SECONDS = 60;

export interface SeriesSpec {
  readonly metric: string;
  readonly labels: Labels;
  readonly start: number;
  /** Growth per sample; 0 for gauges. */
  readonly step: number;
}

/** Series that make an expression yield `value` (exactly, up to float rounding). */
export interface Fixture {
  readonly series: readonly SeriesSpec[];
  readonly value: number;
}

export function gauge(metric: string, labels: Labels, value: number): SeriesSpec {
  return { metric, labels, start: value, step: 0 };
}

export function counter(metric: string, labels: Labels, perSecond: number): SeriesSpec {
  return { metric, labels, start: 0, step: perSecond * SAMPLE_INTERVAL_SECONDS };
}

/** Finished requests of `family` (request_success_total): `share` of them with `reason`, the rest `stop`. */
export function finishedRequests(family: string, target: Labels, perSecond: number, share: number, reason = ERROR_REASON): SeriesSpec[] {
  return [
    counter(family, { ...target, [LABEL.finishedReason]: reason }, share * perSecond),
    counter(family, { ...target, [LABEL.finishedReason]: 'stop' }, (1 - share) * perSecond),
  ];
}

/** HTTP responses of one vLLM server, `share` of them 5xx. Like the instrumentator, no 5xx series
 *  exists before the first 5xx. */
export function httpResponses(labels: Labels, perSecond: number, share: number): SeriesSpec[] {
  const route = { ...labels, handler: '/v1/chat/completions', method: 'POST' };
  return [
    ...(share > 0 ? [counter(HTTP_REQUESTS, { ...route, [HTTP_STATUS_LABEL]: HTTP_SERVER_ERROR }, share * perSecond)] : []),
    counter(HTTP_REQUESTS, { ...route, [HTTP_STATUS_LABEL]: '2xx' }, (1 - share) * perSecond),
  ];
}

/** Observations per second that all fall into the bucket ending at `bound`. */
export interface Population {
  readonly bound: number;
  readonly perSecond: number;
}

/** Python's float repr, which prometheus_client uses for `le`: 20 -> "20.0", 2.5 -> "2.5". */
export function formatLe(bound: number): string {
  if (bound === Infinity) return '+Inf';
  return Number.isInteger(bound) ? `${bound}.0` : String(bound);
}

/** The bounds a fixture must expose so histogram_quantile sees each population's bucket whole. */
function exposedBounds(populations: readonly Population[], bounds: readonly number[], extra: readonly number[]): number[] {
  const needed = new Set<number>([...extra, Infinity]);
  for (const { bound } of populations) {
    needed.add(bound);
    const below = bounds.filter((b) => b < bound);
    if (below.length > 0) needed.add(below[below.length - 1]);
  }
  return [...needed].sort((a, b) => a - b);
}

export function histogram(
  family: string,
  labels: Labels,
  populations: readonly Population[],
  bounds: readonly number[],
  extraBounds: readonly number[] = [],
): SeriesSpec[] {
  const below = (le: number) => populations.filter((p) => p.bound <= le).reduce((sum, p) => sum + p.perSecond, 0);
  const total = below(Infinity);
  const sum = populations.reduce((s, p) => s + p.perSecond * p.bound, 0);
  return [
    ...exposedBounds(populations, bounds, extraBounds).map((le) =>
      counter(`${family}_bucket`, { ...labels, [LABEL.le]: formatLe(le) }, below(le)),
    ),
    counter(`${family}_sum`, labels, sum),
    counter(`${family}_count`, labels, total),
  ];
}

/**
 * histogram_quantile as Prometheus computes it (promql/quantile.go bucketQuantile) over the buckets
 * a fixture exposes, so the expected value is the one Prometheus interpolates.
 */
export function bucketQuantile(q: number, populations: readonly Population[], bounds: readonly number[], extraBounds: readonly number[] = []): number {
  const buckets = exposedBounds(populations, bounds, extraBounds).map((le) => ({
    upperBound: le,
    count: populations.filter((p) => p.bound <= le).reduce((sum, p) => sum + p.perSecond, 0),
  }));
  const observations = buckets[buckets.length - 1].count;
  if (buckets.length < 2 || observations === 0) return NaN;
  let rank = q * observations;
  const b = buckets.findIndex((bucket, i) => i === buckets.length - 1 || bucket.count >= rank);
  if (b === buckets.length - 1) return buckets[buckets.length - 2].upperBound;
  if (b === 0 && buckets[0].upperBound <= 0) return buckets[0].upperBound;
  let bucketStart = 0;
  let count = buckets[b].count;
  if (b > 0) {
    bucketStart = buckets[b - 1].upperBound;
    count -= buckets[b - 1].count;
    rank -= buckets[b - 1].count;
  }
  return bucketStart + (buckets[b].upperBound - bucketStart) * (rank / count);
}

/** Labels of the one synthetic vLLM server the tests scrape, as the configured fleet labels it. */
export function sampleTarget(setup: Setup, modelName?: string): Labels {
  const labels: Record<string, string> = {
    [LABEL.job]: setup.config.scrape.jobName,
    [LABEL.instance]: '10.0.0.1:8000',
    [LABEL.model]: modelName ?? setup.config.deployments.find((d) => d.model)?.model ?? 'meta-llama/Llama-3.1-8B-Instruct',
  };
  if (setup.config.cluster.multi) labels[setup.clusterLabel] = setup.config.cluster.name || 'cluster-a';
  if (setup.catalog.hasEngineLabel) labels[LABEL.engine] = '0';
  return labels;
}

/** The labels an aggregation to `level` keeps from `labels`. */
export function atLevel(setup: Setup, level: Level, labels: Labels): Labels {
  return pick(labels, levelLabels(level, setup.clusterLabel));
}

export function pick(labels: Labels, names: readonly string[]): Labels {
  return Object.fromEntries(names.filter((n) => labels[n] !== undefined).map((n) => [n, labels[n]]));
}

/** `metric{a="1", b="2"}` with sorted, escaped labels. */
export function seriesText(metric: string, labels: Labels): string {
  return selector(metric, Object.entries(sortedLabels(labels)).map(([k, v]) => eq(k, v)));
}

export function renderSeries(spec: SeriesSpec, samples: number): InputSeries {
  const sign = spec.step < 0 ? '-' : '+';
  return { series: seriesText(spec.metric, spec.labels), values: `${spec.start}${sign}${Math.abs(spec.step)}x${samples}` };
}
