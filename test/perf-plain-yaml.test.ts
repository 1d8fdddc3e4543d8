// The fast config reader must read exactly what `yaml` reads, or decline (undefined) so `yaml` does.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parsePlainYaml } from '../src/config/plain-yaml.js';
import { parseConfig } from '../src/config/load.js';

/** Either declines or agrees with `yaml` (which may also reject the text). */
function agrees(text: string): boolean {
  const fast = parsePlainYaml(text);
  if (fast === undefined) return true;
  let reference: unknown;
  try {
    reference = parse(text, { uniqueKeys: true });
  } catch {
    return false;
  }
  expect(fast, text).toEqual(reference ?? null);
  expect(Object.is(fast, reference) || typeof fast === 'object', text).toBe(true);
  return true;
}

const SCALARS = [
  '', ' x', 'x ', 'a b', 'a: b', 'a:b', 'a #b', 'a#b', '#', '-', '- x', '~', 'null', 'Null', 'NULL', 'nul', 'true', 'True', 'TRUE', 'tRue', 'yes', 'no', 'off',
  '0', '-0', '+1', '007', '1.5', '1.', '.5', '-.5', '1e3', '1E-3', '1_000', '0x1f', '0o17', '.inf', '-.inf', '.nan', '1.2.3', '10s', '5m', "it's", 'say "hi"',
  "'q'", '"q"', '[a]', '{a}', '[]', '{}', '&a', '*a', '!t', '|', '>', '%x', '@x', '`x`', ',x', '?x', 'a\\b', 'é', 'http://h:80/p?q#f', 'sum(rate(x{a="b"}[5m]))',
];
const key = fc.oneof(fc.constantFrom('a', 'name', 'model_name', 'x.y', 'a-b', '1', 'true', 'null', 'k k', 'a:b', "'q'", '-x', '_'), fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}$/));
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, fc.constantFrom(...SCALARS), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
})).map;

const styles = [
  { indentSeq: true },
  { indentSeq: false },
  { indent: 4, indentSeq: true },
  { defaultStringType: 'QUOTE_SINGLE' as const },
  { defaultStringType: 'QUOTE_DOUBLE' as const },
  { collectionStyle: 'flow' as const },
];

describe('parsePlainYaml', () => {
  it('reads what yaml reads, in every block style yaml writes, or declines', () => {
    fc.assert(
      fc.property(value, fc.constantFrom(...styles), (data, style) => {
        expect(agrees(stringify(data, { lineWidth: 0, ...style }))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads what yaml reads in hand-written texts with comments and odd spacing, or declines', () => {
    const texts = [
      'a: 1 # one\nb:   two  \n# c\nc:\n  - x\n  -   y # why\n  - z: 1\n    w: 2\n',
      'a:\n- 1\n- 2\nb: 3\n',
      'a:\n  b:\n    c: d\n  e: f\n',
      'a: b\n c: d\n',
      'a: b\n  c\n',
      'a: 1\na: 2\n',
      'a:\n  - - 1\n    - 2\n  -\n    - 3\n',
      '- a\n- b: c\n  d: e\n',
      'x\n',
      '',
      '# only comments\n',
      'a: "x # y"\nb: \'it\'\'s\' # c\nc: "a\\nb"\n',
      '---\na: 1\n',
      'a: 1\n...\n',
      'a:\tb\n',
      'a: b\r\nc: d\r\n',
      'a: &x 1\nb: *x\n',
      'a: |\n  text\n',
      'a: [1, 2]\n',
      'a:\n  -\n  - 1\n',
      'key:value\n',
      'a:\n    b: 1\n  c: 2\n',
      '__proto__: 1\n',
      'a: -\n',
      'a: - x\n',
      'a: [1, "x:y", \'z\', true, 1.5, ~] # c\n',
      'a: [a, [b]]\n',
      'a: ["a,b"]\n',
      'a: [a b, c d]\n',
      'a: [ ]\n',
      'a: [a,]\n',
      'a: [a] # ]\n',
      'a: [x: y]\n',
      'a: {b: c}\n',
    ];
    for (const text of texts) expect(agrees(text), text).toBe(true);
  });

  it('reads the templates and a large fleet config itself, with the same result as yaml', () => {
    const texts = readdirSync('templates')
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => readFileSync(join('templates', f), 'utf8'));
    const fleet = {
      cluster: { multi: true },
      deployments: Array.from({ length: 50 }, (_, i) => ({ name: `m${i}`, model: `org/model-${i}`, cluster: `c${i % 5}`, targets: [`10.0.0.${i}:8000`, `10.0.1.${i}:8000`] })),
      slos: [{ name: 'availability', kind: 'availability', objective: 99.5 }],
    };
    for (const text of [...texts, stringify(fleet)]) {
      expect(parsePlainYaml(text), text.slice(0, 200)).toEqual(parse(text));
    }
  });

  it('leaves positions in messages unchanged: problems are located by yaml', () => {
    expect(() => parseConfig('scrape:\n  interval: soon\n', 'c.yaml')).toThrow(/^c\.yaml:2:13: scrape\.interval: "soon" is not a duration/m);
    expect(() => parseConfig('a: 1\na: 2\n', 'c.yaml')).toThrow(/c\.yaml:2:1: invalid YAML/);
  });
});
