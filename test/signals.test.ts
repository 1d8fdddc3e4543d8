// The signal table (src/signals): one entry per signal, read alike by recording rules, alerts and
// dashboards, and the import boundaries that keep it the one place signals are written.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/load.js';
import type { ConfigInput } from '../src/config/types.js';
import { buildSetup, levelLabels, RECORD_LEVELS, type Setup } from '../src/model/index.js';
import { buildRuleSet, ruleFilePath } from '../src/rules/index.js';
import {
  ALL_SIGNALS,
  atRecordedLevel,
  HISTOGRAMS,
  readSignal,
  recordingName,
  recordingScope,
  SIGNALS,
} from '../src/signals/index.js';
import type { RuleGroup } from '../src/rules/types.js';

const SRC = join(import.meta.dirname, '..', 'src');

/** Every relative import (static, dynamic or type-only) of the TypeScript files under `dir`, resolved
 *  to a path under src/. */
function importsUnder(dir: string): { file: string; target: string }[] {
  const files = readdirSync(join(SRC, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
  return files.flatMap((file) => {
    const code = readFileSync(file, 'utf8');
    const specifiers = [...code.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)].map((m) => m[1]);
    return specifiers.map((specifier) => ({ file: relative(SRC, file), target: relative(SRC, resolve(dirname(file), specifier)) }));
  });
}

const into = (folder: string) => (i: { target: string }) => i.target.startsWith(`${folder}/`);

describe('import boundaries', () => {
  it('finds the imports it checks', () => {
    expect(importsUnder('dashboards').filter(into('signals')).length).toBeGreaterThan(0);
    expect(importsUnder('rules').filter(into('signals')).length).toBeGreaterThan(0);
  });

  it('dashboards/ imports nothing from rules/', () => {
    expect(importsUnder('dashboards').filter(into('rules'))).toEqual([]);
  });

  it('signals/ imports neither rules/ nor dashboards/: both read it', () => {
    const imports = importsUnder('signals');
    expect(imports.filter((i) => into('rules')(i) || into('dashboards')(i))).toEqual([]);
  });
});

function setupOf(config: ConfigInput = {}): Setup {
  return buildSetup(resolveConfig(config));
}

function recordingRules(setup: Setup) {
  const file = buildRuleSet(setup).artifacts.find((a) => a.path === ruleFilePath('recording'))!;
  return (file.data as { groups: RuleGroup[] }).groups.flatMap((g) => g.rules) as { record: string; expr: string }[];
}

describe('the signal table', () => {
  it('gives every signal its own id, two parts around one colon', () => {
    const ids = ALL_SIGNALS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9_]+:[a-z0-9_]+$/);
  });

  it('names each recording level:id, with a level prefix the naming lint knows', () => {
    const rules = recordingRules(setupOf({ vllm: { features: { speculativeDecoding: true, multimodal: true } } }));
    const recorded = ALL_SIGNALS.flatMap((s) => s.levels.map((level) => recordingName(s, level)));
    expect(rules.map((r) => r.record).sort()).toEqual([...recorded].sort());
    for (const name of recorded) expect(RECORD_LEVELS).toContain(name.split(':')[0]);
  });

  it('records exactly the expression it reads in the recording scope', () => {
    const setup = setupOf({ vllm: { version: '>=0.12' } });
    const byName = new Map(recordingRules(setup).map((r) => [r.record, r.expr]));
    for (const signal of ALL_SIGNALS.filter((s) => s.available(setup))) {
      for (const level of signal.levels) {
        expect(byName.get(recordingName(signal, level)), `${signal.id} at ${level}`).toBe(atRecordedLevel(setup, signal, level));
      }
    }
  });

  it('makes alerts compare the expression their recording stores', () => {
    const setup = setupOf();
    const { alerts } = buildRuleSet(setup);
    const expr = (name: string) => alerts.find((a) => a.name === name)!.rule.expr;
    expect(expr('VllmHighErrorRatio')).toBe(`${atRecordedLevel(setup, SIGNALS.engineErrorRatio, 'model')} > 0.05`);
    expect(expr('VllmHighE2ELatencyP95')).toBe(`${atRecordedLevel(setup, HISTOGRAMS.e2eLatency.quantile[0.95], 'model')} > 30`);
    expect(expr('VllmKVCacheNearFull')).toBe(`${atRecordedLevel(setup, SIGNALS.kvCacheUsageMax, 'instance')} > 0.9`);
  });

  it('leaves a signal out where the fleet cannot express it', () => {
    const old = setupOf({ vllm: { version: '0.7' } });
    expect(SIGNALS.engineErrorRatio.available(old)).toBe(false);
    expect(SIGNALS.http5xxRatio.available(old)).toBe(false);
    expect(SIGNALS.prefixCacheHitRateGauge.available(old)).toBe(true);
    expect(recordingRules(old).some((r) => r.record.includes('error_ratio'))).toBe(false);
  });
});

describe('reading a signal', () => {
  const setup = setupOf();
  const scope = { ...recordingScope(setup), window: '$__rate_interval' };
  const options = { recorded: true, recordedMatchers: () => [] };

  it('reads the coarsest recording that keeps the split', () => {
    const byModel = readSignal(setup, SIGNALS.requestRate, scope, ['model_name'], options);
    expect(byModel).toEqual({
      expr: 'sum by (model_name) (model_name:vllm_request_success:rate5m)',
      recordings: ['model_name:vllm_request_success:rate5m'],
    });
    const byInstance = readSignal(setup, SIGNALS.requestRate, scope, ['instance'], options);
    expect(byInstance.recordings).toEqual(['instance_model_name:vllm_request_success:rate5m']);
    const byReason = readSignal(setup, SIGNALS.requestRate, scope, ['finished_reason'], options);
    expect(byReason.recordings).toEqual(['model_name_finished_reason:vllm_request_success:rate5m']);
  });

  it('computes the expression over the reader window where no recording keeps the split', () => {
    const byEngine = readSignal(setup, SIGNALS.requestRate, scope, ['instance', 'engine'], options);
    expect(byEngine).toEqual({ expr: SIGNALS.requestRate.expr(setup, scope, ['instance', 'engine']), recordings: [] });
    expect(byEngine.expr).toContain('[$__rate_interval]');
    const unrecorded = readSignal(setup, SIGNALS.requestsWaiting, scope, [], options);
    expect(unrecorded.recordings).toEqual([]);
  });

  it('computes the expression when told not to read recordings', () => {
    const reading = readSignal(setup, SIGNALS.engineErrorRatio, scope, [], { ...options, recorded: false });
    expect(reading.recordings).toEqual([]);
    expect(reading.expr).toBe(SIGNALS.engineErrorRatio.expr(setup, scope, []));
  });

  it('keeps the labels a signal always keeps when reading its recording', () => {
    const reading = readSignal(setup, SIGNALS.e2eLatencyBuckets, scope, [], options);
    expect(reading.expr).toBe('sum by (le) (model_name:vllm_e2e_request_latency_seconds_bucket:rate5m)');
    expect(levelLabels('model', setup.clusterLabel)).not.toContain('le');
  });
});
