// Alertmanager label matchers: written as `name="value"` strings into alertmanager.yml and as amtool
// arguments, read back by the in-process checks, and evaluated the way Alertmanager does (anchored
// regexes). Escaping follows Alertmanager's matcher parser (pkg/labels/parse.go): `\\`, `\"`, `\n`.
import type { Labels } from '../rules/types.js';
import type { Matcher, MatchType } from './types.js';

export function eq(name: string, value: string): Matcher {
  return { name, type: '=', value };
}

/** A regex matcher for exactly these values (escaped, joined with `|`). */
export function oneOf(name: string, values: readonly string[]): Matcher {
  return values.length === 1 ? eq(name, values[0]) : { name, type: '=~', value: values.map(escapeRegex).join('|') };
}

function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

export function matcherText(matcher: Matcher): string {
  return `${matcher.name}${matcher.type}${quote(matcher.value)}`;
}

const MATCHER = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|=|!=|!~)\s*"((?:[^"\\]|\\.)*)"\s*$/s;

/** Reads one matcher as written by matcherText; undefined for anything else. */
export function parseMatcher(text: string): Matcher | undefined {
  const match = MATCHER.exec(text);
  if (!match) return undefined;
  const value = match[3].replace(/\\(.)/gs, (_, c: string) => (c === 'n' ? '\n' : c));
  return { name: match[1], type: match[2] as MatchType, value };
}

/** Alertmanager's semantics: a missing label is the empty string; regexes match the whole value. */
export function matches(labels: Labels, matcher: Matcher): boolean {
  const value = labels[matcher.name] ?? '';
  switch (matcher.type) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return new RegExp(`^(?:${matcher.value})$`, 'su').test(value);
    case '!~':
      return !new RegExp(`^(?:${matcher.value})$`, 'su').test(value);
  }
}

export function matchesAll(labels: Labels, matchers: readonly Matcher[]): boolean {
  return matchers.every((matcher) => matches(labels, matcher));
}
