import { yamlArtifact } from '../emit/artifacts.js';
import { OUT, type Model } from '../model/index.js';
import type { Artifact } from '../model/artifact.js';
import { blackboxConfig } from './blackbox.js';
import { targetFiles } from './filesd.js';
import { prometheusConfig } from './prometheus.js';
import { targetGroups } from './targets.js';

/** prometheus.yml, blackbox.yml and file_sd target files. */
export function buildScrape(model: Model): Artifact[] {
  const groups = targetGroups(model);
  const artifacts = [yamlArtifact(OUT.prometheusConfig, 'prometheus-config', prometheusConfig(model, groups))];
  if (model.config.health.enabled) artifacts.push(yamlArtifact(OUT.blackbox, 'blackbox-config', blackboxConfig(model)));
  if (model.config.scrape.discovery === 'file_sd') artifacts.push(...targetFiles(groups));
  return artifacts;
}
