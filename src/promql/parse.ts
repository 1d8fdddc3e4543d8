import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';

export interface ParsedSelector {
  metric?: string;
  matchers: { name: string; op: string; value: string }[];
  /** Range of a matrix selector, e.g. `5m`. */
  range?: string;
  /** Names of the functions and aggregations enclosing the selector, innermost first. */
  enclosing: string[];
  /** Offset of the selector in the expression. */
  from: number;
}

export interface SyntaxProblem {
  from: number;
  /** 1-based column in the expression. */
  column: number;
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
  parser.parse(expr).iterate({
    enter: (ref) => {
      if (ref.type.isError) errors.push({ from: ref.from, column: ref.from + 1 });
      if (ref.name !== 'VectorSelector') return;
      const node = ref.node;
      const labelMatchers = node.getChild('LabelMatchers');
      const sel: ParsedSelector = { matchers: [], enclosing: enclosingCalls(node, text), from: node.from };
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
      if (node.parent?.name === 'MatrixSelector') sel.range = text(node.parent).slice(text(node).length).replace(/^\[|\]$/g, '');
      selectors.push(sel);
    },
  });
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

/** PromQL string literal body: "…" and '…' take Go escapes; `…` is raw. */
export function unquote(literal: string): string {
  if (literal === '') return '';
  const q = literal[0];
  const body = literal.slice(1, -1);
  if (q === '`') return body;
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_, esc: string) => {
    switch (esc[0]) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case 'a': return '\x07';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'v': return '\v';
      case 'x': case 'u': case 'U': return String.fromCodePoint(parseInt(esc.slice(1), 16));
      default:
        return /^[0-7]{3}$/.test(esc) ? String.fromCharCode(parseInt(esc, 8)) : esc;
    }
  });
}
