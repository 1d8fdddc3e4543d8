// The generated Grafana dashboards: structure and lint properties for every covered vLLM version,
// every expression type-checked by a real Prometheus, and golden files of the default output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAllowedExternal, NEWEST_VERSION } from '../src/catalog/index.js';
import { resolveConfig } from '../src/config/load.js';
import type { ConfigInput } from '../src/config/types.js';
import { buildDashboards } from '../src/dashboards/index.js';
import { generate } from '../src/generate.js';
import { buildSetup, DASHBOARD, OUT, recordedSeriesLabels, RUNBOOK_DASHBOARD, type DashboardKey, type Setup } from '../src/model/index.js';
import { analyzePromql, substituteGrafanaMacros, type ParsedSelector } from '../src/promql/index.js';
import { alertThreshold, buildRules } from '../src/rules/index.js';
import { toolOrSkip } from './helpers/tools.js';
import { query, startPrometheus, type Server } from './helpers/servers.js';

interface Target {
  expr: string;
  instant?: boolean;
  range?: boolean;
  legendFormat?: string;
  datasource?: unknown;
}

interface Panel {
  id: number;
  type: string;
  title: string;
  description?: string;
  datasource?: unknown;
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: Target[];
  panels?: Panel[];
  links?: { title: string; url: string }[];
  options?: { legend?: { showLegend?: boolean; show?: boolean } };
  fieldConfig?: { defaults?: { unit?: string; thresholds?: { steps: { value: number | null }[] } } };
}

interface Variable {
  name: string;
  type: string;
  query?: string;
  hide?: number;
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string;
  refresh?: number;
}

interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: Variable[] };
}

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };
const KEYS = Object.keys(DASHBOARD) as DashboardKey[];

/** The dashboards as generate builds them: panels draw the rules' alert thresholds. */
const dashboardsOf = (setup: Setup) => buildDashboards(setup, (alert) => alertThreshold(setup, alert));

function build(config: ConfigInput = {}): { setup: Setup; dashboards: Record<DashboardKey, Dashboard> } {
  const setup = buildSetup(resolveConfig(config));
  const artifacts = dashboardsOf(setup);
  const dashboards = Object.fromEntries(
    KEYS.map((key) => [key, artifacts.find((a) => a.path === `${OUT.dashboards}/${DASHBOARD[key].file}`)!.data as Dashboard]),
  ) as Record<DashboardKey, Dashboard>;
  return { setup, dashboards };
}

const panelsOf = (d: Dashboard): Panel[] => d.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
const contentPanels = (d: Dashboard): Panel[] => panelsOf(d).filter((p) => p.type !== 'row');
const targetsOf = (d: Dashboard) => contentPanels(d).flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel, target })));

/** `$__rate_interval` becomes a window nothing else uses, so its place can be checked after parsing. */
const RATE_WINDOW_MARK = '17s';
function parse(expr: string) {
  return analyzePromql(substituteGrafanaMacros(expr.replaceAll('$__rate_interval', RATE_WINDOW_MARK)));
}

const RATE_FUNCTIONS = ['rate', 'irate', 'increase'];
const HISTOGRAM_SERIES = /_(bucket|sum|count)$/;

function isCounterSeries(setup: Setup, name: string): boolean {
  const def = setup.catalog.metricFor(name);
  if (def === undefined) return false;
  return def.type === 'counter' || ((def.type === 'histogram' || def.type === 'summary') && HISTOGRAM_SERIES.test(name));
}

/** The family a series belongs to, as panel descriptions name it. */
function familyOf(setup: Setup, name: string): string {
  const family = name.replace(HISTOGRAM_SERIES, '');
  return setup.catalog.metricFor(name)?.type === 'histogram' || setup.catalog.metricFor(name)?.type === 'summary' ? family : name;
}

