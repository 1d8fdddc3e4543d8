// Configs that YAML or the schema let through but Prometheus, promtool or a terminal would not:
// every number and duration key of the schema at its limits, reserved labels, credentials in URLs,
// YAML tags, alias bombs, absurd nesting, bytes that are not UTF-8, control characters in keys, and
// config paths that are not files. Each goes through the CLI: exit 2, one located line, nothing written.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { ALERT_NAMES, configSchema, DURATION_PATTERN } from '../src/config/schema.js';
import type { InputError } from '../src/errors.js';
import { runCli, type CliResult } from './helpers/cli.js';

type Path = (string | number)[];

/** One alert stands for all of rules.alerts: they share one override schema. */
const ALERT = ALERT_NAMES[4];

/** Items a list key needs so that the one value under test is the only problem. */
const LIST_ITEM: Record<string, Record<string, unknown>> = {
  slos: { name: 'a', kind: 'latency', latency: 'ttft', objective: 99, threshold: 2.5 },
  deployments: { name: 'a' },
};

interface SchemaNode {
  type?: string;
  pattern?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

/** Every number key and every duration key of the schema, one alert standing for all of rules.alerts. */
function keysOf(node: SchemaNode, path: Path, out: { numbers: Path[]; durations: Path[] }) {
  if (node.type === 'number') out.numbers.push(path);
  if (node.pattern === DURATION_PATTERN) out.durations.push(path);
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    if (path.join('.') === 'rules.alerts' && key !== ALERT) continue;
    keysOf(child, [...path, key], out);
  }
  if (node.items) keysOf(node.items, [...path, 0], out);
  return out;
}

const KEYS = keysOf(configSchema as unknown as SchemaNode, [], { numbers: [], durations: [] });

/** A config whose only unusual value is `rawYaml` at `path` (written as YAML source, e.g. `.nan`). */
function configWith(path: Path, rawYaml: string): string {
  const root: Record<string, unknown> = {};
  let node: Record<string, unknown> | unknown[] = root;
  path.forEach((part, i) => {
    const last = i === path.length - 1;
    if (typeof part === 'number') {
      const list = node as unknown[];
      list.push(last ? 'VALUE_UNDER_TEST' : { ...LIST_ITEM[String(path[i - 1])] });
      node = list[list.length - 1] as Record<string, unknown>;
      return;
    }
    const map = node as Record<string, unknown>;
    if (last) map[part] = 'VALUE_UNDER_TEST';
    else map[part] ??= typeof path[i + 1] === 'number' ? [] : {};
    node = map[part] as Record<string, unknown>;
  });
  return stringify(root).replace('VALUE_UNDER_TEST', rawYaml);
}

function keyText(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function run(config: string | Buffer, args: string[] = ['generate']): { result: CliResult; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-limits-'));
  writeFileSync(join(dir, 'vllm-obs.yaml'), config);
  return { result: runCli(args, dir), dir };
}

/** Exit 2, exactly one line, at a position in the config, naming `key`; nothing written. */
function expectOneLocatedLine(config: string | Buffer, key: string, message?: RegExp): string {
  const { result, dir } = run(config);
  expect(result.status, result.stderr).toBe(2);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^vllm-obs\.yaml:\d+:\d+: /);
  expect(lines[0]).toContain(`: ${key}: `);
  if (message) expect(lines[0]).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
  expect(readdirSync(dir)).toEqual(['vllm-obs.yaml']);
  return lines[0];
}

describe('every number key refuses NaN and the infinities', () => {
  it('the table covers the number keys of the schema', () => {
    expect(KEYS.numbers.map(keyText).sort()).toEqual([`rules.alerts.${ALERT}.threshold`, 'slos[0].minRequests', 'slos[0].objective', 'slos[0].threshold']);
  });
  const cases = KEYS.numbers.flatMap((path) => ['.nan', '.inf', '-.inf'].map((value): [string, Path, string] => [keyText(path), path, value]));
  it.each(cases)('%s: %s', (key, path, value) => {
    const line = expectOneLocatedLine(configWith(path, value), key, /is not a number a config can use/);
    expect(line).not.toContain('number null');
  });
});

