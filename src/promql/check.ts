// What Prometheus' parser rejects and the lezer grammar lets through. lezer-promql is a lenient
// editor grammar of the newest PromQL; Prometheus (2.42 is the oldest the project supports) also
// checks string escapes, numbers, durations, regular expressions (RE2), selectors, the types of
// every operand and argument, and where modifiers may stand (parser/lex.go, parser/parse.go
// checkAST). Syntax newer than 2.42 is reported as such: such a query fails on the older servers.
import type { SyntaxNode, Tree } from '@lezer/common';
import { RE2JS } from 're2js';
import { durationProblem, isZeroDuration } from './duration.js';

export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

export interface CheckProblem {
  readonly from: number;
  readonly message: string;
}

interface FunctionSignature {
  readonly args: readonly ValueType[];
  /** 0: exactly `args`; n > 0: the last n may be left out; -1: the last repeats without end. */
  readonly variadic: number;
  readonly returns: ValueType;
}

const v = 'vector' as const;
const m = 'matrix' as const;
const s = 'scalar' as const;
const str = 'string' as const;

function fn(args: readonly ValueType[], returns: ValueType = v, variadic = 0): FunctionSignature {
  return { args, variadic, returns };
}

/** The functions of Prometheus 2.42 (promql/parser/functions.go). */
const FUNCTIONS: Readonly<Record<string, FunctionSignature>> = {
  ...Object.fromEntries(
    ['abs', 'absent', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'ceil', 'cos', 'cosh', 'deg', 'exp', 'floor', 'histogram_count', 'histogram_sum', 'ln', 'log10', 'log2',
      'rad', 'sgn', 'sin', 'sinh', 'sort', 'sort_desc', 'sqrt', 'tan', 'tanh', 'timestamp'].map((name) => [name, fn([v])]),
  ),
  ...Object.fromEntries(
    ['absent_over_time', 'avg_over_time', 'changes', 'count_over_time', 'delta', 'deriv', 'idelta', 'increase', 'irate', 'last_over_time', 'max_over_time', 'min_over_time',
      'present_over_time', 'rate', 'resets', 'stddev_over_time', 'stdvar_over_time', 'sum_over_time'].map((name) => [name, fn([m])]),
  ),
  ...Object.fromEntries(['days_in_month', 'day_of_month', 'day_of_week', 'day_of_year', 'hour', 'minute', 'month', 'year'].map((name) => [name, fn([v], v, 1)])),
  clamp: fn([v, s, s]),
  clamp_max: fn([v, s]),
  clamp_min: fn([v, s]),
  histogram_fraction: fn([s, s, v]),
  histogram_quantile: fn([s, v]),
  holt_winters: fn([m, s, s]),
  label_join: fn([v, str, str, str], v, -1),
  label_replace: fn([v, str, str, str, str]),
  pi: fn([], s),
  predict_linear: fn([m, s]),
  quantile_over_time: fn([s, m]),
  round: fn([v, s], v, 1),
  scalar: fn([v], s),
  time: fn([], s),
  vector: fn([s]),
};

/** Aggregations of Prometheus 2.42, and the type of the parameter those with one take. */
const AGGREGATIONS: Readonly<Record<string, ValueType | undefined>> = {
  sum: undefined, avg: undefined, count: undefined, min: undefined, max: undefined, group: undefined, stddev: undefined, stdvar: undefined,
  topk: s, bottomk: s, quantile: s, count_values: str,
};

const COMPARISONS = new Set(['Eql', 'Neq', 'Lte', 'Lss', 'Gte', 'Gtr']);
const SET_OPERATORS = new Set(['And', 'Or', 'Unless']);
const ARITHMETIC = new Set(['Add', 'Sub', 'Mul', 'Div', 'Mod', 'Pow', 'Atan2']);

/** Deeper nesting than this is reported instead of checked: the checker recurses once per level. */
const MAX_DEPTH = 1000;

class Problem extends Error {
  constructor(
    readonly from: number,
    message: string,
  ) {
    super(message);
  }
}

const NEWER = 'needs a newer Prometheus than 2.42';

