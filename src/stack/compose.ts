// out/stack/: Prometheus, blackbox-exporter, Alertmanager and Grafana under Docker Compose, running the generated
// files as they are (mounted read-only by relative path), so `docker compose up` in out/stack/ shows
// the dashboards. The services share the host's network: vLLM and the exporter are then reached at
// the very addresses prometheus.yml names (127.0.0.1:8000 included), with no second scrape config.
import { posix } from 'node:path';
import { yamlArtifact } from '../emit/artifacts.js';
import { datasourceProvisioning } from '../grafana/index.js';
import { DASHBOARD, OUT, type Setup } from '../model/index.js';
import type { Artifact } from '../model/artifact.js';
import { isLoopback } from '../scrape/targets.js';

/** Pinned so `docker compose up` runs the same stack next year; bump deliberately. */
const STACK_IMAGES = {
  prometheus: 'prom/prometheus:v2.53.4',
  blackboxExporter: 'prom/blackbox-exporter:v0.25.0',
  alertmanager: 'prom/alertmanager:v0.28.1',
  grafana: 'grafana/grafana:12.2.0',
} as const;

/** Grafana reaches the stack's Prometheus under its service name (an /etc/hosts alias on the host network). */
export const STACK_PROMETHEUS_URL = 'http://prometheus:9090';
const PROMETHEUS_LISTEN = '127.0.0.1:9090';
const GRAFANA_LISTEN_ADDRESS = '127.0.0.1';

const IN_CONTAINER = {
  prometheusDir: '/etc/prometheus',
  prometheusData: '/prometheus',
  blackboxConfig: '/etc/blackbox_exporter/config.yml',
  alertmanagerDir: '/etc/alertmanager',
  alertmanagerData: '/alertmanager',
  grafanaProvisioning: '/etc/grafana/provisioning',
  grafanaData: '/var/lib/grafana',
} as const;

/** The compose file and the stack's own datasource file; nothing for Kubernetes discovery, which
 *  needs a Prometheus inside the cluster. */
export function buildStack(setup: Setup, artifacts: readonly Artifact[]): Artifact[] {
  if (setup.config.scrape.discovery === 'kubernetes') return [];
  return [
    yamlArtifact(OUT.stackCompose, 'compose', composeFile(setup, artifacts)),
    yamlArtifact(`${OUT.stackDatasources}/${OUT.provisioningFile}`, 'grafana-datasources', datasourceProvisioning(setup, STACK_PROMETHEUS_URL)),
  ];
}

function composeFile(setup: Setup, artifacts: readonly Artifact[]): Record<string, unknown> {
  const blackbox = localBlackboxExporter(setup);
  const alertmanager = localAlertmanager(setup, artifacts);
  return {
    name: 'vllm-obs',
    services: {
      prometheus: prometheusService(alertmanager !== undefined),
      ...(blackbox ? { 'blackbox-exporter': blackboxService(blackbox) } : {}),
      ...(alertmanager ? { alertmanager: alertmanagerService(alertmanager) } : {}),
      grafana: grafanaService(setup, artifacts),
    },
    volumes: { 'prometheus-data': {}, ...(alertmanager ? { 'alertmanager-data': {} } : {}), 'grafana-data': {} },
  };
}

function prometheusService(withAlertmanager: boolean): Record<string, unknown> {
  return {
    image: STACK_IMAGES.prometheus,
    network_mode: 'host',
    command: [
      `--config.file=${IN_CONTAINER.prometheusDir}/${posix.basename(OUT.prometheusConfig)}`,
      `--storage.tsdb.path=${IN_CONTAINER.prometheusData}`,
      `--web.listen-address=${PROMETHEUS_LISTEN}`,
      // `curl -X POST http://127.0.0.1:9090/-/reload` picks up a regenerated config.
      '--web.enable-lifecycle',
    ],
    volumes: [readOnly(fromStack(posix.dirname(OUT.prometheusConfig)), IN_CONTAINER.prometheusDir), `prometheus-data:${IN_CONTAINER.prometheusData}`],
    ...(withAlertmanager ? { depends_on: ['alertmanager'] } : {}),
    restart: 'unless-stopped',
  };
}