describe('every duration key refuses what Prometheus cannot parse or hold', () => {
  it('the table covers the duration keys of the schema', () => {
    expect(KEYS.durations.map(keyText).sort()).toEqual([
      'alerting.groupInterval',
      'alerting.groupWait',
      'alerting.repeatInterval',
      'alerting.timeout',
      'health.interval',
      `rules.alerts.${ALERT}.for`,
      'rules.evaluationInterval',
      'scrape.fileSdRefreshInterval',
      'scrape.interval',
      'scrape.timeout',
      'slos[0].period',
    ]);
  });
  const bad: [string, RegExp][] = [
    ['99999999999999999999d', /out of range: Prometheus durations end at about 292 years/],
    [`${'9'.repeat(30)}h`, /out of range/],
    ['1s1h', /is not a duration/],
  ];
  const cases = KEYS.durations.flatMap((path) => bad.map(([value, message]): [string, string, Path, RegExp] => [keyText(path), value, path, message]));
  it.each(cases)('%s: %s', (key, value, path, message) => {
    expectOneLocatedLine(configWith(path, value), key, message);
  });
  const intervals = KEYS.durations.filter((path) => !['for', 'period', 'groupWait'].includes(String(path[path.length - 1])));
  it.each(intervals.map((path): [string, Path] => [keyText(path), path]))('%s: 0s is refused (an interval must be longer than zero)', (key, path) => {
    expectOneLocatedLine(configWith(path, '0s'), key, /0s is zero/);
  });
  it('the boundary is Prometheus\' own: 292y holds, 293y and 106752d do not, units repeat nowhere', () => {
    const problems = (yaml: string) => {
      try {
        parseConfig(yaml, 'c.yaml');
        return [];
      } catch (error) {
        return (error as InputError).problems;
      }
    };
    expect(problems('rules:\n  alerts:\n    VllmTargetDown:\n      for: 292y\n')).toEqual([]);
    expect(problems('rules:\n  alerts:\n    VllmTargetDown:\n      for: 293y\n')[0]).toMatch(/for: 293y is out of range/);
    expect(problems('rules:\n  alerts:\n    VllmTargetDown:\n      for: 106752d\n')[0]).toMatch(/out of range/);
    expect(problems('rules:\n  alerts:\n    VllmTargetDown:\n      for: 1m1m\n')[0]).toMatch(/is not a duration/);
  });

  it('the largest duration Prometheus holds is accepted as an alert `for`', () => {
    const { result } = run(configWith(['rules', 'alerts', 'VllmTargetDown', 'for'], '292y'), ['generate', '--check']);
    expect(result.stderr).toBe('');
  });
});

describe('labels the output already uses, or Prometheus reserves, are refused', () => {
  it.each([
    ['cluster.label', 'job'],
    ['cluster.label', '__name__'],
    ['cluster.label', 'instance'],
    ['cluster.label', 'model_name'],
    ['cluster.label', 'le'],
    ['cluster.label', '__meta_x'],
  ])('%s: %s', (key, value) => {
    expectOneLocatedLine(configWith(['cluster', 'label'], value), key, /already use the label|reserved for Prometheus/);
  });
  it.each([
    [['externalLabels', 'job'], 'externalLabels.job'],
    [['externalLabels', 'cluster'], 'externalLabels.cluster'],
    [['rules', 'labels', 'severity'], 'rules.labels.severity'],
    [['rules', 'labels', '__x'], 'rules.labels.__x'],
    [['rules', 'alerts', 'VllmTargetDown', 'labels', 'instance'], 'rules.alerts.VllmTargetDown.labels.instance'],
  ] as const)('%s', (path, key) => {
    expectOneLocatedLine(configWith([...path], 'x'), key, /cannot be set here/);
  });
});

describe('credentials in URLs are refused without being echoed', () => {
  const SECRET = 's3cr3t-pw';
  it.each([
    [['grafana', 'datasourceUrl'], `https://admin:${SECRET}@prom.example:9090`],
    [['rules', 'runbookUrlPattern'], `https://admin:${SECRET}@wiki.example/%s`],
    [['rules', 'dashboardUrlPattern'], `http://admin:${SECRET}@grafana.example/d/%s`],
    [['kubernetes', 'proberUrl'], `admin:${SECRET}@blackbox:9115`],
    [['scrape', 'targets', 0], `admin:${SECRET}@10.0.0.1:8000`],
    [['deployments', 0, 'targets', 0], `admin:${SECRET}@10.0.0.1:8000`],
    [['extraJobs', 'dcgmTargets', 0], `u:${SECRET}@10.0.0.1:9400`],
    [['health', 'blackboxExporter'], `u:${SECRET}@localhost:9115`],
    [['extraJobs', 'prometheusTarget'], `u:${SECRET}@localhost:9090`],
    [['externalLabels', 'source'], `https://u:${SECRET}@elsewhere.example/`],
  ].map(([path, value]) => [keyText(path as Path), path, value] as const))('%s', (key, path, value) => {
    const line = expectOneLocatedLine(configWith(path as Path, JSON.stringify(value)), key, /credentials|without credentials/);
    expect(line).not.toContain(SECRET);
    expect(line).not.toContain('admin');
  });
});

