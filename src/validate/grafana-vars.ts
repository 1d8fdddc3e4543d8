// Grafana expressions are not PromQL until their macros and variables are replaced. Replacements
// keep the meaning the parser needs (a duration inside `[...]`, a number where a number goes, any
// text inside string literals) and remember where they were, so a parse error's column can be
// reported against the expression as the user wrote it.

export interface Expansion {
  /** PromQL text to parse. */
  readonly text: string;
  /** Offset in `text` to offset in the original expression. */
  toOriginal(offset: number): number;
}

/** Template variables of the dashboard by name, with the value Grafana would show first. */
export type VariableValues = ReadonlyMap<string, string | undefined>;

const VARIABLE = /\$(\w+)|\$\{([^}]+)\}|\[\[([^[\]]+)\]\]/y;
const DURATION_MACROS = new Map([
  ['__rate_interval', '1m'],
  ['__interval', '1m'],
  ['__range', '1h'],
  ['__auto', '1m'],
]);
const NUMBER_MACROS = new Map([
  ['__interval_ms', '60000'],
  ['__range_ms', '3600000'],
  ['__range_s', '3600'],
  ['__from', '1700000000000'],
  ['__to', '1700003600000'],
]);
const DURATION_VALUE = /^([0-9]+(ms|s|m|h|d|w|y))+$/;
const NUMBER_VALUE = /^-?[0-9]+(\.[0-9]+)?$/;

export function expandGrafana(expr: string, variables: VariableValues = new Map()): Expansion {
  const edits: { at: number; originalLength: number; replacement: string }[] = [];
  let quote: string | undefined;
  let bracketDepth = 0;
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i];
    if (quote) {
      if (ch === '\\' && quote !== '`') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '[' && expr[i + 1] !== '[') bracketDepth++;
    else if (ch === ']' && bracketDepth > 0) bracketDepth--;
    if (ch !== '$' && !(ch === '[' && expr[i + 1] === '[')) continue;
    VARIABLE.lastIndex = i;
    const match = VARIABLE.exec(expr);
    if (!match) continue;
    const name = (match[1] ?? match[2] ?? match[3]).split(':')[0];
    edits.push({ at: i, originalLength: match[0].length, replacement: replacementFor(name, bracketDepth > 0, variables) });
    i += match[0].length - 1;
  }
  return applyEdits(expr, edits);
}

function replacementFor(name: string, inRange: boolean, variables: VariableValues): string {
  const duration = DURATION_MACROS.get(name);
  if (duration) return duration;
  if (inRange) return '1m';
  const number = NUMBER_MACROS.get(name);
  if (number) return number;
  const value = variables.get(name);
  if (value !== undefined && (DURATION_VALUE.test(value) || NUMBER_VALUE.test(value))) return value;
  return `grafana_var_${name.replace(/\W/g, '_')}`;
}

function applyEdits(expr: string, edits: readonly { at: number; originalLength: number; replacement: string }[]): Expansion {
  if (edits.length === 0) return { text: expr, toOriginal: (offset) => offset };
  let text = '';
  let last = 0;
  const anchors: { expanded: number; original: number; replacementEnd: number }[] = [];
  for (const edit of edits) {
    text += expr.slice(last, edit.at);
    anchors.push({ expanded: text.length, original: edit.at, replacementEnd: text.length + edit.replacement.length });
    text += edit.replacement;
    last = edit.at + edit.originalLength;
    anchors.push({ expanded: text.length, original: last, replacementEnd: text.length });
  }
  text += expr.slice(last);
  return {
    text,
    toOriginal(offset) {
      let anchor = { expanded: 0, original: 0, replacementEnd: 0 };
      for (const a of anchors) if (a.expanded <= offset) anchor = a;
      // inside a replacement, point at the variable itself
      return offset < anchor.replacementEnd ? anchor.original : anchor.original + (offset - anchor.expanded);
    },
  };
}

/** A Prometheus query variable (`label_values(metric{…}, label)`, `query_result(expr)`, …). */
export interface VariableQuery {
  readonly fn: 'label_values' | 'label_names' | 'metrics' | 'query_result';
  /** The PromQL inside (a selector or an expression) and where it starts in the query; absent for
   *  `label_values(label)`, `metrics(regex)` and `label_names()`. */
  readonly promql?: { text: string; offset: number };
  /** `label_values`: the label whose values the variable lists. */
  readonly label?: string;
}

const VARIABLE_QUERY = /^\s*(label_values|label_names|metrics|query_result)\s*\(([\s\S]*)\)\s*$/;

/** undefined when the query is none of Grafana's Prometheus variable functions. */
export function parseVariableQuery(query: string): VariableQuery | undefined {
  const match = VARIABLE_QUERY.exec(query);
  if (!match) return undefined;
  const fn = match[1] as VariableQuery['fn'];
  const argsAt = query.indexOf('(', query.indexOf(fn) + fn.length) + 1;
  const args = match[2];
  const trimmedAt = (text: string, at: number) => ({ text: text.trim(), offset: at + (text.length - text.trimStart().length) });
  switch (fn) {
    case 'label_values': {
      const comma = lastTopLevelComma(args);
      if (comma < 0) return { fn, label: args.trim() };
      return { fn, promql: trimmedAt(args.slice(0, comma), argsAt), label: args.slice(comma + 1).trim() };
    }
    case 'label_names':
      return args.trim() === '' ? { fn } : { fn, promql: trimmedAt(args, argsAt) };
    case 'query_result':
      return { fn, promql: trimmedAt(args, argsAt) };
    case 'metrics':
      return { fn };
  }
}

/** The comma that separates label_values' selector from its label: outside braces, parentheses and
 *  strings (a stray closing brace still leaves the selector to the parser to report). */
function lastTopLevelComma(args: string): number {
  let depth = 0;
  let quote: string | undefined;
  let found = -1;
  for (let i = 0; i < args.length; i++) {
    const ch = args[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '{' || ch === '(' || ch === '[') depth++;
    else if (ch === '}' || ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth <= 0) found = i;
  }
  return found;
}
