// Every link vllm-obs writes must resolve inside the user's own stack: each runbook_url and
// dashboard_url (rule files, PrometheusRules, dashboard panel links) is followed to its target, a
// dashboard uid and panel id that exist in the generated output; pattern overrides with anchors land
// on a heading of docs/runbook.md; and no other URL appears but those the config itself names.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TEMPLATES, templatePath } from '../src/commands/init.js';
import { headingAnchor, parseRunbook } from '../src/model/runbook.js';
import { loadConfig, parseConfig } from '../src/config/load.js';
import { InputError } from '../src/errors.js';
import { ALERT_NAMES } from '../src/config/schema.js';
import type { Config, ConfigInput } from '../src/config/types.js';
import { generate } from '../src/generate.js';
import { OUT, RUNBOOK_DASHBOARD } from '../src/model/index.js';
import type { Artifact } from '../src/model/artifact.js';
import { ALERTS, SLO_ALERT } from '../src/rules/index.js';
import { STACK_PROMETHEUS_URL } from '../src/stack/compose.js';

type Json = any;

const RUNBOOK_MD = readFileSync(new URL('../docs/runbook.md', import.meta.url), 'utf8');
const ALL_ALERTS = [...ALERT_NAMES, SLO_ALERT];

interface Link {
  readonly url: string;
  readonly where: string;
  /** The alert whose runbook this is, when the link is a runbook_url or a "Runbook: …" panel link. */
  readonly runbookOf?: string;
}

function annotationLinks(path: string, groups: Json[]): Link[] {
  return groups.flatMap((g) =>
    (g.rules as Json[])
      .filter((r) => r.alert)
      .flatMap((r) => [
        { url: r.annotations.runbook_url, where: `${path} ${r.alert} runbook_url`, runbookOf: r.alert },
        { url: r.annotations.dashboard_url, where: `${path} ${r.alert} dashboard_url` },
      ]),
  );
}

function panelLinks(path: string, dashboard: Json): Link[] {
  const panels = (dashboard.panels as Json[]).flatMap((p) => [p, ...(p.panels ?? [])]);
  return panels.flatMap((p) =>
    ((p.links ?? []) as Json[]).map((l) => ({ url: l.url, where: `${path} panel ${p.id} "${l.title}"`, runbookOf: /^Runbook: (\w+)$/.exec(l.title)?.[1] })),
  );
}

/** Every runbook_url, dashboard_url and panel link in the output. */
function linksOf(artifacts: readonly Artifact[]): Link[] {
  return artifacts.flatMap((a) => {
    const data = a.data as Json;
    if (a.kind === 'rules') return annotationLinks(a.path, data.groups);
    if (a.kind === 'kubernetes' && data.kind === 'PrometheusRule') return annotationLinks(a.path, data.spec.groups);
    if (a.kind === 'dashboard') return panelLinks(a.path, data);
    return [];
  });
}

function dashboardsByUid(artifacts: readonly Artifact[]): Map<string, Json> {
  return new Map(artifacts.filter((a) => a.kind === 'dashboard').map((a) => [(a.data as Json).uid, a.data]));
}

/** Follows a link into the generated Grafana: the dashboard exists, and so does the panel it views. */
function follow(link: Link, config: Config, dashboards: Map<string, Json>, runbookUid: string): string | undefined {
  const base = config.grafana.url.replace(/\/+$/, '');
  if (!link.url.startsWith(`${base}/d/`)) return `${link.where}: ${link.url} is not under grafana.url ${base}`;
  const url = new URL(link.url);
  const uid = url.pathname.slice(new URL(base).pathname.replace(/\/$/, '').length).split('/')[2];
  const dashboard = dashboards.get(uid);
  if (!dashboard) return `${link.where}: no generated dashboard has uid ${uid}`;
  const view = url.searchParams.get('viewPanel');
  if (link.runbookOf && uid !== runbookUid) return `${link.where}: ${uid} is not the runbook dashboard`;
  if (link.runbookOf && view === null) return `${link.where}: a runbook link names no panel`;
  if (view === null) return undefined;
  const panel = (dashboard.panels as Json[]).find((p) => String(p.id) === view);
  if (!panel) return `${link.where}: dashboard ${uid} has no panel ${view}`;
  if (link.runbookOf && panel.title !== link.runbookOf) return `${link.where}: panel ${view} is "${panel.title}", not ${link.runbookOf}`;
  return undefined;
}

