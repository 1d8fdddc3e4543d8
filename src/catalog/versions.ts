// Catalog versions and version specs. A catalog version stands for every vLLM release from itself up
// to (not including) the next catalog version of the same minor: "0.9.2" covers 0.9.2–0.9.x, "0.8"
// covers 0.8.0–0.8.2. Patch versions are listed only where the metric surface changed inside a
// minor (checked against vLLM's source at the release tags, see docs/catalog-audit.md).
//
// Facts known only from a merge date on main are pinned to the first release known to be cut after
// that date (additions) or the last one known to be cut before it (removals), so the catalog never
// claims a series before it surely exists. Anchors: v0.11.0 ≈ main 2025-09-30, v0.12.0 ≈ d7284a2
// (early 2025-12), v0.13.0 2025-12-19, v0.15 after 2026-01-20 (PR #32661 names it), v0.16 ≈ 4c078fa
// (after 2026-02-04), v0.17 ≈ 2026-03, v0.20 ≈ main 2026-05-20, v0.23 ≈ 2026-06, v0.27 ≈ main
// 2026-08-17 (v0.27.1 still lacks PR #48798 of 2026-08-10), v0.30.0 ≈ 2026-09-23.
import { CatalogError } from './errors.js';
import type { EngineKind } from './types.js';

const LAST_MINOR = 30;

function minorsFrom(first: number, last: number): string[] {
  return Array.from({ length: last - first + 1 }, (_, i) => `0.${first + i}`);
}

/** Ascending. Inside a minor: 0.6.3 dropped `request_params_best_of`; 0.6.4 brought the request-phase
 *  histograms and `iteration_tokens_total` (PR #4464) and the 0.3–60 s request-latency buckets;
 *  0.8.3 the `engine` label (PR #13923) and V1's spec-decode counters (PR #15151); 0.8.4 the long
 *  TTFT/TPOT/request-latency buckets (PR #15202); 0.8.5 the HTTP metrics by default (PR #15894) and
 *  the spec-decode drafts counters (PR #16665); 0.9.2 `kv_cache_usage_perc` and `prefix_cache_*`
 *  (PR #18354). */
export const KNOWN_VERSIONS: readonly string[] = Object.freeze([
  '0.6',
  '0.6.3',
  '0.6.4',
  '0.7',
  '0.8',
  '0.8.3',
  '0.8.4',
  '0.8.5',
  '0.9',
  '0.9.2',
  ...minorsFrom(10, LAST_MINOR),
]);

export const OLDEST_VERSION = KNOWN_VERSIONS[0];
export const NEWEST_VERSION = KNOWN_VERSIONS[KNOWN_VERSIONS.length - 1];

/** V1 is the default engine from 0.8.0 (reference §3); the catalog models V0 only up to 0.7. */
export const V1_SINCE = '0.8';

const VERSION_RE = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/;
const RANGE_EXAMPLE = '">=0.10 <0.13"';

function parts(version: string): number[] {
  return version.split('.').map(Number);
}