/** The first problem Prometheus' parser would report that lezer did not, or undefined. */
export function checkPromql(expr: string, tree: Tree): CheckProblem | undefined {
  const checker = new Checker(expr);
  try {
    const root = tree.topNode;
    const children = expressionChildren(root);
    if (children.length === 0) throw new Problem(0, 'no expression (only a comment or white space)');
    checker.type(children[0], 0);
    return undefined;
  } catch (error) {
    if (error instanceof Problem) return { from: error.from, message: error.message };
    throw error;
  }
}

function expressionChildren(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) if (child.name !== 'LineComment') out.push(child);
  return out;
}

class Checker {
  constructor(private readonly expr: string) {}

  private text(node: SyntaxNode): string {
    return this.expr.slice(node.from, node.to);
  }

  type(node: SyntaxNode, depth: number): ValueType {
    if (depth > MAX_DEPTH) throw new Problem(node.from, `nested more than ${MAX_DEPTH} levels deep`);
    const next = depth + 1;
    switch (node.name) {
      case 'ParenExpr':
        return this.type(expressionChildren(node)[0], next);
      case 'NumberDurationLiteral':
        this.number(node);
        return s;
      case 'StringLiteral':
        this.string(node);
        return str;
      case 'VectorSelector':
        this.selector(node);
        return v;
      case 'MatrixSelector':
        return this.matrix(node, next);
      case 'SubqueryExpr':
        return this.subquery(node, next);
      case 'OffsetExpr':
        return this.offset(node, next);
      case 'StepInvariantExpr':
        return this.at(node, next);
      case 'UnaryExpr':
        return this.unary(node, next);
      case 'BinaryExpr':
        return this.binary(node, next);
      case 'FunctionCall':
        return this.call(node, next);
      case 'AggregateExpr':
        return this.aggregate(node, next);
      case 'AnchoredExpr':
      case 'SmoothedExpr':
        throw new Problem(node.from, `the ${node.name === 'AnchoredExpr' ? 'anchored' : 'smoothed'} modifier ${NEWER}`);
      default:
        throw new Problem(node.from, `unexpected ${node.name}`);
    }
  }

  // ---- literals ----------------------------------------------------------------------------

  /** Go's lexer (scanNumber) and parser (ParseInt base 0, else ParseFloat); a duration is no number before Prometheus 3. */
  private number(node: SyntaxNode): void {
    const problem = numberProblem(this.text(node).replace(/^[+-]\s*/, ''));
    if (problem) throw new Problem(node.from, problem);
  }

  private string(node: SyntaxNode): void {
    const problem = stringLiteralProblem(this.text(node));
    if (problem) throw new Problem(node.from + problem.at, problem.message);
  }

  // ---- selectors ---------------------------------------------------------------------------

  private selector(node: SyntaxNode): void {
    const name = node.getChild('Identifier');
    const matchers = node.getChild('LabelMatchers');
    const parsed: { name: string; op: string; value: string; from: number }[] = [];
    for (let child = matchers?.firstChild; child; child = child.nextSibling) {
      if (child.name === 'QuotedLabelMatcher' || child.name === 'QuotedLabelName') throw new Problem(child.from, `quoted metric and label names ${NEWER} (3.0)`);
      if (child.name !== 'UnquotedLabelMatcher') continue;
      const label = child.getChild('LabelName');
      const op = child.getChild('MatchOp');
      const literal = child.getChild('StringLiteral');
      if (!label || !op || !literal) throw new Problem(child.from, 'incomplete label matcher');
      this.string(literal);
      const value = unquote(this.text(literal));
      const operator = this.text(op);
      if (operator === '=~' || operator === '!~') {
        const problem = regexProblem(value);
        if (problem) throw new Problem(child.from, problem);
      }
      parsed.push({ name: this.text(label), op: operator, value, from: child.from });
    }
    if (name) {
      const twice = parsed.find((p) => p.name === '__name__');
      if (twice) throw new Problem(node.from, `metric name must not be set twice: "${this.text(name)}" or "${twice.value}"`);
      return;
    }
    if (!parsed.some((p) => !matchesEmpty(p.op, p.value))) throw new Problem(node.from, 'vector selector must contain at least one non-empty matcher');
  }

