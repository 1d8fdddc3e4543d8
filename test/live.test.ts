// End to end against real processes: simulated vLLM servers, Debian's Prometheus and blackbox-exporter,
// loaded with what `generate` writes for a config that `doctor` derived from one of the servers.
// One fleet per vLLM version, in two groups: the fleets of a group start together so their warm-up
// overlaps, and the groups run one after the other so a 2-core runner carries half the processes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { catalogFor, catalogVersionOf, deadEngineHealth, KNOWN_VERSIONS } from '../src/catalog/index.js';
import { runDoctor } from '../src/commands/doctor.js';
import { resolveConfig } from '../src/config/load.js';
import type { ConfigInput } from '../src/config/types.js';
import {
  checkDashboards,
  configFor,
  diagnose,
  formatPanelProblems,
  PrometheusClient,
  type PanelResult,
  type RuleState,
} from '../src/doctor/index.js';
import { generate } from '../src/generate.js';
import { OUT } from '../src/model/index.js';
import { startSimulator, type RunningSimulator } from '../src/simulate/index.js';
import { startBlackbox, startPrometheus, waitFor, type Server } from './helpers/servers.js';
import { toolOrSkip } from './helpers/tools.js';

const prometheusBin = toolOrSkip('prometheus');
const blackboxBin = toolOrSkip('prometheus-blackbox-exporter');

const NEWEST = KNOWN_VERSIONS[KNOWN_VERSIONS.length - 1];

interface FleetSpec {
  /** Names the fleet in test titles. */
  readonly key: string;
  readonly version: string;
  /** Every server runs two data-parallel engines, so vLLM >= 0.15 starts two API servers each and
   *  uses the multiprocess registry: no process_* and no _created series anywhere. */
  readonly dataParallel?: boolean;
}

/** 0.6.2: before PR #4464 (no phase histograms, old e2e buckets), V0; 0.8.3: V1 with the engine
 *  label, no HTTP metrics by default, short buckets; 0.11.0: 503 on a dead engine, no error reason. */
const GROUPS: readonly (readonly FleetSpec[])[] = [
  [{ key: '0.7', version: '0.7' }, { key: '0.10', version: '0.10' }, { key: NEWEST, version: NEWEST }],
  [{ key: '0.6.2', version: '0.6.2' }, { key: '0.8.3', version: '0.8.3' }, { key: '0.11.0', version: '0.11.0' }, { key: 'data-parallel 0.15', version: '0.15', dataParallel: true }],
];
/** Alerts the fleet drives, with `for` shortened so a state change shows within seconds. Probe and
 *  scrape alerts keep a few seconds: on a loaded 2-core runner one slow 1 s scrape is not an outage. */
const DRIVEN_ALERTS = { VllmKVCacheNearFull: '1s', VllmHealthCheckFailing: '3s', VllmTargetDown: '3s' } as const;
/** With 1 s scrapes a 20 s window holds enough samples for every rate, and fills quickly. */
const PANEL_OPTIONS = { rateInterval: '20s', interval: '2s', lookbackSeconds: 20, stepSeconds: 2 };
const DATA_TIMEOUT_MS = 45_000;
const PROMETHEUS_PREFIX = `${OUT.prometheusConfig.split('/')[0]}/`;

interface Fleet {
  key: string;
  version: string;
  dataParallel: boolean;
  /** Two steady servers: model alpha (2 engines on V1) and model beta. */
  steady: RunningSimulator[];
  /** A third server of model beta whose scenario the alert tests change. */
  canary: RunningSimulator;
  config: ConfigInput;
  dashboards: unknown[];
  prometheus: Server;
  blackbox: Server;
  client: PrometheusClient;
  stop(): Promise<void>;
}

/** The Prometheus side of the generated output: prometheus.yml, rule files, blackbox.yml. */
function prometheusFiles(config: ConfigInput): Record<string, string> {
  const { files } = generate(config, { validate: false });
  return Object.fromEntries([...files].filter(([path]) => path.startsWith(PROMETHEUS_PREFIX)).map(([path, content]) => [path.slice(PROMETHEUS_PREFIX.length), content]));
}

