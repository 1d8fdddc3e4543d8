// `vllm-obs lint`: the upgrade-safety checks on dashboards and rule files vllm-obs did not write.
// Reads Grafana dashboard JSON (also the HTTP API's `{dashboard: …}` export), Prometheus rule files
// (also Mimir's namespaced form) and PrometheusRule manifests, and checks every query against the
// vLLM version the fleet runs.
import { LineCounter, parseAllDocuments } from 'yaml';
import { CatalogError, catalogFor, METRICS, NEWEST_VERSION, parseVersionSpec, type Catalog, type Feature } from '../catalog/index.js';
import { InputError } from '../errors.js';
import { MiB, readTextFile } from '../input.js';
import { printable } from '../text.js';
import { compareFindings, type Finding } from '../validate/finding.js';
import { formatFindings, type Source } from '../validate/index.js';
import { recordedNames, runRules } from '../validate/run.js';
import { dashboardView, isObject, ruleFileView, type DashboardView, type RuleFileView } from '../validate/views.js';

export interface LintOptions {
  /** vLLM version or range the fleet runs; default the newest in the catalog. */
  readonly vllmVersion?: string;
}

export interface LintResult {
  readonly findings: Finding[];
  /** One formatted line per finding, `file:line:col: rule: …`. */
  readonly lines: string[];
  readonly catalog: Catalog;
  /** About the run, not a file: e.g. a version newer than the catalog. */
  readonly warnings: string[];
}

interface LoadedFile {
  readonly source: Source;
  readonly dashboards: DashboardView[];
  readonly ruleFiles: RuleFileView[];
}

/** Lints the files together (a dashboard may read what a rule file next to it records). Throws
 *  InputError for unreadable or unrecognised files and unknown versions. */
export function lintFiles(files: readonly string[], options: LintOptions = {}): LintResult {
  const catalog = lintCatalog(options.vllmVersion);
  const problems: string[] = [];
  const loaded = new Map<string, LoadedFile>();
  for (const file of files) {
    try {
      loaded.set(file, loadFile(file));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  const all = [...loaded.values()];
  const ruleFiles = all.flatMap((f) => f.ruleFiles);
  const findings = runRules(
    { dashboards: all.flatMap((f) => f.dashboards), ruleFiles },
    { catalog, mode: 'foreign', recorded: recordedNames(ruleFiles), dcgm: true },
  ).sort(compareFindings);
  const sources = new Map([...loaded].map(([file, f]) => [file, f.source]));
  return { findings, lines: formatFindings(findings, sources), catalog, warnings: versionWarnings(options.vllmVersion) };
}

/** Every optional subsystem counts as present: a foreign dashboard's spec-decode panel is not wrong
 *  for being there. */
function lintCatalog(version: string | undefined): Catalog {
  const features = Object.fromEntries(METRICS.flatMap((def) => (def.feature ? [[def.feature, true]] : []))) as Record<Feature, boolean>;
  try {
    return catalogFor(version ?? NEWEST_VERSION, { features });
  } catch (error) {
    if (error instanceof CatalogError) throw new InputError([`--vllm-version: ${error.message}`]);
    throw error;
  }
}

/** As for a config: a release newer than the catalog is checked against the newest facts, with a line. */
function versionWarnings(version: string | undefined): string[] {
  if (version === undefined || !parseVersionSpec(version).newerThanCatalog) return [];
  return [`--vllm-version: "${printable(version, 60)}" includes vLLM releases newer than the catalog (newest ${NEWEST_VERSION}); checking against ${NEWEST_VERSION}'s metrics`];
}

/** Far beyond any real dashboard (a big one is 1 MB); past it, lint refuses instead of swapping. */
export const MAX_LINT_INPUT_BYTES = 64 * MiB;

function loadFile(file: string): LoadedFile {
  const text = readTextFile(file, file, { maxBytes: MAX_LINT_INPUT_BYTES, what: 'dashboard or rule file' });
  const documents = parseDocuments(file, text);
  const multiDocument = documents.length > 1;
  const dashboards: DashboardView[] = [];
  const ruleFiles: RuleFileView[] = [];
  documents.forEach((doc, i) => {
    const base = multiDocument ? `/${i}` : '';
    if (!isObject(doc)) return;
    if (isObject(doc.dashboard)) dashboards.push(dashboardView(file, `${base}/dashboard`, doc.dashboard));
    else if (Array.isArray(doc.panels) || isObject(doc.templating) || Array.isArray(doc.rows)) dashboards.push(dashboardView(file, base, doc));
    else if (Array.isArray(doc.groups)) ruleFiles.push(ruleFileView(file, base, doc));
    else if (doc.kind === 'PrometheusRule' && isObject(doc.spec)) ruleFiles.push(ruleFileView(file, `${base}/spec`, doc.spec));
  });
  if (dashboards.length + ruleFiles.length === 0) {
    throw new InputError([`${file}: neither a Grafana dashboard (panels, templating) nor a Prometheus rule file (groups)`]);
  }
  return { source: { text, multiDocument }, dashboards, ruleFiles };
}

/** JSON when it looks like JSON (exact messages from JSON.parse), else a YAML stream. */
function parseDocuments(file: string, text: string): unknown[] {
  if (/^\s*[[{]/.test(text)) {
    try {
      return [JSON.parse(text)];
    } catch (error) {
      if (file.endsWith('.json')) throw new InputError([`${printable(file)}: invalid JSON: ${printable((error as Error).message, 200)}`]);
    }
  }
  const counter = new LineCounter();
  // YAML 1.2 core data only: a !!binary or !!omap in a foreign file is read as plain text and lists
  const docs = parseAllDocuments(text, { lineCounter: counter, resolveKnownTags: false });
  const errors = (Array.isArray(docs) ? docs : []).flatMap((d) => d.errors);
  if (!Array.isArray(docs) || errors.length > 0) {
    throw new InputError(
      errors.length === 0
        ? [`${file}: invalid YAML`]
        : errors.map((e) => {
            const { line, col } = counter.linePos(e.pos[0]);
            const message = /Maximum call stack size exceeded/.test(e.message) ? 'nested too deeply' : e.message.split('\n')[0];
            return `${printable(file)}:${line}:${col}: invalid YAML: ${printable(message, 200)}`;
          }),
    );
  }
  try {
    return docs.map((d) => d.toJS({ maxAliasCount: 100 }));
  } catch (error) {
    // toJS stops an alias bomb with a ReferenceError: bad input, not a crash
    if (error instanceof ReferenceError) throw new InputError([`${printable(file)}: aliases expand to too much data (a YAML alias bomb?)`]);
    throw error;
  }
}