  private matrix(node: SyntaxNode, depth: number): ValueType {
    const [inner, range] = expressionChildren(node);
    if (inner.name !== 'VectorSelector') {
      throw new Problem(node.from, 'ranges only allowed for vector selectors (without offset or @ before the range)');
    }
    this.type(inner, depth);
    this.duration(range, 'range');
    return m;
  }

  private subquery(node: SyntaxNode, depth: number): ValueType {
    const [inner, range, step] = expressionChildren(node);
    if (this.type(inner, depth) !== v) throw new Problem(node.from, `subquery is only allowed on instant vector, got ${this.type(inner, depth)} instead`);
    this.duration(range, 'range');
    if (step) this.duration(step, 'step');
    return m;
  }

  /** A duration in a range, subquery or offset: one Prometheus duration literal, as 2.42 takes it. */
  private duration(node: SyntaxNode | undefined, what: 'range' | 'step' | 'offset'): void {
    if (!node) throw new Problem(0, `missing ${what} duration`);
    let literal = node;
    let negative = false;
    if (what === 'offset' && node.firstChild?.name === 'UnaryOp') {
      negative = true;
      literal = node.lastChild!;
    }
    const only = literal.firstChild;
    if (!only || only.name !== 'NumberDurationLiteralInDurationContext' || only.nextSibling) {
      throw new Problem(node.from, `duration arithmetic and functions in a ${what} ${NEWER} (3.x)`);
    }
    if (negative && this.text(node).trim().startsWith('+')) throw new Problem(node.from, 'an offset may only be negated');
    const problem = durationProblem(this.text(only));
    if (problem) throw new Problem(only.from, problem);
    if (isZeroDuration(this.text(only))) throw new Problem(only.from, 'duration must be greater than 0');
  }

  // ---- modifiers ---------------------------------------------------------------------------

  /** The selector or subquery a chain of offset and @ modifiers applies to, and how many of each it has. */
  private modifierBase(node: SyntaxNode): { base: SyntaxNode; offsets: number; ats: number } {
    let base = node;
    let offsets = 0;
    let ats = 0;
    for (;;) {
      if (base.name === 'OffsetExpr') offsets++;
      else if (base.name === 'StepInvariantExpr') ats++;
      else return { base, offsets, ats };
      base = base.firstChild!;
    }
  }

  private offset(node: SyntaxNode, depth: number): ValueType {
    const { base, offsets } = this.modifierBase(node);
    if (!['VectorSelector', 'MatrixSelector', 'SubqueryExpr'].includes(base.name)) {
      throw new Problem(node.from, 'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery');
    }
    if (offsets > 1) throw new Problem(node.from, 'offset may not be set multiple times');
    this.duration(node.getChild('OffsetDurationExpr') ?? undefined, 'offset');
    return this.type(node.firstChild!, depth);
  }

  private at(node: SyntaxNode, depth: number): ValueType {
    const { base, ats } = this.modifierBase(node);
    if (!['VectorSelector', 'MatrixSelector', 'SubqueryExpr'].includes(base.name)) {
      throw new Problem(node.from, '@ modifier must be preceded by an instant vector selector or range vector selector or a subquery');
    }
    if (ats > 1) throw new Problem(node.from, '@ <timestamp> may not be set multiple times');
    const value = node.lastChild!;
    if (value.name === 'NumberDurationLiteral') {
      const text = this.text(value);
      const problem = numberProblem(text.replace(/^[+-]\s*/, ''));
      if (problem) throw new Problem(value.from, problem);
      const seconds = Number(text.replace(/\s+/g, ''));
      if (!Number.isFinite(seconds) || Math.abs(seconds * 1000) > 2 ** 63) throw new Problem(value.from, 'timestamp out of bounds for @ modifier');
    } else if (value.name !== 'AtModifierPreprocessors') throw new Problem(value.from, '@ takes a number of seconds, start() or end()');
    return this.type(node.firstChild!, depth);
  }

