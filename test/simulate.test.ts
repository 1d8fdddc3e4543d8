import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_FEATURES as EVERY_FEATURE, catalogFor, FEATURE_NAMES, KNOWN_VERSIONS, type Feature } from '../src/catalog/index.js';
import { parseExposition, type Exposition, type ParsedSample } from '../src/doctor/exposition.js';
import { renderFamilies } from '../src/simulate/exposition.js';
import { formatValue, SCENARIO_PATH, Simulation, startSimulator, type SimulationOptions } from '../src/simulate/index.js';
import { MAX_SCENARIO_BODY } from '../src/simulate/server.js';
import { CLI, runCli } from './helpers/cli.js';

const START = 1_700_000_000_000;
const ALL_FEATURES: Feature[] = [...FEATURE_NAMES];

/** A simulation on a hand-driven clock; `at(seconds)` scrapes it that many seconds after start. */
function simulated(options: SimulationOptions = {}) {
  let now = START;
  const sim = new Simulation({ clock: () => now, ...options });
  return {
    sim,
    at(seconds: number): Exposition {
      now = START + seconds * 1000;
      return parseExposition(sim.render());
    },
  };
}

const key = (s: ParsedSample) => `${s.name}${JSON.stringify(Object.entries(s.labels).sort())}`;
const byKey = (e: Exposition) => new Map(e.samples.map((s) => [key(s), s.value]));
const isCreated = (name: string) => name.endsWith('_created');

