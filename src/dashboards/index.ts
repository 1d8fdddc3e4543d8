import type { Model } from '../model/index.js';
import type { Artifact } from '../model/artifact.js';

/** The Grafana dashboards (overview, instance, SLO). */
export function buildDashboards(model: Model): Artifact[] {
  void model;
  return [];
}
