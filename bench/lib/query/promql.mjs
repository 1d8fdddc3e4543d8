// PromQL surgery on the lezer parse tree: which series an expression reads, adding label matchers
// to every selector, and replacing recorded series by the expressions that record them.
import { parser } from '@prometheus-io/lezer-promql';

/** Every vector selector of `expr`: metric name, matcher texts and spans (a matrix selector's span
 *  covers its range too). Throws on a syntax error, naming the expression. */
export function selectorsOf(expr) {
  const tree = parser.parse(expr);
  const found = [];
  tree.iterate({
    enter: (ref) => {
      if (ref.type.isError) throw new Error(`PromQL syntax error at column ${ref.from + 1}: ${expr}`);
      if (ref.name !== 'VectorSelector') return;
      const node = ref.node;
      const identifier = node.getChild('Identifier');
      const matchers = (node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []).map((m) => ({
        label: expr.slice(m.getChild('LabelName').from, m.getChild('LabelName').to),
        op: expr.slice(m.getChild('MatchOp').from, m.getChild('MatchOp').to),
        value: unquote(expr.slice(m.getChild('StringLiteral').from, m.getChild('StringLiteral').to)),
        text: expr.slice(m.from, m.to),
      }));
      const nameMatcher = matchers.find((m) => m.label === '__name__' && m.op === '=');
      const matrix = node.parent?.name === 'MatrixSelector' ? node.parent : undefined;
      const outer = matrix ?? node;
      found.push({
        name: identifier ? expr.slice(identifier.from, identifier.to) : nameMatcher?.value,
        matchers: matchers.filter((m) => m !== nameMatcher),
        from: outer.from,
        to: outer.to,
        range: matrix ? expr.slice(node.to, matrix.to).replace(/^\s*\[|\]\s*$/g, '') : undefined,
        offset: outer.parent?.name === 'OffsetExpr',
        labelMatchers: node.getChild('LabelMatchers') ? { from: node.getChild('LabelMatchers').from, to: node.getChild('LabelMatchers').to } : undefined,
        selectorTo: node.to,
      });
    },
  });
  return found;
}

/** Metric names an expression reads. */
export function metricNames(expr) {
  return [...new Set(selectorsOf(expr).map((s) => s.name).filter(Boolean))];
}

/** `expr` with `matchers` (PromQL texts such as `job=~"a|b"`) added to every selector. */
export function withMatchers(expr, matchers) {
  if (matchers.length === 0) return expr;
  const edits = selectorsOf(expr).map((s) => {
    if (!s.labelMatchers) return { at: s.selectorTo, text: `{${matchers.join(', ')}}` };
    const inside = expr.slice(s.labelMatchers.from + 1, s.labelMatchers.to - 1).trim();
    const separator = inside === '' || inside.endsWith(',') ? '' : ', ';
    return { at: s.labelMatchers.to - 1, text: `${separator}${matchers.join(', ')}` };
  });
  return applyEdits(expr, edits.map((e) => ({ from: e.at, to: e.at, text: e.text })));
}

/** Replaces spans, last first so earlier offsets stay valid. */
function applyEdits(text, edits) {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.from - a.from)) out = out.slice(0, edit.from) + edit.text + out.slice(edit.to);
  return out;
}

/**
 * The expression computed from raw series: each recorded series it reads is replaced by the
 * expression of the recording rule(s) that define it, with the selector's label matchers pushed
 * down into that expression's selectors (the recording keeps those labels, so filtering before or
 * after aggregating selects the same series). A recording read over a range becomes a subquery at
 * the rule's evaluation interval; a rule's static labels are added back with label_replace.
 * `recordings` maps a record name to its rules: `{ expr, labels, interval }`.
 */
export function rawExpression(expr, recordings, depth = 0) {
  if (depth > 10) throw new Error(`recording rules nest deeper than 10 levels: ${expr}`);
  const edits = [];
  for (const selector of selectorsOf(expr)) {
    const rules = recordings.get(selector.name);
    if (!rules) continue;
    if (selector.offset) throw new Error(`offset on a recorded series is not supported by the raw variant: ${expr}`);
    const staticLabels = new Set(rules.flatMap((r) => Object.keys(r.labels)));
    const chosen = rules.filter((rule) => selector.matchers.every((m) => !(m.label in rule.labels) || matches(m, rule.labels[m.label])));
    if (chosen.length === 0) throw new Error(`no recording rule of ${selector.name} matches ${expr}`);
    const pushed = selector.matchers.filter((m) => !staticLabels.has(m.label)).map((m) => m.text);
    const alternatives = chosen.map((rule) => {
      const raw = rawExpression(withMatchers(rule.expr, pushed), recordings, depth + 1);
      return Object.entries(rule.labels).reduce((e, [label, value]) => `label_replace(${e}, ${JSON.stringify(label)}, ${JSON.stringify(value)}, "", "")`, `(${raw})`);
    });
    const replacement = alternatives.length === 1 ? alternatives[0] : `(${alternatives.join(' or ')})`;
    const interval = chosen[0].interval;
    edits.push({ from: selector.from, to: selector.to, text: selector.range === undefined ? replacement : `${replacement}[${selector.range}:${interval}]` });
  }
  return applyEdits(expr, edits);
}

function matches(matcher, value) {
  const regex = () => new RegExp(`^(?:${matcher.value})$`);
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return regex().test(value);
    case '!~':
      return !regex().test(value);
    default:
      throw new Error(`unknown matcher operator ${matcher.op}`);
  }
}

/** PromQL string literal body ("…" and '…' with Go escapes, `…` raw). */
function unquote(literal) {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  if (quote === '`') return body;
  return body.replace(/\\(.)/g, (_, c) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}
