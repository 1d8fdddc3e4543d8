import type { Model } from '../model/index.js';
import type { Artifact } from '../model/artifact.js';

/** prometheus.yml, blackbox.yml and file_sd target files. */
export function buildScrape(model: Model): Artifact[] {
  void model;
  return [];
}
