// The README's demo fleet raises exactly the alerts the README says it raises, and a steady fleet
// none: every default alert and SLO holds with margin. Time-compressed: the simulator's own series
// for 75 minutes, sampled at the default 15 s scrape interval, run through the generated default
// rules by promtool, which lists every alert pending or firing at six points in time (ALERTS). A
// steady fleet that burned the TTFT budget (as the demo once did within four minutes) fails here.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNOWN_VERSIONS } from '../src/catalog/index.js';
import type { ConfigInput } from '../src/config/types.js';
import { parseExposition } from '../src/doctor/exposition.js';
import { generate } from '../src/generate.js';
import { OUT } from '../src/model/index.js';
import { Simulation, type SimulationOptions } from '../src/simulate/index.js';
import { toolOrSkip } from './helpers/tools.js';

const promtool = toolOrSkip('promtool');

const SCRAPE_SECONDS = 15;
const MINUTES = 75;
const CHECKED_AT = ['5m', '15m', '30m', '45m', '60m', '75m'];

type Fleet = (SimulationOptions & { target: string })[];

/** The README's "See it live" fleet: model alpha on two engines, beta twice, 8002 under KV pressure. */
const README_FLEET: Fleet = [
  { target: '127.0.0.1:8000', models: ['alpha'], engines: 2, seed: 1 },
  { target: '127.0.0.1:8001', models: ['beta'], seed: 2 },
  { target: '127.0.0.1:8002', models: ['beta'], seed: 3, scenario: 'kv-pressure' },
];
const STEADY_FLEET: Fleet = README_FLEET.map((server) => ({ ...server, scenario: 'steady' }));

/** Series as Prometheus would store them from the scrapes: target labels added, `_` where absent. */
function scrapedSeries(fleet: Fleet, version: string, config: ConfigInput): Map<string, string[]> {
  let now = Date.UTC(2026, 0, 1);
  const servers = fleet.map(({ target, ...options }) => ({ target, sim: new Simulation({ ...options, version, clock: () => now }) }));
  const series = new Map<string, string[]>();
  const steps = (MINUTES * 60) / SCRAPE_SECONDS + 1;
  const job = config.scrape?.jobName ?? 'vllm';
  for (let step = 0; step < steps; step++) {
    for (const { target, sim } of servers) {
      const samples = [
        ...parseExposition(sim.render()).samples.filter((s) => !s.name.endsWith('_created')),
        { name: 'up', labels: {}, value: 1 },
      ];
      for (const sample of samples) {
        const labels = { ...sample.labels, instance: target, job };
        const key = `${sample.name}{${Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
        const values = series.get(key) ?? Array.from({ length: step }, () => '_');
        values.push(String(sample.value));
        series.set(key, values);
      }
      series.set(`probe_success{instance="${target}",job="vllm-health"}`, Array.from({ length: step + 1 }, () => '1'));
    }
    for (const values of series.values()) while (values.length < step + 1) values.push('_');
    now += SCRAPE_SECONDS * 1000;
  }
  return series;
}

function promtoolTest(fleet: Fleet, version: string): { status: number | null; output: string; series: number } {
  const config: ConfigInput = { vllm: { version }, scrape: { targets: fleet.map((s) => s.target) } };
  const { files } = generate(config, { validate: false });
  const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-steady-'));
  try {
    const ruleFiles = [...files].filter(([path]) => path.startsWith(`${OUT.rules}/`));
    for (const [path, content] of ruleFiles) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const series = scrapedSeries(fleet, version, config);
    const lines = [
      `rule_files: [${ruleFiles.map(([path]) => JSON.stringify(path)).join(', ')}]`,
      'evaluation_interval: 30s',
      'tests:',
      `  - interval: ${SCRAPE_SECONDS}s`,
      '    input_series:',
      ...[...series].flatMap(([name, values]) => [`      - series: ${JSON.stringify(name)}`, `        values: "${values.join(' ')}"`]),
      '    promql_expr_test:',
      ...CHECKED_AT.flatMap((at) => ['      - expr: ALERTS', `        eval_time: ${at}`, '        exp_samples: []']),
    ];
    writeFileSync(join(dir, 'steady.test.yml'), `${lines.join('\n')}\n`);
    const result = spawnSync(promtool!, ['test', 'rules', 'steady.test.yml'], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
    return { status: result.status, output: `${result.stdout}${result.stderr}`, series: series.size };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `alertname instance state` of every ALERTS sample promtool saw instead of none. */
function alertsIn(output: string): string[] {
  const got = [...output.matchAll(/\{__name__="ALERTS", ([^}]*)\}/g)].map(([, labels]) => {
    const label = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(labels)?.[1] ?? '';
    return `${label('alertname')} ${label('instance')} ${label('alertstate')}`;
  });
  return [...new Set(got)].sort();
}

describe.skipIf(!promtool)('the demo fleets against the default rules', () => {
  it.each(['0.11', KNOWN_VERSIONS[KNOWN_VERSIONS.length - 1]])('vLLM %s, all steady: no alert pending or firing over 75 minutes', (version) => {
    const { status, output, series } = promtoolTest(STEADY_FLEET, version);
    expect(series).toBeGreaterThan(100);
    expect(alertsIn(output)).toEqual([]);
    expect(status, output.slice(0, 2000)).toBe(0);
  }, 300_000);

  it("the README's fleet: 8002's KV cache and preemption warnings, pending then firing, and nothing else", () => {
    const { output } = promtoolTest(README_FLEET, '0.11');
    expect(alertsIn(output)).toEqual([
      'VllmKVCacheNearFull 127.0.0.1:8002 firing',
      'VllmKVCacheNearFull 127.0.0.1:8002 pending',
      'VllmPreemptionsHigh 127.0.0.1:8002 firing',
      'VllmPreemptionsHigh 127.0.0.1:8002 pending',
    ]);
  }, 300_000);
});
