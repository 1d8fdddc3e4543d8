// Alert descriptions are written once, as functions of a Template: rendering them with the template
// syntax gives the rule's annotation, rendering them with a test's labels and value gives the exact
// text promtool must see, so a description and its test cannot drift apart.
import { humanize, humanizeDuration, humanizePercentage } from './humanize.js';
import type { Labels } from './types.js';

export type ValueFormat = 'percent' | 'duration' | 'number';

export interface Template {
  label(name: string): string;
  value(): string;
}

export type Text = (t: Template) => string;

const TEMPLATE_FUNCTION: Record<ValueFormat, string> = {
  percent: 'humanizePercentage',
  duration: 'humanizeDuration',
  number: 'humanize',
};

const HUMANIZE: Record<ValueFormat, (v: number) => string> = {
  percent: humanizePercentage,
  duration: humanizeDuration,
  number: humanize,
};

export function templateSyntax(format: ValueFormat): Template {
  return {
    label: (name) => `{{ $labels.${name} }}`,
    value: () => `{{ $value | ${TEMPLATE_FUNCTION[format]} }}`,
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
  return format === 'number' ? String(threshold) : HUMANIZE[format](threshold);
}
