// `vllm-obs lint` on dashboards and rule files vllm-obs did not write: each upgrade-safety rule is
// reported at the line and column of the query part it is about.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { catalogFor, NEWEST_VERSION } from '../src/catalog/index.js';
import { InputError } from '../src/errors.js';
import { generate } from '../src/generate.js';
import { lintFiles } from '../src/lint/index.js';
import { RULES } from '../src/validate/rules/index.js';
import { runCli, runCliAsync } from './helpers/cli.js';
import { fixturePath, parseFinding, positionOf } from './fixtures/lint/fixtures.js';
import { loadConfig } from '../src/config/load.js';

const parseConfigFile = (path: string) => loadConfig({ path }).config.vllm.version;

const text = (name: string) => readFileSync(fixturePath(name), 'utf8');

function lint(names: string[], vllmVersion?: string) {
  return lintFiles(names.map(fixturePath), { vllmVersion }).lines.map(parseFinding);
}

function tempFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'vllm-obs-lint-')), name);
  writeFileSync(path, content);
  return path;
}

describe('vllm-obs lint: upgrading a dashboard written for vLLM 0.9', () => {
  const file = 'pre-0.11-dashboard.json';

  it('reports every series 0.12 renamed, hidden or removed, with its replacement, where it is used', () => {
    const findings = lint([file], '0.12');
    const source = text(file);
    const catalog = catalogFor('0.12');
    const expected = [
      ['gpu_cache_usage_perc', 'was removed in vLLM 0.12', catalog.concept('kvCacheUsage')[0]],
      ['time_per_output_token_seconds_bucket', 'is hidden since vLLM 0.12', `${catalog.concept('interTokenLatency')[0]}_bucket`],
      ['gpu_prefix_cache_hits_total', 'was removed in vLLM 0.12', catalog.concept('prefixCacheHits')[0]],
      ['gpu_prefix_cache_queries_total', 'was removed in vLLM 0.12', catalog.concept('prefixCacheQueries')[0]],
    ].map(([base, what, replacement]) => ({
      rule: 'vllm-metric-unavailable',
      at: positionOf(source, `${catalog.prefix}${base}`),
      says: `${catalog.prefix}${base} ${what}`,
      replacement: `use ${replacement}`,
    }));
    expect(
      findings.map((f) => ({ rule: f.rule, at: f.at, says: expected.find((e) => f.rest.includes(e.says))?.says, replacement: expected.find((e) => f.rest.endsWith(e.replacement))?.replacement })),
    ).toEqual(expected);
  });

  it('is clean for the version it was written for', () => {
    expect(lint([file], '0.9')).toEqual([]);
  });

  it('warns on deprecated names before they disappear: at 0.10 and 0.11 they still work, and are warnings', () => {
    const source = text(file);
    const p = catalogFor('0.11').prefix;
    const at10 = lint([file], '0.10');
    expect(at10.map((f) => [f.rule, f.at, f.warning])).toEqual([
      ['vllm-metric-deprecated', positionOf(source, `${p}gpu_cache_usage_perc`), true],
      ['vllm-metric-deprecated', positionOf(source, `${p}gpu_prefix_cache_hits_total`), true],
      ['vllm-metric-deprecated', positionOf(source, `${p}gpu_prefix_cache_queries_total`), true],
    ]);
    expect(at10[0].rest).toMatch(/gpu_cache_usage_perc is deprecated since vLLM 0\.9\.2 \(hidden from 0\.11, removed in 0\.12\); read vllm:kv_cache_usage_perc/);
    const tpot = lint([file], '0.11').filter((f) => f.warning);
    expect(tpot).toHaveLength(1);
    expect(tpot[0].at).toBe(positionOf(source, `${p}time_per_output_token_seconds_bucket`));
    expect(tpot[0].rest).toMatch(/time_per_output_token_seconds_bucket is deprecated since vLLM 0\.11 \(hidden from 0\.12, removed in 0\.15\); read vllm:inter_token_latency_seconds_bucket/);
  });

  it('a deprecated name behind an `or` fallback to its replacement is ready for the upgrade: no warning', () => {
    const catalog = catalogFor('0.11');
    const [itl] = catalog.concept('interTokenLatency');
    const dashboard = { title: 't', panels: [{ type: 'timeseries', title: 'ITL', targets: [{ expr: `sum(rate(${itl}_count[5m]) or rate(${catalog.prefix}time_per_output_token_seconds_count[5m]))` }] }] };
    expect(lintFiles([tempFile('fallback.json', JSON.stringify(dashboard))], { vllmVersion: '0.11' }).lines).toEqual([]);
  });

  it('a range is checked version by version: 0.10 through 0.12 still fails on 0.12', () => {
    const findings = lint([file], '>=0.10 <0.13').filter((f) => !f.warning);
    expect(findings.map((f) => f.rule)).toEqual(Array(4).fill('vllm-metric-unavailable'));
  });

  it('an `or` fallback to the new name passes where the old name is gone', () => {
    const catalog = catalogFor('0.12');
    const [kv] = catalog.concept('kvCacheUsage');
    const old = `${catalog.prefix}gpu_cache_usage_perc`;
    const dashboard = JSON.parse(text(file));
    dashboard.panels = [{ type: 'stat', title: 'KV', targets: [{ expr: `avg(${kv} or ${old})` }] }];
    const path = tempFile('fallback.json', JSON.stringify(dashboard));
    expect(lintFiles([path], { vllmVersion: '0.12' }).lines).toEqual([]);
    dashboard.panels[0].targets[0].expr = `avg(${old})`;
    writeFileSync(path, JSON.stringify(dashboard));
    expect(lintFiles([path], { vllmVersion: '0.12' }).lines).toHaveLength(1);
  });
});

