// The scrape jobs of prometheus.yml: vLLM /metrics, the blackbox-exporter probe of each vLLM /health,
// and the optional extra jobs. The probe job finds its targets exactly as the vLLM job does (same
// static groups, target files or Kubernetes discovery), so every scraped server is also probed.
import type { Config } from '../config/types.js';
import { ConfigError } from '../errors.js';
import { EXTRA_JOB, LABEL, type Setup } from '../model/index.js';
import { exactRegex } from '../promql/index.js';
import { targetFilesGlob } from './filesd.js';
import { PROBE_PATH, probeRelabelings, probeTimeout } from './probe.js';
import { prometheusRelabel, type Relabel } from './relabel.js';
import { staticConfig, type TargetGroup } from './targets.js';

export type ScrapeJob = Record<string, unknown>;
type KubernetesScrape = Config['scrape']['kubernetes'];

export function vllmJob(setup: Setup, groups: readonly TargetGroup[]): ScrapeJob {
  const { scrape } = setup.config;
  const annotatedPath = scrape.discovery === 'kubernetes' && scrape.kubernetes.useAnnotations ? [annotationPathRelabeling(scrape.kubernetes)] : [];
  return {
    job_name: scrape.jobName,
    scrape_interval: scrape.interval,
    scrape_timeout: scrape.timeout,
    metrics_path: scrape.metricsPath,
    scheme: scrape.scheme,
    ...clientAuth(setup.config),
    ...discovery(setup, groups, annotatedPath),
  };
}

export function healthJob(setup: Setup, groups: readonly TargetGroup[]): ScrapeJob {
  const { health } = setup.config;
  return {
    job_name: health.jobName,
    scrape_interval: health.interval,
    scrape_timeout: probeTimeout(setup.config),
    metrics_path: PROBE_PATH,
    params: { module: [health.module] },
    ...discovery(setup, groups, probeRelabelings(setup.config, health.blackboxExporter)),
  };
}

export function extraJobs(config: Config): ScrapeJob[] {
  const jobs: ScrapeJob[] = [];
  if (config.extraJobs.prometheus) jobs.push(staticJob(EXTRA_JOB.prometheus, [config.extraJobs.prometheusTarget]));
  if (config.extraJobs.dcgm) jobs.push(staticJob(EXTRA_JOB.dcgm, config.extraJobs.dcgmTargets));
  return jobs;
}

function staticJob(name: string, targets: readonly string[]): ScrapeJob {
  return { job_name: name, static_configs: [{ targets }] };
}

/** Where a vLLM job's targets come from, followed by the job's own relabelings. */
function discovery(setup: Setup, groups: readonly TargetGroup[], relabelings: readonly Relabel[]): ScrapeJob {
  const { scrape } = setup.config;
  switch (scrape.discovery) {
    case 'static':
      return withRelabelings({ static_configs: groups.map(staticConfig) }, relabelings);
    case 'file_sd':
      return withRelabelings({ file_sd_configs: [{ files: [targetFilesGlob()], refresh_interval: scrape.fileSdRefreshInterval }] }, relabelings);
    case 'kubernetes':
      return withRelabelings({ kubernetes_sd_configs: [kubernetesSd(scrape.kubernetes)] }, [...kubernetesRelabelings(scrape.kubernetes), ...relabelings]);
  }
}

function withRelabelings(job: ScrapeJob, relabelings: readonly Relabel[]): ScrapeJob {
  return relabelings.length > 0 ? { ...job, relabel_configs: relabelings.map(prometheusRelabel) } : job;
}

function kubernetesSd(kubernetes: KubernetesScrape): Record<string, unknown> {
  return {
    role: kubernetes.role,
    ...(kubernetes.namespaces.length > 0 ? { namespaces: { names: kubernetes.namespaces } } : {}),
    // The selector names the vLLM pods' labels in both roles; the endpoints role accepts pod selectors.
    ...(kubernetes.labelSelector ? { selectors: [{ role: 'pod', label: kubernetes.labelSelector }] } : {}),
  };
}

