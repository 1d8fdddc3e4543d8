// Fuzzing the whole pipeline: random configs and byte-level mutations of valid ones. Each case must
// end in output that passes every validator, or in an InputError (exit 2) — never anything else.
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { NEWEST_VERSION } from '../src/catalog/index.js';
import { parseConfig } from '../src/config/load.js';
import { generate } from '../src/generate.js';
import { InputError } from '../src/errors.js';
import { TEMPLATES, templatePath } from '../src/commands/init.js';
import { assertSafeRelativePath } from '../src/emit/paths.js';

const RUNS = Number(process.env.VLLM_OBS_FUZZ_RUNS ?? 1000);

type Outcome = 'generated' | 'rejected';

/** Parse → generate (with validation) → every path safe; InputError is the only accepted failure. */
function pipeline(text: string): Outcome {
  let config;
  try {
    config = parseConfig(text, 'fuzz.yaml');
  } catch (error) {
    if (error instanceof InputError) {
      for (const line of error.problems) {
        expect(line).toMatch(/^fuzz\.yaml(:\d+:\d+)?: /);
        expect(line).not.toContain('\n');
      }
      return 'rejected';
    }
    throw error;
  }
  try {
    const { files } = generate(config);
    for (const path of files.keys()) assertSafeRelativePath(path);
    return 'generated';
  } catch (error) {
    if (error instanceof InputError) return 'rejected';
    throw error;
  }
}

const hostile = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 24 }),
  fc.constantFrom('llama-3.1-8b+lora', '../../etc/x', 'a"b\\c', "it's", 'x\ny', '{{ $labels.x }}', '$(rm -rf /)', '`id`', 'ä/ü: #', '*', '.*', 'a|b'),
);
const duration = fc.oneof(fc.constantFrom('1s', '15s', '30s', '1m', '5m', '1h', '30d', '15 sec', '', '0s', '1h30m'), fc.string({ maxLength: 6 }));
const target = fc.oneof(fc.constantFrom('localhost:8000', '10.0.0.1:8000', '[::1]:9000', 'bad', 'h:0', 'h:99999'), fc.string({ maxLength: 12 }));
const version = fc.constantFrom(undefined, '0.6', '0.7', '0.8', '0.9.2', '0.10', '0.11', '0.12', '0.17', NEWEST_VERSION, '>=0.10 <0.13', '<=0.7', '0.5', '9.9', 'latest');

const randomConfig = fc.record(
  {
    vllm: fc.record({ version, metricPrefix: fc.constantFrom('vllm:', 'vllm_', 'x'), features: fc.record({ speculativeDecoding: fc.boolean(), lora: fc.boolean(), multimodal: fc.boolean() }, { requiredKeys: [] }) }, { requiredKeys: [] }),
    scrape: fc.record({ jobName: hostile, targets: fc.array(target, { maxLength: 3 }), interval: duration, timeout: duration, discovery: fc.constantFrom('static', 'file_sd', 'kubernetes') }, { requiredKeys: [] }),
    cluster: fc.record({ name: hostile, multi: fc.boolean() }, { requiredKeys: [] }),
    deployments: fc.array(fc.record({ name: hostile, model: hostile, cluster: hostile, namespace: hostile, targets: fc.array(target, { maxLength: 2 }) }, { requiredKeys: ['name'] }), { maxLength: 3 }),
    slos: fc.array(
      fc.record({ name: fc.constantFrom('a', 'b-1', 'Bad Name'), kind: fc.constantFrom('availability', 'latency'), objective: fc.double({ min: -1, max: 101, noNaN: true }), model: hostile, latency: fc.constantFrom('e2e', 'ttft', 'itl'), threshold: fc.constantFrom(0.5, 1, 2.5, 20, 0.3, 7) }, { requiredKeys: ['name', 'kind', 'objective'] }),
      { maxLength: 2 },
    ),
    rules: fc.record({ flavour: fc.constantFrom('prometheus', 'thanos', 'mimir'), alerts: fc.dictionary(fc.constantFrom('VllmTargetDown', 'VllmKVCacheNearFull', 'VllmHighErrorRatio', 'VllmNope'), fc.record({ enabled: fc.boolean(), threshold: fc.double({ noNaN: true, min: -10, max: 1e6 }), for: duration }, { requiredKeys: [] })) }, { requiredKeys: [] }),
    grafana: fc.record({ folder: hostile, datasourceUid: hostile }, { requiredKeys: [] }),
    kubernetes: fc.record({ enabled: fc.boolean(), namespace: hostile }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

const seeds = TEMPLATES.map((name) => readFileSync(templatePath(name), 'utf8'));

/** A byte-level edit of a valid config: flip, insert, delete or duplicate a few characters. */
const mutated = fc
  .tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.constantFrom('flip', 'insert', 'delete', 'dup'), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }))
  .map(([seed, edits]) => {
    let text = seed;
    for (const [at, kind, byte] of edits) {
      const i = at % Math.max(1, text.length);
      const ch = String.fromCharCode(byte);
      if (kind === 'flip') text = text.slice(0, i) + ch + text.slice(i + 1);
      else if (kind === 'insert') text = text.slice(0, i) + ch + text.slice(i);
      else if (kind === 'delete') text = text.slice(0, i) + text.slice(i + 1);
      else text = text.slice(0, i) + text.slice(i, i + 8) + text.slice(i);
    }
    return text;
  });