  // ---- operators ---------------------------------------------------------------------------

  private unary(node: SyntaxNode, depth: number): ValueType {
    const parts = expressionChildren(node);
    const operand = parts[parts.length - 1];
    const type = this.type(operand, depth);
    if (type !== s && type !== v) throw new Problem(node.from, `unary expression only allowed on expressions of type scalar or instant vector, got "${documented(type)}"`);
    return type;
  }

  private binary(node: SyntaxNode, depth: number): ValueType {
    const parts = expressionChildren(node);
    const left = parts[0];
    const right = parts[parts.length - 1];
    const operator = parts[1];
    const op = operator.name;
    const opText = this.text(operator).toLowerCase();
    if (!COMPARISONS.has(op) && !SET_OPERATORS.has(op) && !ARITHMETIC.has(op)) throw new Problem(operator.from, `the operator "${opText}" ${NEWER}`);
    const lt = this.type(left, depth);
    const rt = this.type(right, depth);
    const returnBool = node.getChild('BoolModifier') !== null;
    const matching = this.matching(node.getChild('MatchingModifierClause'));
    if (returnBool && !COMPARISONS.has(op)) throw new Problem(operator.from, 'bool modifier can only be used on comparison operators');
    if (COMPARISONS.has(op) && !returnBool && lt === s && rt === s) throw new Problem(operator.from, 'comparisons between scalars must use BOOL modifier');
    if (matching?.on) {
      const both = matching.labels.find((l) => matching.include.includes(l));
      if (both !== undefined) throw new Problem(operator.from, `label "${both}" must not occur in ON and GROUP clause at once`);
    }
    if (lt !== s && lt !== v) throw new Problem(left.from, 'binary expression must contain only scalar and instant vector types');
    if (rt !== s && rt !== v) throw new Problem(right.from, 'binary expression must contain only scalar and instant vector types');
    if (lt !== v || rt !== v) {
      if (matching && matching.labels.length > 0) throw new Problem(node.from, 'vector matching only allowed between instant vectors');
    } else if (SET_OPERATORS.has(op) && matching?.grouped) throw new Problem(node.from, `no grouping allowed for "${opText}" operation`);
    if ((lt === s || rt === s) && SET_OPERATORS.has(op)) throw new Problem(node.from, `set operator "${opText}" not allowed in binary scalar expression`);
    return lt === s && rt === s ? s : v;
  }

  private matching(clause: SyntaxNode | null): { on: boolean; labels: string[]; include: string[]; grouped: boolean } | undefined {
    if (!clause) return undefined;
    const lists = clause.getChildren('GroupingLabels').map((g) => this.labels(g));
    for (let child = clause.firstChild; child; child = child.nextSibling) {
      if (child.name.startsWith('Fill')) throw new Problem(child.from, `fill modifiers ${NEWER} (3.x)`);
    }
    const grouped = clause.getChild('GroupLeft') !== null || clause.getChild('GroupRight') !== null;
    return { on: clause.getChild('On') !== null, labels: lists[0] ?? [], include: lists[1] ?? [], grouped };
  }

  private labels(grouping: SyntaxNode): string[] {
    const out: string[] = [];
    for (let child = grouping.firstChild; child; child = child.nextSibling) {
      if (child.name === 'QuotedLabelName') throw new Problem(child.from, `quoted label names ${NEWER} (3.0)`);
      if (child.name === 'LabelName') out.push(this.text(child));
    }
    return out;
  }

  // ---- calls -------------------------------------------------------------------------------

  private args(node: SyntaxNode): SyntaxNode[] {
    const body = node.getChild('FunctionCallBody');
    return body ? expressionChildren(body) : [];
  }

