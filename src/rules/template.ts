// Alert descriptions are written once, as functions of a Template: rendering them with the template
// syntax gives the rule's annotation, rendering them with a test's labels and value gives the exact
// text promtool must see, so a description and its test cannot drift apart.
import { formatFixed, humanize, humanizeDuration, humanizePercentage } from './humanize.js';
import type { AlertingRule, Labels } from './types.js';

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

/**
 * Text that Prometheus' template engine (Go text/template, which expands every alert label and
 * annotation) must print exactly as written: each `{{` becomes an action printing "{{". Nothing else
 * starts an action, so `}}`, backticks and quotes stay as they are. Values from the config go
 * through here; a `{{ end }}` in a team label would otherwise break the rule, and
 * `{{ with query "…" }}` would run a query.
 */
export function templateLiteral(text: string): string {
  return text.split('{{').join('{{ "{{" }}');
}

/** Every value of a label or annotation set as a template literal. */
export function templateLiterals(values: Labels): Labels {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, templateLiteral(value)]));
}

/** Labels and annotations (all but the templated description) as written in the config. */
export interface LiteralParts {
  readonly labels: Labels;
  readonly annotations: Labels;
}

/** An alerting rule whose config-given labels and annotations render literally. */
export function literalAlertRule(alert: string, expr: string, forDuration: string, literal: LiteralParts, description: string): AlertingRule {
  return {
    alert,
    expr,
    for: forDuration,
    labels: templateLiterals(literal.labels),
    annotations: withDescription(templateLiterals(literal.annotations), description),
  };
}

/** The annotations with the description second, after the summary, as every rule file lists them. */
export function withDescription(annotations: Labels, description: string): Labels {
  const { summary, ...rest } = annotations;
  return summary === undefined ? { description, ...rest } : { summary, description, ...rest };
}
