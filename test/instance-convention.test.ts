// One `instance` convention on every path: a vLLM server's /metrics series and the probe of its
// /health carry the same `instance` (the server's host:port), whichever way Prometheus finds it —
// static targets, file_sd, Kubernetes SD in prometheus.yml, or a Prometheus Operator monitor — so
// per-instance health panels and alerts join with the vLLM series. Checked on the rendered
// relabelings, applied to a target as service discovery hands it over.
import { describe, expect, it } from 'vitest';
import type { ConfigInput } from '../src/config/types.js';
import { generate } from '../src/generate.js';
import type { KubernetesObject } from '../src/kubernetes/index.js';
import { relabel, type RelabelRule, type TargetLabels } from './helpers/relabel.js';

const ADDRESS = '10.1.0.11:8000';

/** What Kubernetes SD hands over for a running vLLM pod's `http` port (pod role). */
const POD: TargetLabels = {
  __address__: ADDRESS,
  __meta_kubernetes_namespace: 'inference',
  __meta_kubernetes_pod_name: 'vllm-0',
  __meta_kubernetes_pod_container_name: 'vllm',
  __meta_kubernetes_pod_container_port_name: 'http',
  __meta_kubernetes_pod_phase: 'Running',
  __meta_kubernetes_pod_annotation_prometheus_io_scrape: 'true',
  __meta_kubernetes_pod_annotation_prometheus_io_port: '8000',
};

interface Job {
  job_name: string;
  relabel_configs?: RelabelRule[];
}

function prometheusJobs(config: ConfigInput): Job[] {
  const { artifacts } = generate(config, { validate: false });
  const prometheus = artifacts.find((a) => a.path === 'prometheus/prometheus.yml')!;
  return (prometheus.data as { scrape_configs: Job[] }).scrape_configs;
}

function jobPair(config: ConfigInput): [Job, Job] {
  const jobs = prometheusJobs(config);
  return [jobs.find((j) => j.job_name === 'vllm')!, jobs.find((j) => j.job_name === 'vllm-health')!];
}

function expectSameInstance(metrics: TargetLabels | undefined, probe: TargetLabels | undefined): void {
  expect(metrics?.instance).toBe(ADDRESS);
  expect(probe?.instance).toBe(ADDRESS);
  expect(probe?.__param_target).toBe(`http://${ADDRESS}/health`);
}

describe('the probe of a server and its /metrics series carry the same instance', () => {
  it.each([
    ['static targets', { scrape: { targets: [ADDRESS] } }],
    ['deployments', { scrape: { targets: [] }, deployments: [{ name: 'llama', targets: [ADDRESS], labels: { team: 'ml' } }] }],
    ['file_sd', { scrape: { discovery: 'file_sd', targets: [ADDRESS] } }],
  ] as [string, ConfigInput][])('prometheus.yml, %s', (_, config) => {
    const [metrics, health] = jobPair(config);
    const target = { __address__: ADDRESS };
    expectSameInstance(relabel(target, metrics.relabel_configs ?? []), relabel(target, health.relabel_configs ?? []));
  });

  it.each([
    ['by port name', {}],
    ['by prometheus.io annotations', { useAnnotations: true }],
  ])('prometheus.yml, Kubernetes SD %s', (_, kubernetes) => {
    const [metrics, health] = jobPair({ scrape: { discovery: 'kubernetes', targets: [], kubernetes } });
    expectSameInstance(relabel(POD, metrics.relabel_configs ?? []), relabel(POD, health.relabel_configs ?? []));
  });

  it.each(['PodMonitor', 'ServiceMonitor'] as const)('Prometheus Operator %s', (monitor) => {
    const { artifacts } = generate({ scrape: { discovery: 'kubernetes', targets: [] }, kubernetes: { monitor } }, { validate: false });
    const objects = artifacts.filter((a) => a.kind === 'kubernetes').map((a) => a.data as KubernetesObject);
    const endpointsOf = (name: string) => {
      const spec = objects.find((o) => o.kind === monitor && o.metadata.name === name)!.spec as Record<string, { relabelings?: RelabelRule[] }[]>;
      return (spec.podMetricsEndpoints ?? spec.endpoints)[0];
    };
    // The Operator selects the pod and port before the monitor's own relabelings and leaves
    // __address__ as discovery set it (pod IP and container port), so those apply to POD as is.
    expectSameInstance(relabel(POD, endpointsOf('vllm-obs').relabelings ?? []), relabel(POD, endpointsOf('vllm-obs-health').relabelings ?? []));
    expect(objects.filter((o) => o.kind === 'Probe')).toEqual([]);
  });

  it('a relabeling that moved instance would fail this check', () => {
    const moved = relabel({ __address__: ADDRESS }, [{ source_labels: ['__address__'], target_label: 'instance', replacement: 'http://$1/health' }]);
    expect(moved?.instance).not.toBe(ADDRESS);
  });
});
