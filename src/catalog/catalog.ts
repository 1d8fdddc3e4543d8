// A view of the catalog for the vLLM versions a fleet runs. Generators ask it for names, labels
// and buckets; for a range of versions every answer must hold for the whole fleet.
import { usesMultiprocessRegistry } from './behaviour.js';
import { bucketsAt } from './buckets.js';
import { CONCEPTS } from './concepts.js';
import { CatalogError } from './errors.js';
import { EXTERNAL_METRICS } from './externals.js';
import { finishedReasonsOver } from './labels.js';
import { DEFAULT_PREFIX, defByBase, findDef, isCreatedSeries, isExternal, PREFIXES } from './lookup.js';
import { METRICS } from './metrics.js';
import type {
  Availability,
  CatalogOptions,
  Concept,
  ExposedMetric,
  Feature,
  InventoryEntry,
  MetricDef,
  MetricPrefix,
  MetricStatus,
} from './types.js';
import {
  catalogVersionOf,
  compareVersions,
  engineOf,
  NEWEST_VERSION,
  OLDEST_VERSION,
  parseVersionSpec,
} from './versions.js';

export interface Catalog {
  /** Catalog versions covered, ascending. */
  readonly versions: readonly string[];
  readonly prefix: MetricPrefix;
  readonly features: Readonly<Partial<Record<Feature, boolean>>>;
  /** Every covered version runs the V0 engine (<= 0.7). */
  readonly isV0Only: boolean;
  /** Every covered version puts `engine` on engine metrics (V1 from 0.8.3). */
  readonly hasEngineLabel: boolean;
  /** Some covered version puts `engine` on engine metrics: a matcher or split on it is useful, and
   *  harmless where the label is absent. */
  readonly anyEngineLabel: boolean;
  /** The servers use Prometheus' multiprocess registry also on V1 (several API servers). */
  readonly multiprocess: boolean;
  /** More than one version is covered: names may differ inside the fleet. */
  readonly mixed: boolean;
  /** vLLM metrics exposed by default in any covered version (enabled features included), by name. */
  metrics(): ExposedMetric[];
  /** HTTP and process metrics exposed in any covered version, by name. */
  externals(): ExposedMetric[];
  /** Every vLLM and external metric a covered version defines, whatever its gate (features, server
   *  flags, hidden metrics), by name: the whole catalog of those versions. */
  inventory(): InventoryEntry[];
  /** Some covered version writes `_created` series (V1 with one API server). */
  readonly createdSeries: boolean;
  /** Accepts `vllm:` or `vllm_` names, bare bases and series suffixes. Version defaults to the
   *  newest covered. `replacement` is a full name with this catalog's prefix. */
  status(nameOrBase: string, version?: string): MetricStatus;
  /** A full series name (this catalog's prefix, or an external name) exposed in a covered version. */
  exposes(name: string): boolean;
  /** When the metric is exposed in `version` (default the newest covered) but deprecated there: since
   *  when, when vLLM hides and removes it, and what replaces it. */
  deprecation(nameOrBase: string, version?: string): Deprecation | undefined;
  /** Covered versions in which the metric is exposed by default, ascending. Throws when unknown. */
  versionsOf(nameOrBase: string): string[];
  /** Full names that provide the concept, newest first; [] when no covered version has it. */
  concept(c: Concept): string[];
  /** Bucket bounds common to every covered version exposing the histogram, so an SLO threshold taken
   *  from them is valid fleet-wide; undefined when they are deployment-dependent in one of those
   *  versions or it is not an exposed histogram. Throws CatalogError for an unknown name. */
  buckets(nameOrBase: string): number[] | undefined;
  /** Labels the series carry in every covered version that exposes it (all covered versions when
   *  none does). Throws CatalogError for an unknown name. */
  labelsOf(nameOrBase: string): string[];
  /** `finished_reason` values of any covered version. */
  finishedReasons(): string[];
  /** Full name of a base (`kv_cache_usage_perc` -> `vllm:kv_cache_usage_perc`); throws if unknown. */
  name(base: string): string;
  metricFor(name: string): MetricDef | undefined;
}