describe('vllm-obs lint: one finding per mistake, at the mistake', () => {
  const file = 'vllm-mistakes.json';
  const source = text(file);
  const findings = lint([file]);
  const catalog = catalogFor(NEWEST_VERSION);
  const p = catalog.prefix;

  const cases: [rule: string, needle: string, occurrence?: number][] = [
    ['vllm-model-variable-scope', '"label_values(model_name)"'],
    ['vllm-model-variable-scope', '"label_values(DCGM_FI_DEV_GPU_UTIL, model_name)"'],
    ['vllm-counter-total-suffix', `${p}num_preemptions[`],
    ['counter-rate', `${p}request_success_total`],
    ['histogram-le', `sum(rate(${p}e2e_request_latency_seconds_bucket`],
    ['vllm-ratio-sum', `sum(${p}kv_cache_usage_perc`],
    ['vllm-sum-rate-as-latency', `${p}e2e_request_latency_seconds_sum`],
    ['gauge-rate', `${p}num_requests_running[`],
    ['target-promql-rule', `[5m])" }] },\n    {\n      "type": "timeseries",\n      "title": "Cache`],
    ['panel-datasource-rule', '{ "type": "prometheus", "uid": "edx8memhpd9tsa" }'],
    ['panel-datasource-rule', '"prom-eu-1"'],
    ['vllm-metric-unavailable', `${p}gpu_cache_usage_perc`],
    ['vllm-metric-unavailable', `${p}time_per_output_token_seconds_bucket`],
  ];

  for (const [rule, needle] of cases) {
    it(`${rule} at ${JSON.stringify(needle.split('\n')[0])}`, () => {
      const at = rule === 'target-promql-rule' ? positionOf(source, needle, { shift: '[5m])'.length }) : positionOf(source, needle);
      expect(findings.filter((f) => f.rule === rule).map((f) => f.at)).toContain(at);
    });
  }

  it('reports nothing else: no Loki query, no annotation, no correct use of a gauge', () => {
    expect(findings.map((f) => f.rule).sort()).toEqual(cases.map(([rule]) => rule).sort());
  });

  it('every rule `vllm-obs lint` runs has a case here', () => {
    const foreignRules = RULES.filter((r) => r.scope !== 'generated').map((r) => r.id);
    const covered = new Set(cases.map(([rule]) => rule));
    expect(foreignRules.filter((id) => !covered.has(id) && id !== 'template-label-promql-rule' && id !== 'rule-expr-promql' && id !== 'vllm-metric-deprecated' && id !== 'vllm-router-metric')).toEqual([]);
  });
});

