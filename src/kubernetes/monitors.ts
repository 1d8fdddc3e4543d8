// How the Prometheus Operator finds vLLM: a PodMonitor or ServiceMonitor for /metrics, and the same
// kind routed through the blackbox exporter for each pod's /health. Both select the same pods, so
// every scraped pod is probed exactly once and both carry the pod's host:port as `instance`.
// No Probe objects: a Probe of a listed address would probe a pod a second time (the monitor already
// does) and the Operator labels it with the probed URL, which joins with nothing.
import { LABEL, type Setup } from '../model/index.js';
import { PROBE_PATH, probeRelabelings, probeTimeout } from '../scrape/probe.js';
import type { Relabel } from '../scrape/relabel.js';
import { sortedLabels } from '../order.js';
import { NAME_PREFIX, objectMeta, type KubernetesObject } from './objects.js';

const API_VERSION = 'monitoring.coreos.com/v1';

export function vllmMonitor(setup: Setup): KubernetesObject {
  const { scrape } = setup.config;
  return monitor(setup, NAME_PREFIX, {
    path: scrape.metricsPath,
    interval: scrape.interval,
    scrapeTimeout: scrape.timeout,
    scheme: scrape.scheme,
    ...safeTls(setup),
    relabelings: [setJob(scrape.jobName)],
  });
}

/** Probes every selected pod's /health through the exporter (a Probe object can only list fixed URLs). */
export function healthMonitor(setup: Setup): KubernetesObject {
  const { health, kubernetes } = setup.config;
  return monitor(setup, `${NAME_PREFIX}-health`, {
    path: PROBE_PATH,
    params: { module: [health.module] },
    interval: health.interval,
    scrapeTimeout: probeTimeout(setup.config),
    relabelings: [...probeRelabelings(setup.config, kubernetes.proberUrl), setJob(health.jobName)],
  });
}

function monitor(setup: Setup, name: string, endpoint: Record<string, unknown>): KubernetesObject {
  const { kubernetes } = setup.config;
  const isPodMonitor = kubernetes.monitor === 'PodMonitor';
  return {
    apiVersion: API_VERSION,
    kind: kubernetes.monitor,
    metadata: objectMeta(setup, name),
    spec: {
      selector: { matchLabels: sortedLabels(kubernetes.selector) },
      // No namespaces listed means the pods may be anywhere the selector matches.
      namespaceSelector: kubernetes.namespaces.length > 0 ? { matchNames: kubernetes.namespaces } : { any: true },
      [isPodMonitor ? 'podMetricsEndpoints' : 'endpoints']: [{ port: kubernetes.port, ...endpoint }],
    },
  };
}

function setJob(job: string): Relabel {
  return { targetLabel: LABEL.job, replacement: job, action: 'replace' };
}

/** Only the TLS settings the Operator takes inline; CA and client certificates live in Secrets there. */
function safeTls(setup: Setup): Record<string, unknown> {
  const tls = setup.config.scrape.tls;
  if (!tls || (tls.serverName === undefined && tls.insecureSkipVerify === undefined)) return {};
  return {
    tlsConfig: {
      ...(tls.serverName !== undefined ? { serverName: tls.serverName } : {}),
      ...(tls.insecureSkipVerify !== undefined ? { insecureSkipVerify: tls.insecureSkipVerify } : {}),
    },
  };
}