export interface Deprecation {
  readonly since: string;
  readonly hidden?: string;
  readonly removed?: string;
  /** Full name with the catalog's prefix. */
  readonly replacement?: string;
}

function isBefore(version: string, boundary: string | undefined): boolean {
  return boundary === undefined || compareVersions(version, boundary) < 0;
}

/** ENGINE_LABEL_SINCE: PR #13923 gave V1's engine metrics the `engine` label in v0.8.3. */
const ENGINE_LABEL_SINCE = '0.8.3';

function hasEngineLabelAt(version: string): boolean {
  return compareVersions(version, ENGINE_LABEL_SINCE) >= 0;
}

function gapAt(def: MetricDef, version: string): { until: string } | undefined {
  return def.gaps?.find((g) => !isBefore(version, g.from) && isBefore(version, g.until));
}

/** Lifecycle only: ignores features and replacements. */
function lifecycleAt(def: MetricDef, version: string): MetricStatus {
  if (isBefore(version, def.added)) return { kind: 'not-yet', added: def.added };
  if (!isBefore(version, def.removed)) return { kind: 'removed', since: def.removed! };
  const gap = gapAt(def, version);
  if (gap !== undefined) return { kind: 'not-yet', added: gap.until };
  if (!isBefore(version, def.hidden)) return { kind: 'hidden', since: def.hidden! };
  // needs a server flag in every version it exists in: never there by default
  if (def.optIn !== undefined) return { kind: 'hidden', since: def.added };
  return { kind: 'exposed' };
}

function isGatedAt(def: MetricDef, version: string): boolean {
  return def.feature !== undefined && !isBefore(version, def.featureSince ?? def.added);
}

function isDeprecatedAt(def: MetricDef, version: string): boolean {
  return !isBefore(version, def.deprecated);
}

function intersect<T>(lists: readonly (readonly T[])[]): T[] {
  const [first = [], ...rest] = lists;
  return first.filter((x) => rest.every((l) => l.includes(x)));
}

function labelsAt(def: MetricDef, version: string): string[] {
  const later = (def.labelsSince ?? []).filter(([, since]) => !isBefore(version, since)).map(([label]) => label);
  if (def.noDefaultLabels) return [...def.extraLabels, ...later];
  const defaults = hasEngineLabelAt(version) ? ['model_name', 'engine'] : ['model_name'];
  return [...defaults, ...def.extraLabels, ...later];
}

function versionsOfSpec(spec: string | { versions: readonly string[] }): string[] {
  if (typeof spec === 'string') return parseVersionSpec(spec).versions;
  const versions = [...new Set(spec.versions.map(catalogVersionOf))].sort(compareVersions);
  if (versions.length === 0) {
    throw new CatalogError(`no vLLM version given; known versions are ${OLDEST_VERSION} … ${NEWEST_VERSION}`);
  }
  return versions;
}

function unknownMetric(name: string): CatalogError {
  return new CatalogError(`unknown vLLM metric "${name}"; run \`vllm-obs metrics\` to list the known ones`);
}

function checkPrefix(prefix: string): MetricPrefix {
  const known = PREFIXES.find((p) => p === prefix);
  if (known === undefined) {
    throw new CatalogError(`unknown metric prefix "${prefix}"; use ${PREFIXES.map((p) => `"${p}"`).join(' or ')}`);
  }
  return known;
}

class VersionedCatalog implements Catalog {
  readonly isV0Only: boolean;
  readonly hasEngineLabel: boolean;
  readonly anyEngineLabel: boolean;
  readonly createdSeries: boolean;
  readonly mixed: boolean;

