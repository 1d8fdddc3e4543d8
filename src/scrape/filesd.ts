// file_sd target files: one per deployment, so a changing fleet edits (or regenerates) one small file
// and Prometheus picks it up without a restart. File names come from user-supplied deployment names.
import { posix } from 'node:path';
import { jsonArtifact } from '../emit/artifacts.js';
import { dnsLabel } from '../names.js';
import { OUT } from '../model/index.js';
import type { Artifact } from '../model/artifact.js';
import { staticConfig, type TargetGroup } from './targets.js';

/** The file holding scrape.targets; a deployment of that name gets a hash suffix instead. */
const STATIC_TARGETS = 'static';
/** Room for the hash suffix and `.json` well inside every filesystem's 255-byte name limit. */
const MAX_STEM = 100;

export function targetFiles(groups: readonly TargetGroup[]): Artifact[] {
  return groups.map((group) => jsonArtifact(`${OUT.targets}/${fileStem(group)}.json`, 'file-sd-targets', [staticConfig(group)]));
}

/** Lower-case letters, digits and '-': no separators, no dot files, no case-only clashes. */
function fileStem(group: TargetGroup): string {
  if (group.deployment === undefined) return STATIC_TARGETS;
  return dnsLabel(group.deployment, { maxLength: MAX_STEM, reserved: [STATIC_TARGETS] });
}

/** The target files as prometheus.yml names them (relative paths resolve against its directory). */
export function targetFilesGlob(): string {
  return `${posix.relative(posix.dirname(OUT.prometheusConfig), OUT.targets)}/*.json`;
}
