import { selector, type Matcher } from './selector.js';

/** Grafana's rate window; it adapts to the scrape interval and the panel resolution. */
export const RATE_INTERVAL = '$__rate_interval';

export function rate(series: string, window: string): string {
  return `rate(${series}[${window}])`;
}

export function increase(series: string, window: string): string {
  return `increase(${series}[${window}])`;
}

export function by(labels: readonly string[]): string {
  return labels.length === 0 ? '' : ` by (${labels.join(', ')})`;
}

export function aggregate(op: 'sum' | 'max' | 'min' | 'avg' | 'count', expr: string, labels: readonly string[] = []): string {
  return `${op}${by(labels)} (${expr})`;
}

/** Prefer the first name; fall back to the others where a target still exposes only an old name
 *  (mixed fleets during a vLLM upgrade). `or` matches label sets ignoring `__name__`. */
export function anyOf(exprs: readonly string[]): string {
  if (exprs.length === 0) throw new Error('anyOf needs at least one expression');
  return exprs.length === 1 ? exprs[0] : `(${exprs.join(' or ')})`;
}

/** The same expression over each of a concept's names, combined with `or`. */
export function overNames(names: readonly string[], matchers: readonly Matcher[], build: (series: string) => string): string {
  return anyOf(names.map((name) => build(selector(name, matchers))));
}

/** `num / (den > 0)`: no result instead of NaN or Inf when the denominator is zero (no traffic). */
export function safeDiv(numerator: string, denominator: string): string {
  return `(${numerator}) / (${denominator} > 0)`;
}

/** histogram_quantile over the summed bucket rates of one or more histogram names. */
export function histogramQuantile(
  q: number,
  histogramNames: readonly string[],
  matchers: readonly Matcher[],
  window: string,
  groupBy: readonly string[] = [],
): string {
  const buckets = overNames(
    histogramNames.map((n) => `${n}_bucket`),
    matchers,
    (series) => rate(series, window),
  );
  return `histogram_quantile(${q}, sum${by(['le', ...groupBy])} (${buckets}))`;
}

/** Mean of a histogram: rate of _sum over rate of _count, zero-safe. */
export function histogramMean(histogramNames: readonly string[], matchers: readonly Matcher[], window: string, groupBy: readonly string[] = []): string {
  const part = (suffix: string) =>
    aggregate('sum', overNames(histogramNames.map((n) => `${n}${suffix}`), matchers, (s) => rate(s, window)), groupBy);
  return safeDiv(part('_sum'), part('_count'));
}
