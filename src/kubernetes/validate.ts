// Schema checks of the generated objects: the Prometheus Operator kinds against the CRD schemas that
// @kubernetes-models/prometheus-operator compiles, ConfigMaps and metadata against the API server's
// rules. Loading the schemas costs ~300 ms, so this runs in tests and `validate`, not in every generate.
import { configMapProblems } from './configmaps.js';
import { isDnsLabel } from '../names.js';
import { labelValueProblem, type KubernetesObject } from './objects.js';

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: unknown) => Validatable;

const OPERATOR_MODELS: Record<string, () => Promise<ModelClass>> = {
  PodMonitor: async () => (await import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor')).PodMonitor as unknown as ModelClass,
  ServiceMonitor: async () =>
    (await import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor')).ServiceMonitor as unknown as ModelClass,
  Probe: async () => (await import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/Probe')).Probe as unknown as ModelClass,
  AlertmanagerConfig: async () =>
    (await import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1/AlertmanagerConfig'))
      .AlertmanagerConfig as unknown as ModelClass,
  PrometheusRule: async () =>
    (await import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule')).PrometheusRule as unknown as ModelClass,
};

/** One line per problem, each naming the object; empty when every object would be accepted. */
export async function kubernetesProblems(objects: readonly KubernetesObject[]): Promise<string[]> {
  const problems: string[] = [];
  for (const object of objects) {
    const where = `${object.kind} ${object.metadata.name}`;
    problems.push(...metadataProblems(object).map((problem) => `${where}: ${problem}`));
    if (object.kind === 'ConfigMap') {
      problems.push(...configMapProblems(object));
      continue;
    }
    const load = OPERATOR_MODELS[object.kind];
    if (!load) {
      problems.push(`${where}: no schema for kind ${object.kind}`);
      continue;
    }
    const Model = await load();
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message}`);
    }
  }
  return problems;
}

const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function metadataProblems(object: KubernetesObject): string[] {
  const { name, namespace, labels, annotations } = object.metadata;
  const problems: string[] = [];
  if (!isDnsLabel(name)) problems.push(`name ${JSON.stringify(name)} is not an RFC 1123 label of at most 63 characters`);
  if (!isDnsLabel(namespace)) problems.push(`namespace ${JSON.stringify(namespace)} is not an RFC 1123 label`);
  for (const key of [...Object.keys(labels), ...Object.keys(annotations ?? {})]) {
    if (!isQualifiedName(key)) problems.push(`key ${JSON.stringify(key)} is not a qualified name ([prefix/]name)`);
  }
  for (const value of Object.values(labels)) {
    const problem = labelValueProblem(value);
    if (problem) problems.push(`label value ${problem}`);
  }
  return problems;
}

function isQualifiedName(key: string): boolean {
  const slash = key.indexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return false;
  return name.length <= 63 && QUALIFIED_NAME.test(name);
}
