// The fast YAML emitter must write exactly what the `yaml` package writes, for any plain data and
// for every YAML file the generator produces.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { toYamlText, YAML_OPTIONS } from '../src/emit/yaml.js';
import { generate } from '../src/generate.js';
import { parseConfig } from '../src/config/load.js';

const reference = (data: unknown) => stringify(data, YAML_OPTIONS);

/** Strings that sit on every quoting rule's edge: indicators, numbers, keywords, markers, blocks. */
const TRICKY = [
  '', ' ', 'a', 'a b', ' lead', 'trail ', 'x: y', 'x:y', 'end:', 'a #b', 'a#b', '#c', '- x', '-', '?', '? x', ':x',
  'true', 'False', 'NULL', 'null', '~', 'yes', 'no', 'on', '1', '1.0', '-1', '+1', '.5', '0x1f', '0o7', '1e3', '.inf', '-.inf', '.nan', 'NaN',
  '---', '--- x', '...', '%TAG', 'a\n---\nb', '{a}', '[a]', 'a,b', '*ref', '&anchor', '!tag', '|', '>', "'q'", '"q"', '@x', '`x`',
  'a\nb', 'a\nb\n', 'a\n\nb', '\nlead', ' lead\nx', 'a \nb', 'a\n b', 'tab\there', '\t', 'ctl\u0001', 'é', '😀', 'sum(rate(x{a="b"}[5m])) > 0',
  '{{ $labels.instance }}', '{{ $value | humanize }}%', 'http://x:9090/path?q=1#f', 'a: {b}', 'x'.repeat(1100),
];

const scalar = fc.oneof(
  fc.constantFrom(...TRICKY),
  fc.string(),
  fc.string({ unit: fc.constantFrom('a', ' ', ':', '#', '-', '\n', '"', "'", '{', '1', '.', 'é') }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const key = fc.oneof(fc.constantFrom(...TRICKY.filter((k) => !k.includes('\n'))), fc.string({ maxLength: 8 }));
const data = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  map: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
})).value;

function yamlArtifacts(config: string): [string, string][] {
  return generate(parseConfig(config))
    .artifacts.filter((a) => /\.ya?ml$/.test(a.path))
    .map((a) => [a.path, a.content]);
}

describe('toYamlText', () => {
  it('matches yaml.stringify on strings at every quoting edge, as values, keys and list items', () => {
    for (const s of TRICKY) {
      for (const doc of [{ k: s }, [s], { [s]: 1 }, { a: { b: [s, { c: s }] } }, [[s]], s]) expect(toYamlText(doc)).toBe(reference(doc));
    }
  });

  it('matches yaml.stringify on arbitrary plain data', () => {
    fc.assert(
      fc.property(data, (doc) => {
        expect(toYamlText(doc)).toBe(reference(doc));
      }),
      { numRuns: 5000 },
    );
  });

  it('leaves undefined map values out and hands unusual shapes to yaml', () => {
    const doc = { a: undefined, b: 1, c: { d: undefined }, e: new Date(0), f: [1, undefined], g: -0, h: Infinity };
    expect(toYamlText(doc)).toBe(reference(doc));
  });
});

describe('generated YAML', () => {
  const templates = readdirSync('templates').filter((f) => f.endsWith('.yaml'));
  it.each(['{}', ...templates])('is byte-identical to yaml.stringify for %s', (name) => {
    const text = name === '{}' ? name : readFileSync(join('templates', name), 'utf8');
    const artifacts = generate(parseConfig(text, name), { validate: false }).artifacts;
    for (const artifact of artifacts.filter((a) => /\.ya?ml$/.test(a.path))) {
      const documents = Array.isArray(artifact.data) && artifact.content.includes('\n---\n') ? (artifact.data as unknown[]) : [artifact.data];
      const expected = documents.length > 1 || artifact.content.includes('\n---\n') ? documents.map((d) => `---\n${reference(d)}`).join('') : reference(artifact.data);
      expect(artifact.content.slice(artifact.content.indexOf('\n') + 1), artifact.path).toBe(expected);
    }
  });
});
