// One ConfigMap per dashboard for the Grafana sidecar (kube-prometheus-stack): it loads ConfigMaps
// labelled grafana_dashboard: "1" and files them under the folder the annotation names.
import { posix } from 'node:path';
import { ValidationError } from '../errors.js';
import type { Setup } from '../model/index.js';
import type { Artifact } from '../model/artifact.js';
import { dnsLabel, fileStem } from '../names.js';
import { NAME_PREFIX, objectMeta, type KubernetesObject } from './objects.js';

const SIDECAR_LABEL = 'grafana_dashboard';
/** Kubernetes refuses a ConfigMap whose data (keys and values) exceeds 1 MiB. */
export const CONFIGMAP_DATA_LIMIT = 1024 * 1024;
const DATA_KEY = /^[-._a-zA-Z0-9]+$/;

export function dashboardConfigMaps(setup: Setup, artifacts: readonly Artifact[]): KubernetesObject[] {
  const { grafana, kubernetes } = setup.config;
  const maps = artifacts
    .filter((artifact) => artifact.kind === 'dashboard')
    .map((dashboard) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: objectMeta(setup, dnsLabel(`${NAME_PREFIX}-dashboard-${fileStem(dashboard.path)}`), {
        labels: { [SIDECAR_LABEL]: '1' },
        annotations: kubernetes.folderAnnotation ? { [kubernetes.folderAnnotation]: grafana.folder } : {},
      }),
      data: { [posix.basename(dashboard.path)]: dashboard.content },
    }));
  const problems = maps.flatMap(configMapProblems);
  if (problems.length > 0) throw new ValidationError(problems);
  return maps;
}

/** What the API server would refuse in a ConfigMap's data. */
export function configMapProblems(map: KubernetesObject): string[] {
  const data = (map.data ?? {}) as Record<string, string>;
  const problems = Object.keys(data)
    .filter((key) => !DATA_KEY.test(key))
    .map((key) => `ConfigMap ${map.metadata.name}: data key ${JSON.stringify(key)} may hold only letters, digits, '-', '_' and '.'`);
  const size = Object.entries(data).reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value), 0);
  if (size > CONFIGMAP_DATA_LIMIT) {
    problems.push(
      `ConfigMap ${map.metadata.name}: dashboard ${Object.keys(data).join(', ')} is ${size} bytes, over Kubernetes' ${CONFIGMAP_DATA_LIMIT}-byte ConfigMap limit; split or trim the dashboard`,
    );
  }
  return problems;
}