describe('vllm-obs lint: rule files', () => {
  it('reads PrometheusRule manifests in a multi-document stream and points into the right document', () => {
    const source = text('foreign-rules.yaml');
    const p = catalogFor(NEWEST_VERSION).prefix;
    const findings = lint(['foreign-rules.yaml']);
    expect(findings.map((f) => [f.rule, f.at])).toEqual([
      ['vllm-metric-unavailable', positionOf(source, `${p}gpu_cache_usage_perc`)],
      ['vllm-metric-unavailable', positionOf(source, `${p}time_per_output_token_seconds_bucket`)],
      ['vllm-ratio-sum', positionOf(source, `sum(${p}kv_cache_usage_perc`)],
    ]);
    expect(findings[0].rest).toContain('(/1/spec/groups/0/rules/0/expr)');
  });

  it('reads Mimir namespace files; a mixed-fleet `or` and a proper mean pass', () => {
    expect(lint(['mimir-rules.yaml'], '>=0.10 <0.13')).toEqual([]);
  });

  it('reports unparsable rule expressions at their column', () => {
    const path = tempFile('broken.yml', 'groups:\n  - name: g\n    rules:\n      - record: a:b:c\n        expr: sum(rate(x[5m])\n');
    expect(lintFiles([path]).lines).toEqual([`${path}:5:30: rule-expr-promql: record "a:b:c" (/groups/0/rules/0/expr): invalid PromQL at column 16: sum(rate(x[5m]) ⟨here⟩`]);
  });
});

