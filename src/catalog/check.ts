// `npm run catalog:check -- PATH`: the catalog of one version against the metric definitions that
// scripts/vllm_metrics_extract.py reads from a vLLM source tree or installed package. The lines it
// prints are what a maintainer changes in metrics.ts (or marks as deliberately kept in
// docs/catalog-audit.md).
import { bucketsAt } from './buckets.js';
import { catalogFor } from './catalog.js';
import type { InventoryEntry } from './types.js';
import { catalogVersionOf, compareVersions, releasesOf, V1_SINCE } from './versions.js';
import { compareText } from '../order.js';

/** One constructor call the extractor read (see the script's docstring). */
export interface SourceMetric {
  readonly name: string;
  readonly type: string;
  readonly where: string;
  /** `<default>` stands for the engine's default label names, passed in as a parameter. Null: only
   *  known at run time (labelsExpr says how it is built). */
  readonly labels: readonly string[] | null;
  readonly labelsExpr?: string;
  /** Null: only known at run time (bucketsExpr). Absent for other types. */
  readonly buckets?: readonly number[] | null;
  readonly bucketsExpr?: string;
  /** Defined under `if …show_hidden_metrics…`. */
  readonly hidden: boolean;
}

export interface SourceExtract {
  readonly version: string | null;
  readonly metrics: readonly SourceMetric[];
  readonly unresolved: readonly { readonly where: string; readonly what: string; readonly expr: string }[];
}

export interface CheckResult {
  readonly lines: string[];
  readonly differences: number;
}

const DEFAULT_LABEL = '<default>';
const V0_DIR = 'vllm/engine/';
const V1_DIR = 'vllm/v1/';

function list(values: readonly (string | number)[]): string {
  return `[${values.join(', ')}]`;
}

function sameList(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The catalog knows V0 before 0.8 and V1 from 0.8: definitions of the other engine do not count. */
function otherEngineDir(version: string): string {
  return compareVersions(version, V1_SINCE) < 0 ? V1_DIR : V0_DIR;
}

function labelDifference(entry: InventoryEntry, source: SourceMetric, version: string): string | undefined {
  const catalog = [...entry.labels].sort();
  if (source.labels === null) return undefined;
  if (source.labels.includes(DEFAULT_LABEL)) {
    // the default names are a parameter: compare what the definition adds to them
    const defaults = entry.def.noDefaultLabels ? [] : ['model_name', ...(catalogFor(version).hasEngineLabel ? ['engine'] : [])];
    const extra = source.labels.filter((l) => l !== DEFAULT_LABEL).sort();
    const catalogExtra = catalog.filter((l) => !defaults.includes(l));
    return sameList(extra, catalogExtra) ? undefined : `labels: catalog ${list(catalog)}, source default labels + ${list(extra)}`;
  }
  const own = [...source.labels].sort();
  return sameList(own, catalog) ? undefined : `labels: catalog ${list(catalog)}, source ${list(own)}`;
}

function bucketDifference(entry: InventoryEntry, source: SourceMetric, version: string): string | undefined {
  if (source.type !== 'histogram' || entry.def.type !== 'histogram') return undefined;
  const catalog = bucketsAt(entry.def.buckets, version);
  const own = source.buckets ?? undefined;
  if (catalog === undefined && own === undefined) return undefined;
  if (catalog !== undefined && own !== undefined) return sameList(catalog, own) ? undefined : `buckets: catalog ${list(catalog)}, source ${list(own)}`;
  if (catalog === undefined) return `buckets: catalog none (deployment-dependent), source ${list(own!)}`;
  return `buckets: catalog ${list(catalog)}, source ${source.bucketsExpr ?? 'none'} (known only at run time)`;
}

function hiddenDifference(entry: InventoryEntry, source: SourceMetric): string | undefined {
  const catalogHidden = entry.availability.kind === 'hidden';
  if (catalogHidden === source.hidden) return undefined;
  return catalogHidden
    ? `hidden: catalog only with --show-hidden-metrics-for-version, source not behind show_hidden_metrics`
    : `hidden: catalog ${entry.availability.kind}, source only with show_hidden_metrics`;
}

function differencesOf(entry: InventoryEntry, sources: readonly SourceMetric[], version: string): string[] {
  return sources.flatMap((source) => {
    const found = [
      source.type === entry.def.type ? undefined : `type: catalog ${entry.def.type}, source ${source.type}`,
      labelDifference(entry, source, version),
      bucketDifference(entry, source, version),
      hiddenDifference(entry, source),
    ].filter((d): d is string => d !== undefined);
    return found.map((d) => `~ ${entry.name} ${d} (${source.where})`);
  });
}

/** Differences between the catalog of `version` (or of the version the tree says it is) and a tree. */
export function checkCatalog(extract: SourceExtract, requestedVersion?: string): CheckResult {
  const release = requestedVersion ?? extract.version;
  if (release === null || release === undefined) {
    throw new Error('the tree does not say its version (no vllm/_version.py): pass --vllm-version');
  }
  const version = catalogVersionOf(release);
  const skippedDir = otherEngineDir(version);
  const relevant = extract.metrics.filter((m) => !m.where.startsWith(skippedDir));
  const skipped = extract.metrics.length - relevant.length;
  const inventory = catalogFor(version).inventory().filter((m) => m.name.startsWith('vllm:'));
  const byName = new Map<string, SourceMetric[]>();
  for (const m of relevant) byName.set(m.name, [...(byName.get(m.name) ?? []), m]);

  const lines: string[] = [];
  const differences: string[] = [];
  for (const [name, sources] of [...byName].sort(([a], [b]) => compareText(a, b))) {
    const entry = inventory.find((m) => m.name === name);
    if (entry === undefined) {
      const s = sources[0];
      const labels = s.labels === null ? (s.labelsExpr ?? '?') : list(s.labels);
      differences.push(`+ ${name} ${s.type} ${labels} (${s.where}): in the source, not in the catalog for ${version}`);
      continue;
    }
    differences.push(...differencesOf(entry, sources, version));
  }
  for (const entry of inventory.filter((m) => !byName.has(m.name))) {
    differences.push(`- ${entry.name}: in the catalog for ${version} (${entry.availability.kind}), not in the source`);
  }

  const notCompared = [
    ...relevant.filter((m) => m.labels === null).map((m) => `  ${m.name} labels: ${m.labelsExpr} is known only at run time (${m.where})`),
    ...extract.unresolved.filter((u) => !u.where.startsWith(skippedDir)).map((u) => `  a metric ${u.what} only known at run time: ${u.expr} (${u.where})`),
    ...(skipped > 0 ? [`  ${skipped} definition(s) in ${skippedDir}: the catalog models V0 before ${V1_SINCE} and V1 from it`] : []),
  ];
  const source = requestedVersion !== undefined ? `--vllm-version ${requestedVersion}` : `vllm/_version.py says ${extract.version}`;
  lines.push(
    `vLLM source (${source}) against catalog ${version} (releases ${releasesOf(version)}): ${relevant.length} definition(s), ${inventory.length} catalog metric(s)`,
    ...differences,
    ...(notCompared.length > 0 ? ['not compared:', ...notCompared] : []),
    `${differences.length} difference(s)`,
  );
  return { lines, differences: differences.length };
}
