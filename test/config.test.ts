import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig, resolveConfig } from '../src/config/load.js';
import { NEWEST_VERSION } from '../src/catalog/index.js';
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
  ['unquoted 0.10 is the number 0.1: say to quote it', 'vllm:\n  version: 0.10\n', 'vllm.version: expected a string, got the number 0.10, which YAML reads as 0.1; quote it: "0.10"', 2],
  ['any string key written as a number', 'deployments:\n  - name: a\n    targets: ["h:1"]\n    model: 1.50\n', 'deployments[0].model: expected a string, got the number 1.50, which YAML reads as 1.5; quote it: "1.50"', 4],
  ['bad metric prefix', 'vllm:\n  metricPrefix: "vllm."\n', 'vllm.metricPrefix: "vllm." is not allowed; allowed: vllm:, vllm_', 2],
  ['bad scheme', 'scrape:\n  scheme: ftp\n', 'scrape.scheme', 2],
  ['job name with spaces', 'scrape:\n  jobName: "my job"\n', 'scrape.jobName', 2],
  ['timeout longer than interval', 'scrape:\n  interval: 10s\n  timeout: 30s\n', 'scrape.timeout: 30s is longer than scrape.interval 10s', 3],
  ['inline password', 'scrape:\n  basicAuth:\n    username: u\n    password: hunter2\n', 'scrape.basicAuth.password: inline secrets are not allowed', 4],
  ['inline bearer token', 'scrape:\n  bearerToken: abc123\n', 'scrape.bearerToken: inline secrets are not allowed', 2],
  ['top level is a list', '- a\n- b\n', '(top level): the config must be a mapping', 1],
  ['SLO objective out of range', 'slos:\n  - name: a\n    kind: availability\n    objective: 120\n', 'slos[0].objective: 120 means 120 %', 4],
  ['SLO missing kind', 'slos:\n  - name: a\n    objective: 99\n', 'slos[0]: missing required key "kind"', 2],
  ['latency SLO off the buckets', 'slos:\n  - name: a\n    kind: latency\n    latency: ttft\n    threshold: 0.3\n    objective: 99\n', 'slos[0].threshold: 0.3 is not a bucket boundary', 5],
  ['SLO period too short', 'slos:\n  - name: a\n    kind: availability\n    objective: 99\n    period: 1h\n', 'slos[0].period', 5],
  ['duplicate deployment names', 'deployments:\n  - name: a\n    targets: ["h:1"]\n  - name: a\n    targets: ["h:2"]\n', 'deployments[1].name: "a" is already used', 4],
  ['unknown alert name', 'rules:\n  alerts:\n    VllmTargetDwn:\n      enabled: false\n', 'rules.alerts.VllmTargetDwn: unknown key; did you mean "VllmTargetDown"?', 3],
  ['bad severity', 'rules:\n  alerts:\n    VllmTargetDown:\n      severity: page\n', 'rules.alerts.VllmTargetDown.severity', 4],
  ['bad label name', 'externalLabels:\n  "bad-label": x\n', 'externalLabels', 2],
  ['output dir empty', 'output:\n  dir: ""\n', 'output.dir', 2],
  [
    'SLO for a model no deployment serves',
    'deployments:\n  - name: a\n    model: meta-llama/Llama-3.1-8B\n    targets: ["h:1"]\nslos:\n  - name: s\n    kind: availability\n    objective: 99\n    model: meta-llama/Llama-3.1-8b\n',
    'slos[0].model: no deployment serves "meta-llama/Llama-3.1-8b"; did you mean "meta-llama/Llama-3.1-8B"?',
    9,
  ],
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

describe('SLO objectives: a percent or a fraction, never guessed', () => {
  const slo = (objective: string) => `slos:\n  - name: a\n    kind: availability\n    objective: ${objective}\n`;

  it.each([
    ['0.995', 99.5],
    ['99.5', 99.5],
    ['"99.5%"', 99.5],
    ['"99.9 %"', 99.9],
    ['0.99', 99],
    ['50', 50],
    ['0.5', 50],
  ])('%s means %s %%', (written, percent) => {
    expect(parseConfig(slo(written)).slos[0].objective).toBe(percent);
  });

  it('0.995 becomes the 99.5 % objective in the rules, with all four burn-rate alerts (it once meant 0.995 %)', async () => {
    const { generate } = await import('../src/generate.js');
    const rules = [...generate(parseConfig(slo('0.995'))).files].find(([path]) => path.endsWith('vllm-slo.rules.yml'))![1];
    expect(rules).toContain('expr: 0.995 + 0 * max by (cluster)');
    expect(rules.match(/alert: VllmErrorBudgetBurn/g)).toHaveLength(4);
    expect(rules).toContain('its 99.5% objective');
  });

  it.each([
    ['5', 'slos[0].objective: 5 is ambiguous as an objective'],
    ['9', 'did you mean 99?'],
    ['1', 'slos[0].objective: 1 is ambiguous'],
    ['0.3', 'slos[0].objective: 0.3 reads as 30 %, below 50 %'],
    ['100', 'an objective must be below 100 %'],
    ['"99.5"', 'is not an objective; write a percent such as 99.5 or "99.5%"'],
    ['"high"', 'is not an objective'],
  ])('%s is refused at its line', (written, expected) => {
    const problems = problemsOf(slo(written));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^vllm-obs\.yaml:4:\d+: /);
    expect(problems[0]).toContain(expected);
  });
});

