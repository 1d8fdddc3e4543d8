// Summaries of repeated measurements and the number formats BENCHMARKS.md uses.

/** Median, min and max of a non-empty list of numbers. */
export function summarize(values) {
  if (values.length === 0) throw new Error('summarize: no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: values.length };
}

export function ms(value) {
  return value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`;
}

export function mib(kib) {
  return `${(kib / 1024).toFixed(1)} MiB`;
}

export function ratio(value) {
  return value >= 100 ? `${Math.round(value)}x` : `${value.toFixed(2)}x`;
}

export function count(value) {
  return Math.round(value).toLocaleString('en-US');
}

export function bytes(value) {
  if (value >= 1024 ** 3) return `${(value / 1024 ** 3).toFixed(2)} GiB`;
  if (value >= 1024 ** 2) return `${(value / 1024 ** 2).toFixed(1)} MiB`;
  return `${(value / 1024).toFixed(1)} KiB`;
}

/** `median (min – max)` of a summary, formatted by `format`. */
export function spread(summary, format) {
  return `${format(summary.median)} (${format(summary.min)} – ${format(summary.max)})`;
}