describe('vllm-obs lint: dashboards and rules as Kubernetes ships them', () => {
  const file = 'production-stack-configmap.yaml';
  const source = text(file);

  it('reads a dashboard inside a ConfigMap and a PrometheusRule in one stream, each finding at its line and column in the file', () => {
    const findings = lint([file], '0.12');
    expect(findings.map((f) => [f.rule, f.at, f.warning ?? false])).toEqual([
      ['panel-datasource-rule', positionOf(source, '{ "type": "prometheus", "uid": "prometheus" }'), false],
      ['vllm-router-metric', positionOf(source, 'vllm:healthy_pods_total'), true],
      ['vllm-router-metric', positionOf(source, 'vllm:current_qps'), true],
      // the router writes these two as gauges, the engine as counters (removed in 0.12): both readings are reported
      ['counter-rate', positionOf(source, 'vllm:gpu_prefix_cache_hits_total'), false],
      ['vllm-metric-unavailable', positionOf(source, 'vllm:gpu_prefix_cache_hits_total'), false],
      ['counter-rate', positionOf(source, 'vllm:gpu_prefix_cache_queries_total'), false],
      ['vllm-metric-unavailable', positionOf(source, 'vllm:gpu_prefix_cache_queries_total'), false],
      ['vllm-router-metric', positionOf(source, 'vllm:request_errors_total'), true],
    ]);
    expect(findings[0].rest).toContain('(/0/data/vllm-dashboard.json/panels/0/datasource)');
  });

  it('says "router metric" for production-stack\'s router series, never "not a metric vLLM exposes"', () => {
    const lines = lintFiles([fixturePath(file)], { vllmVersion: '0.12' }).lines.join('\n');
    expect(lines).toContain('vllm:current_qps is a production-stack router metric (a gauge labelled server), not one vLLM\'s engine exposes');
    expect(lines).not.toMatch(/not a metric vLLM exposes/);
  });

  it('reads a `kind: List` of ConfigMaps, a grafana-operator GrafanaDashboard and a JSON string in double quotes', () => {
    const dashboard = JSON.stringify({ title: 't', panels: [{ type: 'timeseries', title: 'Old KV', targets: [{ expr: 'avg(vllm:gpu_cache_usage_perc)' }] }] });
    const yaml = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - kind: ConfigMap',
      '    data:',
      `      a.json: ${JSON.stringify(dashboard)}`,
      '  - kind: GrafanaDashboard',
      '    spec:',
      '      json: |',
      `        ${dashboard}`,
      '',
    ].join('\n');
    const path = tempFile('list.yaml', yaml);
    const findings = lintFiles([path], { vllmVersion: '0.12' }).lines.map(parseFinding);
    expect(findings.map((f) => [f.rule, f.at])).toEqual([
      ['vllm-metric-unavailable', positionOf(yaml, 'vllm:gpu_cache_usage_perc')],
      ['vllm-metric-unavailable', positionOf(yaml, 'vllm:gpu_cache_usage_perc', { occurrence: 1 })],
    ]);
  });

  it('a `.json` entry that is not JSON is exit-2 input, placed in the file; other entries are skipped', () => {
    const path = tempFile('bad.yaml', 'kind: ConfigMap\ndata:\n  a.json: |\n    {"title": "x", "panels": [}\n');
    expect(() => lintFiles([path])).toThrow(InputError);
    try {
      lintFiles([path]);
    } catch (error) {
      expect((error as InputError).problems).toEqual([expect.stringMatching(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:\\d+: /data/a\\.json: invalid JSON`))]);
    }
    const other = tempFile('other.yaml', 'kind: ConfigMap\ndata:\n  run.sh: echo hi\n');
    expect(() => lintFiles([other])).toThrow(/nor a ConfigMap, PrometheusRule, GrafanaDashboard or List holding one/);
  });

  it('vllm-obs\'s own Kubernetes output (dashboard ConfigMaps, PrometheusRules) lints clean', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-lint-k8s-'));
    try {
      const result = runCli(['generate', '--config', join(process.cwd(), 'templates', 'kubernetes.yaml'), '--out', join(dir, 'out')], dir);
      expect(result.status, result.stderr).toBe(0);
      const k8s = join(dir, 'out', 'kubernetes');
      const files = readdirSync(k8s).filter((f) => /^(configmap-.*dashboard|prometheusrule)/.test(f)).map((f) => join(k8s, f));
      expect(files.length).toBeGreaterThanOrEqual(5);
      const linted = lintFiles(files, { vllmVersion: parseConfigFile(join(process.cwd(), 'templates', 'kubernetes.yaml')) });
      expect(linted.lines).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('vllm-obs lint: PromQL Prometheus rejects although the lenient grammar parses it', () => {
  it.each([
    ['"unterminated', /unterminated quoted string/],
    ['up[1000000000000000000000y]', /duration out of range/],
    ['rate(up)', /expected type range vector in call to function "rate", got instant vector/],
    ['up{a=~"("}', /error parsing regexp: missing closing \)/],
    ['up{a="\\q"}', /unknown escape sequence/],
    ['1e400', /out of range/],
    ['{a=""}', /at least one non-empty matcher/],
    ['1 and 1', /set operator "and" not allowed in binary scalar expression/],
  ])('%s', (expr, message) => {
    const file = tempFile('rules.yml', `groups:\n  - name: g\n    rules:\n      - record: r\n        expr: ${JSON.stringify(expr)}\n`);
    const [finding] = lintFiles([file]).findings;
    expect(finding?.rule).toBe('rule-expr-promql');
    expect(finding?.message).toMatch(message);
  });
});

describe('vllm-obs lint: input it cannot read', () => {
  it('throws InputError naming each unreadable, unparsable or unrecognised file', () => {
    const notJson = tempFile('bad.json', '{"panels": [');
    const notYaml = tempFile('bad.yml', 'groups: [\n');
    const other = tempFile('other.yml', 'scrape_configs: []\n');
    const missing = join(tmpdir(), 'vllm-obs-no-such-file.json');
    let error: unknown;
    try {
      lintFiles([notJson, notYaml, other, missing]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const problems = (error as InputError).problems;
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/bad\.json: invalid JSON/);
    expect(problems[1]).toMatch(/bad\.yml:\d+:\d+: invalid YAML/);
    expect(problems[2]).toMatch(/other\.yml: neither a Grafana dashboard .* nor a Prometheus rule file/);
    expect(problems[3]).toMatch(/no-such-file\.json: cannot read: ENOENT/);
  });

  it('rejects an unknown vLLM version; one newer than the catalog is checked against the newest, with a warning', () => {
    expect(() => lintFiles([fixturePath('clean-dashboard.json')], { vllmVersion: '0.5' })).toThrow(InputError);
    const newer = lintFiles([fixturePath('clean-dashboard.json')], { vllmVersion: '99.1' });
    expect(newer.catalog.versions).toEqual([NEWEST_VERSION]);
    expect(newer.warnings).toEqual([expect.stringMatching(/newer than the catalog \(newest [\d.]+\); checking against/)]);
  });

  it('reads the HTTP API export form {dashboard: …}', () => {
    const wrapped = { dashboard: JSON.parse(text('pre-0.11-dashboard.json')), meta: {} };
    const findings = lintFiles([tempFile('export.json', JSON.stringify(wrapped, null, 2))], { vllmVersion: '0.12' }).findings;
    expect(findings.map((f) => f.pointer)).toContain('/dashboard/panels/0/targets/0/expr');
  });
});

describe('vllm-obs lint (the CLI)', () => {
  it('exits 1 with one line per finding, 0 when clean, 2 on unreadable input; --json is machine-readable', () => {
    const cwd = fixturePath('');
    const failing = runCli(['lint', 'pre-0.11-dashboard.json', '--vllm-version', '0.12'], cwd);
    expect(failing.status, failing.stderr).toBe(1);
    expect(failing.stdout.trim().split('\n')).toHaveLength(4);
    expect(failing.stdout).toMatch(/^pre-0\.11-dashboard\.json:\d+:\d+: vllm-metric-unavailable: panel "Cache Utilization" target A/m);
    expect(failing.stderr).toContain('4 problem(s) in 1 file(s) for vLLM 0.12');

    const clean = runCli(['lint', 'clean-dashboard.json', 'clean-rules.yaml'], cwd);
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout).toBe('');

    const json = runCli(['lint', '--json', 'vllm-mistakes.json'], cwd);
    expect(json.status).toBe(1);
    const parsed = JSON.parse(json.stdout) as { rule: string; file: string; pointer: string }[];
    expect(parsed.length).toBeGreaterThan(5);
    expect(parsed[0]).toMatchObject({ file: 'vllm-mistakes.json', rule: expect.any(String), pointer: expect.stringMatching(/^\//) });

    const onlyWarnings = runCli(['lint', 'pre-0.11-dashboard.json', '--vllm-version', '0.10'], cwd);
    expect(onlyWarnings.status, onlyWarnings.stderr).toBe(0);
    expect(onlyWarnings.stdout.trim().split('\n')).toEqual(Array(3).fill(expect.stringMatching(/^pre-0\.11-dashboard\.json:\d+:\d+: warning: vllm-metric-deprecated: /)));
    expect(onlyWarnings.stderr).toContain('1 file(s) clean for vLLM 0.10, 3 warning(s)');

    const newer = runCli(['lint', 'clean-dashboard.json', '--vllm-version', '99.0'], cwd);
    expect(newer.status, newer.stderr).toBe(0);
    expect(newer.stderr).toMatch(/^warning: --vllm-version: "99\.0" includes vLLM releases newer than the catalog/m);

    const unreadable = runCli(['lint', 'no-such-dashboard.json'], cwd);
    expect(unreadable.status).toBe(2);
    expect(unreadable.stderr).toContain('no-such-dashboard.json: cannot read');
  });
});

describe('vllm-obs lint on vllm-obs\'s own dashboards', () => {
  const { artifacts } = generate({}, { validate: false });
  const dashboards = artifacts.filter((a) => a.kind === 'dashboard');
  const rules = artifacts.filter((a) => a.kind === 'rules');

  it.skipIf(dashboards.length === 0)('finds nothing in the generated dashboards and rules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-lint-own-'));
    const paths = [...dashboards, ...rules].map((a) => {
      const path = join(dir, a.path.replace(/\//g, '_'));
      writeFileSync(path, a.content);
      return path;
    });
    expect(lintFiles(paths).lines).toEqual([]);
  });
});

/** A dashboard of `n` panels whose one target each is broken PromQL: one finding per panel. */
function brokenPanels(n: number): string {
  const panels = Array.from({ length: n }, (_, i) => ({ id: i, type: 'timeseries', title: `p${i}`, targets: [{ refId: 'A', expr: 'sum(rate(x[5m]' }] }));
  return JSON.stringify({ title: 'big', uid: 'big', panels });
}

describe('vllm-obs lint on hostile input: it ends, with findings or exit 2, never a crash', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-lint-hostile-'));
  // the inputs are large (a 100 MiB file among them)
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('30,000 findings are placed in one pass (was quadratic)', async () => {
    writeFileSync(join(dir, 'many.json'), brokenPanels(30_000));
    const result = await runCliAsync(['lint', 'many.json'], dir, 120_000);
    expect(result.status, result.stderr.slice(0, 300)).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(30_000);
    expect(lines[29_999]).toMatch(/^many\.json:1:\d+: target-promql-rule: panel "p29999" target A/);
  }, 180_000);

  it('150,000 findings: no stack overflow from spreading them', async () => {
    writeFileSync(join(dir, 'huge.json'), brokenPanels(150_000));
    const result = await runCliAsync(['lint', 'huge.json'], dir, 240_000);
    expect(result.status, result.stderr.slice(0, 300)).toBe(1);
    expect(result.stderr).toContain('150000 problem(s) in 1 file(s)');
  }, 300_000);

  it('panels nested 20,000 deep: exit 2 with one line, at once', async () => {
    const depth = 20_000;
    const open = Array.from({ length: depth }, (_, i) => `{"id":${i},"type":"row","title":"r${i}","panels":[`).join('');
    writeFileSync(join(dir, 'deep.json'), `{"title":"deep","panels":[${open}{"id":-1,"type":"timeseries","title":"leaf","targets":[{"refId":"A","expr":"rate(x["}]}${']}'.repeat(depth)}]}`);
    const result = await runCliAsync(['lint', 'deep.json'], dir, 120_000);
    expect(result.status, result.stderr.slice(0, 300)).toBe(2);
    expect(result.stderr).toBe('deep.json: panels nested more than 64 levels deep (Grafana nests one level, panels in rows); not a dashboard lint can read\n');
  }, 180_000);

  it('panels nested 60 deep (within the limit) are walked without recursion and found', async () => {
    const depth = 60;
    const open = Array.from({ length: depth }, (_, i) => `{"id":${i},"type":"row","title":"r${i}","panels":[`).join('');
    writeFileSync(join(dir, 'nested.json'), `{"title":"nested","panels":[${open}{"id":-1,"type":"timeseries","title":"leaf","targets":[{"refId":"A","expr":"rate(x["}]}${']}'.repeat(depth)}]}`);
    const result = await runCliAsync(['lint', 'nested.json'], dir);
    expect(result.status, result.stderr.slice(0, 300)).toBe(1);
    expect(result.stdout).toMatch(/^nested\.json:1:\d+: target-promql-rule: panel "leaf" target A/);
  });

  it('YAML nested 3000 deep is exit 2 with one located line', async () => {
    writeFileSync(join(dir, 'deep.yml'), `groups: ${'['.repeat(3000)}${']'.repeat(3000)}\n`);
    const result = await runCliAsync(['lint', 'deep.yml'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^deep\.yml:1:\d+: invalid YAML: nested too deeply\n$/);
  });

  it('a file past 64 MiB is refused unread: exit 2, one line', async () => {
    const path = join(dir, 'big.json');
    writeFileSync(path, `{"title":"big","panels":[],"pad":"${'x'.repeat(100 * 1024 * 1024)}"}`);
    const result = await runCliAsync(['lint', 'big.json'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('big.json: 100 MiB is larger than the 64 MiB a dashboard or rule file may have\n');
  });

  it('a FIFO and /dev/zero are refused at once: exit 2, one line each', async () => {
    execFileSync('mkfifo', [join(dir, 'pipe.json')]);
    const result = await runCliAsync(['lint', 'pipe.json', '/dev/zero'], dir, 30_000);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'pipe.json: is not a regular file (a FIFO, socket or device); give the path of a dashboard or rule file\n' +
        '/dev/zero: is not a regular file (a FIFO, socket or device); give the path of a dashboard or rule file\n',
    );
  });

  it('a YAML alias bomb is exit 2 with one line', () => {
    const lol = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [name, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e'], ['g', 'f']]) lol.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    writeFileSync(join(dir, 'bomb.yml'), `${lol.join('\n')}\ngroups: []\n`);
    const result = runCli(['lint', 'bomb.yml'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('bomb.yml: aliases expand to too much data (a YAML alias bomb?)\n');
  });

  it('a directory is named as one', () => {
    const result = runCli(['lint', '.'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('.: is a directory, not a dashboard or rule file\n');
  });
});