  private call(node: SyntaxNode, depth: number): ValueType {
    const name = this.text(node.getChild('FunctionIdentifier')!);
    const signature = FUNCTIONS[name];
    if (!signature) throw new Problem(node.from, `function "${name}" ${NEWER}`);
    const args = this.args(node);
    const count = signature.args.length;
    if (signature.variadic === 0 && args.length !== count) throw new Problem(node.from, `expected ${count} argument(s) in call to "${name}", got ${args.length}`);
    if (signature.variadic !== 0 && args.length < count - 1) throw new Problem(node.from, `expected at least ${count - 1} argument(s) in call to "${name}", got ${args.length}`);
    if (signature.variadic > 0 && args.length > count - 1 + signature.variadic) {
      throw new Problem(node.from, `expected at most ${count - 1 + signature.variadic} argument(s) in call to "${name}", got ${args.length}`);
    }
    args.forEach((arg, i) => {
      const want = signature.args[Math.min(i, count - 1)];
      const got = this.type(arg, depth);
      if (got !== want) throw new Problem(arg.from, `expected type ${documented(want)} in call to function "${name}", got ${documented(got)}`);
    });
    return signature.returns;
  }

  private aggregate(node: SyntaxNode, depth: number): ValueType {
    const op = this.text(node.getChild('AggregateOp')!).toLowerCase();
    if (!Object.hasOwn(AGGREGATIONS, op)) throw new Problem(node.from, `the aggregation "${op}" ${NEWER} (3.x)`);
    const modifier = node.getChild('AggregateModifier');
    const grouping = modifier?.getChild('GroupingLabels');
    if (grouping) this.labels(grouping);
    const args = this.args(node);
    if (args.length === 0) throw new Problem(node.from, 'no arguments for aggregate expression provided');
    const param = AGGREGATIONS[op];
    const wanted = param === undefined ? 1 : 2;
    if (args.length !== wanted) throw new Problem(node.from, `wrong number of arguments for aggregate expression provided, expected ${wanted}, got ${args.length}`);
    const expr = args[wanted - 1];
    if (this.type(expr, depth) !== v) throw new Problem(expr.from, `expected type instant vector in aggregation expression, got ${documented(this.type(expr, depth))}`);
    if (param !== undefined && this.type(args[0], depth) !== param) {
      throw new Problem(args[0].from, `expected type ${documented(param)} in aggregation parameter, got ${documented(this.type(args[0], depth))}`);
    }
    return v;
  }
}

function documented(type: ValueType): string {
  return { scalar: 'scalar', vector: 'instant vector', matrix: 'range vector', string: 'string' }[type];
}

// ---- lexical rules (promql/parser/lex.go) -------------------------------------------------------

