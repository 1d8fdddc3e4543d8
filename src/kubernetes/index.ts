import { alertmanagerConfig, type AlertingPlan } from '../alerting/index.js';
import { yamlArtifact } from '../emit/artifacts.js';
import { OUT, type Setup } from '../model/index.js';
import type { Artifact } from '../model/artifact.js';
import { dashboardConfigMaps } from './configmaps.js';
import { healthMonitor, vllmMonitor } from './monitors.js';
import { assertValidLabelValues, type KubernetesObject } from './objects.js';
import { prometheusRules } from './rules.js';

export { kubernetesProblems } from './validate.js';
export type { KubernetesObject } from './objects.js';

/** Prometheus Operator objects and Grafana sidecar ConfigMaps, from the other artifacts; one file each.
 *  With an alerting plan, also the AlertmanagerConfig routing the alerts. */
export function buildKubernetes(setup: Setup, artifacts: readonly Artifact[], alerting?: AlertingPlan): Artifact[] {
  const { kubernetes, health } = setup.config;
  if (!kubernetes.enabled) return [];
  assertValidLabelValues(setup);
  const objects: KubernetesObject[] = [
    ...prometheusRules(setup, artifacts),
    vllmMonitor(setup),
    ...(health.enabled ? [healthMonitor(setup)] : []),
    ...dashboardConfigMaps(setup, artifacts),
    ...(alerting ? [alertmanagerConfig(setup, alerting)] : []),
  ];
  return objects.map((object) => yamlArtifact(`${OUT.kubernetes}/${object.kind.toLowerCase()}-${object.metadata.name}.yaml`, 'kubernetes', object));
}
