// Findings point at the character they are about, however the file quotes the expression.
import { describe, expect, it } from 'vitest';
import { createLocator } from '../src/validate/locate.js';
import { expandGrafana, parseVariableQuery } from '../src/validate/grafana-vars.js';
import { positionOf } from './fixtures/lint/fixtures.js';

/** Where character `offset` of the value at `pointer` lands, as `line:col`. */
function locate(text: string, pointer: string, offset: number, multiDocument = false): string {
  const position = createLocator(text, multiDocument)(pointer, offset);
  return position ? `${position.line}:${position.col}` : 'nowhere';
}

const EXPR = 'sum(rate(x{a="b\\"c", d="é"}[5m])) by (TARGET)';
const offset = EXPR.indexOf('TARGET');

describe('positions inside quoted values', () => {
  it('JSON strings with escaped quotes, backslashes and \\u escapes', () => {
    const text = JSON.stringify({ panels: [{ targets: [{ expr: EXPR.replace('é', '\u00e9') }] }] }, null, 2).replace('é', '\\u00e9');
    expect(locate(text, '/panels/0/targets/0/expr', offset)).toBe(positionOf(text, 'TARGET'));
  });

  it('YAML double-quoted, single-quoted, plain and block scalars', () => {
    const doubleQuoted = `groups:\n  - expr: "${EXPR.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"\n`;
    const singleQuoted = `groups:\n  - expr: '${EXPR.replace(/'/g, "''")}'\n`;
    const block = `groups:\n  - expr: |\n      ${EXPR.replace(') by', ')\n        by')}\n`;
    for (const text of [doubleQuoted, singleQuoted, block]) expect(locate(text, '/groups/0/expr', offset + (text === block ? 2 : 0)), text).toBe(positionOf(text, 'TARGET'));
    const plain = 'groups:\n  - expr: sum(x) by (TARGET)\n';
    expect(locate(plain, '/groups/0/expr', 'sum(x) by ('.length)).toBe(positionOf(plain, 'TARGET'));
  });

  it('the first pointer segment picks the document of a multi-document stream', () => {
    const text = '---\na: 1\n---\nb:\n  c: TARGET\n';
    expect(locate(text, '/1/b/c', 0, true)).toBe(positionOf(text, 'TARGET'));
  });

  it('a missing key points at the object that lacks it', () => {
    const text = '{\n  "panels": [\n    { "title": "x" }\n  ]\n}\n';
    expect(locate(text, '/panels/0/description', 0)).toBe(positionOf(text, '{ "title"'));
  });
});

describe('Grafana expressions', () => {
  it('expands macros and variables to parseable PromQL and maps columns back', () => {
    const expr = 'rate(x{job=~"$job"}[$__rate_interval]) * $factor + ${__range_s} + topk($n, y[${window}])';
    const expansion = expandGrafana(expr, new Map([['factor', '2'], ['n', undefined], ['window', '10m']]));
    expect(expansion.text).toBe('rate(x{job=~"$job"}[1m]) * 2 + 3600 + topk(grafana_var_n, y[1m])');
    expect(expr.slice(expansion.toOriginal(expansion.text.indexOf('topk')))).toMatch(/^topk/);
    expect(expr.slice(expansion.toOriginal(expansion.text.indexOf('3600')))).toMatch(/^\$\{__range_s\}/);
  });

  it('reads label_values(), query_result() and label_names() variable queries', () => {
    expect(parseVariableQuery('label_values(vllm:x{a=~"b,c"}, model_name)')).toEqual({
      fn: 'label_values',
      promql: { text: 'vllm:x{a=~"b,c"}', offset: 13 },
      label: 'model_name',
    });
    expect(parseVariableQuery('label_values(model_name)')).toEqual({ fn: 'label_values', label: 'model_name' });
    expect(parseVariableQuery('query_result(topk(5, up))')).toEqual({ fn: 'query_result', promql: { text: 'topk(5, up)', offset: 13 } });
    expect(parseVariableQuery('label_names()')).toEqual({ fn: 'label_names' });
    expect(parseVariableQuery('up{job="x"}')).toBeUndefined();
  });
});