  constructor(
    readonly versions: readonly string[],
    readonly prefix: MetricPrefix,
    readonly features: Readonly<Partial<Record<Feature, boolean>>>,
    readonly multiprocess: boolean,
  ) {
    this.isV0Only = versions.every((v) => engineOf(v) === 'v0');
    this.hasEngineLabel = versions.every(hasEngineLabelAt);
    this.anyEngineLabel = versions.some(hasEngineLabelAt);
    this.createdSeries = versions.some((v) => !this.isMultiprocessAt(v));
    this.mixed = versions.length > 1;
  }

  metrics(): ExposedMetric[] {
    return this.exposedFrom(METRICS);
  }

  externals(): ExposedMetric[] {
    return this.exposedFrom(EXTERNAL_METRICS);
  }

  inventory(): InventoryEntry[] {
    return [...METRICS, ...EXTERNAL_METRICS]
      .map((def) => ({ def, versions: this.versions.filter((v) => this.availabilityAt(def, v) !== undefined) }))
      .filter(({ versions }) => versions.length > 0)
      .map(({ def, versions }) => ({
        def,
        name: this.fullName(def),
        labels: this.labelsOver(def, versions),
        versions,
        availability: this.availabilityAt(def, versions[versions.length - 1])!,
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  status(nameOrBase: string, version?: string): MetricStatus {
    const def = findDef(nameOrBase, PREFIXES, true);
    if (def === undefined) return { kind: 'unknown' };
    const at = version === undefined ? this.newest : catalogVersionOf(version);
    const status = this.statusAt(def, at);
    const registryOnly = def.singleProcessOnly === true || isCreatedSeries(nameOrBase, def);
    return status.kind === 'exposed' && registryOnly && this.isMultiprocessAt(at) ? { kind: 'multiprocess' } : status;
  }

  deprecation(nameOrBase: string, version?: string): Deprecation | undefined {
    const def = findDef(nameOrBase, PREFIXES, true);
    if (def === undefined || def.deprecated === undefined) return undefined;
    const at = version === undefined ? this.newest : catalogVersionOf(version);
    if (!isDeprecatedAt(def, at) || lifecycleAt(def, at).kind !== 'exposed') return undefined;
    return {
      since: def.deprecated,
      hidden: def.hidden,
      removed: def.removed,
      replacement: def.replacedBy === undefined ? undefined : this.fullName(this.require(def.replacedBy)),
    };
  }

  exposes(name: string): boolean {
    const def = findDef(name, [this.prefix], false);
    if (def === undefined) return false;
    const versions = this.exposedVersions(def);
    // the multiprocess registry writes no `_created` (V0, several API servers)
    return isCreatedSeries(name, def) ? versions.some((v) => !this.isMultiprocessAt(v)) : versions.length > 0;
  }

  versionsOf(nameOrBase: string): string[] {
    return this.exposedVersions(this.require(nameOrBase));
  }

  concept(c: Concept): string[] {
    const candidates = CONCEPTS[c].map((base) => this.require(base));
    const names = [...this.versions]
      .reverse()
      .map((v) => this.pick(candidates, v))
      .filter((def): def is MetricDef => def !== undefined)
      .map((def) => this.fullName(def));
    return [...new Set(names)];
  }

  buckets(nameOrBase: string): number[] | undefined {
    const def = this.require(nameOrBase);
    if (def.type !== 'histogram') return undefined;
    const perVersion = this.exposedVersions(def).map((v) => bucketsAt(def.buckets, v));
    if (perVersion.length === 0 || perVersion.some((b) => b === undefined)) return undefined;
    return intersect(perVersion as (readonly number[])[]);
  }

  labelsOf(nameOrBase: string): string[] {
    const def = this.require(nameOrBase);
    const exposed = this.exposedVersions(def);
    return this.labelsOver(def, exposed.length > 0 ? exposed : this.versions);
  }

  finishedReasons(): string[] {
    return finishedReasonsOver(this.versions);
  }

  name(base: string): string {
    const def = defByBase(base);
    if (def === undefined) throw unknownMetric(base);
    return this.fullName(def);
  }

  metricFor(name: string): MetricDef | undefined {
    return findDef(name, PREFIXES, true);
  }

  private get newest(): string {
    return this.versions[this.versions.length - 1];
  }

  private require(nameOrBase: string): MetricDef {
    const def = this.metricFor(nameOrBase);
    if (def === undefined) throw unknownMetric(nameOrBase);
    return def;
  }

  private fullName(def: MetricDef): string {
    return isExternal(def) ? def.base : this.prefix + def.base;
  }

  private isEnabled(feature: Feature | undefined): boolean {
    return feature === undefined || this.features[feature] === true;
  }

  private isMultiprocessAt(version: string): boolean {
    return this.multiprocess || usesMultiprocessRegistry(version, 1);
  }

  /** How the metric can be there in `version`; undefined when the version does not define it. */
  private availabilityAt(def: MetricDef, version: string): Availability | undefined {
    if (def.singleProcessOnly && this.isMultiprocessAt(version)) return undefined;
    const status = lifecycleAt(def, version);
    if (status.kind === 'exposed') return isGatedAt(def, version) ? { kind: 'feature', feature: def.feature! } : { kind: 'default' };
    if (status.kind !== 'hidden') return undefined;
    return def.optIn !== undefined && status.since === def.added ? { kind: 'flag', flag: def.optIn } : { kind: 'hidden', since: status.since };
  }

  private statusAt(def: MetricDef, version: string): MetricStatus {
    const status = lifecycleAt(def, version);
    if (status.kind === 'exposed' && isGatedAt(def, version) && !this.isEnabled(def.feature)) {
      return { kind: 'feature', feature: def.feature! };
    }
    if ((status.kind === 'hidden' || status.kind === 'removed') && def.replacedBy !== undefined) {
      return { ...status, replacement: this.replacementAt(def.replacedBy, version) };
    }
    return status;
  }

  /** Follows renames (gpu_prefix_cache_hit_rate -> gpu_prefix_cache_hits_total -> prefix_cache_hits_total)
   *  to the one exposed in `version`; the last of the chain when none is. */
  private replacementAt(base: string, version: string): string {
    const def = this.require(base);
    if (def.replacedBy !== undefined && lifecycleAt(def, version).kind !== 'exposed') {
      return this.replacementAt(def.replacedBy, version);
    }
    return this.fullName(def);
  }

  private isExposedAt(def: MetricDef, version: string): boolean {
    if (def.singleProcessOnly && this.isMultiprocessAt(version)) return false;
    return this.statusAt(def, version).kind === 'exposed';
  }

  private exposedVersions(def: MetricDef): string[] {
    return this.versions.filter((v) => this.isExposedAt(def, v));
  }

  /** The version's name for a concept: prefer a metric that is not deprecated, then list order. */
  private pick(candidates: readonly MetricDef[], version: string): MetricDef | undefined {
    const exposed = candidates.filter((def) => this.isExposedAt(def, version));
    return exposed.find((def) => !isDeprecatedAt(def, version)) ?? exposed[0];
  }

  private labelsOver(def: MetricDef, versions: readonly string[]): string[] {
    return intersect(versions.map((v) => labelsAt(def, v)));
  }

  private exposedFrom(defs: readonly MetricDef[]): ExposedMetric[] {
    return defs
      .map((def) => ({ def, versions: this.exposedVersions(def) }))
      .filter(({ versions }) => versions.length > 0)
      .map(({ def, versions }) => ({
        def,
        name: this.fullName(def),
        labels: this.labelsOver(def, versions),
        versions,
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/** The catalog for a version spec (see parseVersionSpec) or an explicit list of versions. */
export function catalogFor(spec: string | { versions: readonly string[] }, opts: CatalogOptions = {}): Catalog {
  const prefix = checkPrefix(opts.prefix ?? DEFAULT_PREFIX);
  return new VersionedCatalog(Object.freeze(versionsOfSpec(spec)), prefix, Object.freeze({ ...opts.features }), opts.multiprocess ?? false);
}