/** Labels a selected series carries, to know which variables must filter it. */
function labelsCarried(setup: Setup, name: string): string[] | undefined {
  const [prefix, ...rest] = name.split(':');
  if (rest.length === 2 && prefix === 'slo') return [setup.clusterLabel];
  const recorded = recordedSeriesLabels(name, setup.clusterLabel);
  if (recorded) return recorded;
  const def = setup.catalog.metricFor(name);
  if (def) return [setup.clusterLabel, 'job', 'instance', ...setup.catalog.labelsOf(name)];
  if (isAllowedExternal(name)) return [setup.clusterLabel, 'job', 'instance'];
  return undefined;
}

function recordingsDefined(setup: Setup): Set<string> {
  const records = buildRules(setup)
    .filter((a) => a.kind === 'rules')
    .flatMap((a) => (a.data as { groups: { rules: { record?: string }[] }[] }).groups.flatMap((g) => g.rules))
    .flatMap((r) => (r.record ? [r.record] : []));
  return new Set(records);
}

function variableSelectors(d: Dashboard): string[] {
  return d.templating.list.flatMap((v) => {
    const m = /^label_values\((.*), *\w+\)$/.exec(v.query ?? '');
    return m ? [m[1]] : [];
  });
}

function overlaps(a: Panel['gridPos'], b: Panel['gridPos']): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

const VERSIONS = ['0.6.2', '0.7', '0.8.3', '0.10', '0.11', NEWEST_VERSION, '>=0.8 <0.9', '>=0.10 <0.13', '>=0.12 <0.14'];
const ALL_FEATURES = { speculativeDecoding: true, lora: true, multimodal: true };
const CONFIGS: [string, ConfigInput][] = [
  ...VERSIONS.map((version): [string, ConfigInput] => [`vLLM ${version}`, { vllm: { version, features: ALL_FEATURES } }]),
  [
    'vllm_ prefix, Kubernetes, several clusters',
    {
      vllm: { version: '>=0.9 <0.12', metricPrefix: 'vllm_', features: ALL_FEATURES },
      scrape: { discovery: 'kubernetes', targets: [] },
      cluster: { multi: true, label: 'region' },
    },
  ],
];