const META = {
  pod: { portName: '__meta_kubernetes_pod_container_port_name', annotation: '__meta_kubernetes_pod_annotation_' },
  endpoints: { portName: '__meta_kubernetes_endpoint_port_name', annotation: '__meta_kubernetes_service_annotation_' },
} as const;

/** prometheus.io/<key> as Prometheus spells the annotation in meta labels. */
function annotation(kubernetes: KubernetesScrape, key: 'scrape' | 'port' | 'path'): string {
  return `${META[kubernetes.role].annotation}prometheus_io_${key}`;
}

function kubernetesRelabelings(kubernetes: KubernetesScrape): Relabel[] {
  return [
    // Finished and pending pods stay in discovery; scraping them only produces `up == 0` noise.
    { sourceLabels: ['__meta_kubernetes_pod_phase'], regex: 'Pending|Succeeded|Failed|Completed', action: 'drop' },
    ...(kubernetes.useAnnotations ? annotationSelection(kubernetes) : portSelection(kubernetes)),
    copyLabel('__meta_kubernetes_namespace', LABEL.namespace),
    copyLabel('__meta_kubernetes_pod_name', LABEL.pod),
    copyLabel('__meta_kubernetes_pod_container_name', LABEL.container),
    ...(kubernetes.role === 'endpoints' ? [copyLabel('__meta_kubernetes_service_name', 'service')] : []),
  ];
}

function portSelection(kubernetes: KubernetesScrape): Relabel[] {
  return [{ sourceLabels: [META[kubernetes.role].portName], regex: exactRegex(kubernetes.portName), action: 'keep' }];
}

function annotationSelection(kubernetes: KubernetesScrape): Relabel[] {
  return [
    { sourceLabels: [annotation(kubernetes, 'scrape')], regex: 'true', action: 'keep' },
    {
      sourceLabels: ['__address__', annotation(kubernetes, 'port')],
      regex: '([^:]+)(?::\\d+)?;(\\d+)',
      replacement: '$1:$2',
      targetLabel: '__address__',
    },
  ];
}

/** Only the /metrics job: the probe job's path is the exporter's. */
function annotationPathRelabeling(kubernetes: KubernetesScrape): Relabel {
  return { sourceLabels: [annotation(kubernetes, 'path')], regex: '(.+)', targetLabel: '__metrics_path__' };
}

function copyLabel(source: string, target: string): Relabel {
  return { sourceLabels: [source], targetLabel: target };
}

/** TLS and credentials, only ever as file references (the config rejects inline secrets). */
function clientAuth(config: Config): ScrapeJob {
  const { tls, bearerTokenFile, basicAuth } = config.scrape;
  if (bearerTokenFile && basicAuth) {
    throw new ConfigError([{ path: ['scrape', 'basicAuth'], message: 'cannot be combined with scrape.bearerTokenFile; a scrape job authenticates one way' }]);
  }
  return {
    ...(tls ? { tls_config: tlsConfig(tls) } : {}),
    ...(bearerTokenFile ? { authorization: { type: 'Bearer', credentials_file: bearerTokenFile } } : {}),
    ...(basicAuth ? { basic_auth: { username: basicAuth.username, password_file: basicAuth.passwordFile } } : {}),
  };
}

type TlsSettings = NonNullable<Config['scrape']['tls']>;

/** Prometheus' and blackbox-exporter's shared tls_config, from scrape.tls. */
export function tlsConfig(tls: TlsSettings): Record<string, unknown> {
  if (Boolean(tls.certFile) !== Boolean(tls.keyFile)) {
    throw new ConfigError([{ path: ['scrape', 'tls'], message: 'certFile and keyFile go together; a client certificate needs its key' }]);
  }
  const entries: [string, unknown][] = [
    ['ca_file', tls.caFile],
    ['cert_file', tls.certFile],
    ['key_file', tls.keyFile],
    ['server_name', tls.serverName],
    ['insecure_skip_verify', tls.insecureSkipVerify],
  ];
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
}
