// What every generated Kubernetes object shares: metadata from the config, and the checks on values
// the config passes straight into labels (Kubernetes refuses invalid ones at apply time).
import { ConfigError, type ConfigProblem } from '../errors.js';
import type { Setup } from '../model/index.js';
import { sortedLabels } from '../order.js';

/** Prefix of every object name, so `kubectl get` lists them together. */
export const NAME_PREFIX = 'vllm-obs';
const MANAGED_BY = 'app.kubernetes.io/managed-by';

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; labels: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

export function objectMeta(setup: Setup, name: string, extra: { labels?: Record<string, string>; annotations?: Record<string, string> } = {}): KubernetesObject['metadata'] {
  return {
    name,
    namespace: setup.config.kubernetes.namespace,
    labels: sortedLabels({ ...setup.config.kubernetes.labels, [MANAGED_BY]: NAME_PREFIX, ...extra.labels }),
    ...(extra.annotations && Object.keys(extra.annotations).length > 0 ? { annotations: sortedLabels(extra.annotations) } : {}),
  };
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_VALUE_MAX = 63;

export function labelValueProblem(value: string): string | undefined {
  if (value.length <= LABEL_VALUE_MAX && LABEL_VALUE.test(value)) return undefined;
  return `${JSON.stringify(value)} is not a Kubernetes label value (at most ${LABEL_VALUE_MAX} letters, digits, '-', '_' or '.', starting and ending with a letter or digit)`;
}

/** Label values the config hands to Kubernetes (kubernetes.labels and kubernetes.selector). */
export function assertValidLabelValues(setup: Setup): void {
  const problems: ConfigProblem[] = [];
  for (const key of ['labels', 'selector'] as const) {
    for (const [name, value] of Object.entries(setup.config.kubernetes[key])) {
      const problem = labelValueProblem(value);
      if (problem) problems.push({ path: ['kubernetes', key, name], message: problem });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
}
