// Every in-process check of the generated output: schemas per artifact kind, references between
// files, PromQL syntax, metric existence for the configured vLLM version, and the lint rules.
// `generate` runs it before writing anything; `vllm-obs validate` adds promtool on top.
import type { Artifact } from '../model/artifact.js';
import type { Setup } from '../model/index.js';
import { alertingFindings } from './alerting.js';
import { compareFindings, formatFinding, type Finding, type Position } from './finding.js';
import { createLocator, type EmbeddedSource, type Locator } from './locate.js';
import { referenceFindings } from './references.js';
import { recordedNames, runRules, type LintInput } from './run.js';
import { artifactSchemaFindings } from './schemas/index.js';
import { dashboardView, isObject, ruleFileView, type RuleFileView } from './views.js';
import { compareText } from '../order.js';

export type { Finding } from './finding.js';

/** Every in-process check of the generated artifacts; one line per finding, empty when clean. */
export function validateArtifacts(artifacts: readonly Artifact[], setup: Setup): string[] {
  return formatFindings(artifactFindings(artifacts, setup), sourcesOf(artifacts));
}

function artifactFindings(artifacts: readonly Artifact[], setup: Setup): Finding[] {
  const findings = artifacts.flatMap((artifact) => artifactSchemaFindings(artifact, setup));
  findings.push(...referenceFindings(artifacts));
  findings.push(...alertingFindings(artifacts));
  const input = generatedViews(artifacts);
  findings.push(
    ...runRules(input, {
      catalog: setup.catalog,
      mode: 'generated',
      recorded: recordedNames(input.ruleFiles),
      dcgm: setup.config.extraJobs.dcgm,
    }),
  );
  return findings.sort(compareFindings);
}

/** Dashboards, rule files, and the rule groups of PrometheusRule objects in Kubernetes manifests. */
function generatedViews(artifacts: readonly Artifact[]): LintInput {
  const dashboards = artifacts.filter((a) => a.kind === 'dashboard' && isObject(a.data)).map((a) => dashboardView(a.path, '', a.data as Record<string, unknown>));
  const ruleFiles: RuleFileView[] = artifacts.filter((a) => a.kind === 'rules' && isObject(a.data)).map((a) => ruleFileView(a.path, '', a.data as Record<string, unknown>));
  for (const manifest of artifacts.filter((a) => a.kind === 'kubernetes')) {
    const documents = Array.isArray(manifest.data) ? manifest.data : [manifest.data];
    documents.forEach((doc, i) => {
      if (isObject(doc) && doc.kind === 'PrometheusRule' && isObject(doc.spec)) {
        ruleFiles.push(ruleFileView(manifest.path, Array.isArray(manifest.data) ? `/${i}/spec` : '/spec', doc.spec));
      }
    });
  }
  return { dashboards, ruleFiles };
}

export interface Source {
  readonly text: string;
  readonly multiDocument: boolean;
  /** Documents held as strings inside this one (ConfigMap data), placed through their host. */
  readonly embedded?: readonly EmbeddedSource[];
}

function sourcesOf(artifacts: readonly Artifact[]): Map<string, Source> {
  return new Map(artifacts.map((a) => [a.path, { text: a.content, multiDocument: Array.isArray(a.data) && /^---$/m.test(a.content) }]));
}

/** One line per finding, `file:line:col: rule: …`, in file and line order; files are parsed for
 *  positions only here. */
export function formatFindings(findings: readonly Finding[], sources: ReadonlyMap<string, Source>): string[] {
  const locators = new Map<string, Locator | undefined>();
  const locatorOf = (file: string) => {
    if (!locators.has(file)) {
      const source = sources.get(file);
      locators.set(file, source ? createLocator(source.text, source.multiDocument, source.embedded) : undefined);
    }
    return locators.get(file);
  };
  return [...findings]
    .sort(compareFindings)
    .map((finding) => ({ finding, position: locatorOf(finding.file)?.(finding.pointer, finding.offset) }))
    .sort((a, b) => compareText(a.finding.file, b.finding.file) || comparePositions(a.position, b.position))
    .map(({ finding, position }) => formatFinding(finding, position));
}

/** Findings without a position keep their pointer order, after the placed ones. */
function comparePositions(a: Position | undefined, b: Position | undefined): number {
  if (!a || !b) return (a ? 0 : 1) - (b ? 0 : 1);
  return a.line - b.line || a.col - b.col;
}