const CONFIGS: [string, ConfigInput | Config][] = [
  ['default', {}],
  ...TEMPLATES.map((t): [string, Config] => [`template ${t}`, loadConfig({ path: templatePath(t) }).config]),
  ['a public Grafana under a sub-path, own uid prefix', { grafana: { url: 'https://grafana.example.net/monitoring/', uidPrefix: 'team-a' } }],
];

describe('every generated link resolves in the generated output', () => {
  it.each(CONFIGS)('%s', (_, input) => {
    const { artifacts, setup } = generate(input, { validate: false });
    const dashboards = dashboardsByUid(artifacts);
    const links = linksOf(artifacts);
    const runbooks = new Set(links.filter((l) => l.runbookOf).map((l) => l.runbookOf));
    // every alert the rules hold links its runbook, and the dashboards link some too
    expect(links.filter((l) => l.where.includes('runbook_url')).length).toBeGreaterThan(10);
    expect(links.some((l) => l.where.includes('panel'))).toBe(true);
    for (const alert of runbooks) expect(ALL_ALERTS, String(alert)).toContain(alert);
    expect(links.map((l) => follow(l, setup.config, dashboards, setup.runbookUid)).filter(Boolean)).toEqual([]);
    expect(dashboards.has(setup.runbookUid)).toBe(true);
  });

  it('a link that points nowhere is caught: the follower is not a yes-machine', () => {
    const { artifacts, setup } = generate({}, { validate: false });
    const dashboards = dashboardsByUid(artifacts);
    const base = setup.grafanaUrl;
    expect(follow({ url: `${base}/d/${setup.runbookUid}?viewPanel=999`, where: 'x', runbookOf: 'VllmTargetDown' }, setup.config, dashboards, setup.runbookUid)).toMatch(/has no panel 999/);
    expect(follow({ url: `${base}/d/${setup.runbookUid}?viewPanel=2`, where: 'x', runbookOf: 'VllmNoThroughput' }, setup.config, dashboards, setup.runbookUid)).toMatch(/is "VllmTargetDown", not VllmNoThroughput/);
    expect(follow({ url: `${base}/d/nope`, where: 'x' }, setup.config, dashboards, setup.runbookUid)).toMatch(/no generated dashboard has uid nope/);
    expect(follow({ url: 'https://github.com/vllm-obs/vllm-obs/blob/main/docs/runbook.md#vllmtargetdown', where: 'x' }, setup.config, dashboards, setup.runbookUid)).toMatch(/not under grafana\.url/);
  });

  it('rules.runbookUrlPattern still overrides: its %s is the anchor of a runbook heading for every alert', () => {
    const pattern = 'https://wiki.corp.example/vllm/runbook#%s';
    const { artifacts } = generate({ rules: { runbookUrlPattern: pattern, dashboardUrlPattern: 'https://grafana.corp.example/d/%s' } }, { validate: false });
    const anchors = new Set(parseRunbook(RUNBOOK_MD).sections.map((s) => s.anchor));
    const runbookLinks = linksOf(artifacts).filter((l) => l.runbookOf);
    expect(runbookLinks.length).toBeGreaterThan(10);
    for (const link of runbookLinks) {
      expect(link.url.startsWith(pattern.replace('%s', ''))).toBe(true);
      expect(anchors, link.where).toContain(new URL(link.url).hash.slice(1));
      expect(new URL(link.url).hash.slice(1)).toBe(link.runbookOf!.toLowerCase());
    }
    for (const link of linksOf(artifacts).filter((l) => l.where.endsWith('dashboard_url'))) expect(link.url).toMatch(/^https:\/\/grafana\.corp\.example\/d\/vllm-(overview|instance|slo)$/);
  });

  it('no other URL appears anywhere in the output than those the config names', () => {
    const receivers = [{ name: 'hook', webhookUrl: 'https://hooks.corp.example/vllm' }];
    for (const [name, input] of [...CONFIGS, ['with a webhook receiver', { alerting: { receivers } }] as [string, ConfigInput]]) {
      const { files, setup } = generate(input, { validate: false });
      const allowed = [
        `${setup.grafanaUrl}/d/`,
        setup.config.grafana.datasourceUrl,
        STACK_PROMETHEUS_URL,
        ...setup.config.alerting.receivers.flatMap((r) => (r.webhookUrl ? [r.webhookUrl] : [])),
        // Probe objects list the /health URL of each configured target
        ...[...setup.config.scrape.targets, ...setup.config.deployments.flatMap((d) => d.targets)].map((t) => `${setup.config.scrape.scheme}://${t}/`),
      ];
      for (const [path, content] of files) {
        for (const url of content.match(/https?:\/\/[^\s"'`)<>\]]+/g) ?? []) {
          // the probe job's relabel template: the target address is filled in by Prometheus
          if (/^https?:\/\/\$1(\/|$)/.test(url)) continue;
          expect(allowed.some((a) => url.startsWith(a)), `${name}: ${path}: ${url}`).toBe(true);
        }
      }
    }
  });
});

describe('link settings that could not make a link are config errors (found by the fuzz suite)', () => {
  it.each([
    ['grafana.url with a control character', 'grafana:\n  url: "http://\u0000ocalhost:3000"\n', /^vllm-obs\.yaml:2:\d+: grafana\.url: "http:\/\/\\u0000ocalhost:3000" is not an absolute http\(s\) URL$/],
    ['a runbook pattern that is no URL', 'rules:\n  runbookUrlPattern: "runbook %s"\n', /^vllm-obs\.yaml:2:\d+: rules\.runbookUrlPattern: "runbook %s" does not make an absolute http\(s\) URL/],
    ['a dashboard pattern that is no URL', 'rules:\n  dashboardUrlPattern: "grafana/d/%s"\n', /^vllm-obs\.yaml:2:\d+: rules\.dashboardUrlPattern: "grafana\/d\/%s" does not make an absolute http\(s\) URL/],
  ])('%s', (_, yaml, message) => {
    let problems: readonly string[] = [];
    try {
      parseConfig(yaml, 'vllm-obs.yaml');
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems = error.problems;
    }
    expect(problems).toEqual([expect.stringMatching(message)]);
  });
});

describe('the runbook: one source, one section per alert', () => {
  const book = parseRunbook(RUNBOOK_MD);

  it('has exactly one section per alert, SLO alert included, and no other', () => {
    expect(book.sections.map((s) => s.title).sort()).toEqual([...ALL_ALERTS].sort());
    expect(RUNBOOK_MD).not.toMatch(/rules\.md/);
  });

  it('says which alerts mute each one, exactly as the relations do', () => {
    const inhibitedBy = (title: string) => /\*\*Inhibited by\.\*\* ([^\n]*(?:\n(?!\n)[^\n]*)*)/.exec(book.sections.find((s) => s.title === title)!.body)?.[1];
    for (const alert of ALERTS) {
      const text = inhibitedBy(alert.name);
      if ('independent' in alert.relation) {
        expect(text, alert.name).toBeUndefined();
        continue;
      }
      const named = ALERT_NAMES.filter((n) => n !== alert.name && new RegExp(`\\b${n}\\b`).test(text!.split(':')[0]));
      expect(named.sort(), alert.name).toEqual([...alert.relation.follows].sort());
    }
    expect(inhibitedBy(SLO_ALERT)).toMatch(/critical/);
  });

  it('the runbook dashboard is the file: one text panel per section, in order, with its markdown', () => {
    const { artifacts } = generate({}, { validate: false });
    const dashboard = artifacts.find((a) => a.path === `${OUT.dashboards}/${RUNBOOK_DASHBOARD.file}`)!.data as Json;
    const panels = dashboard.panels as Json[];
    expect(panels.map((p) => [p.id, p.title, p.type, p.options.mode, p.options.content])).toEqual(
      [book.intro, ...book.sections].map((s) => [s.panelId, s.title, 'text', 'markdown', s.body]),
    );
    const ys = panels.map((p) => p.gridPos.y);
    panels.forEach((p, i) => i > 0 && expect(ys[i]).toBe(ys[i - 1] + panels[i - 1].gridPos.h));
  });

  it('headings anchor as GitHub does', () => {
    expect(headingAnchor('VllmHighHTTP5xxRatio')).toBe('vllmhighhttp5xxratio');
    expect(headingAnchor('A B: c.d')).toBe('a-b-cd');
  });

  it('ships in the package, where the built code reads it', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(pkg.files).toContain('docs/runbook.md');
    const fromDist = new URL('../../docs/runbook.md', new URL('../dist/model/runbook.js', import.meta.url));
    expect(readFileSync(fromDist, 'utf8')).toBe(RUNBOOK_MD);
  });
});