function valuesOf(e: Exposition, name: string, labels: Record<string, string> = {}): number[] {
  return e.samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .map((s) => s.value);
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

describe('formatValue writes numbers as prometheus_client does', () => {
  it.each([
    [0, '0.0'],
    [1, '1.0'],
    [2.5, '2.5'],
    [0.001, '0.001'],
    [0.00001, '1e-05'],
    [1_700_000_010, '1.70000001e+09'],
    [123456.5, '123456.5'],
    [1234567.5, '1.2345675e+06'],
    [1e16, '1e+16'],
    [Infinity, '+Inf'],
    [NaN, 'NaN'],
  ])('%d -> %s', (value, text) => expect(formatValue(value)).toBe(text));
});

describe.each(['0.6.2', '0.7', '0.8.0', '0.8.3', '0.10', '0.11.0', KNOWN_VERSIONS[KNOWN_VERSIONS.length - 1]])('simulated vLLM %s', (version) => {
  const engines = catalogFor(version).hasEngineLabel ? 2 : 1;
  const run = simulated({ version, models: ['alpha', 'beta'], engines });
  // the simulation's catalog knows whether its registry is the multiprocess one
  const catalog = run.sim.catalog;
  const first = run.at(20);
  const second = run.at(40);

  it('serves exactly the metric families the catalog says the version exposes by default', () => {
    const served = [...second.families.values()].filter((f) => !isCreated(f.name)).map((f) => f.name).sort();
    const expected = [...catalog.metrics(), ...catalog.externals()].map((m) => m.name).sort();
    expect(served).toEqual(expected);
  });

  it('types every family as the catalog does', () => {
    for (const m of [...catalog.metrics(), ...catalog.externals()]) expect(second.families.get(m.name)?.type, m.name).toBe(m.def.type);
  });

  it('labels every series with the catalog labels (engine only on V1 from 0.8.3)', () => {
    for (const m of [...catalog.metrics(), ...catalog.externals()]) {
      for (const s of second.families.get(m.name)!.samples) {
        const expected = [...m.labels, ...(s.name.endsWith('_bucket') ? ['le'] : [])].sort();
        expect(Object.keys(s.labels).sort(), s.name).toEqual(expected);
      }
    }
    const running = catalog.concept('requestsRunning')[0];
    const engineLabels = new Set(second.samples.filter((s) => s.name === running).map((s) => s.labels.engine));
    expect([...engineLabels].sort()).toEqual(catalog.hasEngineLabel ? ['0', '1'] : [undefined]);
  });

  it('exposes _created series only outside the multiprocess registry, one per counter/histogram series', () => {
    const created = second.samples.filter((s) => isCreated(s.name));
    expect(catalog.createdSeries).toBe(!catalog.isV0Only && run.sim.apiServers === 1);
    if (!catalog.createdSeries) {
      expect(created).toEqual([]);
      expect(second.samples.some((s) => s.name.startsWith('process_'))).toBe(false);
      return;
    }
    const success = catalog.concept('requestSuccess')[0];
    const successSeries = valuesOf(second, success).length;
    expect(valuesOf(second, success.replace(/_total$/, '_created'))).toHaveLength(successSeries);
    expect(created.every((s) => s.value >= START / 1000 && s.value <= START / 1000 + 40)).toBe(true);
    // process metrics come from a collector, which prometheus_client gives no _created
    expect(created.some((s) => s.name.startsWith('process_'))).toBe(false);
  });

  it('keeps histograms consistent: cumulative buckets, _count equal to the +Inf bucket, catalog bounds', () => {
    for (const m of [...catalog.metrics(), ...catalog.externals()].filter((x) => x.def.type === 'histogram')) {
      const family = second.families.get(m.name)!;
      const seriesKeys = new Set(family.samples.filter((s) => s.name === `${m.name}_count`).map((s) => JSON.stringify(s.labels)));
      for (const labels of seriesKeys) {
        const parsed = JSON.parse(labels) as Record<string, string>;
        const buckets = family.samples.filter((s) => s.name === `${m.name}_bucket` && Object.entries(parsed).every(([k, v]) => s.labels[k] === v));
        const counts = buckets.map((b) => b.value);
        expect(counts, m.name).toEqual([...counts].sort((a, b) => a - b));
        expect(buckets.at(-1)!.labels.le).toBe('+Inf');
        expect(buckets.at(-1)!.value).toBe(valuesOf(second, `${m.name}_count`, parsed)[0]);
        const bounds = buckets.slice(0, -1).map((b) => Number(b.labels.le));
        const catalogBounds = catalog.buckets(m.name);
        if (catalogBounds) expect(bounds, m.name).toEqual(catalogBounds);
        expect(buckets.slice(0, -1).map((b) => b.labels.le)).toEqual(bounds.map(formatValue));
      }
    }
  });

  it('has plausible sums: each histogram mean lies within its observed buckets', () => {
    const e2e = catalog.concept('e2eLatency')[0];
    const count = sum(valuesOf(second, `${e2e}_count`));
    const mean = sum(valuesOf(second, `${e2e}_sum`)) / count;
    expect(count).toBeGreaterThan(100);
    expect(mean).toBeGreaterThan(0.5);
    expect(mean).toBeLessThan(30);
    const ttft = catalog.concept('timeToFirstToken')[0];
    expect(sum(valuesOf(second, `${ttft}_sum`)) / sum(valuesOf(second, `${ttft}_count`))).toBeLessThan(mean);
  });

  it('only ever increases counters, histogram buckets, counts and sums between scrapes', () => {
    const before = byKey(first);
    const monotonic = [...second.families.values()]
      .filter((f) => ['counter', 'histogram', 'summary'].includes(f.type))
      .flatMap((f) => f.samples);
    expect(monotonic.length).toBeGreaterThan(50);
    for (const s of monotonic) expect(s.value, key(s)).toBeGreaterThanOrEqual(before.get(key(s)) ?? 0);
    const prompt = catalog.concept('promptTokens')[0];
    expect(sum(valuesOf(second, prompt))).toBeGreaterThan(sum(valuesOf(first, prompt)));
  });

  it('counts every finished reason the version has (V1 creates them all up front)', () => {
    const success = catalog.concept('requestSuccess')[0];
    const reasons = new Set(second.samples.filter((s) => s.name === success).map((s) => s.labels.finished_reason));
    if (!catalog.isV0Only) expect([...reasons].sort()).toEqual([...catalog.finishedReasons()].sort());
    else expect([...reasons].every((r) => catalog.finishedReasons().includes(r))).toBe(true);
  });
});

describe('the HTTP and process metrics follow the version', () => {
  const families = (options: SimulationOptions) => [...simulated(options).at(10).families.keys()];
  const has = (names: string[], prefix: string) => names.some((n) => n.startsWith(prefix));

  it('0.7 (V0, multiprocess registry) has no HTTP, process or _created series; 0.10 has all three', () => {
    const old = simulated({ version: '0.7' }).at(10);
    const newer = simulated({ version: '0.10' }).at(10);
    expect(old.samples.some((s) => s.name.startsWith('http_'))).toBe(false);
    expect(old.samples.some((s) => s.name.startsWith('process_'))).toBe(false);
    expect(old.samples.some((s) => isCreated(s.name))).toBe(false);
    expect(newer.samples.filter((s) => s.name === 'http_requests_total').length).toBeGreaterThan(0);
    expect(newer.samples.some((s) => s.name.startsWith('process_'))).toBe(true);
    expect(newer.samples.some((s) => isCreated(s.name))).toBe(true);
    const statuses = new Set(newer.samples.filter((s) => s.name === 'http_requests_total').map((s) => s.labels.status));
    expect([...statuses]).toContain('2xx');
  });

  it('serves HTTP metrics from 0.8.5 only, process metrics on V1', () => {
    expect(has(families({ version: '0.8.4' }), 'http_')).toBe(false);
    expect(has(families({ version: '0.8.5' }), 'http_')).toBe(true);
    expect(has(families({ version: '0.8.0' }), 'process_')).toBe(true);
  });

  it('drops process_* and _created with more than one API server, the default with data parallelism from 0.15', () => {
    const dp = (version: string, apiServers?: number) => families({ version, engines: 2, apiServers });
    expect(has(dp('0.14'), 'process_')).toBe(true);
    expect(dp('0.14').some(isCreated)).toBe(true);
    expect(has(dp('0.15'), 'process_')).toBe(false);
    expect(dp('0.15').some(isCreated)).toBe(false);
    expect(has(dp('0.15', 1), 'process_')).toBe(true);
    expect(has(dp('0.14', 2), 'process_')).toBe(false);
    expect(has(families({ version: '0.30' }), 'process_')).toBe(true);
    expect(new Simulation({ version: '0.30', engines: 4 }).apiServers).toBe(4);
  });

  it('labels cache_config_info with engine from 0.9.0, one series per engine', () => {
    const info = (version: string) => simulated({ version, engines: 2 }).at(5).samples.filter((s) => s.name === 'vllm:cache_config_info');
    expect(info('0.8.5').map((s) => s.labels.engine)).toEqual([undefined]);
    expect(info('0.9.0').map((s) => s.labels.engine)).toEqual(['0', '1']);
  });

  it('the KV-cache concept is served under the version name: 0.7 old, 0.10 both, newest new only', () => {
    const names = (version: string) => new Set([...simulated({ version }).at(5).families.keys()]);
    const [newest] = catalogFor(KNOWN_VERSIONS.at(-1)!).concept('kvCacheUsage');
    const [old] = catalogFor('0.7').concept('kvCacheUsage');
    expect(newest).not.toBe(old);
    expect(names('0.7').has(old) && !names('0.7').has(newest)).toBe(true);
    expect(names('0.10').has(old) && names('0.10').has(newest)).toBe(true);
    expect(!names(KNOWN_VERSIONS.at(-1)!).has(old) && names(KNOWN_VERSIONS.at(-1)!).has(newest)).toBe(true);
  });
});

describe('scenarios shape the signals', () => {
  const catalog = catalogFor('0.11');
  const [waiting] = catalog.concept('requestsWaiting');
  const [kv] = catalog.concept('kvCacheUsage');
  const [preemptions] = catalog.concept('preemptions');
  const [success] = catalog.concept('requestSuccess');
  const [ttft] = catalog.concept('timeToFirstToken');
  const scenarioRun = (scenario: SimulationOptions['scenario']) => simulated({ version: '0.11', scenario }).at(60);
  const steady = scenarioRun('steady');

  it('overload grows the queue and the latency', () => {
    const overload = scenarioRun('overload');
    expect(sum(valuesOf(overload, waiting))).toBeGreaterThan(50);
    expect(sum(valuesOf(steady, waiting))).toBeLessThan(10);
    const meanTtft = (e: Exposition) => sum(valuesOf(e, `${ttft}_sum`)) / sum(valuesOf(e, `${ttft}_count`));
    expect(meanTtft(overload)).toBeGreaterThan(5 * meanTtft(steady));
  });

  it('kv-pressure drives KV usage above 0.95 with preemptions', () => {
    const pressure = scenarioRun('kv-pressure');
    expect(Math.min(...valuesOf(pressure, kv))).toBeGreaterThan(0.95);
    expect(Math.max(...valuesOf(steady, kv))).toBeLessThan(0.5);
    expect(sum(valuesOf(pressure, preemptions))).toBeGreaterThan(20);
    expect(sum(valuesOf(steady, preemptions))).toBe(0);
  });

  it('errors raises finished_reason="error" (0.13 on) and HTTP 5xx', () => {
    const errors = simulated({ version: '0.13', scenario: 'errors' }).at(60);
    const steady = simulated({ version: '0.13' }).at(60);
    const share = (e: Exposition) => sum(valuesOf(e, success, { finished_reason: 'error' })) / sum(valuesOf(e, success));
    expect(share(errors)).toBeGreaterThan(0.2);
    expect(share(steady)).toBeLessThan(0.05);
    const http5xx = sum(valuesOf(errors, 'http_requests_total', { status: '5xx' })) / sum(valuesOf(errors, 'http_requests_total'));
    expect(http5xx).toBeGreaterThan(0.2);
  });

  it('dead freezes every counter', () => {
    const run = simulated({ version: '0.11' });
    run.at(10);
    run.sim.setScenario('dead');
    const atDeath = byKey(run.at(10));
    const later = run.at(30);
    for (const s of later.samples.filter((x) => x.name === success || x.name === `${ttft}_count`)) expect(s.value).toBe(atDeath.get(key(s)));
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const text = (seed: number) => {
      let now = START;
      const sim = new Simulation({ version: '0.11', seed, clock: () => now });
      now += 15_000;
      return sim.render();
    };
    expect(text(7)).toBe(text(7));
    expect(text(7)).not.toBe(text(8));
  });
});

describe('options', () => {
  it('serves feature metrics only when asked', () => {
    const plain = catalogFor('0.11');
    const withSpec = catalogFor('0.11', { features: { speculativeDecoding: true } });
    const specNames = withSpec.metrics().map((m) => m.name).filter((n) => !plain.exposes(n));
    expect(specNames.length).toBeGreaterThan(0);
    const off = simulated({ version: '0.11' }).at(10);
    const on = simulated({ version: '0.11', features: ['speculativeDecoding'] }).at(10);
    for (const name of specNames) {
      expect(off.families.has(name)).toBe(false);
      expect(on.families.has(name)).toBe(true);
    }
    const [accepted] = withSpec.concept('specDecodeAcceptedTokens');
    const [drafted] = withSpec.concept('specDecodeDraftTokens');
    expect(sum(valuesOf(on, accepted))).toBeLessThan(sum(valuesOf(on, drafted)));
  });

  it('starts for every catalog version with every feature on (the label table covers every label)', () => {
    for (const version of KNOWN_VERSIONS) {
      const e = simulated({ version, features: ALL_FEATURES }).at(5);
      const expected = catalogFor(version, { features: EVERY_FEATURE }).metrics();
      for (const m of expected) expect(e.families.has(m.name), `${version} ${m.name}`).toBe(true);
    }
  });

  it('imitates a renamed prefix and --disable-log-stats', () => {
    const renamed = simulated({ version: '0.11', prefix: 'vllm_' }).at(5);
    const [running] = catalogFor('0.11', { prefix: 'vllm_' }).concept('requestsRunning');
    expect(renamed.families.has(running)).toBe(true);
    const silent = simulated({ version: '0.11', disableLogStats: true }).at(5);
    const served = [...silent.families.keys()].filter((n) => !isCreated(n)).sort();
    expect(served).toEqual(catalogFor('0.11').externals().map((m) => m.name).sort());
  });

  it('refuses several engines where vLLM has no engine label, and unknown versions', () => {
    expect(() => new Simulation({ version: '0.7', engines: 2 })).toThrow(/V0/);
    expect(() => new Simulation({ version: '0.8.2', engines: 2 })).toThrow('vLLM 0.8.2 has no engine label before 0.8.3: one engine per server');
    expect(() => new Simulation({ version: '0.5' })).toThrow(/unknown vLLM version/);
  });

  it('imitates a release newer than the catalog with the newest catalog version, as generate charts it', () => {
    const newer = new Simulation({ version: '9.9' });
    expect(newer.render()).toContain(catalogFor(KNOWN_VERSIONS[KNOWN_VERSIONS.length - 1]).concept('kvCacheUsage')[0]);
  });
});

describe('the HTTP server', () => {
  it('answers /health, /version, /v1/models and /metrics as vLLM does', async () => {
    const server = await startSimulator({ version: '0.10', models: ['alpha', 'beta'], engines: 2 });
    try {
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
      expect(await health.text()).toBe('');
      expect(await (await fetch(`${server.url}/version`)).json()).toEqual({ version: '0.10.0' });
      const models = (await (await fetch(`${server.url}/v1/models`)).json()) as { object: string; data: { id: string; object: string; owned_by: string }[] };
      expect(models.object).toBe('list');
      expect(models.data.map((m) => [m.id, m.object, m.owned_by])).toEqual([
        ['alpha', 'model', 'vllm'],
        ['beta', 'model', 'vllm'],
      ]);
      const metrics = await fetch(`${server.url}/metrics`);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(parseExposition(await metrics.text()).families.size).toBeGreaterThan(20);
      expect((await fetch(`${server.url}/nope`)).status).toBe(404);
      expect((await fetch(`${server.url}/ping`, { method: 'POST' })).status).toBe(200);
      expect((await fetch(`${server.url}/metrics/`)).status).toBe(200);
      expect((await fetch(`${server.url}/health`, { method: 'POST' })).status).toBe(405);
      expect((await fetch(`${server.url}${SCENARIO_PATH}`, { method: 'POST', body: 'chaos' })).status).toBe(400);
      const switched = await fetch(`${server.url}${SCENARIO_PATH}`, { method: 'POST', body: 'dead' });
      expect(await switched.json()).toEqual({ scenario: 'dead' });
      // up to 0.10 a dead engine answers 500 once, then the server exits
      const dead = await fetch(`${server.url}/health`);
      expect(dead.status).toBe(500);
      expect(await dead.text()).toBe('');
      await waitUntil(() => server.exited());
      await expect(fetch(`${server.url}/metrics`)).rejects.toThrow();
    } finally {
      await server.stop();
    }
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });

  it('answers 503 for a dead engine from 0.11 on and stays up', async () => {
    const server = await startSimulator({ version: '0.11.0', scenario: 'dead' });
    try {
      for (let i = 0; i < 3; i++) expect((await fetch(`${server.url}/health`)).status).toBe(503);
      expect(server.exited()).toBe(false);
      expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

describe('parseExposition', () => {
  it('reads labels with escapes, timestamps and untyped samples', () => {
    const e = parseExposition('# TYPE a counter\na_total{x="q\\"uo\\\\te\\n"} 3 1700000000\nb 1.5e+09\n');
    expect(e.samples).toEqual([
      { name: 'a_total', labels: { x: 'q"uo\\te\n' }, value: 3 },
      { name: 'b', labels: {}, value: 1.5e9 },
    ]);
    expect(e.families.get('a')?.samples).toHaveLength(1);
    expect(e.families.get('b')?.type).toBe('untyped');
  });

  it('rejects pages that are not metrics', () => {
    expect(() => parseExposition('<!DOCTYPE html><html><body>502 Bad Gateway</body></html>')).toThrow(/line 1/);
    expect(() => parseExposition('{"detail":"Not Found"}')).toThrow();
    expect(() => parseExposition('metric{a="b"}')).toThrow(/value/);
  });
});

describe('the exposition writer and parser agree', () => {
  it('any label value and any finite number survive a write and a parse', () => {
    fc.assert(
      fc.property(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), (label, value) => {
        const text = renderFamilies([
          { name: 'x_total', type: 'counter', help: 'h\\elp\nline', samples: [{ name: 'x_total', labels: [['l', label]], value }], created: [], createdName: 'x_created' },
        ]);
        const [sample] = parseExposition(text).samples;
        expect(sample.labels.l).toBe(label);
        expect(sample.value).toBe(value === 0 ? 0 : value);
        expect(parseExposition(text).families.get('x_total')?.help).toBe('h\\elp\nline');
      }),
    );
  });
});

/** A POST of `size` bytes of "A", chunked (no length announced) or with Content-Length; status and body of the answer. */
function post(url: string, size: number, chunked: boolean): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: chunked ? {} : { 'content-length': size } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(64 * 1024, 'A');
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        const part = chunk.subarray(0, Math.min(chunk.length, size - sent));
        sent += part.length;
        if (!req.write(part)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('the scenario route under a hostile client', () => {
  let child: ChildProcess;
  let url: string;
  let peakRssKiB = 0;
  let sampler: NodeJS.Timeout;
  beforeAll(async () => {
    child = spawn(process.execPath, [CLI, 'simulate', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (chunk) => (out += chunk));
    for (let i = 0; !/on (http:\/\/127\.0\.0\.1:\d+)/.test(out); i++) {
      if (child.exitCode !== null || i > 400) throw new Error(`simulate did not start: ${out}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    url = `${/on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]}${SCENARIO_PATH}`;
    sampler = setInterval(() => {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (hwm) peakRssKiB = Math.max(peakRssKiB, Number(hwm[1]));
    }, 20);
  });
  afterAll(async () => {
    clearInterval(sampler);
    if (child.exitCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
  });

  it(`a body past ${MAX_SCENARIO_BODY} bytes is 413 and never echoed, announced or chunked`, async () => {
    for (const chunked of [false, true]) {
      const answer = await post(url, 2 * 1024 * 1024 + MAX_SCENARIO_BODY, chunked);
      expect(answer.status, `chunked: ${chunked}`).toBe(413);
      expect(answer.body).not.toContain('AAAA');
      expect(answer.body.length).toBeLessThan(300);
    }
  });

  it('a 200 MB chunked body leaves the process alive with bounded memory', async () => {
    const answer = await post(url, 200 * 1024 * 1024, true);
    expect(answer.status).toBe(413);
    expect((await fetch(url.replace(SCENARIO_PATH, '/health'))).status).toBe(200);
    expect(child.exitCode).toBeNull();
    expect(peakRssKiB).toBeGreaterThan(0);
    expect(peakRssKiB).toBeLessThan(300 * 1024);
  }, 120_000);

  it('an unknown scenario is 400 without the body in the answer', async () => {
    const answer = await fetch(url, { method: 'POST', body: 'chaos<script>' });
    expect(answer.status).toBe(400);
    expect(await answer.text()).not.toContain('chaos');
    expect((await (await fetch(url, { method: 'POST', body: 'overload' })).json())).toEqual({ scenario: 'overload' });
  });

  it('--vllm-version takes one release: a range is refused without suggesting a range', () => {
    const result = runCli(['simulate', '--port', '0', '--vllm-version', '>=0.10 <0.13'], tmpdir());
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/is not a single version; the simulator imitates one vLLM release/);
    expect(result.stderr).not.toMatch(/range/);
    const unknown = runCli(['simulate', '--port', '0', '--vllm-version', '9.9'], tmpdir());
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).not.toMatch(/range/);
  });
});
