import type { Model } from '../model/index.js';
import type { Artifact } from '../model/artifact.js';

/** Prometheus Operator objects and Grafana sidecar ConfigMaps, from the other artifacts. */
export function buildKubernetes(model: Model, artifacts: readonly Artifact[]): Artifact[] {
  void model;
  void artifacts;
  return [];
}
