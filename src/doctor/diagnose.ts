// What a live server tells about itself: its vLLM version (reported by /version or inferred from the
// metric set), optional subsystems, engines and models, the catalog metrics it has and lacks, and
// the problems that would leave dashboards empty or alerts blind.
import {
  catalogFor,
  catalogVersionOf,
  compareVersions,
  KNOWN_VERSIONS,
  METRICS,
  NEWEST_VERSION,
  OLDEST_VERSION,
  PREFIX_ORIGINS,
  type Catalog,
  type Feature,
  type MetricDef,
  type MetricPrefix,
} from '../catalog/index.js';
import { LABEL } from '../model/conventions.js';
import { ExpositionError, parseExposition, type Exposition } from './exposition.js';
import { printable } from '../text.js';
import { baseUrl, BODY_LIMITS, get, ProbeError, ProbeLimitError, rootOf, timeoutProblem, type ProbeResponse } from './probe.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  readonly severity: Severity;
  readonly message: string;
}

export interface Diagnosis {
  readonly url: string;
  /** `host:port` of the server, as a Prometheus target. */
  readonly target: string;
  readonly scheme: 'http' | 'https';
  /** /health status code, or undefined when it did not answer. */
  readonly health?: number;
  /** What /version said, verbatim. */
  readonly reportedVersion?: string;
  /** The catalog version the diagnosis uses. */
  readonly version: string;
  readonly versionSource: 'reported' | 'inferred';
  /** Catalog versions whose default metric set matches the server equally well (inferred only). */
  readonly versionCandidates: readonly string[];
  readonly prefix: MetricPrefix;
  readonly models: readonly string[];
  /** Data-parallel engines per model (the `engine` label values); 1 on V0. */
  readonly engines: readonly string[];
  /** Optional subsystems whose metrics are present. */
  readonly features: readonly Feature[];
  readonly httpMetrics: boolean;
  /** Catalog metrics of this version (with the detected features) that the server exposes. */
  readonly present: readonly string[];
  readonly missing: readonly string[];
  /** Prefixed families the catalog does not list for this version (newer, hidden or foreign). */
  readonly unexpected: readonly string[];
  /** Those the catalog does not know in any version, as the server describes them: what a maintainer
   *  needs to add them to src/catalog/metrics.ts. */
  readonly unknown: readonly UnknownMetric[];
  readonly findings: readonly Finding[];
}

export interface UnknownMetric {
  readonly name: string;
  /** From the family's # TYPE line ("untyped" without one). */
  readonly type: string;
  /** Label names seen on its samples, `le` and `quantile` left out, sorted. */
  readonly labels: readonly string[];
}

const FEATURE_OF = new Map<string, Feature>(METRICS.filter((m) => m.feature).map((m) => [m.base, m.feature!]));

/** The catalog read at the newest version: used only to resolve any known name to its definition. */
const ANY = catalogFor(NEWEST_VERSION);

interface VllmFamily {
  readonly name: string;
  readonly prefix: string;
  readonly def: MetricDef;
}

/** Families named like a vLLM engine metric (either prefix), with their definitions. */
function vllmFamilies(exposition: Exposition): VllmFamily[] {
  const externals = new Set(ANY.externals().map((m) => m.def));
  return [...exposition.families.values()]
    // OpenMetrics-style TYPE lines name a counter without its `_total`; its samples keep it
    .map((f) => (f.type === 'counter' && !f.name.endsWith('_total') ? `${f.name}_total` : f.name))
    .map((name) => ({ name, def: ANY.metricFor(name) }))
    .filter((f): f is { name: string; def: MetricDef } => f.def !== undefined && !externals.has(f.def))
    .filter((f) => f.name.endsWith(f.def.base))
    .map((f) => ({ ...f, prefix: f.name.slice(0, f.name.length - f.def.base.length) }));
}

const BUCKET_LABELS = new Set(['le', 'quantile']);

