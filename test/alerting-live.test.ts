// The whole alert path with real processes: simulated vLLM servers (one steady, one with a dead
// engine, one that gets stopped), Debian's blackbox-exporter, Prometheus and Alertmanager on the
// generated prometheus.yml, rules, blackbox.yml and alertmanager.yml (intervals, `for` and group
// timers shortened by this test only), and a webhook receiver in the test itself.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { KNOWN_VERSIONS } from '../src/catalog/index.js';
import type { ConfigInput } from '../src/config/types.js';
import { generate } from '../src/generate.js';
import { OUT, RUNBOOK_DASHBOARD } from '../src/model/index.js';
import { startSimulator, type RunningSimulator } from '../src/simulate/index.js';
import { startAlertmanager, startBlackbox, startPrometheus, waitFor, type Server } from './helpers/servers.js';
import { toolOrSkip } from './helpers/tools.js';

const prometheusBin = toolOrSkip('prometheus');
const blackboxBin = toolOrSkip('prometheus-blackbox-exporter');
const alertmanagerBin = toolOrSkip('prometheus-alertmanager');

const VERSION = KNOWN_VERSIONS[KNOWN_VERSIONS.length - 1];
/** The first scrape takes ~6 s; a loaded 2-core runner may need much longer for a notification. */
const ARRIVAL_MS = 60_000;
const PROMETHEUS_DIR = `${OUT.prometheusConfig.split('/')[0]}/`;

interface WebhookAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  endsAt: string;
}

interface Notification {
  path: string;
  receiver: string;
  status: string;
  groupLabels: Record<string, string>;
  alerts: WebhookAlert[];
}

