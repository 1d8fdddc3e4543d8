// Output of `vllm-obs metrics [--vllm-version X] [--json]`: the whole catalog of the versions, every
// metric a covered release defines, each marked with what it takes to be there (a feature, a server
// flag, or --show-hidden-metrics-for-version), and the behaviour facts monitoring depends on.
import { deadEngineHealth, usesMultiprocessRegistry } from './behaviour.js';
import { bucketsAt } from './buckets.js';
import type { Catalog } from './catalog.js';
import { FEATURE_SWITCHES } from './features.js';
import type { Availability, Feature, InventoryEntry } from './types.js';
import { compareVersions, releasesOf } from './versions.js';

interface MetricEntry {
  name: string;
  type: string;
  labels: readonly string[];
  unit: string;
  help: string;
  versions: readonly string[];
  availability: Availability['kind'];
  added: string;
  deprecated?: string;
  hidden?: string;
  removed?: string;
  replacedBy?: string;
  feature?: Feature;
  flag?: string;
  buckets?: number[];
  note?: string;
  source: string;
}

/** Bounds common to every listed version; undefined where one of them depends on the deployment. */
function bucketsOver(entry: InventoryEntry): number[] | undefined {
  if (entry.def.type !== 'histogram') return undefined;
  const lists = entry.versions.map((v) => bucketsAt(entry.def.buckets, v));
  if (lists.some((b) => b === undefined)) return undefined;
  const [first, ...rest] = lists as (readonly number[])[];
  return first.filter((b) => rest.every((l) => l.includes(b)));
}

function entryOf(cat: Catalog, m: InventoryEntry): MetricEntry {
  const { def, availability } = m;
  // fixed key order keeps the JSON stable for diffs; undefined keys are dropped by stringify
  return {
    name: m.name,
    type: def.type,
    labels: m.labels,
    unit: def.unit,
    help: def.help,
    versions: m.versions,
    availability: availability.kind,
    added: def.added,
    deprecated: def.deprecated,
    hidden: def.hidden,
    removed: def.removed,
    replacedBy: def.replacedBy === undefined ? undefined : cat.name(def.replacedBy),
    feature: availability.kind === 'feature' ? availability.feature : undefined,
    flag: availability.kind === 'flag' ? availability.flag : undefined,
    buckets: bucketsOver(m),
    note: def.note,
    source: def.source,
  };
}

function enabledFeatures(cat: Catalog): Feature[] {
  return (Object.keys(cat.features) as Feature[]).filter((f) => cat.features[f] === true).sort();
}

interface VersionFacts {
  releases: string;
  deadEngineHealth: string;
  processMetrics: boolean;
  createdSeries: boolean;
}

function factsOf(cat: Catalog, version: string): VersionFacts {
  const health = deadEngineHealth(version);
  const singleProcess = !cat.multiprocess && !usesMultiprocessRegistry(version, 1);
  return {
    releases: releasesOf(version),
    deadEngineHealth: health.exits ? `${health.status}, then the server exits` : String(health.status),
    processMetrics: singleProcess,
    createdSeries: singleProcess,
  };
}

function isExternalName(cat: Catalog, m: InventoryEntry): boolean {
  return !m.name.startsWith(cat.prefix);
}

