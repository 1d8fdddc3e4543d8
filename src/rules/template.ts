// Alert descriptions are written once, as functions of a Template: rendering them with the template
// syntax gives the rule's annotation, rendering them with a test's labels and value gives the exact
// text promtool must see, so a description and its test cannot drift apart.
import { formatFixed, humanize, humanizeDuration, humanizePercentage } from './humanize.js';
import type { Labels } from './types.js';

/** `rate`: events per second, with two decimals ("0.65 times per second"): humanize's SI prefixes
 *  would print 652.3m for a rate below one. */
export type ValueFormat = 'percent' | 'duration' | 'number' | 'rate';

export interface Template {
  label(name: string): string;
  value(): string;
}

export type Text = (t: Template) => string;

const VALUE_TEMPLATE: Record<ValueFormat, string> = {
  percent: '{{ $value | humanizePercentage }}',
  duration: '{{ $value | humanizeDuration }}',
  number: '{{ $value | humanize }}',
  rate: '{{ printf "%.2f" $value }}',
};

const HUMANIZE: Record<ValueFormat, (v: number) => string> = {
  percent: humanizePercentage,
  duration: humanizeDuration,
  number: humanize,
  rate: (v) => formatFixed(v, 2),
};

export function templateSyntax(format: ValueFormat): Template {
  return {
    label: (name) => `{{ $labels.${name} }}`,
    value: () => VALUE_TEMPLATE[format],
  };
}

/** What Prometheus renders for an alert whose series has `labels` and value `value`. */
export function rendered(format: ValueFormat, labels: Labels, value: number): Template {
  return {
    label: (name) => labels[name] ?? '',
    value: () => HUMANIZE[format](value),
  };
}

/** A threshold written into static text, in the unit the value is shown in. */
export function formatThreshold(format: ValueFormat, threshold: number): string {
  return format === 'number' || format === 'rate' ? String(threshold) : HUMANIZE[format](threshold);
}