describe('a config is plain YAML data', () => {
  it.each([
    ['!!omap', '!!omap\n- scrape:\n    jobName: x\n- password: hunter2\n', 1, '!!omap'],
    ['!!set', 'scrape:\n  targets: !!set\n    ? a:1\n', 2, '!!set'],
    ['!!pairs', 'deployments: !!pairs\n  - name: a\n', 1, '!!pairs'],
    ['!!binary', 'grafana:\n  folder: !!binary aGVsbG8=\n', 2, '!!binary'],
    ['!!timestamp', 'grafana:\n  folder: !!timestamp 2001-12-14\n', 2, '!!timestamp'],
    ['a custom tag', 'grafana:\n  folder: !vault secret/x\n', 2, '!vault'],
  ])('%s is refused at its position', (_name, yaml, line, tag) => {
    const { result, dir } = run(yaml);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^vllm-obs\\.yaml:${line}:\\d+: the YAML tag ${tag} is not allowed`, 'm'));
    expect(result.stderr).not.toContain('hunter2');
    expect(readdirSync(dir)).toEqual(['vllm-obs.yaml']);
  });

  it('a core tag on a value that does not fit it is refused, not read as a string', () => {
    const { result } = run('scrape:\n  jobName: !!float vllm\n');
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('vllm-obs.yaml:2:12: the value does not fit its YAML tag !!float\n');
  });

  it('an alias bomb (billion laughs) is one located line, exit 2', () => {
    const lol = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [name, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e'], ['g', 'f']]) {
      lol.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const { result, dir } = run(`${lol.join('\n')}\n`);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^vllm-obs\.yaml:2:\d+: aliases expand to too much data \(a YAML alias bomb\?\)[^\n]*\n$/);
    expect(readdirSync(dir)).toEqual(['vllm-obs.yaml']);
  });

  it.each([
    ['flow', `scrape: ${'['.repeat(3000)}${']'.repeat(3000)}\n`],
    ['block', `${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} 1\n`],
    ['just past the limit', `${Array.from({ length: 40 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} 1\n`],
  ])('3000 levels of nesting (%s) is one located line, exit 2', (_name, yaml) => {
    const { result, dir } = run(yaml);
    expect(result.status).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^vllm-obs\.yaml:\d+:\d+: .*nested/);
    expect(readdirSync(dir)).toEqual(['vllm-obs.yaml']);
  });

  it('anchors and aliases within bounds still work', () => {
    const ok = run('extraJobs:\n  dcgmTargets: &t ["10.0.0.2:9400"]\ndeployments:\n  - name: a\n    targets: *t\n', ['generate', '--check']);
    expect(ok.result.stderr).toBe('');
  });
});

describe('bytes and characters', () => {
  it('invalid UTF-8 is refused at its line and column, with the byte offset', () => {
    const bytes = Buffer.concat([Buffer.from('scrape:\n  jobName: "ab'), Buffer.from([0xff, 0xfe]), Buffer.from('"\n')]);
    const { result } = run(bytes);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe('vllm-obs.yaml:2:15: not valid UTF-8 (byte 22); save the file as UTF-8');
  });

  it('a NUL and an escape sequence in a key are shown escaped, never raw', () => {
    const { result } = run('scrape:\n  "job\\0Name": x\n  "\\e[31mred": y\n');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('scrape.job\\x00Name: unknown key');
    expect(result.stderr).toContain('scrape.\\x1b[31mred: unknown key');
    expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  it('a value that fails a pattern is told the rule, not the key\'s description', () => {
    const line = expectOneLocatedLine('health:\n  path: nope\n', 'health.path', /"nope" is invalid: must be a path starting with "\/"/);
    expect(line).not.toContain('probed path');
  });

  it('a bad label name is reported at the key, once', () => {
    expectOneLocatedLine('externalLabels:\n  "bad-label": x\n', 'externalLabels.bad-label', /invalid key: must be a label name/);
  });
});

describe('--config that is not a file', () => {
  it.each([['a directory', 'conf.d'], ['the working directory', '.']])('%s: "<dir>: is a directory, not a config file"', (_name, arg) => {
    const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-confdir-'));
    mkdirSync(join(dir, 'conf.d'));
    const result = runCli(['generate', '--config', arg], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`${arg}: is a directory, not a config file\n`);
  });

  it('a FIFO is refused at once instead of waiting for a writer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-fifo-'));
    execFileSync('mkfifo', [join(dir, 'vllm-obs.yaml')]);
    const result = runCli(['generate'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('vllm-obs.yaml: is not a regular file (a FIFO, socket or device); give the path of a config file\n');
  });

  it('a device (/dev/zero) is refused', () => {
    const result = runCli(['generate', '--config', '/dev/zero'], tmpdir());
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^\/dev\/zero: is not a regular file/);
  });
});
