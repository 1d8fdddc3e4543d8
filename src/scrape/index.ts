import { yamlArtifact } from '../emit/artifacts.js';
import { OUT, type Setup } from '../model/index.js';
import type { Artifact } from '../model/artifact.js';
import { blackboxConfig } from './blackbox.js';
import { targetFiles } from './filesd.js';
import { prometheusConfig } from './prometheus.js';
import { targetGroups } from './targets.js';

/** prometheus.yml, blackbox.yml and file_sd target files. */
export function buildScrape(setup: Setup): Artifact[] {
  const groups = targetGroups(setup);
  const artifacts = [yamlArtifact(OUT.prometheusConfig, 'prometheus-config', prometheusConfig(setup, groups))];
  if (setup.config.health.enabled) artifacts.push(yamlArtifact(OUT.blackbox, 'blackbox-config', blackboxConfig(setup)));
  if (setup.config.scrape.discovery === 'file_sd') artifacts.push(...targetFiles(groups));
  return artifacts;
}