/** YAML that builds something other than plain data, or more of it than was written. */
const YAML_FRAGMENTS = [
  '!!omap ', '!!set ', '!!pairs ', '!!binary ', '!!timestamp ', '!!str ', '!!int ', '!!float ', '!!bool ', '!!null ', '!!map ', '!!seq ', '!vault ', '! ', '!<tag:x> ',
  '&a ', '*a', '&b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', '*undefined', '<<: *a', '? ', '[*a, *a]', '{a: *a}', '.nan', '.inf', '-.inf', '0x1F', '0o17', '1e999',
  '"\\0"', '"\\e[31m"', '"\\x85"', '"\\u2028"', '"\\u202e"', '"\\ud800"', '---\n', '...\n', '%YAML 1.1\n---\n', '|\n  x\n', '>-\n  y\n',
];
const CONTROL = [...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)), '\u007f', '\u0085', '\u2028', '\u2029', '\u202e', '\ufeff', '\ud800'];

/** A template with YAML tags, anchors, aliases and control characters spliced in. */
const hostileYaml = fc
  .tuple(
    fc.constantFrom(...seeds),
    fc.array(fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(...YAML_FRAGMENTS), fc.constantFrom(...CONTROL))), { minLength: 1, maxLength: 4 }),
  )
  .map(([seed, edits]) => {
    let text = seed;
    for (const [at, fragment] of edits) {
      // after a "key: " when there is one near, so the fragment tags or replaces a value; else anywhere
      const i = at % Math.max(1, text.length);
      const colon = text.indexOf(': ', i);
      const where = colon >= 0 && colon - i < 40 ? colon + 2 : i;
      text = text.slice(0, where) + fragment + text.slice(where);
    }
    return text;
  });

describe('fuzzing the pipeline', () => {
  it(`random configs (${RUNS} cases): valid output or a clean config error`, () => {
    const seen: Record<Outcome, number> = { generated: 0, rejected: 0 };
    fc.assert(
      fc.property(randomConfig, (config) => {
        seen[pipeline(JSON.stringify(config))]++;
      }),
      { numRuns: RUNS, seed: 20261127 },
    );
    expect(seen.generated).toBeGreaterThan(0);
    expect(seen.rejected).toBeGreaterThan(0);
  }, 600_000);

  // half as many: each case parses and, mostly, generates the whole output
  const hostileRuns = Math.ceil(RUNS / 2);
  it(`YAML tags, anchors, aliases and control characters in the templates (${hostileRuns} cases)`, () => {
    const seen: Record<Outcome, number> = { generated: 0, rejected: 0 };
    fc.assert(
      fc.property(hostileYaml, (text) => {
        const outcome = pipeline(text);
        seen[outcome]++;
        // a tag that took effect (YAML 1.1 types, custom tags) builds no config: it is refused
        const tagged = parseDocument(text, { resolveKnownTags: false }).warnings.some((w) => w.code === 'TAG_RESOLVE_FAILED');
        if (tagged) expect(outcome, text).toBe('rejected');
      }),
      { numRuns: hostileRuns, seed: 1212 },
    );
    expect(seen.generated).toBeGreaterThan(0);
    expect(seen.rejected).toBeGreaterThan(hostileRuns / 4);
  }, 600_000);

  it(`byte-level mutations of the templates (${RUNS} cases)`, () => {
    const seen: Record<Outcome, number> = { generated: 0, rejected: 0 };
    fc.assert(
      fc.property(mutated, (text) => {
        seen[pipeline(text)]++;
      }),
      { numRuns: RUNS, seed: 4242 },
    );
    expect(seen.generated).toBeGreaterThan(0);
    expect(seen.rejected).toBeGreaterThan(0);
  }, 600_000);
});
