// Grafana file provisioning: the datasource every dashboard resolves to, and the dashboard provider.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TEMPLATES, templatePath } from '../src/commands/init.js';
import { loadConfig, resolveConfig } from '../src/config/load.js';
import type { Config, ConfigInput } from '../src/config/types.js';
import { ValidationError } from '../src/errors.js';
import { generate } from '../src/generate.js';
import { buildProvisioning, datasourceProblems } from '../src/grafana/index.js';
import { buildSetup, OUT, RUNBOOK_DASHBOARD } from '../src/model/index.js';
import type { Artifact } from '../src/model/artifact.js';

/** Our artifacts, without the other builders' in-process checks (covered by their own tests). */
const build = (config: ConfigInput | Config) => generate(config, { validate: false });

const DATASOURCES = `${OUT.provisioningDatasources}/${OUT.provisioningFile}`;
const PROVIDER = `${OUT.provisioningDashboards}/${OUT.provisioningFile}`;

function datasource(files: ReadonlyMap<string, string>, path = DATASOURCES): Record<string, any> {
  const doc = parse(files.get(path)!);
  expect(doc.apiVersion).toBe(1);
  expect(doc.datasources).toHaveLength(1);
  return doc.datasources[0];
}

/** Every datasource a dashboard's queries would use, resolved as Grafana resolves them. */
function resolvedDatasourceUids(dashboard: any, defaultUid: string): string[] {
  const variables = new Map<string, any>((dashboard.templating?.list ?? []).filter((v: any) => v.type === 'datasource').map((v: any) => [v.name, v]));
  const uids: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'datasource' && value && typeof value === 'object' && ((value as any).type ?? 'prometheus') === 'prometheus') {
          const uid = String((value as any).uid);
          const variable = variables.get(uid.replace(/^\$\{?([^}]*)\}?$/, '$1'));
          // A datasource variable starts on its saved value, or on the default datasource of its type.
          uids.push(variable ? (variable.current?.value || defaultUid) : uid);
        }
        visit(value);
      }
    }
  };
  visit(dashboard.panels);
  visit(dashboard.templating?.list?.filter((v: any) => v.type !== 'datasource'));
  return uids;
}

const cases: [string, ConfigInput | Config][] = [
  ...TEMPLATES.map((t): [string, Config] => [`template ${t}`, loadConfig({ path: templatePath(t) }).config]),
  ['custom uid and name', { grafana: { datasourceUid: 'prom-main', datasourceName: 'Main Prometheus' } }],
];

describe('the provisioned datasource is the one every dashboard uses', () => {
  it.each(cases)('%s', (_, config) => {
    const { files, artifacts, setup } = build(config);
    const ds = datasource(files);
    expect(ds).toMatchObject({ type: 'prometheus', uid: setup.config.grafana.datasourceUid, isDefault: true, access: 'proxy' });
    // the runbook's text panels query nothing and name no datasource
    const runbook = artifacts.find((a) => a.path === `${OUT.dashboards}/${RUNBOOK_DASHBOARD.file}`)!;
    expect(resolvedDatasourceUids(runbook.data, ds.uid)).toEqual([]);
    const dashboards = artifacts.filter((a) => a.kind === 'dashboard' && a !== runbook);
    expect(dashboards.length).toBeGreaterThan(0);
    for (const dashboard of dashboards) {
      const uids = resolvedDatasourceUids(dashboard.data, ds.uid);
      expect(uids.length, dashboard.path).toBeGreaterThan(0);
      expect(new Set(uids), dashboard.path).toEqual(new Set([ds.uid]));
    }
  });
});

describe('datasources/vllm-obs.yaml', () => {
  it('URL, type and timeInterval = scrape interval (so $__rate_interval is right)', () => {
    const ds = datasource(build({ scrape: { interval: '30s', timeout: '10s' }, grafana: { datasourceUrl: 'http://thanos:9090', prometheusType: 'Thanos' } }).files);
    expect(ds.url).toBe('http://thanos:9090');
    expect(ds.jsonData).toEqual({ httpMethod: 'POST', timeInterval: '30s', prometheusType: 'Thanos' });
  });

  it('Grafana would expand $ in names and folders: they are written doubled; the URL keeps ${VAR} for the user', () => {
    const { files } = build({ grafana: { datasourceName: 'Prom $X', folder: 'Cost $USD', datasourceUrl: '${PROMETHEUS_URL}' } });
    const ds = datasource(files);
    expect(ds.name).toBe('Prom $$X');
    expect(ds.url).toBe('${PROMETHEUS_URL}');
    expect(parse(files.get(PROVIDER)!).providers[0].folder).toBe('Cost $$USD');
  });
});

describe('dashboards/vllm-obs.yaml', () => {
  it('a file provider for grafana.dashboardsPath into the configured folder', () => {
    const doc = parse(build({ grafana: { folder: 'LLM', dashboardsPath: '/srv/dashboards' } }).files.get(PROVIDER)!);
    expect(doc.apiVersion).toBe(1);
    expect(doc.providers).toHaveLength(1);
    expect(doc.providers[0]).toMatchObject({ type: 'file', folder: 'LLM', allowUiUpdates: false, options: { path: '/srv/dashboards', foldersFromFilesStructure: false } });
  });
});

describe('datasource reference check', () => {
  const setup = buildSetup(resolveConfig({}));
  const dashboard = (extra: object) => ({
    templating: { list: [{ type: 'datasource', name: 'datasource', query: 'prometheus', current: { value: 'prometheus' } }] },
    panels: [{ datasource: { type: 'prometheus', uid: '${datasource}' }, targets: [{ datasource: { type: 'prometheus', uid: '$datasource' } }] }],
    annotations: { list: [{ datasource: { type: 'grafana', uid: '-- Grafana --' } }] },
    ...extra,
  });

  it('passes the variable references and Grafana built-ins', () => {
    expect(datasourceProblems(dashboard({}), 'd.json', setup)).toEqual([]);
  });

  it('names a fixed foreign uid, a variable pinned elsewhere, and a variable over another type', () => {
    const bad = dashboard({
      templating: { list: [{ type: 'datasource', name: 'datasource', query: 'loki', current: { value: 'other' } }] },
      panels: [{ datasource: { type: 'prometheus', uid: 'P1809F7CD0C75ACF3' } }],
    });
    const problems = datasourceProblems(bad, 'd.json', setup);
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/uid "P1809F7CD0C75ACF3"/);
    expect(problems.join('\n')).toMatch(/starts on "other"/);
    expect(problems.join('\n')).toMatch(/lists "loki"/);
  });

  it('a dashboard that would not resolve to the provisioned datasource stops provisioning', () => {
    const artifact: Artifact = { path: 'grafana/dashboards/x.json', kind: 'dashboard', content: '', data: dashboard({ panels: [{ datasource: { uid: 'elsewhere' } }] }) };
    expect(() => buildProvisioning(setup, [artifact])).toThrow(ValidationError);
  });
});
