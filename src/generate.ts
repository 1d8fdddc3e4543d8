// config → setup (src/model/) → builders → artifacts → validate. Writing is the caller's step (emit/).
import { resolveConfig } from './config/load.js';
import type { Config, ConfigInput } from './config/types.js';
import { buildSetup, type Setup } from './model/index.js';
import type { Artifact } from './model/artifact.js';
import { buildDashboards } from './dashboards/index.js';
import { alertThreshold, buildRuleSet } from './rules/index.js';
import { buildAlerting } from './alerting/index.js';
import { buildScrape } from './scrape/index.js';
import { buildProvisioning } from './grafana/index.js';
import { buildKubernetes } from './kubernetes/index.js';
import { buildStack } from './stack/compose.js';
import { validateArtifacts } from './validate/index.js';
import { ValidationError } from './errors.js';
import { compareText } from './order.js';

export interface GenerateResult {
  setup: Setup;
  artifacts: Artifact[];
  /** path (relative to output.dir) → file content */
  files: Map<string, string>;
}

export interface GenerateOptions {
  /** Run the in-process checks and throw ValidationError on findings (default true). */
  validate?: boolean;
}

/** Builds every artifact in memory from a config (raw or already loaded). */
export function generate(input: Config | ConfigInput = {}, options: GenerateOptions = {}): GenerateResult {
  const config = resolveConfig(input);
  const setup = buildSetup(config);
  const artifacts = buildArtifacts(setup);
  if (options.validate ?? true) {
    const findings = validateArtifacts(artifacts, setup);
    if (findings.length > 0) throw new ValidationError(findings);
  }
  return { setup, artifacts, files: toFileMap(artifacts) };
}

export function buildArtifacts(setup: Setup): Artifact[] {
  const dashboards = buildDashboards(setup, (alert) => alertThreshold(setup, alert));
  const ruleSet = buildRuleSet(setup);
  const rules = ruleSet.artifacts;
  const alerting = buildAlerting(setup, ruleSet);
  const scrape = buildScrape(setup);
  const provisioning = buildProvisioning(setup, dashboards);
  const kubernetes = buildKubernetes(setup, [...dashboards, ...rules], alerting.plan);
  const stack = buildStack(setup, [...dashboards, ...scrape, ...provisioning, ...alerting.artifacts]);
  return [...dashboards, ...rules, ...alerting.artifacts, ...scrape, ...provisioning, ...kubernetes, ...stack];
}

function toFileMap(artifacts: readonly Artifact[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const artifact of artifacts) {
    if (files.has(artifact.path)) throw new Error(`two artifacts claim ${artifact.path}`);
    files.set(artifact.path, artifact.content);
  }
  return new Map([...files].sort(([a], [b]) => compareText(a, b)));
}