/** A number as Prometheus lexes and parses it (Go's ParseInt with base 0, else ParseFloat). */
export function numberProblem(text: string): string | undefined {
  if (/^(inf|nan)$/i.test(text)) return undefined;
  if (/^[0-9]+(ms|s|m|h|d|w|y)/.test(text) && !/^0[xX]/.test(text)) return `a duration as a number ${NEWER} (3.0): ${text}`;
  const hex = /^0[xX]/.test(text);
  const shape = hex ? /^0[xX][0-9a-fA-F]*(\.[0-9a-fA-F]*)?([eE][+-]?[0-9]*)?$/ : /^[0-9]*(\.[0-9]*)?([eE][+-]?[0-9]*)?$/;
  if (!shape.test(text)) return `bad number syntax: "${text}"`;
  if (hex) {
    // ParseInt takes 0x… up to int64; ParseFloat takes hex only with a p exponent, which the lexer never reads
    if (!/^0[xX][0-9a-fA-F]+$/.test(text) || BigInt(text) > 2n ** 63n - 1n) return `error parsing number: "${text}"`;
    return undefined;
  }
  if (!/^([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(text)) return `error parsing number: "${text}"`;
  if (!Number.isFinite(Number(text))) return `error parsing number: "${text}" is out of range`;
  return undefined;
}

/** The character offset and message of the first problem in a quoted PromQL string literal. */
export function stringLiteralProblem(literal: string): { at: number; message: string } | undefined {
  const quote = literal[0];
  if (quote === '`') return literal.length >= 2 && literal.endsWith('`') ? undefined : { at: 0, message: 'unterminated raw string' };
  for (let i = 1; i < literal.length; i++) {
    const ch = literal[i];
    if (ch === quote) return i === literal.length - 1 ? undefined : { at: i, message: 'text after the end of the string' };
    if (ch === '\n') return { at: 0, message: 'unterminated quoted string' };
    if (ch !== '\\') continue;
    const problem = escapeProblem(literal, i + 1, quote);
    if (problem) return { at: i, message: problem.message };
    i = problem === undefined ? escapeEnd(literal, i + 1) - 1 : i;
  }
  return { at: 0, message: 'unterminated quoted string' };
}

const SIMPLE_ESCAPES = 'abfnrtv\\';

function escapeProblem(literal: string, at: number, quote: string): { message: string } | undefined {
  const ch = literal[at];
  if (ch === undefined) return { message: 'escape sequence not terminated' };
  if (SIMPLE_ESCAPES.includes(ch) || ch === quote) return undefined;
  const digits = /[0-7]/.test(ch) ? { n: 3, base: 8, max: 255, start: at } : ch === 'x' ? { n: 2, base: 16, max: 255, start: at + 1 } : ch === 'u' ? { n: 4, base: 16, max: 0x10ffff, start: at + 1 } : ch === 'U' ? { n: 8, base: 16, max: 0x10ffff, start: at + 1 } : undefined;
  if (!digits) return { message: `unknown escape sequence U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` };
  let value = 0;
  for (let k = 0; k < digits.n; k++) {
    const d = literal[digits.start + k];
    const digit = d === undefined ? NaN : parseInt(d, digits.base);
    if (Number.isNaN(digit)) return { message: d === undefined || d === quote ? 'escape sequence not terminated' : `illegal character ${JSON.stringify(d)} in escape sequence` };
    value = value * digits.base + digit;
  }
  if (value > digits.max || (value >= 0xd800 && value < 0xe000)) return { message: 'escape sequence is an invalid Unicode code point' };
  return undefined;
}

function escapeEnd(literal: string, at: number): number {
  const ch = literal[at];
  if (/[0-7]/.test(ch)) return at + 3;
  if (ch === 'x') return at + 3;
  if (ch === 'u') return at + 5;
  if (ch === 'U') return at + 9;
  return at + 1;
}

/** The body of a PromQL string literal ("…" and '…' take Go escapes; `…` is raw). Invalid escapes,
 *  which stringLiteralProblem reports, decode to U+FFFD instead of throwing. */
export function unquote(literal: string): string {
  if (literal === '') return '';
  const q = literal[0];
  const body = literal.length >= 2 && literal.endsWith(q) ? literal.slice(1, -1) : literal.slice(1);
  if (q === '`') return body;
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/gs, (_, esc: string) => {
    switch (esc[0]) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case 'a': return '\x07';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'v': return '\v';
      case 'x': case 'u': case 'U': {
        const code = parseInt(esc.slice(1), 16);
        return code <= 0x10ffff && !(code >= 0xd800 && code < 0xe000) ? String.fromCodePoint(code) : '\ufffd';
      }
      default:
        return /^[0-7]{3}$/.test(esc) ? String.fromCharCode(parseInt(esc, 8)) : esc;
    }
  });
}

// ---- regular expressions -------------------------------------------------------------------------

const compiled = new Map<string, RE2JS | string>();

/** Prometheus anchors a matcher's regex and compiles it with Go's RE2 syntax. */
function compile(value: string): RE2JS | string {
  let result = compiled.get(value);
  if (result === undefined) {
    try {
      result = RE2JS.compile(`^(?:${value})$`);
    } catch (error) {
      result = error instanceof Error ? error.message : String(error);
    }
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(value, result);
  }
  return result;
}

export function regexProblem(value: string): string | undefined {
  const result = compile(value);
  return typeof result === 'string' ? result : undefined;
}

function matchesEmpty(op: string, value: string): boolean {
  if (op === '=') return value === '';
  if (op === '!=') return value !== '';
  const re = compile(value);
  const matches = typeof re !== 'string' && re.matcher('').matches();
  return op === '=~' ? matches : !matches;
}
