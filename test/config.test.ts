import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, resolveConfig } from '../src/config/load.js';
import { InputError } from '../src/errors.js';
import { runCli } from './helpers/cli.js';

function problemsOf(yaml: string): string[] {
  try {
    parseConfig(yaml, 'vllm-obs.yaml');
  } catch (error) {
    if (error instanceof InputError) return [...error.problems];
    throw error;
  }
  throw new Error('config was accepted');
}

describe('defaults', () => {
  it('fills every key from the schema when there is no config or an empty one', () => {
    for (const config of [resolveConfig({}), parseConfig('', 'empty.yaml'), parseConfig('# only a comment\n', 'c.yaml')]) {
      expect(config.scrape).toMatchObject({ jobName: 'vllm', targets: ['localhost:8000'], interval: '15s' });
      expect(config.output.dir).toBe('out');
      expect(config.vllm.metricPrefix).toBe('vllm:');
      expect(config.vllm.version).toBeUndefined();
      expect(config.slos.length).toBeGreaterThan(0);
    }
  });

  it('keeps what the user wrote and defaults the rest', () => {
    const config = parseConfig('vllm:\n  version: "0.11"\nscrape:\n  targets: ["127.0.0.1:8000"]\n  interval: 30s\n');
    expect(config.vllm.version).toBe('0.11');
    expect(config.scrape.targets).toEqual(['127.0.0.1:8000']);
    expect(config.scrape.interval).toBe('30s');
    expect(config.scrape.jobName).toBe('vllm');
  });

  it('reads JSON too', () => {
    expect(parseConfig('{"scrape": {"jobName": "llm"}}', 'vllm-obs.json').scrape.jobName).toBe('llm');
  });
});

// Each case: the config, the key path the message must name, and the 1-based line it must point at.
const BAD: [string, string, string, number][] = [
  ['wrong type for targets', 'scrape:\n  targets: "127.0.0.1:8000"\n', 'scrape.targets', 2],
  ['duration with a space', 'scrape:\n  interval: "15 sec"\n', 'scrape.interval: "15 sec" is not a duration (e.g. 15s, 1m', 2],
  ['duration without unit', 'scrape:\n  interval: 15\n', 'scrape.interval', 2],
  ['bad timeout duration', 'scrape:\n  timeout: 5 seconds\n', 'scrape.timeout', 2],
  ['unknown top-level key', 'scrap:\n  jobName: x\n', 'scrap: unknown key; did you mean "scrape"?', 1],
  ['unknown nested key', 'scrape:\n  intervall: 15s\n', 'scrape.intervall: unknown key; did you mean "interval"?', 2],
  ['broken YAML', 'scrape:\n  targets: [a:1\n', 'invalid YAML', 3],
  ['duplicate key', 'scrape:\n  jobName: a\n  jobName: b\n', 'invalid YAML', 3],
  ['empty target list', 'scrape:\n  targets: []\n', 'scrape.targets: the target list is empty', 2],
  ['target without port', 'scrape:\n  targets: ["10.0.0.1"]\n', 'scrape.targets[0]: "10.0.0.1" is not host:port', 2],
  ['target with a URL', 'scrape:\n  targets:\n    - ok:8000\n    - http://10.0.0.1:8000\n', 'scrape.targets[1]', 4],
  ['port out of range', 'scrape:\n  targets: ["10.0.0.1:70000"]\n', 'ports are 1-65535', 2],
  ['unknown vLLM version', 'vllm:\n  version: "0.5"\n', 'vllm.version', 2],
  ['vLLM version not a string', 'vllm:\n  version: 0.11\n', 'vllm.version: expected a string', 2],
  ['bad metric prefix', 'vllm:\n  metricPrefix: "vllm."\n', 'vllm.metricPrefix: "vllm." is not allowed; allowed: vllm:, vllm_', 2],
  ['bad scheme', 'scrape:\n  scheme: ftp\n', 'scrape.scheme', 2],
  ['job name with spaces', 'scrape:\n  jobName: "my job"\n', 'scrape.jobName', 2],
  ['timeout longer than interval', 'scrape:\n  interval: 10s\n  timeout: 30s\n', 'scrape.timeout: 30s is longer than scrape.interval 10s', 3],
  ['inline password', 'scrape:\n  basicAuth:\n    username: u\n    password: hunter2\n', 'scrape.basicAuth.password: inline secrets are not allowed', 4],
  ['inline bearer token', 'scrape:\n  bearerToken: abc123\n', 'scrape.bearerToken: inline secrets are not allowed', 2],
  ['top level is a list', '- a\n- b\n', '(top level): the config must be a mapping', 1],
  ['SLO objective out of range', 'slos:\n  - name: a\n    kind: availability\n    objective: 120\n', 'slos[0].objective', 4],
  ['SLO missing kind', 'slos:\n  - name: a\n    objective: 99\n', 'slos[0]: missing required key "kind"', 2],
  ['latency SLO off the buckets', 'slos:\n  - name: a\n    kind: latency\n    latency: ttft\n    threshold: 0.3\n    objective: 99\n', 'slos[0].threshold: 0.3 is not a bucket boundary', 5],
  ['SLO period too short', 'slos:\n  - name: a\n    kind: availability\n    objective: 99\n    period: 1h\n', 'slos[0].period', 5],
  ['duplicate deployment names', 'deployments:\n  - name: a\n    targets: ["h:1"]\n  - name: a\n    targets: ["h:2"]\n', 'deployments[1].name: "a" is already used', 4],
  ['unknown alert name', 'rules:\n  alerts:\n    VllmTargetDwn:\n      enabled: false\n', 'rules.alerts.VllmTargetDwn: unknown key; did you mean "VllmTargetDown"?', 3],
  ['bad severity', 'rules:\n  alerts:\n    VllmTargetDown:\n      severity: page\n', 'rules.alerts.VllmTargetDown.severity', 4],
  ['bad label name', 'externalLabels:\n  "bad-label": x\n', 'externalLabels', 2],
  ['output dir empty', 'output:\n  dir: ""\n', 'output.dir', 2],
];