function formatJson(cat: Catalog): string {
  const inventory = cat.inventory();
  const doc = {
    vllmVersions: cat.versions,
    versionFacts: Object.fromEntries(cat.versions.map((v) => [v, factsOf(cat, v)])),
    prefix: cat.prefix,
    features: enabledFeatures(cat),
    finishedReasons: cat.finishedReasons(),
    metrics: inventory.filter((m) => !isExternalName(cat, m)).map((m) => entryOf(cat, m)),
    external: inventory.filter((m) => isExternalName(cat, m)).map((m) => entryOf(cat, m)),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function isAfter(a: string | undefined, b: string): boolean {
  return a !== undefined && compareVersions(a, b) > 0;
}

function gateNote(availability: Availability): string | undefined {
  if (availability.kind === 'feature') return `feature ${availability.feature} (${FEATURE_SWITCHES[availability.feature]})`;
  if (availability.kind === 'flag') return `flag ${availability.flag}`;
  return undefined;
}

/** What a reader of the table must know: when it appeared, whether it is on its way out, what to use
 *  instead, and what it takes to be there. */
function notesOf(cat: Catalog, m: InventoryEntry): string {
  const { def, availability } = m;
  const first = cat.versions[0];
  const last = cat.versions[cat.versions.length - 1];
  const notes: string[] = [];
  if (isAfter(def.added, first)) notes.push(`since ${def.added}`);
  if (def.deprecated !== undefined && !isAfter(def.deprecated, last)) notes.push(`deprecated ${def.deprecated}`);
  const status = cat.status(m.name, last);
  const hidden = availability.kind === 'hidden' ? availability.since : status.kind === 'hidden' && def.optIn === undefined ? status.since : undefined;
  if (hidden !== undefined) notes.push(`hidden ${hidden} (--show-hidden-metrics-for-version)`);
  if (status.kind === 'removed') notes.push(`removed ${status.since}`);
  if (def.replacedBy !== undefined && notes.some((n) => !n.startsWith('since'))) notes.push(`use ${cat.name(def.replacedBy)}`);
  const gate = gateNote(availability);
  if (gate !== undefined) notes.push(gate);
  if (def.singleProcessOnly) notes.push('absent with more than one API server (multiprocess registry)');
  return notes.join('; ');
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  return rows.map((r) => r.map((cell, col) => cell.padEnd(widths[col])).join('  ').trimEnd());
}

function section(cat: Catalog, metrics: InventoryEntry[]): string[] {
  const header = ['NAME', 'TYPE', 'LABELS', 'UNIT', 'NOTES'];
  return table([header, ...metrics.map((m) => [m.name, m.def.type, m.labels.join(',') || '-', m.def.unit, notesOf(cat, m)])]);
}

function titleOf(cat: Catalog, vllm: InventoryEntry[]): string {
  const first = cat.versions[0];
  const last = cat.versions[cat.versions.length - 1];
  const versions = cat.mixed ? `${first} … ${last} (releases ${releasesOf(first).split('–')[0]} … ${releasesOf(last).split('–').at(-1)})` : `${first} (releases ${releasesOf(first)})`;
  const gated = vllm.filter((m) => m.availability.kind !== 'default').length;
  const features = enabledFeatures(cat);
  const withFeatures = features.length > 0 ? `, features: ${features.join(', ')}` : '';
  return `vLLM ${versions}: ${vllm.length} metrics, ${vllm.length - gated} by default and ${gated} behind a feature or flag, prefix "${cat.prefix}"${withFeatures}`;
}

function factLines(cat: Catalog): string[] {
  return cat.versions.map((v) => {
    const f = factsOf(cat, v);
    const registry = f.processMetrics ? 'process_* and _created series present' : 'no process_* and no _created series (multiprocess registry)';
    return `  ${v}: /health on a dead engine answers ${f.deadEngineHealth}; ${registry}`;
  });
}

function formatText(cat: Catalog): string {
  const inventory = cat.inventory();
  const vllm = inventory.filter((m) => !isExternalName(cat, m));
  const lines = [
    titleOf(cat, vllm),
    ...factLines(cat),
    '',
    ...section(cat, vllm),
    '',
    'Also on /metrics (no prefix):',
    ...section(cat, inventory.filter((m) => isExternalName(cat, m))),
    '',
    `finished_reason values: ${cat.finishedReasons().join(', ')}`,
  ];
  return `${lines.join('\n')}\n`;
}

export function formatCatalog(cat: Catalog, json: boolean): string {
  return json ? formatJson(cat) : formatText(cat);
}
