// The benchmark's own machinery (bench/): what it sends to Prometheus must be what Grafana would
// send, its raw rewrite must stay valid PromQL, and its simulated fleet must be data promtool accepts
// with the invariants real vLLM series have. The benchmark itself runs with `npm run bench`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogFor, CONCEPTS, NEWEST_VERSION } from '../src/catalog/index.js';
import { generate } from '../src/generate.js';
import { formatValue } from '../src/simulate/exposition.js';
import { HANDLERS, HANDLER_WEIGHTS, labelValues } from '../src/simulate/labels.js';
import { seededRandom, seedOf } from '../src/simulate/random.js';
import { buckets125 } from '../src/simulate/simulation.js';
import { summarize } from '../bench/lib/stats.mjs';
import { interpolate, macrosFor, panelQueries, rateIntervalFor, regexEscape, resolveVariables, stepFor } from '../bench/lib/query/grafana.mjs';
import { metricNames, rawExpression, selectorsOf, withMatchers } from '../bench/lib/query/promql.mjs';
import { ruleLevels, rulesNeededBy } from '../bench/lib/query/rules.mjs';
import { relabel, scrapeTargets } from '../bench/lib/query/targets.mjs';
import { dailyLoad, planFleet, writeOpenMetrics } from '../bench/lib/query/fleet-data.mjs';
import { queryFleetConfig } from '../bench/lib/query/index.mjs';
import { OUT } from '../src/model/index.js';
import { toolOrSkip } from './helpers/tools.js';

describe('bench: Grafana query timing', () => {
  it('steps follow range/1000 rounded up to the scrape interval, and $__rate_interval covers 4 scrapes', () => {
    expect(stepFor(3600, 60)).toBe(60);
    expect(stepFor(86_400, 60)).toBe(120);
    expect(stepFor(86_400, 15)).toBe(90);
    expect(stepFor(3600, 15, 120)).toBe(120);
    expect(rateIntervalFor(60, 60)).toBe(240);
    expect(rateIntervalFor(90, 15)).toBe(105);
  });

  it('interpolates variables and macros, and refuses unknown names', () => {
    const macros = macrosFor({ rangeSeconds: 86_400, stepSeconds: 120, rateIntervalSeconds: 240 });
    const vars = new Map([['model_name', '.+']]);
    expect(interpolate('rate(x{model_name=~"$model_name"}[$__rate_interval]) + y[${__range}]', vars, macros)).toBe('rate(x{model_name=~".+"}[240s]) + y[86400s]');
    expect(() => interpolate('x{a="$nope"}', vars, macros)).toThrow(/unknown variable \$nope/);
  });

  it('escapes multi-value variables as Grafana does for Prometheus', () => {
    expect(regexEscape('meta-llama/Llama-3.1-8B')).toBe('meta-llama/Llama-3\\\\.1-8B');
    expect(regexEscape('a(b)|c')).toBe('a\\\\(b\\\\)\\\\|c');
  });

  it('resolves All to the custom all value, else to every listed value, scoping chained lists', async () => {
    const asked: string[] = [];
    const dashboard = {
      templating: {
        list: [
          { name: 'datasource', type: 'datasource' },
          { name: 'cluster', type: 'query', query: 'label_values(up, cluster)', includeAll: true, multi: true, allValue: '.*', current: { value: '$__all' } },
          { name: 'job', type: 'query', query: 'label_values(up{cluster=~"$cluster"}, job)', includeAll: true, multi: true, current: { value: '$__all' } },
          { name: 'one', type: 'query', query: 'label_values(up{job=~"$job"}, instance)', includeAll: false, multi: false, current: { value: 'x' } },
        ],
      },
    };
    const values = await resolveVariables(dashboard, async (label: string, match: string) => {
      asked.push(`${label} ${match}`);
      return label === 'job' ? ['vllm', 'vllm.b'] : ['h:1', 'h:2'];
    });
    expect(values.get('cluster')).toBe('.*');
    expect(values.get('job')).toBe('(vllm|vllm\\\\.b)');
    expect(values.get('one')).toBe('h:1');
    expect(asked).toEqual(['job up{cluster=~".*"}', 'instance up{job=~"(vllm|vllm\\\\.b)"}']);
  });

  it('takes every visible target of every panel, rows included', () => {
    const queries = panelQueries({
      panels: [
        { title: 'a', targets: [{ refId: 'A', expr: 'up' }, { refId: 'B', expr: 'up', hide: true }] },
        { title: 'row', type: 'row', panels: [{ title: 'b', targets: [{ refId: 'A', expr: 'x', instant: true, range: false }] }] },
        { title: 'text', type: 'text' },
      ],
    });
    expect(queries.map((q: { panel: string; refId: string; instant: boolean }) => `${q.panel}/${q.refId}/${q.instant}`)).toEqual(['a/A/false', 'b/A/true']);
  });
});