describe.each(CONFIGS)('dashboards for %s', (_, config) => {
  const { setup, dashboards } = build(config);
  const recordings = recordingsDefined(setup);

  describe.each(KEYS)('%s', (key) => {
    const d = dashboards[key];

    it('every panel and every target reads the datasource variable', () => {
      expect(contentPanels(d).length).toBeGreaterThan(0);
      for (const panel of contentPanels(d)) {
        expect(panel.datasource, panel.title).toEqual(DATASOURCE);
        for (const target of panel.targets ?? []) expect(target.datasource, panel.title).toEqual(DATASOURCE);
      }
    });

    it('every panel has a title, a unit, a shown legend and a description naming what it reads', () => {
      for (const panel of contentPanels(d)) {
        expect(panel.title).not.toBe('');
        expect(panel.fieldConfig?.defaults?.unit, panel.title).toMatch(/\S/);
        expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
        if (panel.type === 'timeseries') expect(panel.options?.legend?.showLegend, panel.title).toBe(true);
        if (panel.type === 'heatmap') expect(panel.options?.legend?.show, panel.title).toBe(true);
        for (const { target } of targetsOf(d).filter((t) => t.panel === panel)) {
          for (const s of parse(target.expr).selectors) expect(panel.description, panel.title).toContain(`\`${familyOf(setup, s.metric!)}\``);
        }
      }
    });

    it('rate, irate and increase range over $__rate_interval, and nothing else does', () => {
      for (const { panel, target } of targetsOf(d)) {
        for (const s of parse(target.expr).selectors.filter((sel) => sel.range !== undefined)) {
          const inRate = RATE_FUNCTIONS.includes(s.enclosing[0]);
          expect(s.range === RATE_WINDOW_MARK, `${panel.title}: ${target.expr}`).toBe(inRate);
        }
      }
    });

    it('counters are read only through rate or increase, and resets only to count restarts', () => {
      for (const { panel, target } of targetsOf(d)) {
        for (const s of parse(target.expr).selectors.filter((sel) => isCounterSeries(setup, sel.metric!))) {
          const allowed = panel.title === 'Restarts in range' ? [...RATE_FUNCTIONS, 'resets'] : RATE_FUNCTIONS;
          expect(allowed, `${panel.title}: ${s.metric}`).toContain(s.enclosing[0]);
        }
      }
    });

    it('ratios never divide by zero', () => {
      for (const { panel, target } of targetsOf(d).filter(({ target }) => target.expr.includes(' / '))) {
        expect(target.expr, panel.title).toMatch(/\/ \(.* > 0\)/);
      }
    });

    it('stats ask for one instant value, graphs and heatmaps for the range', () => {
      for (const panel of contentPanels(d).filter((p) => ['stat', 'timeseries', 'heatmap'].includes(p.type))) {
        for (const target of panel.targets ?? []) {
          const instant = target.instant === true && target.range !== true;
          expect(instant, `${panel.title}: ${target.expr}`).toBe(panel.type === 'stat');
        }
      }
    });

    it('panel ids are unique and grid positions never overlap', () => {
      const panels = panelsOf(d);
      expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
      for (const [i, a] of panels.entries()) {
        expect(a.gridPos.x + a.gridPos.w, a.title).toBeLessThanOrEqual(24);
        for (const b of panels.slice(i + 1)) expect(overlaps(a.gridPos, b.gridPos), `${a.title} / ${b.title}`).toBe(false);
      }
    });

    it('every expression parses and reads only exposed metrics, recordings the rules define, or allowed externals', () => {
      const exprs = [...targetsOf(d).map(({ target }) => target.expr), ...variableSelectors(d)];
      for (const expr of exprs) {
        const analysis = parse(expr);
        expect(analysis.errors, expr).toEqual([]);
        for (const { metric } of analysis.selectors) {
          const known = setup.catalog.exposes(metric!) || isAllowedExternal(metric!) || recordings.has(metric!);
          expect(known, `${metric} in ${expr}`).toBe(true);
        }
      }
    });

    it('every selector filters by the variables of the labels its series carry', () => {
      const variables = new Set(d.templating.list.map((v) => v.name));
      const filtered = (s: ParsedSelector, label: string) => s.matchers.some((m) => m.name === label);
      // `model_name!=""` asks whether a target exposes vLLM series at all, whichever model or engine
      const presenceCheck = (s: ParsedSelector) => s.matchers.some((m) => m.name === 'model_name' && m.op === '!=' && m.value === '');
      for (const { panel, target } of targetsOf(d)) {
        for (const s of parse(target.expr).selectors) {
          const carried = labelsCarried(setup, s.metric!);
          expect(carried, s.metric).toBeDefined();
          expect(filtered(s, setup.clusterLabel), `${panel.title}: ${s.metric} by cluster`).toBe(true);
          const required = ['job', 'instance', 'namespace', ...(presenceCheck(s) ? [] : ['model_name', 'engine'])];
          for (const label of required.filter((l) => variables.has(l) && carried!.includes(l))) {
            expect(filtered(s, label), `${panel.title}: ${s.metric} by ${label}`).toBe(true);
          }
        }
      }
    });
  });

  // a raw histogram at fleet scale reads every bucket of every server at every step
  it('the overview reads histograms only through recordings', () => {
    for (const { panel, target } of targetsOf(dashboards.overview)) {
      expect(target.expr, panel.title).not.toContain('histogram_quantile');
      for (const s of parse(target.expr).selectors) expect(s.metric!.endsWith('_bucket'), `${panel.title}: ${s.metric}`).toBe(false);
    }
  });

  it('variable lists are scoped to vLLM series and chained in order', () => {
    const list = dashboards.overview.templating.list;
    expect(list[0]).toMatchObject({ name: 'datasource', type: 'datasource', query: 'prometheus' });
    const running = setup.catalog.concept('requestsRunning')[0];
    for (const [i, v] of list.slice(1).entries()) {
      expect(v.query, v.name).toContain(`label_values(${running}{`);
      expect(v.refresh, v.name).toBe(2);
      for (const before of list.slice(1, i + 1)) expect(v.query, `${v.name} after ${before.name}`).toContain(`$${before.name}"`);
    }
    const byName = new Map(list.map((v) => [v.name, v]));
    expect(byName.get('model_name')).toMatchObject({ multi: true, includeAll: true, allValue: '.+' });
    // the instance dashboard opens on one server rather than on all of them
    expect(dashboards.instance.templating.list.find((v) => v.name === 'instance')).toMatchObject({ multi: true, includeAll: false });
    expect(byName.has('engine')).toBe(!setup.catalog.isV0Only);
    expect(byName.has('namespace')).toBe(setup.config.scrape.discovery === 'kubernetes');
    expect(byName.get('cluster')!.hide).toBe(setup.config.cluster.multi ? 0 : 2);
  });

  it('panels an alert watches link to its runbook section', () => {
    const watched = contentPanels(dashboards.overview).filter((p) => /Alert: Vllm\w+/.test(p.description ?? ''));
    expect(watched.length).toBeGreaterThan(5);
    for (const panel of watched) {
      const alert = /Alert: (Vllm\w+)/.exec(panel.description!)![1];
      expect(panel.links?.map((l) => l.url), panel.title).toContain(setup.runbookUrl(alert));
    }
  });
});

