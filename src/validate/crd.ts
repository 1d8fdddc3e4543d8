// Prometheus Operator objects against the operator's CRD schemas, with the kubernetes builder's own
// validator (@kubernetes-models/prometheus-operator). Asynchronous and slow to load, so `vllm-obs
// validate` runs it and `generate` does not.
import { kubernetesProblems } from '../kubernetes/validate.js';
import type { KubernetesObject } from '../kubernetes/objects.js';
import type { Artifact } from '../model/artifact.js';
import { isObject } from './views.js';

/** One line per problem: `<file>: crd: <Kind name>: <problem>`. */
export async function crdFindings(artifacts: readonly Artifact[]): Promise<string[]> {
  const lines: string[] = [];
  for (const artifact of artifacts.filter((a) => a.kind === 'kubernetes')) {
    const documents = (Array.isArray(artifact.data) ? artifact.data : [artifact.data]).filter(isObject);
    for (const problem of await kubernetesProblems(documents as unknown as KubernetesObject[])) lines.push(`${artifact.path}: crd: ${problem}`);
  }
  return lines;
}
