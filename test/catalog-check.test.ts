// `npm run catalog:check -- PATH`: scripts/vllm_metrics_extract.py reads vLLM's metric definitions
// with Python's ast module, src/catalog/check.ts compares them with the catalog. The fixtures under
// test/fixtures/vllm-src mirror vLLM's own definitions at v0.8.2 and v0.9.2 (the latter with two
// deliberate departures), so the exact lines the check prints are known.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCatalog, type SourceExtract } from '../src/catalog/check.js';
import { toolOrSkip } from './helpers/tools.js';

const python = toolOrSkip('python3');
const root = join(import.meta.dirname, '..');
const fixture = (version: string) => join(root, 'test', 'fixtures', 'vllm-src', `v${version}`);
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function check(...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'catalog-check.mjs'), ...args], { cwd: root, encoding: 'utf8' });
  return { status: result.status, lines: result.stdout.trimEnd().split('\n'), stderr: result.stderr };
}

function extract(path: string): SourceExtract {
  const result = spawnSync(python!, [join(root, 'scripts', 'vllm_metrics_extract.py'), path], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as SourceExtract;
}

/** A throwaway vllm package with the given files. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-src-'));
  dirs.push(dir);
  for (const [path, content] of Object.entries({ 'vllm/__init__.py': '', ...files })) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe.skipIf(!python)('catalog:check against vLLM source trees', () => {
  it('finds no difference between a v0.8.2 tree and the catalog (V0 files set aside)', () => {
    const { status, lines } = check(fixture('0.8.2'));
    expect(lines).toEqual([
      'vLLM source (vllm/_version.py says 0.8.2) against catalog 0.8 (releases 0.8.0–0.8.2): 24 definition(s), 24 catalog metric(s)',
      'not compared:',
      '  vllm:cache_config_info labels: metrics_info.keys() is known only at run time (vllm/v1/metrics/loggers.py:222)',
      '  3 definition(s) in vllm/engine/: the catalog models V0 before 0.8 and V1 from it',
      '0 difference(s)',
    ]);
    expect(status).toBe(0);
  });

  it('reports the deliberate departures of the v0.9.2 tree, and nothing else', () => {
    const { status, lines } = check(fixture('0.9.2'));
    expect(lines).toEqual([
      'vLLM source (vllm/_version.py says 0.9.2) against catalog 0.9.2 (releases 0.9.2–0.9.x): 32 definition(s), 31 catalog metric(s)',
      '+ vllm:num_requests_waiting_by_reason gauge [model_name, engine, reason] (vllm/v1/metrics/loggers.py:57): in the source, not in the catalog for 0.9.2',
      '~ vllm:request_params_n buckets: catalog [1, 2, 5, 10, 20], source [1, 2, 5, 10, 20, 50] (vllm/v1/metrics/loggers.py:177)',
      'not compared:',
      '  vllm:cache_config_info labels: metrics_info.keys() is known only at run time (vllm/v1/metrics/loggers.py:287)',
      '2 difference(s)',
    ]);
    expect(status).toBe(1);
  });

  it('reads the v0.8.2 tree as 0.8.3: the engine label and the spec-decode counters the release lacks', () => {
    const { status, lines } = check(fixture('0.8.2'), '--vllm-version', '0.8.3');
    expect(status).toBe(1);
    expect(lines.filter((l) => / labels: catalog \[engine, (finished_reason, )?model_name\], source \[(finished_reason, )?model_name\]/.test(l))).toHaveLength(22);
    expect(lines.filter((l) => l.startsWith('- '))).toEqual([
      '- vllm:spec_decode_num_accepted_tokens_total: in the catalog for 0.8.3 (feature), not in the source',
      '- vllm:spec_decode_num_draft_tokens_total: in the catalog for 0.8.3 (feature), not in the source',
    ]);
    expect(lines.at(-1)).toBe('24 difference(s)');
  });

  it('resolves names, labels and buckets the way vLLM builds them', () => {
    const dir = tree({
      'vllm/_version.py': "__version__ = version = '0.12.0'\n",
      'vllm/v1/metrics/things.py': [
        'import prometheus_client',
        'from prometheus_client import Counter',
        '_NAME = "vllm:nixl_num_failed_transfers"',
        'class _Names:',
        '    POST = "vllm:nixl_post_time_seconds"',
        'class Prom:',
        '    _histogram_cls = prometheus_client.Histogram',
        '    def __init__(self, vllm_config, labelnames):',
        '        buckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 5.0]',
        '        histogram_cls = self._histogram_cls',
        '        histogram_cls(name="vllm:nixl_xfer_time_seconds", documentation="d", buckets=buckets[1:], labelnames=labelnames)',
        '        self._histogram_cls(name=_Names.POST, documentation="d", buckets=buckets, labelnames=labelnames)',
        '        buckets = [2 ** (10 + i) for i in range(1, 25, 2)]',
        '        self._histogram_cls(name=f"vllm:nixl_{\'bytes\'}_transferred", documentation="d", buckets=buckets, labelnames=labelnames)',
        '        Counter(_NAME, "d", labelnames + ["reason"])',
        '        prometheus_client.Gauge(name=vllm_config.metric_name, documentation="d")',
        '        if self.show_hidden_metrics:',
        '            prometheus_client.Gauge(name="vllm:gpu_cache_usage_perc", documentation="d", labelnames=labelnames)',
      ].join('\n'),
    });
    const { version, metrics, unresolved } = extract(dir);
    expect(version).toBe('0.12.0');
    const byName = Object.fromEntries(metrics.map((m) => [m.name, m]));
    expect(byName['vllm:nixl_xfer_time_seconds']).toMatchObject({ type: 'histogram', labels: ['<default>'], buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 5] });
    expect(byName['vllm:nixl_post_time_seconds'].buckets).toHaveLength(13);
    expect(byName['vllm:nixl_bytes_transferred'].buckets).toEqual(Array.from({ length: 12 }, (_, i) => 2 ** (11 + 2 * i)));
    expect(byName['vllm:nixl_num_failed_transfers_total']).toMatchObject({ type: 'counter', labels: ['<default>', 'reason'] });
    expect(byName['vllm:gpu_cache_usage_perc']).toMatchObject({ type: 'gauge', hidden: true });
    expect(unresolved).toEqual([]);
    expect(metrics).toHaveLength(5);
  });

  it('fails with one line and exit 2 on a path without vLLM, a version it cannot tell, or a bad option', () => {
    const cases: [string[], RegExp][] = [
      [[join(root, 'test')], /^catalog:check: .*: no vllm package here/],
      [[tree({})], /^catalog:check: the tree does not say its version \(no vllm\/_version\.py\): pass --vllm-version$/],
      [[fixture('0.9.2'), '--vllm-version', '0.5'], /^catalog:check: unknown vLLM version "0\.5"/],
      [[fixture('0.9.2'), '--strict'], /^catalog:check: unknown option --strict/],
      [[], /^catalog:check: usage: npm run catalog:check -- PATH \[--vllm-version X\]$/],
    ];
    for (const [args, message] of cases) {
      const { status, stderr } = check(...args);
      expect(status, args.join(' ')).toBe(2);
      expect(stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
      expect(stderr.trimEnd()).toMatch(message);
    }
  });
});

describe('checkCatalog', () => {
  const metric = (name: string, type: string, labels: string[] | null, more: object = {}) => ({ name, type, labels, where: 'vllm/v1/x.py:1', hidden: false, ...more });

  it('compares hidden state, default labels and types', () => {
    const result = checkCatalog(
      {
        version: '0.11.0',
        metrics: [
          metric('vllm:gpu_cache_usage_perc', 'gauge', ['<default>']),
          metric('vllm:num_requests_running', 'counter', ['<default>']),
          metric('vllm:num_requests_waiting', 'gauge', ['<default>', 'reason']),
        ],
        unresolved: [{ where: 'vllm/v1/y.py:3', what: 'name', expr: 'f"vllm:{kind}_info"' }],
      },
    );
    expect(result.lines.filter((l) => l.startsWith('~'))).toEqual([
      '~ vllm:gpu_cache_usage_perc hidden: catalog only with --show-hidden-metrics-for-version, source not behind show_hidden_metrics (vllm/v1/x.py:1)',
      '~ vllm:num_requests_running type: catalog gauge, source counter (vllm/v1/x.py:1)',
      '~ vllm:num_requests_waiting labels: catalog [engine, model_name], source default labels + [reason] (vllm/v1/x.py:1)',
    ]);
    expect(result.lines).toContain('  a metric name only known at run time: f"vllm:{kind}_info" (vllm/v1/y.py:3)');
  });
});