describe('numbers in the wrong unit get a suggestion', () => {
  it('a latency SLO threshold in milliseconds', () => {
    const problems = problemsOf('slos:\n  - name: t\n    kind: latency\n    latency: ttft\n    objective: 99\n    threshold: 500\n');
    expect(problems[0]).toMatch(/slos\[0\]\.threshold: 500 is not a bucket boundary .*\(did you mean 0\.5\? thresholds are in seconds, not milliseconds\)$/);
  });

  it('a ratio alert threshold written as a percent', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-ratio-'));
    writeFileSync(join(dir, 'vllm-obs.yaml'), 'rules:\n  alerts:\n    VllmKVCacheNearFull: {threshold: 90}\n');
    const result = runCli(['generate'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toMatch(/^vllm-obs\.yaml:3:\d+: rules\.alerts\.VllmKVCacheNearFull\.threshold: must be a ratio from 0 up to \(not including\) 1; did you mean 0\.9 \(90%\)\?$/);
  });
});

describe('defaults that follow from other keys', () => {
  it('an unset scrape timeout is 10s, or the interval when that is shorter (as Prometheus does)', () => {
    expect(parseConfig('scrape:\n  interval: 5s\n').scrape.timeout).toBe('5s');
    expect(parseConfig('scrape:\n  interval: 30s\n').scrape.timeout).toBe('10s');
    expect(parseConfig('').scrape.timeout).toBe('10s');
    expect(parseConfig('scrape:\n  interval: 5s\n  timeout: 2s\n').scrape.timeout).toBe('2s');
  });

  it('Kubernetes output is on for Kubernetes discovery and off otherwise, unless set', () => {
    expect(parseConfig('').kubernetes.enabled).toBe(false);
    expect(parseConfig('scrape:\n  discovery: kubernetes\n  targets: []\n').kubernetes.enabled).toBe(true);
    expect(parseConfig('scrape:\n  discovery: kubernetes\n  targets: []\nkubernetes:\n  enabled: false\n').kubernetes.enabled).toBe(false);
    expect(parseConfig('kubernetes:\n  enabled: true\n').kubernetes.enabled).toBe(true);
  });
});

describe('a vLLM release newer than the catalog', () => {
  const newest = NEWEST_VERSION;
  const [major, minor] = newest.split('.').map(Number);
  const next = `${major}.${minor + 1}`;

  it('is accepted with one warning line naming the catalog version used, and generates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-newer-'));
    writeFileSync(join(dir, 'vllm-obs.yaml'), `vllm:\n  version: "${next}"\n`);
    const result = runCli(['generate'], dir);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr.trim().split('\n')).toEqual([
      `warning: vllm-obs.yaml:2:12: vllm.version: "${next}" is a vLLM release newer than the catalog (newest ${newest}); using ${newest}'s metrics. Metrics added since are not charted: \`vllm-obs doctor --url <server>\` lists them`,
    ]);
    expect(readdirSync(join(dir, 'out'))).toContain('prometheus');
  });

  it('is refused under --strict, writing nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-newer-strict-'));
    writeFileSync(join(dir, 'vllm-obs.yaml'), `vllm:\n  version: ">=${newest} <${major}.${minor + 3}"\n`);
    const result = runCli(['generate', '--strict'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^vllm-obs\.yaml:2:12: vllm\.version: .* includes vLLM releases newer than the catalog .*\(refused under --strict\)\n$/);
    expect(readdirSync(dir)).toEqual(['vllm-obs.yaml']);
  });

  it('no warning for versions the catalog knows', () => {
    expect(loadConfigFrom(`vllm:\n  version: "${newest}"\n`).warnings).toEqual([]);
  });
});

function loadConfigFrom(yaml: string) {
  const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-warn-'));
  writeFileSync(join(dir, 'vllm-obs.yaml'), yaml);
  return loadConfig({ cwd: dir });
}