async function startFleet({ key, version, dataParallel = false }: FleetSpec): Promise<Fleet> {
  const twoEngines = catalogFor(version).hasEngineLabel ? 2 : 1;
  const others = dataParallel ? 2 : 1;
  const started: { stop: () => Promise<void> }[] = [];
  const stopAll = () => Promise.all(started.map((s) => s.stop().catch(() => undefined))).then(() => undefined);
  try {
    const alpha = await startSimulator({ version, models: ['alpha'], engines: twoEngines, seed: 1 });
    started.push(alpha);
    const beta = await startSimulator({ version, models: ['beta'], engines: others, seed: 2 });
    started.push(beta);
    const canary = await startSimulator({ version, models: ['beta'], engines: others, seed: 3 });
    started.push(canary);
    const fromDoctor = configFor(await diagnose({ url: alpha.url }));
    const configWith = (blackboxExporter: string): ConfigInput => ({
      ...fromDoctor,
      scrape: { ...fromDoctor.scrape, targets: [alpha.target, beta.target, canary.target], interval: '1s', timeout: '1s' },
      health: { ...fromDoctor.health, blackboxExporter, interval: '1s' },
      rules: { evaluationInterval: '1s', alerts: Object.fromEntries(Object.entries(DRIVEN_ALERTS).map(([alert, wait]) => [alert, { for: wait }])) },
      // alerts stay inside the test: no push to whatever listens on localhost:9093
      alerting: { alertmanagers: [] },
    });
    // blackbox.yml does not depend on the exporter's address, which is only known once it runs
    const blackbox = await startBlackbox(blackboxBin!, prometheusFiles(configWith('127.0.0.1:9115'))[OUT.blackbox.slice(PROMETHEUS_PREFIX.length)]);
    started.push(blackbox);
    const config = configWith(`127.0.0.1:${blackbox.port}`);
    const prometheus = await startPrometheus(prometheusBin!, prometheusFiles(config));
    started.push(prometheus);
    // the JSON a user imports into Grafana
    const dashboards = generate(config, { validate: false }).artifacts.filter((a) => a.kind === 'dashboard').map((a) => JSON.parse(a.content) as unknown);
    return { key, version, dataParallel, steady: [alpha, beta], canary, config, dashboards, prometheus, blackbox, client: new PrometheusClient(prometheus.url), stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function alertRules(fleet: Fleet): Promise<RuleState[]> {
  return (await fleet.client.ruleGroups()).flatMap((g) => g.rules).filter((r) => r.type === 'alerting');
}

/** Instances an alert is pending or firing for. */
async function alertingInstances(fleet: Fleet, alert: string): Promise<string[]> {
  const rule = (await alertRules(fleet)).find((r) => r.name === alert);
  if (rule === undefined) throw new Error(`no alert rule ${alert} loaded`);
  return (rule.alerts ?? []).filter((a) => a.state === 'pending' || a.state === 'firing').map((a) => a.labels.instance ?? '');
}

async function panelsWithData(fleet: Fleet): Promise<PanelResult[]> {
  return checkDashboards(fleet.prometheus.url, fleet.dashboards, PANEL_OPTIONS);
}

describe.skipIf(!prometheusBin || !blackboxBin).each(GROUPS.map((group, i) => [i + 1, group] as const))('live group %i: generated config against simulated vLLM fleets', (_, group) => {
  const VERSIONS = group.map((f) => f.key);
  const fleets = new Map<string, Fleet>();
  const fleet = (key: string) => fleets.get(key)!;
  beforeAll(async () => {
    const results = await Promise.allSettled(group.map(startFleet));
    for (const r of results) if (r.status === 'fulfilled') fleets.set(r.value.key, r.value);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }, 120_000);
  afterAll(async () => {
    await Promise.all([...fleets.values()].map((f) => f.stop()));
  });

  it.each(VERSIONS)('%s: doctor read the version off the simulator and the config carries it', (key) => {
    expect(fleet(key).config.vllm?.version).toBe(catalogVersionOf(fleet(key).version));
  });

  it.concurrent.each(VERSIONS)('%s: every target of both jobs is up', async (version) => {
    const f = fleet(version);
    const targets = [...f.steady, f.canary].map((s) => s.target);
    const up = await waitFor('all targets up', async () => {
      const series = await f.client.queryRange('up', Date.now() / 1000 - 1, Date.now() / 1000, 1);
      const upNow = series.filter((s) => s.values.at(-1)?.[1] === '1');
      return upNow.length === 2 * targets.length && upNow;
    }, DATA_TIMEOUT_MS);
    expect(new Set(up.map((s) => s.metric.instance))).toEqual(new Set(targets));
    const resolved = resolveConfig(f.config);
    expect(new Set(up.map((s) => s.metric.job))).toEqual(new Set([resolved.scrape.jobName, resolved.health.jobName]));
  });

  it.concurrent.each(VERSIONS)('%s: every rule group evaluates without error', async (version) => {
    const groups = await waitFor('rule evaluations', async () => {
      const g = await fleet(version).client.ruleGroups();
      return g.length > 0 && g.every((group) => group.rules.every((r) => r.health !== 'unknown')) && g;
    }, DATA_TIMEOUT_MS);
    const broken = groups.flatMap((g) => g.rules.filter((r) => r.health !== 'ok' || r.lastError).map((r) => `${g.name}/${r.name}: ${r.health} ${r.lastError ?? ''}`));
    expect(broken).toEqual([]);
  });

  it.concurrent.each(VERSIONS)('%s: every recording rule yields series', async (version) => {
    const { client } = fleet(version);
    const recordings = (await client.ruleGroups()).flatMap((g) => g.rules).filter((r) => r.type === 'recording');
    expect(recordings.length).toBeGreaterThan(0);
    const missing = async () => {
      const now = Date.now() / 1000;
      const empty = await Promise.all(recordings.map(async (r) => ((await client.queryRange(r.name, now - 5, now, 1)).length === 0 ? r.name : undefined)));
      return [...new Set(empty.filter((n): n is string => n !== undefined))];
    };
    await waitFor('every recording rule to yield series', async () => (await missing()).length === 0, DATA_TIMEOUT_MS).catch(() => undefined);
    expect(await missing()).toEqual([]);
  });

  it.concurrent.each(VERSIONS)('%s: every dashboard panel query returns data', async (version) => {
    let results: PanelResult[] = [];
    await waitFor('every panel to show data', async () => {
      results = await panelsWithData(fleet(version));
      return results.every((r) => r.status === 'data');
    }, DATA_TIMEOUT_MS).catch(() => undefined);
    expect(results.length).toBeGreaterThan(20);
    expect(formatPanelProblems(results)).toEqual([]);
  });

  it.each(VERSIONS)('%s: a wrong metric name in one panel is reported for exactly that panel', async (version) => {
    const [waiting] = catalogFor(fleet(version).version).concept('requestsWaiting');
    const broken = structuredClone(fleet(version).dashboards[0]) as { panels: { id: number; targets?: { refId: string; expr: string }[] }[] };
    const panel = broken.panels.find((p) => p.targets?.some((t) => t.expr.includes(`${waiting}{`) && !t.expr.includes('vector(')))!;
    const target = panel.targets!.find((t) => t.expr.includes(`${waiting}{`))!;
    target.expr = target.expr.replace(`${waiting}{`, `${waiting}_typo{`);
    const results = await checkDashboards(fleet(version).prometheus.url, [broken], PANEL_OPTIONS);
    const failing = results.filter((r) => r.status !== 'data').map((r) => [r.panelId, r.refId, r.status]);
    expect(failing).toEqual([[panel.id, target.refId, 'empty']]);
  });

  // one fleet is enough for the CLI path: the newest one's group runs it
  if (VERSIONS.includes(NEWEST)) {
    it('doctor --prometheus runs the dashboards of a config file against the fleet and finds them all with data', async () => {
      const newest = fleet(NEWEST);
      const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-live-'));
      const out: string[] = [];
      const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
      try {
        writeFileSync(join(dir, 'vllm-obs.yaml'), stringify(newest.config));
        const code = await runDoctor({ url: newest.steady[0].url, timeout: '5000', prometheus: newest.prometheus.url, config: join(dir, 'vllm-obs.yaml') });
        expect(out.filter((line) => line.startsWith('NO DATA'))).toEqual([]);
        expect(code).toBe(0);
        expect(out.join('')).toMatch(/panels +(\d+) of \1 dashboard queries return data/);
      } finally {
        write.mockRestore();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it.each(VERSIONS)('%s: the steady fleet raises none of the driven alerts', async (version) => {
    for (const alert of Object.keys(DRIVEN_ALERTS)) expect(await alertingInstances(fleet(version), alert), alert).toEqual([]);
  });

  it.concurrent.each(VERSIONS)('%s: kv-pressure, then dead, then a stopped server raise the KV-cache, health and target-down alerts for that server only', async (version) => {
    const f = fleet(version);
    const { canary } = f;
    const firesFor = (alert: string) =>
      waitFor(`${alert} for ${canary.target}`, async () => {
        const instances = await alertingInstances(f, alert);
        return instances.includes(canary.target) && instances;
      }, DATA_TIMEOUT_MS);
    canary.setScenario('kv-pressure');
    expect(await firesFor('VllmKVCacheNearFull')).toEqual([canary.target]);
    canary.setScenario('dead');
    expect(await firesFor('VllmHealthCheckFailing')).toEqual([canary.target]);
    // what the probe saw: 503 from 0.11 on; up to 0.10 a 500, after which the server exited
    const dead = deadEngineHealth(catalogVersionOf(f.version));
    const probed = await f.client.queryRange(`probe_http_status_code{instance="${canary.target}"}`, Date.now() / 1000 - 60, Date.now() / 1000, 1);
    expect(probed.flatMap((s) => s.values.map(([, v]) => Number(v)))).toContain(dead.status);
    expect(canary.exited()).toBe(dead.exits);
    await canary.stop();
    expect(await firesFor('VllmTargetDown')).toEqual([canary.target]);
  }, 3 * DATA_TIMEOUT_MS);

  it.concurrent.each(VERSIONS)('%s: process_* and _created series exactly where the registry writes them', async (key) => {
    const f = fleet(key);
    const job = resolveConfig(f.config).scrape.jobName;
    const catalogs = f.steady.map((s) => s.simulation.catalog);
    const now = Date.now() / 1000;
    const present = async (expr: string) => (await f.client.queryRange(expr, now - 5, now, 1)).length > 0;
    expect(await present(`{__name__=~"process_.+", job="${job}"}`)).toBe(catalogs.some((c) => c.exposes('process_start_time_seconds')));
    expect(await present(`{__name__=~".+_created", job="${job}"}`)).toBe(catalogs.some((c) => c.createdSeries));
    if (f.dataParallel) expect(catalogs.map((c) => [c.multiprocess, c.createdSeries])).toEqual([[true, false], [true, false]]);
  });
});
