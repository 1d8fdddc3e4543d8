import { quote } from './escape.js';

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  readonly label: string;
  readonly op: MatchOp;
  readonly value: string;
}

export const eq = (label: string, value: string): Matcher => ({ label, op: '=', value });
export const ne = (label: string, value: string): Matcher => ({ label, op: '!=', value });
export const re = (label: string, value: string): Matcher => ({ label, op: '=~', value });

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** `metric{label="value",…}` with every value escaped; an empty matcher list gives the bare name. */
export function selector(metric: string, matchers: readonly Matcher[] = []): string {
  if (!METRIC_NAME.test(metric)) throw new Error(`invalid metric name ${JSON.stringify(metric)}`);
  if (matchers.length === 0) return metric;
  return `${metric}{${matchers.map(formatMatcher).join(', ')}}`;
}

export function formatMatcher(m: Matcher): string {
  if (!LABEL_NAME.test(m.label)) throw new Error(`invalid label name ${JSON.stringify(m.label)}`);
  return `${m.label}${m.op}${quote(m.value)}`;
}
