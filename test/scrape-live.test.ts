// The generated scrape setup, run for real: Debian's Prometheus and blackbox-exporter on loopback
// ports, scraping and probing a fake vLLM (node:http) whose /health can be switched to 503.
import { createServer, type Server as HttpServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../src/config/types.js';
import { generate } from '../src/generate.js';
import { OUT } from '../src/model/index.js';
import { query, startBlackbox, startPrometheus, waitFor, type Server } from './helpers/servers.js';
import { toolOrSkip } from './helpers/tools.js';

/** Our artifacts, without the other builders' in-process checks (covered by their own tests). */
const build = (config: ConfigInput) => generate(config, { validate: false });

const prometheusBin = toolOrSkip('prometheus');
const blackboxBin = toolOrSkip('prometheus-blackbox-exporter');

interface FakeVllm {
  server: HttpServer;
  address: string;
  setHealth(status: number): void;
  close(): Promise<void>;
}

/** Series named through the catalog, as vLLM exposes them (colons and all). */
function exposition(config: ConfigInput): { text: string; gauge: string } {
  const { setup } = build(config);
  const [gauge] = setup.catalog.concept('requestsRunning');
  const [counter] = setup.catalog.concept('requestSuccess');
  const text = [
    `# TYPE ${gauge} gauge`,
    `${gauge}{model_name="fake-model",engine="0"} 3`,
    `# TYPE ${counter} counter`,
    `${counter}{model_name="fake-model",engine="0",finished_reason="stop"} 42`,
    '',
  ].join('\n');
  return { text, gauge };
}

async function startFakeVllm(metrics: string): Promise<FakeVllm> {
  let health = 200;
  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(metrics);
    } else if (req.url === '/health') {
      res.writeHead(health).end();
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    server,
    address: `127.0.0.1:${port}`,
    setHealth: (status) => (health = status),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The generated prometheus/ directory as startPrometheus takes it (paths relative to prometheus.yml). */
function prometheusDir(files: ReadonlyMap<string, string>): Record<string, string> {
  const prefix = OUT.prometheusConfig.slice(0, OUT.prometheusConfig.lastIndexOf('/') + 1);
  return Object.fromEntries([...files].filter(([path]) => path.startsWith(prefix)).map(([path, content]) => [path.slice(prefix.length), content]));
}

async function value(server: Server, expr: string): Promise<number | undefined> {
  const [sample] = await query(server, expr);
  return sample ? Number(sample.value[1]) : undefined;
}

describe.skipIf(!prometheusBin || !blackboxBin)('generated Prometheus + blackbox config against a fake vLLM', () => {
  const base = (vllm: string, exporter: string, discovery: 'static' | 'file_sd'): ConfigInput => ({
    scrape: { discovery, targets: [], interval: '1s', timeout: '1s' },
    health: { blackboxExporter: exporter, interval: '1s' },
    deployments: [{ name: 'fake', targets: [vllm], labels: { team: 'ml' } }],
    kubernetes: { enabled: false },
    // alerts stay inside the test: no push to whatever listens on localhost:9093
    alerting: { alertmanagers: [] },
  });

  let fake: FakeVllm;
  let blackbox: Server;
  const prometheus: Partial<Record<'static' | 'file_sd', Server>> = {};
  let gauge: string;

  beforeAll(async () => {
    const metrics = exposition({});
    gauge = metrics.gauge;
    fake = await startFakeVllm(metrics.text);
    blackbox = await startBlackbox(blackboxBin!, build(base(fake.address, '127.0.0.1:9115', 'static')).files.get(OUT.blackbox)!);
    const exporter = `127.0.0.1:${blackbox.port}`;
    const [staticSd, fileSd] = await Promise.all(
      (['static', 'file_sd'] as const).map((discovery) => startPrometheus(prometheusBin!, prometheusDir(build(base(fake.address, exporter, discovery)).files))),
    );
    prometheus.static = staticSd;
    prometheus.file_sd = fileSd;
  });

  afterAll(async () => {
    await Promise.all([prometheus.static?.stop(), prometheus.file_sd?.stop(), blackbox?.stop(), fake?.close()]);
  });

  it.each(['static', 'file_sd'] as const)('%s: the vLLM job is up, with the deployment labels and the vLLM series', async (discovery) => {
    const server = prometheus[discovery]!;
    const up = await waitFor('up{job="vllm"} == 1', async () => (await query(server, 'up{job="vllm"} == 1'))[0]);
    expect(up.metric).toMatchObject({ job: 'vllm', instance: fake.address, deployment: 'fake', team: 'ml' });
    expect(up.metric.model_name).toBeUndefined();
    const [series] = await query(server, `${gauge}{deployment="fake"}`);
    expect(series.metric).toMatchObject({ model_name: 'fake-model', engine: '0' });
    expect(Number(series.value[1])).toBe(3);
  });

  it.each(['static', 'file_sd'] as const)('%s: the /health probe job is up and probe_success is 1, per vLLM instance', async (discovery) => {
    const server = prometheus[discovery]!;
    const probe = await waitFor('probe_success == 1', async () => (await query(server, 'probe_success{job="vllm-health"} == 1'))[0]);
    expect(probe.metric).toMatchObject({ job: 'vllm-health', instance: fake.address, deployment: 'fake' });
    expect(await value(server, 'up{job="vllm-health"}')).toBe(1);
    expect(await value(server, 'probe_http_status_code{job="vllm-health"}')).toBe(200);
  });

  it('a 503 from /health (engine dead) makes probe_success 0 while the probe job itself stays up', async () => {
    const server = prometheus.static!;
    await waitFor('probe_success == 1 first', async () => (await value(server, 'probe_success{job="vllm-health"}')) === 1);
    fake.setHealth(503);
    try {
      await waitFor('probe_success == 0 after 503', async () => (await value(server, 'probe_success{job="vllm-health"}')) === 0);
      expect(await value(server, 'probe_http_status_code{job="vllm-health"}')).toBe(503);
      expect(await value(server, 'up{job="vllm-health"}')).toBe(1);
    } finally {
      fake.setHealth(200);
    }
    await waitFor('probe_success back to 1', async () => (await value(server, 'probe_success{job="vllm-health"}')) === 1);
  });
});