describe('version differences', () => {
  const titles = (config: ConfigInput, key: DashboardKey = 'overview') => contentPanels(build(config).dashboards[key]).map((p) => p.title);
  const exprs = (config: ConfigInput) => targetsOf(build(config).dashboards.overview).map(({ target }) => target.expr).join('\n');

  it('leave out panels whose metrics the version lacks', () => {
    expect(titles({ vllm: { version: '0.7' } })).not.toContain('HTTP 5xx ratio by job');
    expect(titles({ vllm: { version: '0.10' } })).toContain('HTTP 5xx ratio by job');
    expect(titles({ vllm: { version: '0.10' } })).not.toContain('Engine error ratio by model');
    // finished_reason="error" arrived in 0.13 (PR #26813)
    expect(titles({ vllm: { version: '0.12' } })).not.toContain('Engine error ratio by model');
    expect(titles({ vllm: { version: '0.13' } })).toContain('Engine error ratio by model');
    // HTTP metrics are on by default from 0.8.5 (PR #15894)
    expect(titles({ vllm: { version: '0.8.4' } })).not.toContain('HTTP 5xx ratio by job');
    expect(titles({ vllm: { version: '0.8.5' } })).toContain('HTTP 5xx ratio by job');
    expect(titles({ vllm: { version: '0.12' } })).not.toContain('Waiting requests by reason');
    expect(titles({ vllm: { version: NEWEST_VERSION } })).toContain('Waiting requests by reason');
  });

  it('say what a dead engine does to /health on the version', () => {
    const status = (version: string) => contentPanels(build({ vllm: { version } }).dashboards.instance).find((p) => p.title.startsWith('/health status code'))!.description!;
    expect(status('0.11')).toContain('200 healthy; 503 engine dead; 0 no HTTP answer');
    expect(status('0.10')).toContain('200 healthy; 500 engine dead (the server exits right after); 0 no HTTP answer');
    expect(status('>=0.10 <0.12')).toContain('503 engine dead (up to vLLM 0.10 a dead engine answers 500 once and the server exits)');
  });

  it('name inter-token latency after the histogram the version has', () => {
    expect(titles({ vllm: { version: '0.10' } })).toContain('Time per output token by model');
    expect(titles({ vllm: { version: '0.11' } })).toContain('Inter-token latency by model');
  });

  it('read the V0 prefix-cache hit-rate gauge where no counters exist, and both in a V0/V1 fleet', () => {
    const gauge = build({ vllm: { version: '0.7' } }).setup.catalog.concept('prefixCacheHitRateGauge')[0];
    expect(exprs({ vllm: { version: '0.7' } })).toContain(gauge);
    const mixed = exprs({ vllm: { version: '>=0.7 <0.10' } });
    expect(mixed).toContain(gauge);
    expect(mixed).toMatch(/prefix_cache_hits:ratio_rate5m\{[^}]*\}\) or avg by/);
  });

  it('or every name of a concept in a mixed fleet, so panels do not go blank mid-upgrade', () => {
    for (const [version, concept] of [
      ['>=0.10 <0.13', 'interTokenLatency'],
      ['>=0.9 <0.12', 'kvCacheUsage'],
    ] as const) {
      const { setup, dashboards } = build({ vllm: { version } });
      const names = setup.catalog.concept(concept);
      expect(names.length, version).toBe(2);
      const text = targetsOf(dashboards.instance).map(({ target }) => target.expr).join('\n');
      expect(text, version).toMatch(new RegExp(`${names[0]}(_bucket)?\\{[^}]*\\}(\\[[^\\]]*\\]\\))? or (rate\\()?${names[1]}`));
    }
  });

  it('add feature rows only when the config enables the feature', () => {
    const rows = (config: ConfigInput) => build(config).dashboards.overview.panels.filter((p) => p.type === 'row').map((p) => p.title);
    expect(rows({})).not.toEqual(expect.arrayContaining(['Speculative decoding']));
    expect(rows({})).not.toContain('LoRA adapters');
    expect(rows({ vllm: { features: ALL_FEATURES } })).toEqual(
      expect.arrayContaining(['Health', 'Traffic and errors', 'Latency', 'Throughput', 'Saturation', 'Engine config', 'Speculative decoding', 'LoRA adapters', 'Multimodal cache']),
    );
  });
});