/** Collects every notification Alertmanager posts, by path. */
async function startWebhook(): Promise<{ url: string; received: Notification[]; stop: () => Promise<void> }> {
  const received: Notification[] = [];
  const server: HttpServer = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      try {
        received.push({ ...(JSON.parse(body) as Notification), path: req.url ?? '' });
      } catch {
        /* not a notification; the assertions will miss it */
      }
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

function filesUnder(files: ReadonlyMap<string, string>, dir: string): Record<string, string> {
  return Object.fromEntries([...files].filter(([path]) => path.startsWith(dir)).map(([path, content]) => [path.slice(dir.length), content]));
}

describe.skipIf(!prometheusBin || !blackboxBin || !alertmanagerBin)('live: a page from a dead vLLM engine reaches the webhook', () => {
  const stops: (() => Promise<void>)[] = [];
  let webhook: Awaited<ReturnType<typeof startWebhook>>;
  let steady: RunningSimulator;
  let dead: RunningSimulator;
  let doomed: RunningSimulator;
  let alertmanager: Server;
  let files: ReadonlyMap<string, string>;

  const firing = (alertname: string, instance: string) =>
    webhook.received.flatMap((n) => n.alerts.filter((a) => a.status === 'firing' && a.labels.alertname === alertname && a.labels.instance === instance).map((alert) => ({ n, alert })));

  beforeAll(async () => {
    webhook = await startWebhook();
    stops.push(webhook.stop);
    steady = await startSimulator({ version: VERSION, models: ['alpha'], seed: 1 });
    dead = await startSimulator({ version: VERSION, models: ['alpha'], seed: 2, scenario: 'dead' });
    doomed = await startSimulator({ version: VERSION, models: ['alpha'], seed: 3 });
    stops.push(steady.stop, dead.stop, doomed.stop);
    const configWith = (blackboxExporter: string, alertmanagers: string[]): ConfigInput => ({
      vllm: { version: VERSION },
      scrape: { targets: [steady.target, dead.target, doomed.target], interval: '1s', timeout: '1s' },
      health: { blackboxExporter, interval: '1s' },
      // target-down first, so the health alert of a stopped server arrives already muted
      rules: { evaluationInterval: '1s', alerts: { VllmTargetDown: { for: '1s' }, VllmHealthCheckFailing: { for: '4s' } } },
      alerting: {
        alertmanagers,
        groupWait: '1s',
        groupInterval: '1s',
        repeatInterval: '1h',
        receivers: [
          { name: 'oncall', webhookUrl: `${webhook.url}/page`, severities: ['critical'] },
          { name: 'tickets', webhookUrl: `${webhook.url}/ticket`, severities: ['warning'] },
        ],
      },
    });
    const first = generate(configWith('127.0.0.1:9115', []), { validate: false }).files;
    const blackbox = await startBlackbox(blackboxBin!, first.get(OUT.blackbox)!);
    stops.push(blackbox.stop);
    alertmanager = await startAlertmanager(alertmanagerBin!, first.get(OUT.alertmanagerConfig)!);
    stops.push(alertmanager.stop);
    files = generate(configWith(`127.0.0.1:${blackbox.port}`, [`127.0.0.1:${alertmanager.port}`])).files;
    // where Prometheus sends alerts changes nothing in Alertmanager's own config
    expect(files.get(OUT.alertmanagerConfig)).toBe(first.get(OUT.alertmanagerConfig));
    const prometheus = await startPrometheus(prometheusBin!, filesUnder(files, PROMETHEUS_DIR));
    stops.push(prometheus.stop);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(stops.map((stop) => stop().catch(() => undefined)));
  });

  it('VllmHealthCheckFailing of the dead engine pages on-call, with its locating labels and a runbook link that resolves', async () => {
    const [{ n, alert }] = await waitFor('the page for the dead engine', async () => firing('VllmHealthCheckFailing', dead.target).length > 0 && firing('VllmHealthCheckFailing', dead.target), ARRIVAL_MS);
    expect(n.path).toBe('/page');
    expect(n.receiver).toBe('oncall');
    expect(alert.labels).toMatchObject({ alertname: 'VllmHealthCheckFailing', instance: dead.target, job: 'vllm-health', severity: 'critical' });
    expect(n.groupLabels).toEqual({ alertname: 'VllmHealthCheckFailing', instance: dead.target });
    // the link, followed into the generated runbook dashboard
    const url = new URL(alert.annotations.runbook_url);
    expect(`${url.origin}${url.pathname}`).toBe('http://localhost:3000/d/vllm-runbook');
    const runbook = JSON.parse(files.get(`${OUT.dashboards}/${RUNBOOK_DASHBOARD.file}`)!);
    expect(runbook.uid).toBe('vllm-runbook');
    const panel = runbook.panels.find((p: { id: number }) => String(p.id) === url.searchParams.get('viewPanel'));
    expect(panel?.title).toBe('VllmHealthCheckFailing');
    expect(panel.options.content).toMatch(/blackbox probe of the server's `\/health`/);
  }, ARRIVAL_MS + 10_000);

  it('a stopped server pages VllmTargetDown; its health alert is inhibited in Alertmanager and never arrives', async () => {
    await doomed.stop();
    const [{ n }] = await waitFor('the target-down page', async () => firing('VllmTargetDown', doomed.target).length > 0 && firing('VllmTargetDown', doomed.target), ARRIVAL_MS);
    expect(n.receiver).toBe('oncall');
    interface ApiAlert {
      labels: Record<string, string>;
      status: { state: string; inhibitedBy: string[] };
    }
    const muted = await waitFor('the muted health alert', async () => {
      const alerts = (await (await fetch(`${alertmanager.url}/api/v2/alerts`)).json()) as ApiAlert[];
      return alerts.find((a) => a.labels.alertname === 'VllmHealthCheckFailing' && a.labels.instance === doomed.target && a.status.inhibitedBy.length > 0);
    }, ARRIVAL_MS);
    expect(muted.status.state).toBe('suppressed');
    // a few group intervals after it was muted, still nothing for it at the webhook
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(firing('VllmHealthCheckFailing', doomed.target)).toEqual([]);
  }, 2 * ARRIVAL_MS + 10_000);

  it('the engine recovers: the resolution arrives (send_resolved)', async () => {
    await waitFor('the page to arrive first', async () => firing('VllmHealthCheckFailing', dead.target).length > 0, ARRIVAL_MS);
    dead.setScenario('steady');
    const resolved = await waitFor('the resolution', async () => {
      const alerts = webhook.received.flatMap((n) => n.alerts.map((alert) => ({ n, alert })));
      return alerts.find(({ alert }) => alert.status === 'resolved' && alert.labels.alertname === 'VllmHealthCheckFailing' && alert.labels.instance === dead.target);
    }, ARRIVAL_MS);
    expect(resolved.n.receiver).toBe('oncall');
    expect(Date.parse(resolved.alert.endsAt)).toBeLessThanOrEqual(Date.now());
  }, 2 * ARRIVAL_MS + 10_000);

  it('the steady server pages nothing: no notification names its instance', () => {
    expect(webhook.received.length).toBeGreaterThan(0);
    const aboutSteady = webhook.received.flatMap((n) => n.alerts).filter((a) => a.labels.instance === steady.target);
    expect(aboutSteady.map((a) => `${a.labels.alertname} ${a.status}`)).toEqual([]);
  });

  it('Prometheus sends to the Alertmanager its generated alerting block names', () => {
    const prom = parse(files.get(OUT.prometheusConfig)!);
    expect(prom.alerting.alertmanagers[0].static_configs[0].targets).toEqual([`127.0.0.1:${alertmanager.port}`]);
  });
});
