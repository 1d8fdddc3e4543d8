import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { catalogFor, KNOWN_VERSIONS } from '../src/catalog/index.js';
import { runDoctor } from '../src/commands/doctor.js';
import { parseConfig } from '../src/config/load.js';
import { checkDashboards, configFor, configYaml, diagnose, formatDiagnosis, panelTargets, ProbeError } from '../src/doctor/index.js';
import { InputError } from '../src/errors.js';
import { Simulation, startSimulator, type RunningSimulator, type SimulatorOptions } from '../src/simulate/index.js';
import { CLI, runCli } from './helpers/cli.js';
import { freePort, startPrometheus } from './helpers/servers.js';
import { toolOrSkip } from './helpers/tools.js';

const NEWEST = KNOWN_VERSIONS[KNOWN_VERSIONS.length - 1];

/** A simulator whose clock the test moves: `skip(s)` lets s seconds of traffic happen at once. */
async function simulator(options: SimulatorOptions) {
  let now = 1_700_000_000_000;
  const server = await startSimulator({ clock: () => now, ...options });
  return Object.assign(server, { skip: (seconds: number) => void (now += seconds * 1000) });
}

/** A server answering fixed routes; anything else is a FastAPI-style 404. */
async function fixedServer(routes: Record<string, { status?: number; type?: string; body: string } | 'hang'>): Promise<{ url: string; close: () => Promise<void> }> {
  const server: HttpServer = createServer((req, res) => {
    const route = routes[req.url ?? ''];
    if (route === 'hang') return;
    if (route === undefined) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}');
    res.writeHead(route.status ?? 200, { 'content-type': route.type ?? 'text/plain; version=0.0.4' }).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

describe.each(['0.6.2', '0.7', '0.8.0', '0.8.3', '0.10', '0.11.0', NEWEST])('doctor against the vLLM %s simulator', (version) => {
  const catalog = catalogFor(version);
  const engines = catalog.hasEngineLabel ? 2 : 1;
  let server: Awaited<ReturnType<typeof simulator>>;
  beforeAll(async () => {
    server = await simulator({ version, models: ['alpha', 'beta'], engines });
    server.skip(30);
  });
  afterAll(() => server.stop());

  it('reports the version, models, engines and HTTP metrics it serves', async () => {
    const d = await diagnose({ url: server.url });
    expect(d.versionSource).toBe('reported');
    expect(d.version).toBe(catalog.versions[0]);
    expect(d.models).toEqual(['alpha', 'beta']);
    expect(d.engines).toEqual(catalog.hasEngineLabel ? ['0', '1'] : []);
    expect(d.httpMetrics).toBe(catalog.externals().some((m) => m.name.startsWith('http_')));
    expect(d.health).toBe(200);
  });

  it("lists exactly the version's metric set as present, none missing, nothing unexpected", async () => {
    const d = await diagnose({ url: server.url });
    expect([...d.present].sort()).toEqual(catalog.metrics().map((m) => m.name).sort());
    expect(d.missing).toEqual([]);
    expect(d.unexpected).toEqual([]);
    expect(d.findings).toEqual([]);
  });

  it('writes a config that loads and names the version and the server', async () => {
    const d = await diagnose({ url: server.url });
    const config = parseConfig(configYaml(d), 'doctor.yaml');
    expect(config.vllm.version).toBe(catalog.versions[0]);
    expect(config.scrape.targets).toEqual([server.target]);
    expect(config.vllm.metricPrefix).toBe(catalog.prefix);
  });
});

describe('doctor infers the version when /version is missing', () => {
  it.each(['0.6.2', '0.7', '0.8.0', '0.8.3', '0.9.2', '0.11', '0.14', NEWEST])('%s: the inferred candidates include the real version', async (version) => {
    let now = 1_700_000_000_000;
    const sim = new Simulation({ version, clock: () => now });
    now += 30_000;
    const fixed = await fixedServer({ '/metrics': { body: sim.render() }, '/health': { body: '' } });
    try {
      const d = await diagnose({ url: fixed.url });
      expect(d.versionSource).toBe('inferred');
      expect(d.versionCandidates).toContain(catalogFor(version).versions[0]);
      // every candidate has the same metric set, so any of them generates the same queries
      expect(d.missing).toEqual([]);
      expect(d.findings.map((f) => f.severity)).toEqual(['info']);
    } finally {
      await fixed.close();
    }
  });
});

describe('doctor flags problems', () => {
  const servers: RunningSimulator[] = [];
  afterAll(async () => Promise.all(servers.map((s) => s.stop())));
  async function started(options: SimulatorOptions) {
    const s = await simulator({ version: '0.11', ...options });
    servers.push(s);
    s.skip(20);
    return s;
  }

  it('metrics disabled with --disable-log-stats: an error, no metrics present', async () => {
    const d = await diagnose({ url: (await started({ disableLogStats: true })).url });
    expect(d.findings.find((f) => f.severity === 'error')?.message).toMatch(/--disable-log-stats/);
    expect(d.present).toEqual([]);
    expect(d.httpMetrics).toBe(true);
  });

  it('a dead engine: /health 503 is an error', async () => {
    const d = await diagnose({ url: (await started({ scenario: 'dead' })).url });
    expect(d.health).toBe(503);
    expect(d.findings.find((f) => f.severity === 'error')?.message).toMatch(/503/);
  });

  it.each(['vllm_', 'ray_vllm_'] as const)('the %s prefix of Ray Serve LLM: a warning, and the config switches metricPrefix', async (prefix) => {
    const d = await diagnose({ url: (await started({ prefix })).url });
    expect(d.prefix).toBe(prefix);
    expect(d.findings.find((f) => f.severity === 'warning')?.message).toMatch(new RegExp(`start with "${prefix}" instead of "vllm:": .*Ray`));
    expect(d.missing).toEqual([]);
    expect(d.unknown).toEqual([]);
    expect(configFor(d).vllm?.metricPrefix).toBe(prefix);
  });

  it('optional features are detected and written to the config', async () => {
    const d = await diagnose({ url: (await started({ features: ['speculativeDecoding', 'lora'] })).url });
    expect(d.features).toEqual(['lora', 'speculativeDecoding']);
    expect(d.missing).toEqual([]);
    expect(configFor(d).vllm?.features).toEqual({ lora: true, speculativeDecoding: true });
  });

  it('names every metric the catalog does not know, with its type and the labels it carries', async () => {
    const sim = new Simulation({ version: '0.11' });
    const extra = [
      '# HELP vllm:brand_new_total A metric of a newer vLLM.',
      '# TYPE vllm:brand_new_total counter',
      'vllm:brand_new_total{engine="0",model_name="m",reason="a"} 3.0',
      'vllm:brand_new_created{engine="0",model_name="m",reason="a"} 1.7e+09',
      '# TYPE vllm:brand_new_seconds histogram',
      'vllm:brand_new_seconds_bucket{le="1.0",model_name="m"} 1.0',
      'vllm:brand_new_seconds_bucket{le="+Inf",model_name="m"} 1.0',
      'vllm:brand_new_seconds_count{model_name="m"} 1.0',
      'vllm:brand_new_seconds_sum{model_name="m"} 0.5',
      'vllm:no_type_line 1.0',
    ].join('\n');
    const fixed = await fixedServer({
      '/metrics': { body: `${sim.render()}${extra}\n` },
      '/version': { type: 'application/json', body: '{"version":"0.11.0"}' },
      '/health': { body: '' },
    });
    try {
      const d = await diagnose({ url: fixed.url });
      expect(d.unknown).toEqual([
        { name: 'vllm:brand_new_seconds', type: 'histogram', labels: ['model_name'] },
        { name: 'vllm:brand_new_total', type: 'counter', labels: ['engine', 'model_name', 'reason'] },
        { name: 'vllm:no_type_line', type: 'untyped', labels: [] },
      ]);
      expect(d.findings.find((f) => f.severity === 'warning')?.message).toBe(
        '3 prefixed metric(s) the catalog does not know at all (newer vLLM, or not from the engine): listed below with type and labels',
      );
      const report = formatDiagnosis(d).split('\n');
      const at = report.indexOf('not in the catalog (add to src/catalog/metrics.ts):');
      expect(report.slice(at + 1, at + 4)).toEqual([
        '  vllm:brand_new_seconds  histogram  model_name',
        '  vllm:brand_new_total    counter    engine,model_name,reason',
        '  vllm:no_type_line       untyped    -',
      ]);
    } finally {
      await fixed.close();
    }
  });

  it('a version the metrics contradict: missing metrics are listed', async () => {
    const sim = new Simulation({ version: '0.10' });
    const fixed = await fixedServer({ '/metrics': { body: sim.render() }, '/version': { type: 'application/json', body: '{"version":"0.12.1"}' } });
    try {
      const d = await diagnose({ url: fixed.url });
      expect(d.version).toBe('0.12');
      const newOnly = catalogFor('0.12').metrics().map((m) => m.name).filter((n) => !catalogFor('0.10').exposes(n));
      expect(d.missing).toEqual(expect.arrayContaining(newOnly));
      expect(d.unexpected.length).toBeGreaterThan(0);
      expect(d.findings.some((f) => /missing/.test(f.message))).toBe(true);
    } finally {
      await fixed.close();
    }
  });
});

describe('doctor fails with one line (exit 2) when the server cannot be inspected', () => {
  async function failure(url: string, timeoutMs = 2000): Promise<string> {
    const error = await diagnose({ url, timeoutMs }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ProbeError);
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    return message;
  }

  it('unreachable host', async () => {
    expect(await failure(`http://127.0.0.1:${await freePort()}`)).toMatch(/connection refused/);
  });

  it('timeout', async () => {
    const hanging = await fixedServer({ '/metrics': 'hang' });
    try {
      expect(await failure(hanging.url, 300)).toMatch(/no answer within 300 ms/);
    } finally {
      await hanging.close();
    }
  });

  it('not Prometheus: an HTML page, a JSON 404, garbage', async () => {
    const html = await fixedServer({ '/metrics': { type: 'text/html', body: '<html><body>Welcome to nginx</body></html>' } });
    const garbage = await fixedServer({ '/metrics': { body: 'hello world, this is not metrics\n' } });
    const json404 = await fixedServer({});
    try {
      expect(await failure(html.url)).toMatch(/text\/html, not the Prometheus text format/);
      expect(await failure(garbage.url)).toMatch(/not in the Prometheus text format/);
      expect(await failure(json404.url)).toMatch(/HTTP 404/);
    } finally {
      await Promise.all([html.close(), garbage.close(), json404.close()]);
    }
  });

  it('a bad URL', async () => {
    expect(await failure('127.0.0.1:8000')).toMatch(/http:\/\//);
  });

  it('the command maps them to InputError (exit 2)', async () => {
    await expect(runDoctor({ url: `http://127.0.0.1:${await freePort()}`, timeout: '1000' })).rejects.toBeInstanceOf(InputError);
    await expect(runDoctor({ url: 'http://127.0.0.1:1', timeout: 'soon' })).rejects.toThrow(/--timeout/);
  });
});

describe('doctor --write-config', () => {
  let server: Awaited<ReturnType<typeof simulator>>;
  let dir: string;
  beforeAll(async () => {
    server = await simulator({ version: '0.11', features: ['speculativeDecoding'] });
    server.skip(20);
    dir = mkdtempSync(join(tmpdir(), 'vllm-obs-doctor-'));
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  });

  it('writes the file, refuses to overwrite it without --force, overwrites with --force', async () => {
    const file = join(dir, 'vllm-obs.yaml');
    expect(await runDoctor({ url: server.url, timeout: '5000', writeConfig: file })).toBe(0);
    const config = parseConfig(readFileSync(file, 'utf8'), file);
    expect(config.vllm.version).toBe('0.11');
    expect(config.vllm.features.speculativeDecoding).toBe(true);
    writeFileSync(file, '# mine\n');
    await expect(runDoctor({ url: server.url, timeout: '5000', writeConfig: file })).rejects.toThrow(/--force/);
    expect(readFileSync(file, 'utf8')).toBe('# mine\n');
    expect(await runDoctor({ url: server.url, timeout: '5000', writeConfig: file, force: true })).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/version: "0.11"/);
  });

  it('exits 1 when the engine is dead', async () => {
    server.setScenario('dead');
    try {
      expect(await runDoctor({ url: server.url, timeout: '5000' })).toBe(1);
    } finally {
      server.setScenario('steady');
    }
  });
});

describe('the CLI: vllm-obs simulate and vllm-obs doctor', () => {
  let dir: string;
  let simulator: ReturnType<typeof spawn>;
  let url: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vllm-obs-doctor-cli-'));
    simulator = spawn(process.execPath, [CLI, 'simulate', '--port', '0', '--vllm-version', '0.10', '--models', 'a,b', '--engines', '2', '--features', 'speculativeDecoding'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    simulator.stdout!.on('data', (chunk) => (out += chunk));
    for (;;) {
      const found = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (found) {
        url = found[1];
        break;
      }
      if (simulator.exitCode !== null) throw new Error(`simulate exited with ${simulator.exitCode}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  afterAll(async () => {
    if (simulator.exitCode === null) {
      const exited = once(simulator, 'exit');
      simulator.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('doctor reports what the simulator serves and exits 0', () => {
    const result = runCli(['doctor', '--url', url], dir);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/0\.10\.0 \(from \/version/);
    expect(result.stdout).toMatch(/engines +2 \(0, 1\)/);
    expect(result.stdout).toMatch(/speculative decoding yes/);
    expect(result.stdout).toMatch(/0 missing/);
  });

  it('--write-config writes once, then refuses with one line and exit 2', () => {
    expect(runCli(['doctor', '--url', url, '--write-config'], dir).status).toBe(0);
    expect(readFileSync(join(dir, 'vllm-obs.yaml'), 'utf8')).toMatch(/speculativeDecoding: true/);
    const again = runCli(['doctor', '--url', url, '--write-config'], dir);
    expect(again.status).toBe(2);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toMatch(/--force/);
  });

  it('an unreachable server is one line on stderr and exit 2', async () => {
    const result = runCli(['doctor', '--url', `http://127.0.0.1:${await freePort()}`], dir);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/connection refused/)]);
  });

  it('simulate rejects a bad scenario, version or feature with exit 2', () => {
    const bad = [
      ['--scenario', 'chaos'],
      ['--vllm-version', '9.9'],
      ['--features', 'warp'],
      ['--vllm-version', '0.7', '--engines', '2'],
      ['--vllm-version', '0.8.2', '--engines', '2'],
      ['--api-servers', '0'],
    ];
    for (const args of bad) {
      const result = runCli(['simulate', '--port', '0', ...args], dir);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('simulate stops cleanly on SIGTERM', async () => {
    const exited = once(simulator, 'exit');
    simulator.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
  });
});

describe('checkDashboards sends the queries Grafana would send', () => {
  const dashboard = {
    uid: 'd',
    templating: {
      list: [
        { type: 'datasource', name: 'datasource', query: 'prometheus' },
        { type: 'query', name: 'job', query: 'label_values(up, job)', multi: true, includeAll: true, current: { value: '$__all' } },
        { type: 'query', name: 'model_name', query: 'label_values(up{job=~"$job"}, model_name)', multi: true, includeAll: true, allValue: '.+', current: { value: ['$__all'] } },
        { type: 'query', name: 'instance', query: 'label_values(up{job=~"$job"}, instance)', sort: 7 },
        { type: 'custom', name: 'quantile', query: '0.99,0.5', current: { value: '0.5' } },
      ],
    },
    panels: [
      { id: 1, title: 'rate', targets: [{ refId: 'A', expr: 'rate(x{job=~"$job", model_name=~"${model_name}", instance="$instance"}[$__rate_interval])' }] },
      { id: 2, title: 'row', type: 'row', panels: [{ id: 3, title: 'nested', targets: [{ refId: 'B', expr: 'histogram_quantile($quantile, y[$__range])' }, { refId: 'C', expr: 'hidden', hide: true }] }] },
      { id: 4, title: 'text' },
    ],
  };
  let prometheus: { url: string; close: () => Promise<void> };
  const sent: string[] = [];
  const labelQueries: string[] = [];
  beforeAll(async () => {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const answer = (data: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', data }));
      if (url.pathname.startsWith('/api/v1/label/')) {
        labelQueries.push(`${url.pathname.split('/')[4]} ${url.searchParams.get('match[]')}`);
        return answer(url.pathname.includes('/job/') ? ['vllm', 'vllm.b'] : ['10.0.0.2:8000', '10.0.0.10:8000']);
      }
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const query = new URLSearchParams(body).get('query') ?? '';
        sent.push(query);
        answer({ resultType: 'matrix', result: query.startsWith('rate') ? [{ metric: {}, values: [[1, 'NaN'], [2, '3']] }] : [{ metric: {}, values: [[1, 'NaN']] }] });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    prometheus = { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
  });
  afterAll(() => prometheus.close());

  it('lists visible targets, nested rows included', () => {
    expect(panelTargets(dashboard).map((t) => [t.panelId, t.refId])).toEqual([[1, 'A'], [3, 'B']]);
  });

  it('resolves variables in order, formats All as an escaped alternation, and reports NaN-only results as empty', async () => {
    const results = await checkDashboards(prometheus.url, [dashboard], { rateInterval: '30s', rangeSeconds: 600 });
    expect(labelQueries).toEqual(['job up', 'model_name up{job=~"(vllm|vllm\\\\.b)"}', 'instance up{job=~"(vllm|vllm\\\\.b)"}']);
    expect(sent.sort()).toEqual([
      'histogram_quantile(0.5, y[600s])',
      'rate(x{job=~"(vllm|vllm\\\\.b)", model_name=~".+", instance="10.0.0.2:8000"}[30s])',
    ]);
    expect(results.map((r) => [r.panelId, r.status])).toEqual([[1, 'data'], [3, 'empty']]);
  });
});

describe('doctor pointed at something that is not vLLM', () => {
  const prometheusBin = toolOrSkip('prometheus');

  it.skipIf(!prometheusBin)('a real Prometheus is named as such (exit 2, one line), not taken for a newer vLLM', async () => {
    const prometheus = await startPrometheus(prometheusBin!, { 'prometheus.yml': 'global:\n  scrape_interval: 15s\n' });
    try {
      const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-doctor-prom-'));
      const result = runCli(['doctor', '--url', prometheus.url], dir);
      expect(result.status).toBe(2);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`is Prometheus \\d+\\.\\d+\\.\\d+\\S*, not a vLLM server: point --url at vLLM's API port \\(8000 by default\\); to check the dashboards against it, pass it as --prometheus ${prometheus.url.replace(/[.]/g, '\\.')}`));
      expect(result.stderr).not.toMatch(/newer than the catalog/);
    } finally {
      await prometheus.stop();
    }
  });

  it('a /version with a Go build record is not read as a vLLM release', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/metrics') {
        res.setHeader('content-type', 'text/plain; version=0.0.4');
        res.end('# TYPE alertmanager_build_info gauge\nalertmanager_build_info{version="0.25.0\\u001b[31m"} 1\n');
      } else if (req.url === '/version') res.end('{"version":"0.25.0","revision":"x","goVersion":"go1.19"}');
      else res.writeHead(404).end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const port = (server.address() as { port: number }).port;
      await expect(diagnose({ url: `http://127.0.0.1:${port}` })).rejects.toThrow(/^http:\/\/127\.0\.0\.1:\d+ is Alertmanager 0\.25\.0u001b31m, not a vLLM server: point --url at vLLM's API port \(8000 by default\)$/);
    } finally {
      server.close();
    }
  });
});
