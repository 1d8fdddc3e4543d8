// The vllm-obs.yaml that matches a diagnosed server: its version, metric prefix, features and the
// server itself as the scrape target. Only keys that differ from the defaults are written. The file is
// built as data and written by the YAML library, comments included: nothing a server says can add a
// line, a key or a value to it.
import { Document } from 'yaml';
import { printable } from '../text.js';
import { NEWEST_VERSION, catalogFor } from '../catalog/index.js';
import { resolveConfig } from '../config/load.js';
import { configSchema } from '../config/schema.js';
import type { ConfigInput } from '../config/types.js';
import type { Diagnosis } from './diagnose.js';

/** Features the config can switch on; the others (NIXL, MFU, …) have no dashboard row yet. */
const CONFIG_FEATURES = Object.keys(configSchema.properties.vllm.properties.features.properties);
const DEFAULT_PREFIX = catalogFor(NEWEST_VERSION).prefix;

/** The path under which the server is mounted when --url has one (behind a reverse proxy). */
function mountPath(url: string): string {
  return new URL(url).pathname.replace(/\/+$/, '');
}

export function configFor(diagnosis: Diagnosis): ConfigInput {
  const features = diagnosis.features.filter((f) => CONFIG_FEATURES.includes(f));
  const mount = mountPath(diagnosis.url);
  const config = {
    vllm: {
      version: diagnosis.version,
      ...(diagnosis.prefix !== DEFAULT_PREFIX && { metricPrefix: diagnosis.prefix }),
      ...(features.length > 0 && { features: Object.fromEntries(features.map((f) => [f, true])) }),
    },
    scrape: {
      targets: [diagnosis.target],
      ...(diagnosis.scheme === 'https' && { scheme: diagnosis.scheme }),
      ...(mount !== '' && { metricsPath: `${mount}/metrics` }),
    },
    ...(mount !== '' && { health: { path: `${mount}/health` } }),
  };
  // what doctor writes must load; a failure here is a bug, not a user error
  resolveConfig(structuredClone(config), 'doctor');
  return config as ConfigInput;
}

export function configYaml(diagnosis: Diagnosis): string {
  const seen = [
    `vLLM ${diagnosis.reportedVersion ?? `${diagnosis.version} (inferred)`}`,
    `${diagnosis.models.length} model(s)`,
    diagnosis.engines.length > 0 ? `${diagnosis.engines.length} engine(s) each` : undefined,
    diagnosis.features.length > 0 ? `features ${diagnosis.features.join(', ')}` : undefined,
  ].filter(Boolean);
  const doc = new Document(configFor(diagnosis));
  // printable: a comment line ends at a line break, so none may reach it
  doc.commentBefore = [
    ` Written by \`vllm-obs doctor --url ${printable(diagnosis.url, 200)}\`, which saw ${printable(seen.join(', '), 300)}.`,
    ' Add the other servers of the fleet to scrape.targets, then run `vllm-obs generate`.',
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}
