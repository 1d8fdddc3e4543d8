// The generated rule files and tests, run through Debian's promtool 2.42 as CI runs them:
// `promtool check rules` and `promtool test rules`, from the output root, for every vLLM version the
// issue names. Also proves the tests bite (a wrong expectation fails) and that the pieces the tests
// rely on (humanize, the le matcher) behave as Prometheus does.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { NEWEST_VERSION } from '../src/catalog/index.js';
import { resolveConfig } from '../src/config/load.js';
import type { ConfigInput } from '../src/config/types.js';
import type { Artifact } from '../src/model/artifact.js';
import { buildSetup } from '../src/model/index.js';
import { buildRules, leRegex, ruleFilePath, ruleTestPath } from '../src/rules/index.js';
import { formatFixed, humanize, humanizeDuration, humanizePercentage } from '../src/rules/humanize.js';
import type { TestFile } from '../src/rules/types.js';
import { toolOrSkip } from './helpers/tools.js';

const promtool = toolOrSkip('promtool');

const CONFIGS: [string, ConfigInput][] = [
  ['default', {}],
  ...['0.6.2', '0.7', '0.8.3', '0.10', '0.11.0', NEWEST_VERSION, '>=0.8 <0.9', '>=0.10 <0.13', '>=0.12 <0.14'].map((v): [string, ConfigInput] => [
    `vLLM ${v}`,
    { vllm: { version: v } },
  ]),
  [
    'multi-cluster fleet with overrides and overlapping SLOs',
    {
      vllm: { version: '>=0.10 <0.13', metricPrefix: 'vllm_' },
      cluster: { multi: true, name: 'us-east-1', label: 'region' },
      scrape: { jobName: 'llm.serving' },
      deployments: [{ name: 'd', model: 'org/m "quoted" name' }],
      rules: {
        evaluationInterval: '1m',
        labels: { team: 'ml-platform' },
        alerts: {
          VllmKVCacheNearFull: { threshold: 0.8, for: '5m', severity: 'critical', labels: { page: 'yes' } },
          VllmHighE2ELatencyP95: { threshold: 100 },
          VllmRequestQueueBacklog: { threshold: 3 },
          VllmNoThroughput: { threshold: 2 },
          VllmTargetDown: { for: '0s' },
        },
      },
      slos: [
        { name: 'availability', kind: 'availability', objective: 99.5, minRequests: 5000 },
        { name: 'e2e-fast', kind: 'latency', objective: 95, latency: 'e2e', threshold: 5, period: '28d' },
        { name: 'e2e-slow', kind: 'latency', objective: 99, latency: 'e2e', threshold: 20 },
      ],
    },
  ],
];

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Writes files under a fresh directory laid out like output.dir. */
function writeOut(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-rules-'));
  dirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

function filesOf(artifacts: Artifact[]): Record<string, string> {
  return Object.fromEntries(artifacts.map((a) => [a.path, a.content]));
}

function run(dir: string, ...args: string[]) {
  const result = spawnSync(promtool!, args, { cwd: dir, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function build(config: ConfigInput): Artifact[] {
  return buildRules(buildSetup(resolveConfig(config)));
}

describe.skipIf(!promtool)('promtool on the generated rules', () => {
  it.each(CONFIGS)('%s: check rules and test rules pass', (_, config) => {
    const artifacts = build(config);
    const dir = writeOut(filesOf(artifacts));
    const rules = artifacts.filter((a) => a.kind === 'rules').map((a) => a.path);
    const tests = artifacts.filter((a) => a.kind === 'rule-tests').map((a) => a.path);
    expect(tests).toHaveLength(rules.length);
    const check = run(dir, 'check', 'rules', ...rules);
    expect(check.status, check.output).toBe(0);
    expect(check.output.match(/SUCCESS/g), check.output).toHaveLength(rules.length);
    const test = run(dir, 'test', 'rules', ...tests);
    expect(test.status, test.output).toBe(0);
    expect(test.output.match(/SUCCESS/g), test.output).toHaveLength(tests.length);
  }, 600_000);

  it('fails a generated test when the rule no longer does what the test expects', () => {
    const artifacts = build({});
    const rules = ruleFilePath('alerts');
    const tests = ruleTestPath('alerts');
    // only the KV-cache cases, to keep the run short
    const testFile = artifacts.find((a) => a.path === tests)!.data as TestFile;
    const kvOnly = stringify({ ...testFile, tests: testFile.tests.filter((t) => t.name.startsWith('VllmKVCacheNearFull')) });
    const files = { ...filesOf(artifacts), [tests]: kvOnly };
    expect(run(writeOut(files), 'test', 'rules', tests).status).toBe(0);
    const raised = files[rules].replace('(vllm:kv_cache_usage_perc{model_name!=""}) > 0.9', '(vllm:kv_cache_usage_perc{model_name!=""}) > 0.97');
    const reworded = kvOnly.replace('is 95% (threshold 90%)', 'is 96% (threshold 90%)');
    expect(raised).not.toBe(files[rules]);
    expect(reworded).not.toBe(kvOnly);
    for (const broken of [{ ...files, [rules]: raised }, { ...files, [tests]: reworded }]) {
      const result = run(writeOut(broken), 'test', 'rules', tests);
      expect(result.status, result.output).toBe(1);
      expect(result.output).toContain('alertname: VllmKVCacheNearFull');
    }
  });

  it('rejects Thanos and Mimir files, whose groups pass once the ruler keys are removed', () => {
    for (const flavour of ['thanos', 'mimir'] as const) {
      const artifacts = build({ rules: { flavour } });
      const stripped = artifacts.map((a) => {
        const { namespace: _, groups } = a.data as { namespace?: string; groups: Record<string, unknown>[] };
        return [a.path, stringify({ groups: groups.map(({ partial_response_strategy: __, ...g }) => g) })];
      });
      const paths = artifacts.map((a) => a.path);
      const raw = run(writeOut(filesOf(artifacts)), 'check', 'rules', ...paths);
      expect(raw.status, raw.output).not.toBe(0);
      const clean = run(writeOut(Object.fromEntries(stripped)), 'check', 'rules', ...paths);
      expect(clean.status, clean.output).toBe(0);
    }
  });

  // Server a (0.13) reports finished_reason="error" and fails half its requests; server b (0.12) cannot
  // report failures. The fleet's error ratio is a's 50%, not 25% diluted by b's unreportable requests.
  it('leaves servers that cannot report finished_reason="error" out of a mixed fleet\'s error ratio', () => {
    const artifacts = build({ vllm: { version: '>=0.12 <0.14' } });
    const rulesPath = ruleFilePath('recording');
    const record = 'model_name:vllm_request_success:error_ratio_rate5m';
    const series = (instance: string, reason: string, perMinute: number) => ({
      series: `vllm:request_success_total{job="vllm", instance="${instance}", model_name="m", engine="0", finished_reason="${reason}"}`,
      values: `0+${perMinute}x10`,
    });
    const files = {
      ...filesOf(artifacts),
      'test.yml': stringify({
        rule_files: [rulesPath],
        evaluation_interval: '1m',
        tests: [
          {
            interval: '1m',
            input_series: [series('a:8000', 'error', 30), series('a:8000', 'stop', 30), series('b:8000', 'stop', 60)],
            promql_expr_test: [{ expr: record, eval_time: '10m', exp_samples: [{ labels: `${record}{job="vllm", model_name="m"}`, value: 0.5 }] }],
          },
        ],
      }),
    };
    const result = run(writeOut(files), 'test', 'rules', 'test.yml');
    expect(result.status, result.output).toBe(0);
  });

  it('matches a bucket bound written either way with the le regex', () => {
    const record = 'test:le_matched:sum';
    const files = {
      'rules.yml': stringify({ groups: [{ name: 'le', rules: [1, 2.5].map((b) => ({ record, expr: `sum(test_bucket{le=~"${leRegex(b).replace(/\\/g, '\\\\')}"})`, labels: { bound: String(b) } })) }] }),
      'test.yml': stringify({
        rule_files: ['rules.yml'],
        tests: [
          {
            interval: '1m',
            input_series: ['1', '1.0', '10', '10.0', '2.5', '2.50', '25'].map((le, i) => ({ series: `test_bucket{le="${le}"}`, values: `${2 ** i}+0x5` })),
            // Prometheus 2 writes 1.0, Prometheus 3 writes 1; 2.5 has one spelling in both
            promql_expr_test: [{ expr: record, eval_time: '1m', exp_samples: [{ labels: `${record}{bound="1"}`, value: 1 + 2 }, { labels: `${record}{bound="2.5"}`, value: 16 }] }],
          },
        ],
      }),
    };
    const result = run(writeOut(files), 'test', 'rules', 'test.yml');
    expect(result.status, result.output).toBe(0);
  });

  it('renders humanize, humanizePercentage, humanizeDuration and printf "%.2f" as Prometheus does', () => {
    const values = [
      0, 0.0125, 0.05, 0.5, 1, 2.5, 10.125, 12.345, 59, 61.5, 999.95, 1234, 3725.5, 12345, 90061, 1234567, 0.000123, 0.0000012, 0.1 + 0.2, 1 / 3,
      // exact ties round half to even in Go (0.125 -> 0.12), where toFixed rounds them up
      0.125, 0.375, 0.6523, 2.675, 1.005, 0.995, 99.995, 1e17, -0.001, -2.5,
    ];
    const annotations = (v: number) => ({ n: humanize(v), p: humanizePercentage(v), d: humanizeDuration(v), f: formatFixed(v, 2) });
    const files = {
      'rules.yml': stringify({
        groups: [
          {
            name: 'humanize',
            rules: values.map((v, i) => ({
              alert: `H${i}`,
              expr: `vector(${v})`,
              annotations: { n: '{{ $value | humanize }}', p: '{{ $value | humanizePercentage }}', d: '{{ $value | humanizeDuration }}', f: '{{ printf "%.2f" $value }}' },
            })),
          },
        ],
      }),
      'test.yml': stringify({
        rule_files: ['rules.yml'],
        tests: [
          {
            interval: '1m',
            input_series: [],
            alert_rule_test: values.map((v, i) => ({ eval_time: '1m', alertname: `H${i}`, exp_alerts: [{ exp_labels: {}, exp_annotations: annotations(v) }] })),
          },
        ],
      }),
    };
    const result = run(writeOut(files), 'test', 'rules', 'test.yml');
    expect(result.status, result.output).toBe(0);
  });
});
