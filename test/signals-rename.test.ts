// Recording names are users' series history: a vLLM release that renames a metric must not move
// them. This file renames every vLLM metric in the catalog (as a release renaming all of them would)
// and checks the recordings keep exactly the names the committed default output has.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';

const RENAMED = 'renamed_';

vi.mock('../src/catalog/metrics.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/catalog/metrics.js')>();
  return {
    ...original,
    METRICS: original.METRICS.map((def) => ({
      ...def,
      base: `${RENAMED}${def.base}`,
      ...(def.replacedBy === undefined ? {} : { replacedBy: `${RENAMED}${def.replacedBy}` }),
    })),
  };
});

vi.mock('../src/catalog/concepts.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/catalog/concepts.js')>();
  return {
    ...original,
    CONCEPTS: Object.fromEntries(
      Object.entries(original.CONCEPTS).map(([concept, bases]) => [concept, bases.map((base) => `${RENAMED}${base}`)]),
    ),
  };
});

const { resolveConfig } = await import('../src/config/load.js');
const { buildSetup } = await import('../src/model/index.js');
const { buildRules, ruleFilePath } = await import('../src/rules/index.js');

interface RuleFile {
  groups: { rules: { record?: string; expr: string }[] }[];
}

const recordings = (file: RuleFile) => file.groups.flatMap((g) => g.rules).filter((r) => r.record !== undefined);

/** The recordings of the default output as committed (out/), built from the real catalog. */
function committedRecordNames(): string[] {
  const text = readFileSync(join(import.meta.dirname, '..', 'out', ruleFilePath('recording')), 'utf8');
  return recordings(parse(text) as RuleFile).map((r) => r.record!);
}

describe('recording names when vLLM renames its metrics', () => {
  const setup = buildSetup(resolveConfig({}));
  const file = buildRules(setup).find((a) => a.path === ruleFilePath('recording'))!.data as RuleFile;

  it('reads the renamed metrics', () => {
    expect(setup.catalog.concept('e2eLatency')).toEqual([`vllm:${RENAMED}e2e_request_latency_seconds`]);
    const e2e = recordings(file).find((r) => r.record === 'model_name:vllm_e2e_request_latency_seconds:p95_rate5m');
    expect(e2e?.expr).toContain(`vllm:${RENAMED}e2e_request_latency_seconds_bucket`);
  });

  it('keeps every recording name of the committed output, and no other', () => {
    const names = recordings(file).map((r) => r.record!);
    expect(names.filter((name) => name.includes(RENAMED))).toEqual([]);
    expect(names).toEqual(committedRecordNames());
  });
});
