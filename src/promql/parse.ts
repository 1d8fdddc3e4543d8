import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import { checkPromql, unquote } from './check.js';

export interface ParsedSelector {
  metric?: string;
  matchers: { name: string; op: string; value: string }[];
  /** Range of a matrix selector, e.g. `5m`. */
  range?: string;
  /** Names of the functions and aggregations enclosing the selector, innermost first. */
  enclosing: string[];
  /** Offset of the selector in the expression. */
  from: number;
  /** End offset of the selector (without its range). */
  to: number;
  /** Offset of the range duration of a matrix selector (after `[`). */
  rangeFrom?: number;
  /** Every enclosing call, aggregation, binary operation and subquery, innermost first. */
  context: ExprContext[];
}

/** One node around a selector: what the selector's value passes through on its way to the result. */
export interface ExprContext {
  kind: 'call' | 'aggregation' | 'binary' | 'subquery';
  /** Function name, aggregation operator, or binary operator as written in lower case (`/`, `or`, `>`). */
  name: string;
  /** `by`/`without` labels of an aggregation; absent when it has neither (all labels dropped). */
  grouping?: { mode: 'by' | 'without'; labels: string[] };
  /** Binary operations: which operand holds the selector, and the span of the other operand. */
  side?: 'left' | 'right';
  other?: { from: number; to: number };
  from: number;
  to: number;
}

export interface SyntaxProblem {
  from: number;
  /** 1-based column in the expression. */
  column: number;
  /** What Prometheus' parser says, where the lenient lezer grammar found no error node. */
  message?: string;
}

export interface PromqlAnalysis {
  ok: boolean;
  errors: SyntaxProblem[];
  selectors: ParsedSelector[];
}

/** Grafana macros and template variables replaced by values PromQL parses (macros sit where a
 *  duration must be; variables only inside label values, where any text is fine). */
export function substituteGrafanaMacros(expr: string): string {
  return expr
    .replace(/\$__rate_interval|\$\{__rate_interval\}/g, '1m')
    .replace(/\$__interval|\$\{__interval\}/g, '1m')
    .replace(/\$__range|\$\{__range\}/g, '1h');
}

/** Syntax check and selector extraction with the lezer PromQL grammar (syntax only, no types). */
export function analyzePromql(expr: string): PromqlAnalysis {
  const errors: SyntaxProblem[] = [];
  const selectors: ParsedSelector[] = [];
  const text = (n: SyntaxNode | null | undefined) => (n ? expr.slice(n.from, n.to) : '');
  const tree = parser.parse(expr);
  tree.iterate({
    enter: (ref) => {
      if (ref.type.isError) errors.push({ from: ref.from, column: ref.from + 1 });
      if (ref.name !== 'VectorSelector') return;
      const node = ref.node;
      const labelMatchers = node.getChild('LabelMatchers');
      const sel: ParsedSelector = {
        matchers: [],
        enclosing: enclosingCalls(node, text),
        from: node.from,
        to: node.to,
        context: contextOf(node, text),
      };
      const identifier = node.getChild('Identifier');
      if (identifier) sel.metric = text(identifier);
      for (const m of labelMatchers?.getChildren('UnquotedLabelMatcher') ?? []) {
        sel.matchers.push({
          name: text(m.getChild('LabelName')),
          op: text(m.getChild('MatchOp')),
          value: unquote(text(m.getChild('StringLiteral'))),
        });
      }
      const quotedName = labelMatchers?.getChild('QuotedLabelName');
      if (quotedName) sel.metric = unquote(text(quotedName));
      if (node.parent?.name === 'MatrixSelector') {
        sel.range = text(node.parent).slice(text(node).length).replace(/^\[|\]$/g, '');
        sel.rangeFrom = node.parent.getChild('DurationExpr')?.from;
      }
      selectors.push(sel);
    },
  });
  if (errors.length === 0) {
    const problem = checkPromql(expr, tree);
    if (problem) errors.push({ from: problem.from, column: problem.from + 1, message: problem.message });
  }
  return { ok: errors.length === 0, errors, selectors };
}

function enclosingCalls(node: SyntaxNode, text: (n: SyntaxNode | null) => string): string[] {
  const names: string[] = [];
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.name === 'FunctionCall') names.push(text(parent.getChild('FunctionIdentifier')));
    if (parent.name === 'AggregateExpr') names.push(text(parent.getChild('AggregateOp')));
  }
  return names;
}

function contextOf(node: SyntaxNode, text: (n: SyntaxNode | null) => string): ExprContext[] {
  const context: ExprContext[] = [];
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    const span = { from: parent.from, to: parent.to };
    if (parent.name === 'FunctionCall') context.push({ kind: 'call', name: text(parent.getChild('FunctionIdentifier')), ...span });
    else if (parent.name === 'SubqueryExpr') context.push({ kind: 'subquery', name: 'subquery', ...span });
    else if (parent.name === 'AggregateExpr') {
      context.push({ kind: 'aggregation', name: text(parent.getChild('AggregateOp')), grouping: groupingOf(parent, text), ...span });
    } else if (parent.name === 'BinaryExpr') context.push(binaryContext(parent, child, text));
  }
  return context;
}

function groupingOf(aggregation: SyntaxNode, text: (n: SyntaxNode | null) => string): ExprContext['grouping'] {
  const modifier = aggregation.getChild('AggregateModifier');
  if (!modifier) return undefined;
  const labels = modifier.getChild('GroupingLabels');
  const names = [...(labels?.getChildren('LabelName') ?? []), ...(labels?.getChildren('QuotedLabelName') ?? [])]
    .sort((a, b) => a.from - b.from)
    .map((n) => (n.name === 'QuotedLabelName' ? unquote(text(n)) : text(n)));
  return { mode: modifier.getChild('Without') ? 'without' : 'by', labels: names };
}

/** Operands are the first and last child; the operator token is the second. */
function binaryContext(binary: SyntaxNode, operand: SyntaxNode, text: (n: SyntaxNode | null) => string): ExprContext {
  const left = binary.firstChild!;
  const right = binary.lastChild!;
  const isLeft = operand.from === left.from && operand.to === left.to;
  const other = isLeft ? right : left;
  return {
    kind: 'binary',
    name: text(left.nextSibling).toLowerCase(),
    side: isLeft ? 'left' : 'right',
    other: { from: other.from, to: other.to },
    from: binary.from,
    to: binary.to,
  };
}

export { unquote } from './check.js';
