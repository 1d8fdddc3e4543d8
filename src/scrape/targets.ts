// The vLLM servers the config names: scrape.targets as one group and each deployments[] entry as its
// own labelled group. prometheus.yml (static_configs), the file_sd target files and the Kubernetes
// Probe objects all read these groups, so a server carries the same labels on every path.
import type { DeploymentConfig } from '../config/types.js';
import { ConfigError, type ConfigProblem } from '../errors.js';
import { LABEL, type Setup } from '../model/index.js';
import { sortedLabels } from '../order.js';

export interface TargetGroup {
  /** The deployments[] entry, or undefined for scrape.targets. */
  readonly deployment?: string;
  readonly targets: readonly string[];
  /** Sorted by name, so output does not depend on the order keys were written in. */
  readonly labels: Readonly<Record<string, string>>;
}

/** Every group with at least one target: scrape.targets first, then deployments in config order. */
export function targetGroups(setup: Setup): TargetGroup[] {
  assertNoReservedLabels(setup);
  const groups: TargetGroup[] = [{ targets: setup.config.scrape.targets, labels: {} }];
  for (const deployment of setup.config.deployments) {
    groups.push({ deployment: deployment.name, targets: deployment.targets, labels: deploymentLabels(setup, deployment) });
  }
  return groups.filter((group) => group.targets.length > 0);
}

function deploymentLabels(setup: Setup, deployment: DeploymentConfig): Record<string, string> {
  const own: Record<string, string> = { [LABEL.deployment]: deployment.name };
  if (deployment.cluster) own[setup.clusterLabel] = deployment.cluster;
  if (deployment.namespace) own[LABEL.namespace] = deployment.namespace;
  return sortedLabels({ ...deployment.labels, ...own });
}

/** The group as static_configs and file_sd files both spell it. */
export function staticConfig(group: TargetGroup): Record<string, unknown> {
  return Object.keys(group.labels).length > 0 ? { targets: group.targets, labels: group.labels } : { targets: group.targets };
}

/** A host:port on the machine itself: meaningless to anything that runs elsewhere (a cluster). */
export function isLoopback(hostPort: string): boolean {
  const host = hostPort.slice(0, hostPort.lastIndexOf(':'));
  return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
}

/**
 * Labels a deployment may not set through `labels`: ones vLLM puts on its series (a target label of
 * the same name would rename the series' own to exported_*), ones Prometheus owns, and the ones the
 * deployment has dedicated keys for.
 */
function reservedLabels(setup: Setup): Map<string, string> {
  return new Map([
    [LABEL.model, 'vLLM sets it on every series'],
    [LABEL.engine, 'vLLM sets it on every series'],
    [LABEL.job, 'Prometheus sets it from the job'],
    [LABEL.instance, 'Prometheus sets it per target'],
    [LABEL.deployment, 'it is set from deployments[].name'],
    [setup.clusterLabel, 'use deployments[].cluster'],
    [LABEL.namespace, 'use deployments[].namespace'],
  ]);
}

function assertNoReservedLabels(setup: Setup): void {
  const reserved = reservedLabels(setup);
  const problems: ConfigProblem[] = [];
  setup.config.deployments.forEach((deployment, i) => {
    for (const label of Object.keys(deployment.labels)) {
      const why = label.startsWith('__') ? 'names starting with __ are reserved for Prometheus' : reserved.get(label);
      if (why) problems.push({ path: ['deployments', i, 'labels', label], message: `cannot be set here: ${why}` });
    }
  });
  if (problems.length > 0) throw new ConfigError(problems);
}