/** Prefixed families whose base the catalog has never heard of (router metrics, newer vLLM). */
function unknownFamilies(exposition: Exposition, prefix: string): UnknownMetric[] {
  return [...exposition.families.values()]
    .filter((f) => f.name.startsWith(prefix) && !f.name.endsWith('_created') && ANY.metricFor(f.name) === undefined)
    .map((f) => ({
      name: f.name,
      type: f.type,
      labels: [...new Set(f.samples.flatMap((s) => Object.keys(s.labels)).filter((l) => !BUCKET_LABELS.has(l)))].sort(),
    }));
}

function distinct(exposition: Exposition, names: ReadonlySet<string>, label: string): string[] {
  const values = exposition.samples.filter((s) => names.has(s.name) || names.has(familyOf(s.name))).map((s) => s.labels[label]);
  return [...new Set(values.filter((v): v is string => v !== undefined))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

function familyOf(sample: string): string {
  return sample.replace(/_(bucket|count|sum)$/, '');
}

/** "0.11.0rc2.dev12+gabc" -> catalog version, clamped into the catalog's range with a finding. */
function catalogVersionOfRelease(reported: string, findings: Finding[]): string | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(reported.trim());
  if (!m) {
    findings.push({ severity: 'warning', message: `/version answered "${reported}", which is not a version; inferring it from the metrics` });
    return undefined;
  }
  const release = `${m[1]}.${m[2]}.${m[3] ?? '0'}`;
  if (compareVersions(release, NEWEST_VERSION) > 0) {
    findings.push({ severity: 'warning', message: `vLLM ${release} is newer than the catalog (newest ${NEWEST_VERSION}); using ${NEWEST_VERSION}: metrics added since are not charted` });
    return NEWEST_VERSION;
  }
  if (compareVersions(release, OLDEST_VERSION) < 0) {
    findings.push({ severity: 'warning', message: `vLLM ${release} is older than the catalog (oldest ${OLDEST_VERSION}); using ${OLDEST_VERSION}` });
    return OLDEST_VERSION;
  }
  return catalogVersionOf(release);
}

/** Number of items in exactly one of the two lists. */
function mismatches(a: readonly string[], b: readonly string[]): number {
  return a.filter((x) => !b.includes(x)).length + b.filter((x) => !a.includes(x)).length;
}

/** How far a version is from what the server shows: its default metric set, and on V1 (which
 *  creates every finished_reason series up front) its finished reasons. */
function distance(catalog: Catalog, present: ReadonlySet<string>, reasons: readonly string[]): number {
  const metricGap = mismatches(catalog.metrics().map((m) => m.name), [...present]);
  return metricGap + (catalog.isV0Only ? 0 : mismatches(catalog.finishedReasons(), reasons));
}

function inferVersion(present: ReadonlySet<string>, prefix: MetricPrefix, features: readonly Feature[], reasons: readonly string[]): string[] {
  const scored = KNOWN_VERSIONS.map((v) => ({ v, d: distance(catalogOf(v, prefix, features), present, reasons) }));
  const best = Math.min(...scored.map((s) => s.d));
  return scored.filter((s) => s.d === best).map((s) => s.v);
}

function catalogOf(version: string, prefix: MetricPrefix, features: readonly Feature[]): Catalog {
  return catalogFor(version, { prefix, features: Object.fromEntries(features.map((f) => [f, true])) });
}

function parseMetrics(response: ProbeResponse, url: string): Exposition {
  if (response.status !== 200) throw new ProbeError(`GET ${url}/metrics answered HTTP ${response.status}: not a Prometheus metrics endpoint`);
  if (/html|json/i.test(response.contentType)) {
    throw new ProbeError(`GET ${url}/metrics answered ${response.contentType.split(';')[0]}, not the Prometheus text format`);
  }
  try {
    const exposition = parseExposition(response.body);
    if (exposition.samples.length === 0) throw new ProbeError(`GET ${url}/metrics answered without a single metric sample`);
    return exposition;
  } catch (error) {
    if (error instanceof ExpositionError) throw new ProbeError(`GET ${url}/metrics is not in the Prometheus text format (${printable(error.message, 200)})`);
    throw error;
  }
}

/** Status of a non-essential endpoint; undefined when it could not be reached. An answer past the
 *  size limit is not "unreachable": it ends the inspection. */
async function optional(base: URL, path: string, timeoutMs: number, maxBytes: number): Promise<ProbeResponse | undefined> {
  try {
    return await get(base, path, timeoutMs, maxBytes);
  } catch (error) {
    if (error instanceof ProbeError && !(error instanceof ProbeLimitError)) return undefined;
    throw error;
  }
}

/** A vLLM release as Python packaging spells it (PEP 440): 0.11.0, 0.6.3.post1, 0.11.1rc2.dev104+g3f2b4c1d. */
const RELEASE = /^v?\d{1,4}(\.\d{1,6}){0,3}((a|b|rc)\d{1,6})?(\.post\d{1,6})?(\.dev\d{1,9})?(\+[A-Za-z0-9]{1,40}([._-][A-Za-z0-9]{1,40}){0,8})?$/;
const MAX_RELEASE_LENGTH = 100;

/** /version's `version`, only when it is a release string; anything else is said (escaped, cut short) and ignored. */
function reportedVersionOf(response: ProbeResponse | undefined, findings: Finding[]): string | undefined {
  if (response?.status !== 200) return undefined;
  let version: unknown;
  try {
    const answer = JSON.parse(response.body) as { version?: unknown; revision?: unknown; goVersion?: unknown };
    // vLLM answers {"version": "0.11.0"}; Prometheus and its exporters answer with a Go build record
    if (answer.revision !== undefined || answer.goVersion !== undefined) return undefined;
    version = answer.version;
  } catch {
    return undefined;
  }
  if (typeof version !== 'string') return undefined;
  if (version.length <= MAX_RELEASE_LENGTH && RELEASE.test(version)) return version;
  findings.push({ severity: 'warning', message: `/version answered "${printable(version, 60)}", which is not a vLLM release; inferring the version from the metrics` });
  return undefined;
}

function modelIdsOf(response: ProbeResponse | undefined): string[] {
  if (response?.status !== 200) return [];
  try {
    const data = (JSON.parse(response.body) as { data?: { id?: unknown }[] }).data ?? [];
    return data.map((m) => m.id).filter((id): id is string => typeof id === 'string');
  } catch {
    return [];
  }
}

function healthFindings(health: number | undefined): Finding[] {
  if (health === undefined) return [{ severity: 'warning', message: '/health did not answer; the health probe and VllmHealthCheckFailing will not work' }];
  if (health === 503) return [{ severity: 'error', message: '/health answers 503: the engine is dead (EngineDeadError); restart the server' }];
  if (health === 500) {
    return [{ severity: 'error', message: '/health answers 500: the engine is failing; up to vLLM 0.10 a dead engine answers 500 and the server then exits' }];
  }
  if (health >= 500) return [{ severity: 'error', message: `/health answers ${health}: the engine is failing` }];
  if (health !== 200) return [{ severity: 'warning', message: `/health answers ${health}; vLLM answers 200 when healthy (is something else on this port?)` }];
  return [];
}

/** What the /metrics answer shows, before any version is assumed. */
interface Observed {
  readonly exposition: Exposition;
  /** Families of any prefix named like an engine metric. */
  readonly all: readonly VllmFamily[];
  /** Those with the prefix the queries will use. */
  readonly ours: readonly VllmFamily[];
  readonly prefixes: readonly string[];
  readonly prefix: MetricPrefix;
  readonly names: ReadonlySet<string>;
  readonly features: readonly Feature[];
  /** finished_reason values present (V1 creates them all at start). */
  readonly reasons: readonly string[];
  readonly httpMetrics: boolean;
}

function observe(exposition: Exposition): Observed {
  const all = vllmFamilies(exposition);
  const prefixes = [...new Set(all.map((f) => f.prefix))].sort();
  // the default prefix wins when a server shows both
  const prefix = (prefixes.find((p) => p === ANY.prefix) ?? prefixes[0] ?? ANY.prefix) as MetricPrefix;
  const ours = all.filter((f) => f.prefix === prefix);
  const successNames = new Set(catalogOf(NEWEST_VERSION, prefix, []).concept('requestSuccess'));
  return {
    exposition,
    all,
    ours,
    prefixes,
    prefix,
    names: new Set(ours.map((f) => f.name)),
    features: [...new Set(ours.map((f) => FEATURE_OF.get(f.def.base)).filter((f): f is Feature => f !== undefined))].sort(),
    reasons: distinct(exposition, successNames, LABEL.finishedReason),
    httpMetrics: ANY.externals().some((m) => m.name.startsWith('http_') && exposition.families.has(m.name)),
  };
}

function prefixFindings(o: Observed): Finding[] {
  const findings: Finding[] = [];
  if (o.all.length === 0) {
    findings.push({
      severity: 'error',
      message: `no ${ANY.prefix} engine metrics at all, only ${o.exposition.families.size} other families: the server runs with --disable-log-stats (or is not vLLM); dashboards and alerts will stay empty`,
    });
  }
  if (o.prefixes.length > 0 && o.prefix !== ANY.prefix) {
    findings.push({
      severity: 'warning',
      message: `metric names start with "${o.prefix}" instead of "${ANY.prefix}": ${PREFIX_ORIGINS[o.prefix]} wrote them; the config sets vllm.metricPrefix: "${o.prefix}"`,
    });
  }
  if (o.prefixes.length > 1) {
    findings.push({ severity: 'warning', message: `metrics with both prefixes ${o.prefixes.map((p) => `"${p}"`).join(' and ')}; queries use "${o.prefix}"` });
  }
  return findings;
}

interface VersionChoice {
  readonly version: string;
  readonly source: 'reported' | 'inferred';
  readonly candidates: readonly string[];
}

/** /version when it answers; else the versions whose metric set fits best (all generate the same names). */
function chooseVersion(reported: string | undefined, o: Observed, findings: Finding[]): VersionChoice {
  const fromReport = reported === undefined ? undefined : catalogVersionOfRelease(reported, findings);
  if (fromReport !== undefined) return { version: fromReport, source: 'reported', candidates: [] };
  const candidates = o.all.length > 0 ? inferVersion(o.names, o.prefix, o.features, o.reasons) : [];
  const version = candidates[candidates.length - 1] ?? NEWEST_VERSION;
  if (reported === undefined) {
    const matched = candidates.length > 1 ? `${candidates[0]} … ${candidates[candidates.length - 1]} equally (using ${version})` : version;
    findings.push({
      severity: 'info',
      message: o.all.length === 0 ? `/version did not answer and no engine metrics exist; assuming vLLM ${version}` : `/version did not answer; the metric set matches vLLM ${matched}`,
    });
  }
  return { version, source: 'inferred', candidates };
}

interface MetricSets {
  readonly present: string[];
  readonly missing: string[];
  readonly unexpected: string[];
  readonly unknown: UnknownMetric[];
  readonly findings: Finding[];
}

function compareWithCatalog(catalog: Catalog, version: string, o: Observed): MetricSets {
  const expected = o.all.length === 0 ? [] : catalog.metrics().map((m) => m.name);
  const present = expected.filter((n) => o.names.has(n));
  const missing = expected.filter((n) => !o.names.has(n));
  const unknown = unknownFamilies(o.exposition, o.prefix).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const unexpected = [...o.ours.map((f) => f.name).filter((n) => !catalog.exposes(n)), ...unknown.map((u) => u.name)].sort();
  const findings: Finding[] = [];
  if (missing.length > 0) {
    const lazyHint = catalog.isV0Only ? ' (V0 creates histogram and per-reason series on the first request: send traffic and run doctor again)' : '';
    findings.push({ severity: 'warning', message: `${missing.length} metric(s) vLLM ${version} exposes by default are missing${lazyHint}: dashboards show no data for them` });
  }
  if (unexpected.length > unknown.length) {
    const listed = unexpected.length - unknown.length;
    findings.push({ severity: 'info', message: `${listed} prefixed metric(s) the catalog lists for other vLLM versions or behind a feature, not for ${version}: not charted` });
  }
  if (unknown.length > 0) {
    findings.push({ severity: 'warning', message: `${unknown.length} prefixed metric(s) the catalog does not know at all (newer vLLM, or not from the engine): listed below with type and labels` });
  }
  if (o.exposition.samples.some((s) => o.names.has(s.name) && s.labels.pid !== undefined)) {
    findings.push({ severity: 'warning', message: 'engine gauges carry a pid label (multiprocess mode, --api-server-count > 1): per-pid series, mostly 0 (vLLM #28792); aggregate with max' });
  }
  return { present, missing, unexpected, unknown, findings };
}

export interface DoctorOptions {
  url: string;
  timeoutMs?: number;
}

/** Servers people point doctor at by mistake, known by the build-info series each one exposes. */
const OTHER_SERVERS: Readonly<Record<string, string>> = {
  prometheus_build_info: 'Prometheus',
  alertmanager_build_info: 'Alertmanager',
  blackbox_exporter_build_info: 'the blackbox exporter',
  node_exporter_build_info: 'node_exporter',
  grafana_build_info: 'Grafana',
  thanos_build_info: 'Thanos',
  cortex_build_info: 'Cortex or Mimir',
};

/** No vLLM metric at all, and the build info of another program: doctor was given the wrong port. */
function otherServer(o: Observed, base: URL): ProbeError | undefined {
  if (o.all.length > 0) return undefined;
  const info = o.exposition.samples.find((sample) => OTHER_SERVERS[sample.name] !== undefined);
  if (info === undefined) return undefined;
  const what = OTHER_SERVERS[info.name];
  const version = (info.labels.version ?? '').replace(/[^\w.+-]/g, '').slice(0, 40);
  const here = rootOf(base);
  const prometheusHint = what === 'Prometheus' || what === 'Thanos' ? `; to check the dashboards against it, pass it as --prometheus ${here}` : '';
  return new ProbeError(`${here} is ${what}${version ? ` ${version}` : ''}, not a vLLM server: point --url at vLLM's API port (8000 by default)${prometheusHint}`);
}

export async function diagnose(options: DoctorOptions): Promise<Diagnosis> {
  const base = baseUrl(options.url);
  const timeoutMs = options.timeoutMs ?? 5000;
  const badTimeout = timeoutProblem(timeoutMs);
  if (badTimeout) throw new ProbeError(`timeout: ${badTimeout}`);
  const o = observe(parseMetrics(await get(base, '/metrics', timeoutMs, BODY_LIMITS.metrics), rootOf(base)));
  const wrongServer = otherServer(o, base);
  if (wrongServer !== undefined) throw wrongServer;
  const [health, version, models] = await Promise.all([
    optional(base, '/health', timeoutMs, BODY_LIMITS.small),
    optional(base, '/version', timeoutMs, BODY_LIMITS.small),
    optional(base, '/v1/models', timeoutMs, BODY_LIMITS.models),
  ]);
  const findings = [...healthFindings(health?.status), ...prefixFindings(o)];
  const reportedVersion = reportedVersionOf(version, findings);
  const choice = chooseVersion(reportedVersion, o, findings);
  const catalog = catalogOf(choice.version, o.prefix, o.features);
  const sets = compareWithCatalog(catalog, choice.version, o);
  const engineNames = new Set(o.ours.filter((f) => !f.def.noDefaultLabels).map((f) => f.name));
  const metricModels = distinct(o.exposition, engineNames, LABEL.model);
  return {
    url: rootOf(base),
    target: base.host,
    scheme: base.protocol === 'https:' ? 'https' : 'http',
    health: health?.status,
    reportedVersion,
    version: choice.version,
    versionSource: choice.source,
    versionCandidates: choice.candidates,
    prefix: o.prefix,
    models: metricModels.length > 0 ? metricModels : modelIdsOf(models),
    engines: catalog.hasEngineLabel ? distinct(o.exposition, engineNames, LABEL.engine) : [],
    features: o.features,
    httpMetrics: o.httpMetrics,
    present: sets.present,
    missing: sets.missing,
    unexpected: sets.unexpected,
    unknown: sets.unknown,
    findings: [...findings, ...sets.findings],
  };
}
