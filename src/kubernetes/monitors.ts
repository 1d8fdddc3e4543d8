// How the Prometheus Operator finds vLLM: a PodMonitor or ServiceMonitor for /metrics, the same kind
// routed through the blackbox exporter for each pod's /health, and Probe objects for the fixed
// addresses the config lists.
import { LABEL, type Model } from '../model/index.js';
import { PROBE_PATH, probeRelabelings, probeTimeout } from '../scrape/probe.js';
import type { Relabel } from '../scrape/relabel.js';
import { isLoopback, sortedLabels, targetGroups, type TargetGroup } from '../scrape/targets.js';
import { dnsLabel } from './names.js';
import { NAME_PREFIX, objectMeta, type KubernetesObject } from './objects.js';

const API_VERSION = 'monitoring.coreos.com/v1';

export function vllmMonitor(model: Model): KubernetesObject {
  const { scrape } = model.config;
  return monitor(model, NAME_PREFIX, {
    path: scrape.metricsPath,
    interval: scrape.interval,
    scrapeTimeout: scrape.timeout,
    scheme: scrape.scheme,
    ...safeTls(model),
    relabelings: [setJob(scrape.jobName)],
  });
}

/** Probes every selected pod's /health through the exporter (a Probe object can only list fixed URLs). */
export function healthMonitor(model: Model): KubernetesObject {
  const { health, kubernetes } = model.config;
  return monitor(model, `${NAME_PREFIX}-health`, {
    path: PROBE_PATH,
    params: { module: [health.module] },
    interval: health.interval,
    scrapeTimeout: probeTimeout(model.config),
    relabelings: [...probeRelabelings(model.config, kubernetes.proberUrl), setJob(health.jobName)],
  });
}

function monitor(model: Model, name: string, endpoint: Record<string, unknown>): KubernetesObject {
  const { kubernetes } = model.config;
  const isPodMonitor = kubernetes.monitor === 'PodMonitor';
  return {
    apiVersion: API_VERSION,
    kind: kubernetes.monitor,
    metadata: objectMeta(model, name),
    spec: {
      selector: { matchLabels: sortedLabels(kubernetes.selector) },
      // No namespaces listed means the pods may be anywhere the selector matches.
      namespaceSelector: kubernetes.namespaces.length > 0 ? { matchNames: kubernetes.namespaces } : { any: true },
      [isPodMonitor ? 'podMetricsEndpoints' : 'endpoints']: [{ port: kubernetes.port, ...endpoint }],
    },
  };
}

/**
 * One Probe per target group whose addresses mean something inside a cluster (Service names, node
 * or pod IPs); loopback addresses are the Prometheus host's own and are left out.
 */
export function probes(model: Model): KubernetesObject[] {
  const { health, scrape, kubernetes } = model.config;
  return targetGroups(model)
    .map((group) => ({ group, targets: group.targets.filter((target) => !isLoopback(target)) }))
    .filter(({ targets }) => targets.length > 0)
    .map(({ group, targets }) => ({
      apiVersion: API_VERSION,
      kind: 'Probe',
      metadata: objectMeta(model, probeName(group)),
      spec: {
        jobName: health.jobName,
        prober: { url: kubernetes.proberUrl, path: PROBE_PATH },
        module: health.module,
        interval: health.interval,
        scrapeTimeout: probeTimeout(model.config),
        targets: {
          staticConfig: {
            static: targets.map((target) => `${scrape.scheme}://${target}${health.path}`),
            ...(Object.keys(group.labels).length > 0 ? { labels: group.labels } : {}),
          },
        },
      },
    }));
}

function probeName(group: TargetGroup): string {
  const name = `${NAME_PREFIX}-health`;
  return group.deployment === undefined ? name : dnsLabel(`${name}-${group.deployment}`);
}

function setJob(job: string): Relabel {
  return { targetLabel: LABEL.job, replacement: job, action: 'replace' };
}

/** Only the TLS settings the Operator takes inline; CA and client certificates live in Secrets there. */
function safeTls(model: Model): Record<string, unknown> {
  const tls = model.config.scrape.tls;
  if (!tls || (tls.serverName === undefined && tls.insecureSkipVerify === undefined)) return {};
  return {
    tlsConfig: {
      ...(tls.serverName !== undefined ? { serverName: tls.serverName } : {}),
      ...(tls.insecureSkipVerify !== undefined ? { insecureSkipVerify: tls.insecureSkipVerify } : {}),
    },
  };
}
