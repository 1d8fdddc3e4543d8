// out/stack/docker-compose.yml: Docker is not available here, so the compose file is checked by
// structure: the services, pinned images, and every mounted path present in the generated output.
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TEMPLATES, templatePath } from '../src/commands/init.js';
import { loadConfig, resolveConfig } from '../src/config/load.js';
import type { Config, ConfigInput } from '../src/config/types.js';
import { generate } from '../src/generate.js';
import { OUT } from '../src/model/index.js';
import { STACK_PROMETHEUS_URL } from '../src/stack/compose.js';

/** Our artifacts, without the other builders' in-process checks (covered by their own tests). */
const build = (config: ConfigInput | Config) => generate(config, { validate: false });

type Service = { image: string; command?: string[]; volumes: string[]; environment?: Record<string, string>; extra_hosts?: string[]; network_mode?: string };

function compose(files: ReadonlyMap<string, string>): { name: string; services: Record<string, Service>; volumes: Record<string, unknown> } {
  const text = files.get(OUT.stackCompose);
  if (text === undefined) throw new Error('no compose file');
  return parse(text);
}

interface Mount {
  source: string;
  target: string;
}

function bindMounts(service: Service): Mount[] {
  return service.volumes
    .map((v) => v.split(':'))
    .filter(([source]) => source.startsWith('.'))
    .map(([source, target]) => ({ source, target }));
}

/** Whether a path (relative to out/stack/) names a generated file or a directory holding some. */
function existsInOutput(files: ReadonlyMap<string, string>, fromStack: string): 'file' | 'dir' | undefined {
  const path = posix.normalize(posix.join(OUT.stack, fromStack));
  if (path.startsWith('..')) return undefined;
  if (files.has(path)) return 'file';
  return [...files.keys()].some((p) => p.startsWith(`${path}/`)) ? 'dir' : undefined;
}

