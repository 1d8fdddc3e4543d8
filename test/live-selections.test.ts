// Every dashboard panel returns data not only with every variable on "All" but with each variable
// narrowed to each single value, and every repeated SLO row for each SLO: a recording that lacks a
// label a variable filters on (the SLO objective once lacked `cluster`) only shows up this way.
// Real processes: simulated vLLM servers in two clusters, Debian's Prometheus and blackbox-exporter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_VERSIONS } from '../src/catalog/index.js';
import type { ConfigInput } from '../src/config/types.js';
import { checkDashboards, formatPanelProblems, PrometheusClient, type PanelResult } from '../src/doctor/index.js';
import { generate } from '../src/generate.js';
import { buildSetup, OUT } from '../src/model/index.js';
import { resolveConfig } from '../src/config/load.js';
import { resolveSlos, sloTitle } from '../src/rules/slo.js';
import { startSimulator, type RunningSimulator } from '../src/simulate/index.js';
import { startBlackbox, startPrometheus, waitFor, type Server } from './helpers/servers.js';
import { toolOrSkip } from './helpers/tools.js';

const prometheusBin = toolOrSkip('prometheus');
const blackboxBin = toolOrSkip('prometheus-blackbox-exporter');

const VERSION = KNOWN_VERSIONS[KNOWN_VERSIONS.length - 1];
const PANEL_OPTIONS = { rateInterval: '20s', interval: '2s', lookbackSeconds: 20, stepSeconds: 2 };
const PROMETHEUS_PREFIX = `${OUT.prometheusConfig.split('/')[0]}/`;

function prometheusFiles(config: ConfigInput): Record<string, string> {
  const { files } = generate(config, { validate: false });
  return Object.fromEntries([...files].filter(([path]) => path.startsWith(PROMETHEUS_PREFIX)).map(([path, content]) => [path.slice(PROMETHEUS_PREFIX.length), content]));
}

describe.skipIf(!prometheusBin || !blackboxBin)('live: each variable narrowed to single values', () => {
  const servers: RunningSimulator[] = [];
  let prometheus: Server;
  let blackbox: Server;
  let config: ConfigInput;
  let dashboards: unknown[];

  beforeAll(async () => {
    const east = await startSimulator({ version: VERSION, models: ['alpha'], engines: 2, seed: 11 });
    const eastBeta = await startSimulator({ version: VERSION, models: ['beta'], seed: 12 });
    const west = await startSimulator({ version: VERSION, models: ['alpha'], seed: 13 });
    servers.push(east, eastBeta, west);
    const base = (exporter: string): ConfigInput => ({
      vllm: { version: VERSION },
      cluster: { multi: true },
      scrape: { targets: [], interval: '1s', timeout: '1s' },
      deployments: [
        { name: 'alpha-east', cluster: 'east', targets: [east.target] },
        { name: 'beta-east', cluster: 'east', targets: [eastBeta.target] },
        { name: 'alpha-west', cluster: 'west', targets: [west.target] },
      ],
      health: { blackboxExporter: exporter, interval: '1s' },
      rules: { evaluationInterval: '1s' },
    });
    blackbox = await startBlackbox(blackboxBin!, prometheusFiles(base('127.0.0.1:9115'))[OUT.blackbox.slice(PROMETHEUS_PREFIX.length)]);
    config = base(`127.0.0.1:${blackbox.port}`);
    prometheus = await startPrometheus(prometheusBin!, prometheusFiles(config));
    dashboards = generate(config, { validate: false }).artifacts.filter((a) => a.kind === 'dashboard').map((a) => JSON.parse(a.content) as unknown);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([...servers, prometheus, blackbox].filter(Boolean).map((s) => s.stop().catch(() => undefined)));
  });

  it('every panel has data with All, in every repeated row, and with each variable at each single value', async () => {
    let results: PanelResult[] = [];
    await waitFor('every panel under every selection to show data', async () => {
      results = await checkDashboards(prometheus.url, dashboards, { ...PANEL_OPTIONS, eachValue: true, valuesPerVariable: 3 });
      return results.every((r) => r.status === 'data');
    }, 90_000, 2_000).catch(() => undefined);
    const selections = new Set(results.map((r) => r.selection).filter(Boolean));
    for (const expected of ['cluster=east', 'cluster=west', 'model_name=alpha', 'slo=availability', 'slo=ttft']) {
      expect([...selections].some((s) => s!.split(' ').includes(expected)), expected).toBe(true);
    }
    expect(formatPanelProblems(results)).toEqual([]);
  }, 150_000);

  it('the SLO variable lists each SLO with what it promises as its text, in one cluster as in all', async () => {
    const client = new PrometheusClient(prometheus.url);
    const setup = buildSetup(resolveConfig(config));
    const expected = resolveSlos(setup).slos.map((s) => ({ slo: s.slo.name, slo_title: sloTitle(s) }));
    for (const cluster of ['east', 'west']) {
      const listed = await waitFor(`SLO objectives in ${cluster}`, async () => {
        const samples = await client.query(`max by (slo, slo_title) (slo:objective:ratio{cluster=~"${cluster}"})`);
        return samples.length === expected.length && samples;
      }, 60_000);
      expect(listed.map((s) => s.metric).sort((a, b) => a.slo.localeCompare(b.slo))).toEqual(expected.sort((a, b) => a.slo.localeCompare(b.slo)));
    }
  }, 90_000);
});
