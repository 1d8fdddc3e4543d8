// One PrometheusRule per generated rule file, so each stays well under the API server's object size
// limit and `kubectl get prometheusrules` mirrors prometheus/rules/.
import type { Setup } from '../model/index.js';
import type { Artifact } from '../model/artifact.js';
import { dnsLabel, fileStem } from '../names.js';
import { NAME_PREFIX, objectMeta, type KubernetesObject } from './objects.js';

export function prometheusRules(setup: Setup, artifacts: readonly Artifact[]): KubernetesObject[] {
  return artifacts
    .filter((artifact) => artifact.kind === 'rules')
    .map((artifact) => ({ artifact, groups: groupsOf(artifact) }))
    .filter(({ groups }) => groups.length > 0)
    .map(({ artifact, groups }) => ({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: objectMeta(setup, dnsLabel(`${NAME_PREFIX}-${fileStem(artifact.path)}`)),
      spec: { groups },
    }));
}

function groupsOf(artifact: Artifact): unknown[] {
  const groups = (artifact.data as { groups?: unknown } | undefined)?.groups;
  return Array.isArray(groups) ? groups : [];
}
