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
import { pointerJoin } from '../validate/finding.js';
import { createLocator, type EmbeddedSource, type Locator } from '../validate/locate.js';

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
  const found: Found = { dashboards: [], ruleFiles: [], embedded: [], host: createLocator(text, multiDocument) };
  documents.forEach((doc, i) => collect(file, doc, multiDocument ? `/${i}` : '', found));
  if (found.dashboards.length + found.ruleFiles.length === 0) {
    throw new InputError([
      `${file}: neither a Grafana dashboard (panels, templating) nor a Prometheus rule file (groups), nor a ConfigMap, PrometheusRule, GrafanaDashboard or List holding one`,
    ]);
  }
  return { source: { text, multiDocument, embedded: found.embedded }, dashboards: found.dashboards, ruleFiles: found.ruleFiles };
}

interface Found {
  readonly dashboards: DashboardView[];
  readonly ruleFiles: RuleFileView[];
  readonly embedded: EmbeddedSource[];
  /** Places a problem inside an embedded string on the file's line and column. */
  readonly host: Locator;
}

/** Dashboards and rule files as Grafana, Prometheus and Kubernetes ship them: bare, as the HTTP
 *  API's export, in a PrometheusRule, as strings in a ConfigMap's data (kube-prometheus-stack,
 *  production-stack, vllm-obs itself) or a grafana-operator GrafanaDashboard, and in a `kind: List`. */
function collect(file: string, doc: unknown, pointer: string, found: Found): void {
  if (!isObject(doc)) return;
  if (isObject(doc.dashboard)) found.dashboards.push(dashboardView(file, `${pointer}/dashboard`, doc.dashboard));
  else if (Array.isArray(doc.panels) || isObject(doc.templating) || Array.isArray(doc.rows)) found.dashboards.push(dashboardView(file, pointer, doc));
  else if (Array.isArray(doc.groups)) found.ruleFiles.push(ruleFileView(file, pointer, doc));
  else if (doc.kind === 'PrometheusRule' && isObject(doc.spec)) found.ruleFiles.push(ruleFileView(file, `${pointer}/spec`, doc.spec));
  else if (doc.kind === 'List' && Array.isArray(doc.items)) doc.items.forEach((item, i) => collect(file, item, pointerJoin(pointer, 'items', i), found));
  else if (doc.kind === 'ConfigMap' && isObject(doc.data)) {
    for (const [key, value] of Object.entries(doc.data)) {
      if (typeof value === 'string') collectEmbedded(file, value, pointerJoin(pointer, 'data', key), /\.json$/i.test(key), found);
    }
  } else if (doc.kind === 'GrafanaDashboard' && isObject(doc.spec) && typeof doc.spec.json === 'string') {
    collectEmbedded(file, doc.spec.json, pointerJoin(pointer, 'spec', 'json'), true, found);
  }
}

/** A string holding a dashboard or rule file. A ConfigMap also carries scripts and settings: what is
 *  neither is skipped, but a `.json` entry that is not JSON is reported. */
function collectEmbedded(file: string, text: string, pointer: string, mustBeJson: boolean, found: Found): void {
  let documents: unknown[];
  if (/^\s*[[{]/.test(text)) {
    try {
      documents = [JSON.parse(text)];
    } catch (error) {
      if (mustBeJson) {
        const message = (error as Error).message;
        const at = found.host(pointer, Number(/position (\d+)/.exec(message)?.[1] ?? 0));
        const where = at ? `${printable(file)}:${at.line}:${at.col}` : printable(file);
        throw new InputError([`${where}: ${printable(pointer, 200)}: invalid JSON: ${printable(message, 200)}`]);
      }
      return;
    }
  } else {
    if (mustBeJson) return;
    try {
      documents = parseDocuments(file, text);
    } catch {
      return;
    }
  }
  const before = found.dashboards.length + found.ruleFiles.length;
  const multiDocument = documents.length > 1;
  documents.forEach((doc, i) => collect(file, doc, `${pointer}${multiDocument ? `/${i}` : ''}`, found));
  if (found.dashboards.length + found.ruleFiles.length > before) found.embedded.push({ pointer, text, multiDocument });
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