describe('config', () => {
  const kvPanels = (config: ConfigInput) => contentPanels(build(config).dashboards.overview).filter((p) => p.title.startsWith('KV-cache usage'));

  it('draws the alert level the rules compare against, overrides included', () => {
    const steps = (config: ConfigInput) => kvPanels(config).map((p) => p.fieldConfig!.defaults!.thresholds!.steps.map((s) => s.value));
    expect(steps({ rules: { alerts: { VllmKVCacheNearFull: { threshold: 0.8 } } } })).toEqual([
      [null, 0.8],
      [null, 0.8],
      [null, 0.8],
    ]);
  });

  it('drops the runbook link of a disabled alert', () => {
    const urls = (config: ConfigInput) => kvPanels(config).flatMap((p) => p.links ?? []).map((l) => l.url);
    expect(urls({}).length).toBe(3);
    expect(urls({ rules: { alerts: { VllmKVCacheNearFull: { enabled: false } } } })).toEqual([]);
  });

  it('repeats one row over the SLOs, each row reading its SLO through the slo variable', () => {
    const { dashboards } = build({
      slos: [
        { name: 'chat-availability', kind: 'availability', objective: 99.9 },
        { name: 'chat-ttft', kind: 'latency', latency: 'ttft', threshold: 2.5, objective: 95 },
      ],
    });
    const rows = dashboards.slo.panels.filter((p) => p.type === 'row') as (Panel & { repeat?: string })[];
    // the row is titled with the option's text: what the SLO promises, read from its objective recording
    expect(rows.map((r) => [r.title, r.repeat])).toEqual([['SLO ${slo:text}', 'slo']]);
    const variable = dashboards.slo.templating!.list!.find((v) => v.name === 'slo')!;
    expect(variable.query).toBe('query_result(max by (slo, slo_title) (slo:objective:ratio{cluster=~"$cluster"}))');
    const option = '{slo="chat-ttft",slo_title="chat-ttft: 95% of requests with time to first token at or under 2.5s over 30d"} 0.95 1700000000000';
    const groups = new RegExp(String(variable.regex).slice(1, -1)).exec(option)!.groups;
    expect(groups).toEqual({ value: 'chat-ttft', text: 'chat-ttft: 95% of requests with time to first token at or under 2.5s over 30d' });
    const slos = new Set(targetsOf(dashboards.slo).flatMap(({ target }) => parse(target.expr).selectors.flatMap((s) => s.matchers.filter((m) => m.name === 'slo').map((m) => m.value))));
    expect([...slos]).toEqual(['$slo']);
  });

  it('shows the SLO row only when the rules can measure an SLO, naming what they count', () => {
    const described = (config: ConfigInput) => {
      const { setup, dashboards } = build(config);
      const objective = dashboards.slo.panels.find((p) => p.title === 'Objective');
      return { setup, text: objective?.description ?? '' };
    };
    const ttftOnly = described({ vllm: { version: '0.7' } });
    expect(ttftOnly.text).toContain(ttftOnly.setup.catalog.concept('timeToFirstToken')[0]);
    expect(ttftOnly.text).not.toContain('http_requests_total');
    expect(described({ vllm: { version: '0.10' } }).text).toContain('http_requests_total');
    expect(described({ vllm: { version: '0.12' } }).text).toContain('http_requests_total');
    const errors = described({ vllm: { version: '0.13' } });
    expect(errors.text).toContain(errors.setup.catalog.concept('requestSuccess')[0]);
    const unmeasurable = build({ vllm: { version: '0.7' }, slos: [{ name: 'availability', kind: 'availability', objective: 99 }] });
    expect(unmeasurable.dashboards.slo.panels ?? []).toEqual([]);
  });

  it('takes identity and time settings from the config, uids from the names', () => {
    const { dashboards } = build({ grafana: { uidPrefix: 'team-a', refresh: '1m', timeFrom: 'now-6h' } });
    expect(KEYS.map((k) => dashboards[k].uid)).toEqual(['team-a-overview', 'team-a-instance', 'team-a-slo']);
    expect(dashboards.overview).toMatchObject({ refresh: '1m', time: { from: 'now-6h', to: 'now' }, editable: false });
  });

  it('stays well under 1 MiB for a large config', () => {
    const slos = Array.from({ length: 25 }, (_, i) => ({ name: `slo-${i}`, kind: 'availability' as const, objective: 99 }));
    const setup = buildSetup(resolveConfig({ vllm: { version: '>=0.7', features: ALL_FEATURES }, slos, cluster: { multi: true } }));
    for (const artifact of dashboardsOf(setup)) expect(artifact.content.length, artifact.path).toBeLessThan(512 * 1024);
  });
});