/** One Alertmanager, so no gossip cluster (an empty cluster address turns it off). */
function alertmanagerService(listen: string): Record<string, unknown> {
  return {
    image: STACK_IMAGES.alertmanager,
    network_mode: 'host',
    command: [
      `--config.file=${IN_CONTAINER.alertmanagerDir}/${posix.basename(OUT.alertmanagerConfig)}`,
      `--storage.path=${IN_CONTAINER.alertmanagerData}`,
      `--web.listen-address=${listen}`,
      '--cluster.listen-address=',
    ],
    volumes: [readOnly(fromStack(posix.dirname(OUT.alertmanagerConfig)), IN_CONTAINER.alertmanagerDir), `alertmanager-data:${IN_CONTAINER.alertmanagerData}`],
    restart: 'unless-stopped',
  };
}

function blackboxService(listen: string): Record<string, unknown> {
  return {
    image: STACK_IMAGES.blackboxExporter,
    network_mode: 'host',
    command: [`--config.file=${IN_CONTAINER.blackboxConfig}`, `--web.listen-address=${listen}`],
    volumes: [readOnly(fromStack(OUT.blackbox), IN_CONTAINER.blackboxConfig)],
    restart: 'unless-stopped',
  };
}

function grafanaService(setup: Setup, artifacts: readonly Artifact[]): Record<string, unknown> {
  const { dashboardsPath } = setup.config.grafana;
  const dashboards = artifacts.filter((artifact) => artifact.kind === 'dashboard');
  const home = dashboards.find((artifact) => posix.basename(artifact.path) === DASHBOARD.overview.file);
  return {
    image: STACK_IMAGES.grafana,
    network_mode: 'host',
    extra_hosts: [`prometheus:${PROMETHEUS_LISTEN.split(':')[0]}`],
    environment: {
      // Viewers need no login; the admin account keeps Grafana's first-login password change.
      GF_AUTH_ANONYMOUS_ENABLED: 'true',
      GF_AUTH_ANONYMOUS_ORG_ROLE: 'Viewer',
      ...(home ? { GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH: posix.join(dashboardsPath, posix.relative(OUT.dashboards, home.path)) } : {}),
      // Loopback only: reach it from elsewhere through an SSH tunnel, not an open port.
      GF_SERVER_HTTP_ADDR: GRAFANA_LISTEN_ADDRESS,
    },
    volumes: [
      readOnly(fromStack(OUT.provisioningDashboards), `${IN_CONTAINER.grafanaProvisioning}/dashboards`),
      readOnly(fromStack(OUT.stackDatasources), `${IN_CONTAINER.grafanaProvisioning}/datasources`),
      ...(dashboards.length > 0 ? [readOnly(fromStack(OUT.dashboards), dashboardsPath)] : []),
      `grafana-data:${IN_CONTAINER.grafanaData}`,
    ],
    depends_on: ['prometheus'],
    restart: 'unless-stopped',
  };
}

/** The exporter address prometheus.yml uses, when it is on this machine (the stack then runs it). */
function localBlackboxExporter(setup: Setup): string | undefined {
  const { enabled, blackboxExporter } = setup.config.health;
  return enabled && isLoopback(blackboxExporter) ? blackboxExporter : undefined;
}

/** The first Alertmanager address prometheus.yml sends to, when it is on this machine (the stack
 *  then runs it on the generated alertmanager.yml). */
function localAlertmanager(setup: Setup, artifacts: readonly Artifact[]): string | undefined {
  const sendsAlerts = artifacts.some((a) => a.kind === 'prometheus-config' && typeof a.data === 'object' && a.data !== null && 'alerting' in a.data);
  const hasConfig = artifacts.some((a) => a.kind === 'alertmanager-config');
  return sendsAlerts && hasConfig ? setup.config.alerting.alertmanagers.find(isLoopback) : undefined;
}

/** An output path as the compose file (in OUT.stack) reaches it. */
function fromStack(path: string): string {
  const relative = posix.relative(OUT.stack, path);
  return relative.startsWith('.') ? relative : `./${relative}`;
}

function readOnly(source: string, target: string): string {
  return `${source}:${target}:ro`;
}