/** Numeric comparison; missing parts count as 0, so "0.11" equals "0.11.0". */
export function compareVersions(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function engineOf(version: string): EngineKind {
  return compareVersions(version, V1_SINCE) < 0 ? 'v0' : 'v1';
}

function minorOf(version: string): string {
  const [major, minor] = parts(version);
  return `${major}.${minor}`;
}

/** First release after everything catalog version `c` stands for. */
function upperBoundOf(c: string): string {
  const i = KNOWN_VERSIONS.indexOf(c);
  const next = KNOWN_VERSIONS[i + 1];
  const [major, minor] = parts(c);
  const nextMinor = `${major}.${minor + 1}`;
  return next !== undefined && compareVersions(next, nextMinor) < 0 ? next : nextMinor;
}

/** The releases a catalog version stands for, e.g. "0.6.0–0.6.2", "0.8.3", "0.9.2–0.9.x". */
export function releasesOf(c: string): string {
  const [major, minor, patch = 0] = parts(c);
  const upper = upperBoundOf(c);
  const [, upperMinor, upperPatch = 0] = parts(upper);
  if (upperMinor !== minor) return `${major}.${minor}.${patch}–${major}.${minor}.x`;
  const last = `${major}.${minor}.${upperPatch - 1}`;
  return upperPatch - 1 === patch ? last : `${major}.${minor}.${patch}–${last}`;
}

function unknownVersion(raw: string): CatalogError {
  return new CatalogError(
    `unknown vLLM version "${raw}"; known versions are ${OLDEST_VERSION} … ${NEWEST_VERSION}, or a range such as ${RANGE_EXAMPLE}`,
  );
}

/** "v0.11.2" -> "0.11.2"; throws on anything that is not MAJOR.MINOR[.PATCH]. */
function normalise(raw: string): string {
  const m = VERSION_RE.exec(raw);
  if (!m) throw unknownVersion(raw);
  return m[3] === undefined ? `${m[1]}.${m[2]}` : `${m[1]}.${m[2]}.${m[3]}`;
}

/** The first release after everything the catalog knows (0.31 when the newest is 0.30). */
export function firstReleaseAfterCatalog(): string {
  return upperBoundOf(NEWEST_VERSION);
}

/** A release vLLM shipped after the catalog was written: charted with the newest catalog version's
 *  metrics (vLLM rarely drops a metric without a deprecation period), with a warning. */
export function isNewerThanCatalog(raw: string): boolean {
  return VERSION_RE.test(raw.trim()) && compareVersions(normalise(raw.trim()), firstReleaseAfterCatalog()) >= 0;
}

/** The catalog version that stands for a release: the greatest catalog version <= it in the same
 *  minor; the newest one for releases after the catalog. */
export function catalogVersionOf(raw: string): string {
  const v = normalise(raw.trim());
  if (isNewerThanCatalog(v)) return NEWEST_VERSION;
  const candidates = KNOWN_VERSIONS.filter(
    (c) => minorOf(c) === minorOf(v) && compareVersions(c, v) <= 0,
  );
  const found = candidates[candidates.length - 1];
  if (found === undefined) throw unknownVersion(raw.trim());
  return found;
}

type Predicate = (c: string) => boolean;

function isPartial(v: string): boolean {
  return parts(v).length < 3;
}

/** The first release after `v`; a partial version means the whole minor, as in npm's semver
 *  (">0.11" is ">=0.12", "<=0.7" is "<0.8"). */
function after(v: string): string {
  const [major, minor, patch] = parts(v);
  return isPartial(v) ? `${major}.${minor + 1}` : `${major}.${minor}.${patch + 1}`;
}

/** Lower bounds keep a catalog version when some release it stands for is >= the bound. */
function atLeast(bound: string): Predicate {
  return (c) => compareVersions(upperBoundOf(c), bound) > 0;
}

function below(bound: string): Predicate {
  return (c) => compareVersions(c, bound) < 0;
}

function comparator(op: string, raw: string): Predicate {
  const v = normalise(raw);
  switch (op) {
    case '>=':
      return atLeast(v);
    case '>':
      return atLeast(after(v));
    case '<':
      return below(v);
    case '<=':
      return below(after(v));
    default: {
      const exact = catalogVersionOf(v);
      return (c) => c === exact;
    }
  }
}

const TOKEN_RE = /^(>=|<=|>|<|=)?(.+)$/;

function tokenize(raw: string): string[] {
  // ">= 0.10" is written with a space often enough; glue operators to their operand
  return raw
    .replace(/(>=|<=|>|<|=)\s+/g, '$1')
    .split(/[\s,]+/)
    .filter((t) => t.length > 0);
}

function predicatesOf(raw: string): Predicate[] {
  const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(raw);
  if (hyphen) return [comparator('>=', hyphen[1]), comparator('<=', hyphen[2])];
  return tokenize(raw).map((token) => {
    const m = TOKEN_RE.exec(token)!;
    return comparator(m[1] ?? '=', m[2]);
  });
}

export interface VersionSpec {
  readonly raw: string;
  /** Catalog versions covered, ascending. */
  readonly versions: string[];
  /** The spec admits releases after the catalog; they are charted as its newest version. */
  readonly newerThanCatalog: boolean;
}

/** Whether the comparators of a spec admit one release (not a catalog version). */
function admitsRelease(raw: string, release: string): boolean {
  const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(raw);
  const tokens = hyphen ? [`>=${hyphen[1]}`, `<=${hyphen[2]}`] : tokenize(raw);
  return tokens.every((token) => {
    const [, op = '=', operand] = TOKEN_RE.exec(token)!;
    const v = normalise(operand);
    switch (op) {
      case '>=':
        return compareVersions(release, v) >= 0;
      case '>':
        return compareVersions(release, after(v)) >= 0;
      case '<':
        return compareVersions(release, v) < 0;
      case '<=':
        return compareVersions(release, after(v)) < 0;
      default:
        return isPartial(v) ? minorOf(release) === minorOf(v) : compareVersions(release, v) === 0;
    }
  });
}

/** Releases after the catalog that a spec names. */
function laterReleasesNamed(raw: string): string[] {
  return (raw.match(/\d+\.\d+(?:\.\d+)?/g) ?? []).filter(isNewerThanCatalog);
}

/**
 * Accepts an exact version ("0.11", "0.11.2" -> "0.11", "0.9.3" -> "0.9.2") or a range of
 * space-separated comparators ANDed together (">=0.10 <0.13", ">=0.9.2", "<=0.7") or a hyphen
 * range ("0.10 - 0.12", both ends inclusive). Throws CatalogError for unknown versions and for
 * ranges that cover no catalog version.
 */
export function parseVersionSpec(raw: string): VersionSpec {
  const spec = raw.trim();
  if (spec === '') throw unknownVersion(raw);
  const predicates = predicatesOf(spec);
  const versions = KNOWN_VERSIONS.filter((c) => predicates.every((p) => p(c)));
  // An open range (">=0.10") only says "and whatever comes next"; a spec that names a later release
  // (or admits nothing the catalog knows, as ">0.30") is about a release the catalog has not seen.
  const named = laterReleasesNamed(spec);
  const admitsLater = [firstReleaseAfterCatalog(), ...named].some((release) => admitsRelease(spec, release));
  const newerThanCatalog = admitsLater && (named.length > 0 || versions.length === 0);
  if (newerThanCatalog && !versions.includes(NEWEST_VERSION)) versions.push(NEWEST_VERSION);
  if (versions.length === 0) {
    throw new CatalogError(
      `vLLM version range "${spec}" matches no known version; known versions are ${OLDEST_VERSION} … ${NEWEST_VERSION}`,
    );
  }
  return { raw: spec, versions, newerThanCatalog };
}