describe('bad configs', () => {
  it.each(BAD)('%s', (_name, yaml, expected, line) => {
    const problems = problemsOf(yaml);
    const match = problems.find((p) => p.includes(expected));
    expect(match, problems.join('\n')).toBeDefined();
    expect(match).toMatch(new RegExp(`^vllm-obs\\.yaml:${line}:\\d+: `));
  });

  it('reports every problem at once, one line each', () => {
    const problems = problemsOf('scrape:\n  interval: nope\n  scheme: ftp\n  jobNam: x\n');
    expect(problems).toHaveLength(3);
    for (const p of problems) expect(p.split('\n')).toHaveLength(1);
  });

  it('never echoes an inline secret', () => {
    const problems = problemsOf('scrape:\n  basicAuth:\n    username: u\n    password: "s3cr3t-value"\n');
    expect(problems.join('\n')).not.toContain('s3cr3t-value');
  });
});

describe('CLI on bad configs', () => {
  const cases = BAD.slice(0, 22);
  it.each(cases)('exits 2 without a stack trace and leaves out/ untouched: %s', (_name, yaml, expected) => {
    const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-badcfg-'));
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'keep.txt'), 'existing output\n');
    writeFileSync(join(dir, 'vllm-obs.yaml'), yaml);
    const result = runCli(['generate'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(expected.split(':')[0]);
    expect(result.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    expect(readdirSync(join(dir, 'out'))).toEqual(['keep.txt']);
    expect(readFileSync(join(dir, 'out', 'keep.txt'), 'utf8')).toBe('existing output\n');
  });
});

describe('problems found while building still point into the config file', () => {
  it.each([
    ['reserved deployment label', 'deployments:\n  - name: a\n    targets: ["h:1"]\n    labels:\n      model_name: x\n', 'vllm-obs.yaml:5:19: deployments[0].labels.model_name: cannot be set here'],
    ['threshold an alert cannot reach', 'rules:\n  alerts:\n    VllmKVCacheNearFull:\n      threshold: 7\n', 'vllm-obs.yaml:4:18: rules.alerts.VllmKVCacheNearFull.threshold'],
    ['two ways to authenticate', 'scrape:\n  bearerTokenFile: /t\n  basicAuth:\n    username: u\n    passwordFile: /p\n', 'vllm-obs.yaml:4:5: scrape.basicAuth'],
  ])('%s', (_name, yaml, expected) => {
    const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-late-'));
    writeFileSync(join(dir, 'vllm-obs.yaml'), yaml);
    const result = runCli(['generate'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(expected);
    expect(readdirSync(dir)).toEqual(['vllm-obs.yaml']);
  });
});
