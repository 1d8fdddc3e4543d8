import type { Model } from '../model/index.js';
import type { Artifact } from '../model/artifact.js';

/** Recording, alert and SLO rule files and their promtool tests. */
export function buildRules(model: Model): Artifact[] {
  void model;
  return [];
}