describe('bench: raw rewrite of recorded series', () => {
  const recordings = new Map([
    ['model_name:lat:p95_rate5m', [{ expr: 'histogram_quantile(0.95, sum by (le, job, model_name) (rate(lat_bucket{model_name!=""}[5m])))', labels: {}, interval: '30s' }]],
    ['slo:ratio', [
      { expr: 'sum by (job) (rate(err_total[5m])) / sum by (job) (rate(req_total[5m]))', labels: { window: '5m' }, interval: '30s' },
      { expr: 'sum by (job) (rate(err_total[1h])) / sum by (job) (rate(req_total[1h]))', labels: { window: '1h' }, interval: '30s' },
    ]],
    ['job:twice:ratio', [{ expr: '2 * slo:ratio{window="5m"}', labels: {}, interval: '30s' }]],
  ]);

  it('pushes the panel matchers into the rule expression', () => {
    const raw = rawExpression('max by (model_name) (model_name:lat:p95_rate5m{job=~"vllm", model_name=~".+"})', recordings);
    expect(raw).toBe('max by (model_name) ((histogram_quantile(0.95, sum by (le, job, model_name) (rate(lat_bucket{model_name!="", job=~"vllm", model_name=~".+"}[5m])))))');
    expect(metricNames(raw)).toEqual(['lat_bucket']);
  });

  it('turns a recording read over a range into a subquery at the rule interval', () => {
    const raw = rawExpression('max_over_time(model_name:lat:p95_rate5m[1h])', recordings);
    expect(raw).toMatch(/^max_over_time\(\(histogram_quantile\(.*\)\)\[1h:30s\]\)$/);
    expect(() => selectorsOf(raw)).not.toThrow();
  });

  it('picks rules by their static labels, adds those labels back, and expands nested recordings', () => {
    const one = rawExpression('slo:ratio{window="1h", job="a"}', recordings);
    expect(one).toContain('rate(err_total{job="a"}[1h])');
    expect(one).toContain('"window", "1h"');
    expect(one).not.toContain('[5m]');
    const both = rawExpression('slo:ratio{job="a"}', recordings);
    expect(both).toContain(' or ');
    const nested = rawExpression('job:twice:ratio', recordings);
    expect(metricNames(nested).sort()).toEqual(['err_total', 'req_total']);
  });

  it('adds matchers to bare, empty and filled selectors alike', () => {
    expect(withMatchers('up + up{} + rate(x{a="b"}[5m])', ['job="j"'])).toBe('up{job="j"} + up{job="j"} + rate(x{a="b", job="j"}[5m])');
  });
});

describe('bench: recording rule levels', () => {
  const rule = (record: string, expr: string) => ({ record, expr, labels: {}, interval: '30s', file: 'f', group: 'g' });
  const a = rule('a:x:rate5m', 'sum(rate(x_total[5m]))');
  const b = rule('b:x:ratio', 'a:x:rate5m / 2');
  const c = rule('c:x:ratio', 'b:x:ratio + a:x:rate5m');

  it('orders rules so each is evaluated after the recordings it reads', () => {
    expect(ruleLevels([c, b, a]).map((level: { record: string }[]) => level.map((r) => r.record))).toEqual([['a:x:rate5m'], ['b:x:ratio'], ['c:x:ratio']]);
    expect(() => ruleLevels([rule('p', 'q'), rule('q', 'p')])).toThrow(/cycle/);
  });

  it('finds the rules a query needs, transitively', () => {
    const byRecord = new Map([a, b, c].map((r) => [r.record, [r]]));
    expect(rulesNeededBy(['max(c:x:ratio)'], byRecord).map((r: { record: string }) => r.record).sort()).toEqual(['a:x:rate5m', 'b:x:ratio', 'c:x:ratio']);
  });
});

