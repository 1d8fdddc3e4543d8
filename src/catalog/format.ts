// Output of `vllm-obs metrics [--vllm-version X] [--json]`.
import type { Catalog } from './catalog.js';
import { compareVersions } from './versions.js';
import type { ExposedMetric, Feature } from './types.js';

interface MetricEntry {
  name: string;
  type: string;
  labels: readonly string[];
  unit: string;
  help: string;
  versions: readonly string[];
  added: string;
  deprecated?: string;
  hidden?: string;
  removed?: string;
  replacedBy?: string;
  feature?: Feature;
  buckets?: number[];
  note?: string;
  source: string;
}

function entryOf(cat: Catalog, m: ExposedMetric): MetricEntry {
  const { def } = m;
  // fixed key order keeps the JSON stable for diffs; undefined keys are dropped by stringify
  return {
    name: m.name,
    type: def.type,
    labels: m.labels,
    unit: def.unit,
    help: def.help,
    versions: m.versions,
    added: def.added,
    deprecated: def.deprecated,
    hidden: def.hidden,
    removed: def.removed,
    replacedBy: def.replacedBy === undefined ? undefined : cat.name(def.replacedBy),
    feature: def.feature,
    buckets: cat.buckets(m.name),
    note: def.note,
    source: def.source,
  };
}

function enabledFeatures(cat: Catalog): Feature[] {
  return (Object.keys(cat.features) as Feature[]).filter((f) => cat.features[f] === true).sort();
}

function formatJson(cat: Catalog): string {
  const doc = {
    vllmVersions: cat.versions,
    prefix: cat.prefix,
    features: enabledFeatures(cat),
    finishedReasons: cat.finishedReasons(),
    metrics: cat.metrics().map((m) => entryOf(cat, m)),
    external: cat.externals().map((m) => entryOf(cat, m)),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function isAfter(a: string | undefined, b: string): boolean {
  return a !== undefined && compareVersions(a, b) > 0;
}

/** What a reader of the table must know: when it appeared, whether it is on its way out, and what
 *  to use instead. */
function notesOf(cat: Catalog, m: ExposedMetric): string {
  const { def } = m;
  const first = cat.versions[0];
  const last = cat.versions[cat.versions.length - 1];
  const notes: string[] = [];
  if (isAfter(def.added, first)) notes.push(`since ${def.added}`);
  if (def.deprecated !== undefined && !isAfter(def.deprecated, last)) notes.push(`deprecated ${def.deprecated}`);
  const status = cat.status(m.name, last);
  if (status.kind === 'hidden' || status.kind === 'removed') notes.push(`${status.kind} ${status.since}`);
  if (def.replacedBy !== undefined && notes.some((n) => !n.startsWith('since'))) notes.push(`use ${cat.name(def.replacedBy)}`);
  if (def.feature !== undefined) notes.push(`feature ${def.feature}`);
  return notes.join('; ');
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  return rows.map((r) => r.map((cell, col) => cell.padEnd(widths[col])).join('  ').trimEnd());
}

function section(cat: Catalog, metrics: ExposedMetric[]): string[] {
  const header = ['NAME', 'TYPE', 'LABELS', 'UNIT', 'NOTES'];
  return table([header, ...metrics.map((m) => [m.name, m.def.type, m.labels.join(',') || '-', m.def.unit, notesOf(cat, m)])]);
}

function titleOf(cat: Catalog): string {
  const versions = cat.mixed ? `${cat.versions[0]} … ${cat.versions[cat.versions.length - 1]}` : cat.versions[0];
  const features = enabledFeatures(cat);
  const withFeatures = features.length > 0 ? `, features: ${features.join(', ')}` : '';
  return `vLLM ${versions}: ${cat.metrics().length} metrics, prefix "${cat.prefix}"${withFeatures}`;
}

function formatText(cat: Catalog): string {
  const lines = [
    titleOf(cat),
    '',
    ...section(cat, cat.metrics()),
    '',
    'Also on /metrics (no prefix):',
    ...section(cat, cat.externals()),
    '',
    `finished_reason values: ${cat.finishedReasons().join(', ')}`,
  ];
  return `${lines.join('\n')}\n`;
}

export function formatCatalog(cat: Catalog, json: boolean): string {
  return json ? formatJson(cat) : formatText(cat);
}