describe('default output', () => {
  it('generate({}) writes the three dashboards and the runbook, and validates', () => {
    const { artifacts } = generate({});
    const dashboards = artifacts.filter((a) => a.kind === 'dashboard');
    expect(dashboards.map((a) => a.path)).toEqual([...KEYS.map((k) => `${OUT.dashboards}/${DASHBOARD[k].file}`), `${OUT.dashboards}/${RUNBOOK_DASHBOARD.file}`]);
  });

  it('is byte-identical between runs', () => {
    const first = dashboardsOf(buildSetup(resolveConfig({}))).map((a) => a.content);
    const second = dashboardsOf(buildSetup(resolveConfig({}))).map((a) => a.content);
    expect(second).toEqual(first);
  });

  it.each([...KEYS.map((key) => DASHBOARD[key].file), RUNBOOK_DASHBOARD.file])('%s matches its golden file', async (file) => {
    const artifact = dashboardsOf(buildSetup(resolveConfig({}))).find((a) => a.path.endsWith(file))!;
    await expect(artifact.content).toMatchFileSnapshot(`./__snapshots__/dashboards/${file}`);
  });
});

/** Grafana's All values, so Prometheus sees the query a default dashboard sends. */
function asSent(expr: string): string {
  return substituteGrafanaMacros(expr).replace(/\$(\w+)/g, (_, name: string) => (name === 'model_name' ? '.+' : '.*'));
}

const prometheusBin = toolOrSkip('prometheus');

describe.skipIf(!prometheusBin)('Prometheus accepts every query', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startPrometheus(prometheusBin!, { 'prometheus.yml': 'global:\n  scrape_interval: 15s\n' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  // lezer checks syntax only; Prometheus also rejects type errors (a range where a vector goes, …)
  it.each(CONFIGS)('%s', async (_, config) => {
    const { dashboards } = build(config);
    const exprs = new Set(KEYS.flatMap((k) => [...targetsOf(dashboards[k]).map(({ target }) => target.expr), ...variableSelectors(dashboards[k])]));
    const rejected: string[] = [];
    for (const expr of exprs) {
      await query(server, asSent(expr)).catch((error: Error) => rejected.push(error.message));
    }
    expect(rejected).toEqual([]);
  });
});