describe('bench: simulated fleet', () => {
  const config = queryFleetConfig({ instancesPerModel: 2, scrapeSeconds: 60 });
  const { files } = generate(config, { validate: false });
  const targets = scrapeTargets(files.get(OUT.prometheusConfig)!);

  it('applies the generated relabelling: probes keep the vLLM host:port as instance', () => {
    const probes = targets.filter((t: { job: string }) => t.job !== 'vllm');
    expect(probes.length).toBe(4);
    for (const probe of probes) {
      expect(probe.labels.instance).toMatch(/^10\.\d+\.\d+\.\d+:8000$/);
      expect(Object.keys(probe.labels).some((l) => l.startsWith('__'))).toBe(false);
    }
    expect(relabel({ a: 'x' }, [{ source_labels: ['a'], regex: 'y', action: 'keep' }])).toBeUndefined();
  });

  it('writes series promtool imports, with growing counters, cumulative buckets and a daily shape', () => {
    const catalog = catalogFor(NEWEST_VERSION);
    const [histogram] = catalog.concept('e2eLatency');
    const [counter] = catalog.concept('requestSuccess');
    const needed = new Set([`${histogram}_bucket`, `${histogram}_count`, counter, 'up']);
    const servers = targets.filter((t: { job: string }) => t.job === 'vllm').map((t: { labels: Record<string, string> }) => ({
      ...t,
      interval: 60,
      model: config.deployments.find((d) => d.name === t.labels.deployment)!.model,
    }));
    const probes = targets.filter((t: { job: string }) => t.job !== 'vllm').map((t: object) => ({ ...t, interval: 15 }));
    const simulate = { CONCEPTS, labelValues, HANDLERS, HANDLER_WEIGHTS, buckets125, formatValue };
    const plan = planFleet({ catalog, simulate, servers, probes, needed });
    expect(plan.unsimulated).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-bench-test-'));
    try {
      const file = join(dir, 'fleet.om');
      const start = 1_700_000_000 - (1_700_000_000 % 3600);
      const end = start + 2 * 3600;
      const written = writeOpenMetrics(plan, { file, start, end, random: (key: string) => seededRandom(seedOf(key, 1)) });
      const text = readFileSync(file, 'utf8');
      expect(text.endsWith('# EOF\n')).toBe(true);
      const series = new Map<string, { t: number; v: number }[]>();
      for (const line of text.split('\n').slice(0, -2)) {
        const at = line.lastIndexOf('} ');
        const [value, t] = line.slice(at + 2).split(' ').map(Number);
        const key = line.slice(0, at + 1);
        series.set(key, [...(series.get(key) ?? []), { t, v: value }]);
      }
      expect(series.size).toBe(written.series);
      for (const [key, points] of series) {
        expect(points.map((p) => p.t)).toEqual([...points.map((p) => p.t)].sort((x, y) => x - y));
        if (!key.startsWith('up{')) expect(points.map((p) => p.v)).toEqual([...points.map((p) => p.v)].sort((x, y) => x - y));
      }
      const probeUp = [...series.keys()].find((k) => k.startsWith('up{') && k.includes('vllm-health'))!;
      expect(series.get(probeUp)!.length).toBe(2 * 240 + 1);
      const bucketsAt = (instance: string) =>
        [...series].filter(([k]) => k.startsWith(`${histogram}_bucket{`) && k.includes(instance)).map(([, points]) => points[points.length - 1].v);
      const last = bucketsAt('"10.0.0.0:8000"');
      expect(last).toEqual([...last].sort((x, y) => x - y));
      const count = [...series].find(([k]) => k.startsWith(`${histogram}_count{`) && k.includes('"10.0.0.0:8000"'))![1];
      expect(last[last.length - 1]).toBe(count[count.length - 1].v);
      expect(dailyLoad(16 * 3600)).toBeGreaterThan(3 * dailyLoad(4 * 3600));

      const promtool = toolOrSkip('promtool');
      if (promtool) {
        execFileSync(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', file, join(dir, 'data')]);
        const blocks = readdirSync(join(dir, 'data')).map((b) => JSON.parse(readFileSync(join(dir, 'data', b, 'meta.json'), 'utf8')));
        expect(blocks.reduce((n, b) => n + b.stats.numSamples, 0)).toBe(written.samples);
        expect(Math.max(...blocks.map((b) => b.stats.numSeries))).toBe(written.series);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bench: statistics', () => {
  it('reports median, min and max', () => {
    expect(summarize([3, 1, 2])).toMatchObject({ median: 2, min: 1, max: 3 });
    expect(summarize([4, 1, 3, 2]).median).toBe(2.5);
  });
});