describe('docker-compose.yml', () => {
  const configs: [string, Config | ConfigInput][] = [
    ...TEMPLATES.filter((t) => t !== 'kubernetes').map((t): [string, Config] => [`template ${t}`, loadConfig({ path: templatePath(t) }).config]),
    ['default', {}],
  ];

  it.each(configs)('%s: Prometheus, blackbox-exporter, Alertmanager (where Prometheus sends alerts) and Grafana, pinned, every mount present in the output', (_, config) => {
    const { files } = build(config);
    const stack = compose(files);
    // Thanos and Mimir rulers send the alerts; the stack's Prometheus evaluates none (multi-cluster)
    const sendsAlerts = 'alerting' in parse(files.get(OUT.prometheusConfig)!);
    expect(sendsAlerts).toBe(resolveConfig(config).rules.flavour === 'prometheus');
    expect(Object.keys(stack.services).sort()).toEqual([...(sendsAlerts ? ['alertmanager'] : []), 'blackbox-exporter', 'grafana', 'prometheus']);
    for (const service of Object.values(stack.services)) {
      expect(service.image).toMatch(/^[a-z0-9./-]+:v?\d+\.\d+\.\d+$/);
      for (const mount of bindMounts(service)) {
        expect(existsInOutput(files, mount.source), `${mount.source} (mounted at ${mount.target})`).toBeDefined();
      }
      for (const volume of service.volumes.filter((v) => !v.startsWith('.'))) expect(stack.volumes).toHaveProperty(volume.split(':')[0]);
    }
  });

  it('Prometheus runs the generated prometheus.yml with its rules and target files beside it', () => {
    const { files } = build({ scrape: { discovery: 'file_sd', targets: ['10.0.0.1:8000'] } });
    const prometheus = compose(files).services.prometheus;
    const [dir] = bindMounts(prometheus);
    const mounted = posix.normalize(posix.join(OUT.stack, dir.source));
    const configFlag = prometheus.command!.find((c) => c.startsWith('--config.file='))!.split('=')[1];
    expect(posix.join(mounted, posix.relative(dir.target, configFlag))).toBe(OUT.prometheusConfig);
    const needed = [...files.keys()].filter((p) => p.startsWith(`${OUT.targets}/`) || p.startsWith(`${OUT.rules}/`));
    expect(needed.some((p) => p.startsWith(`${OUT.targets}/`))).toBe(true);
    for (const path of needed) expect(path.startsWith(`${mounted}/`), path).toBe(true);
  });

  it('Grafana reads the provisioning files, the dashboards where the provider looks, and the stack datasource', () => {
    const { files, setup } = build({});
    const grafana = compose(files).services.grafana;
    const mounts = bindMounts(grafana);
    const at = (target: string) => mounts.find((m) => m.target === target)?.source;
    expect(at('/etc/grafana/provisioning/dashboards')).toBe(posix.relative(OUT.stack, OUT.provisioningDashboards));
    expect(at(setup.config.grafana.dashboardsPath)).toBe(posix.relative(OUT.stack, OUT.dashboards));
    const provider = parse(files.get(`${OUT.provisioningDashboards}/${OUT.provisioningFile}`)!).providers[0];
    expect(provider.options.path).toBe(setup.config.grafana.dashboardsPath);
    const datasourceDir = posix.join(OUT.stack, at('/etc/grafana/provisioning/datasources')!);
    const stackDatasource = parse(files.get(`${datasourceDir}/${OUT.provisioningFile}`)!).datasources[0];
    const ownDatasource = parse(files.get(`${OUT.provisioningDatasources}/${OUT.provisioningFile}`)!).datasources[0];
    expect(stackDatasource.url).toBe('http://prometheus:9090');
    expect({ ...stackDatasource, url: ownDatasource.url }).toEqual(ownDatasource);
    const home = grafana.environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH;
    expect(home && files.has(posix.join(OUT.dashboards, posix.relative(setup.config.grafana.dashboardsPath, home)))).toBe(true);
  });

  it('the datasource URL reaches the Prometheus the stack runs, and the exporter listens where prometheus.yml probes through it', () => {
    const { files, setup } = build({ health: { blackboxExporter: '127.0.0.1:9116' } });
    const { services } = compose(files);
    const url = new URL(STACK_PROMETHEUS_URL);
    const alias = services.grafana.extra_hosts!.map((h) => h.split(':')).find(([name]) => name === url.hostname)!;
    const listen = services.prometheus.command!.find((c) => c.startsWith('--web.listen-address='))!.split('=')[1];
    expect(listen).toBe(`${alias[1]}:${url.port}`);
    for (const service of Object.values(services)) expect(service.network_mode).toBe('host');
    expect(services['blackbox-exporter'].command).toContain(`--web.listen-address=${setup.config.health.blackboxExporter}`);
    const healthJob = parse(files.get(OUT.prometheusConfig)!).scrape_configs.find((j: any) => j.job_name === 'vllm-health');
    expect(healthJob.relabel_configs.at(-1).replacement).toBe('127.0.0.1:9116');
  });

  it('Alertmanager runs the generated alertmanager.yml, alone (no gossip), where prometheus.yml sends alerts', () => {
    const { files } = build({ alerting: { alertmanagers: ['127.0.0.1:9193'] } });
    const { alertmanager } = compose(files).services;
    const [dir] = bindMounts(alertmanager);
    const mounted = posix.normalize(posix.join(OUT.stack, dir.source));
    const configFlag = alertmanager.command!.find((c) => c.startsWith('--config.file='))!.split('=')[1];
    expect(posix.join(mounted, posix.relative(dir.target, configFlag))).toBe(OUT.alertmanagerConfig);
    expect(alertmanager.command).toContain('--web.listen-address=127.0.0.1:9193');
    expect(alertmanager.command).toContain('--cluster.listen-address=');
    expect(alertmanager.network_mode).toBe('host');
    const sent = parse(files.get(OUT.prometheusConfig)!).alerting.alertmanagers[0].static_configs[0].targets;
    expect(sent).toEqual(['127.0.0.1:9193']);
  });

  it('no Alertmanager service when alerts go to an Alertmanager elsewhere or nowhere', () => {
    expect(Object.keys(compose(build({ alerting: { alertmanagers: ['am.internal:9093'] } }).files).services)).not.toContain('alertmanager');
    expect(Object.keys(compose(build({ alerting: { alertmanagers: [] } }).files).services)).not.toContain('alertmanager');
  });

  it('no exporter service when probing is off or the exporter lives elsewhere; no stack for Kubernetes discovery', () => {
    expect(Object.keys(compose(build({ health: { enabled: false } }).files).services)).not.toContain('blackbox-exporter');
    expect(Object.keys(compose(build({ health: { blackboxExporter: 'bb.internal:9115' } }).files).services)).not.toContain('blackbox-exporter');
    const k8s = build({ scrape: { discovery: 'kubernetes', targets: [] } }).files;
    expect([...k8s.keys()].filter((p) => p.startsWith(`${OUT.stack}/`))).toEqual([]);
  });
});
