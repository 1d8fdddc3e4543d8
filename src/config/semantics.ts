// Checks the schema cannot express: they need the catalog, cross-key comparisons or parsing.
import { catalogFor, parseVersionSpec, CatalogError, NEWEST_VERSION } from '../catalog/index.js';
import type { Concept } from '../catalog/types.js';
import type { ConfigProblem } from './load.js';
import type { Config } from './types.js';
import { LABEL } from '../model/conventions.js';
import { durationMilliseconds, durationRangeProblem, durationSeconds } from './duration.js';
import { hostPortProblem } from './hostport.js';
import { didYouMean } from './suggest.js';
import { alertingProblems } from './alerting.js';
import { configSchema, DURATION_PATTERN } from './schema.js';

export const SLO_LATENCY_CONCEPT: Record<'e2e' | 'ttft' | 'itl', Concept> = {
  e2e: 'e2eLatency',
  ttft: 'timeToFirstToken',
  itl: 'interTokenLatency',
};

export function semanticProblems(config: Config): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  // comparisons between durations only make sense once each is one Prometheus can hold
  const durationsOk = checkDurations(config, problems);
  checkLabelNames(config, problems);
  const versionOk = checkVersion(config, problems);
  checkTargets(config, problems);
  if (durationsOk) checkScrapeTiming(config, problems);
  checkUniqueNames(config, problems);
  if (versionOk && durationsOk) checkSlos(config, problems);
  checkSloModels(config, problems);
  problems.push(...alertingProblems(config));
  return problems;
}

/**
 * What is accepted but worth a line: a vLLM release newer than the catalog is charted with the
 * newest catalog version's metrics (vLLM ships every few weeks; a user must not be blocked the day
 * it does). `--strict` turns these into problems.
 */
export function semanticWarnings(config: Config): ConfigProblem[] {
  const version = config.vllm.version;
  if (version === undefined) return [];
  try {
    if (!parseVersionSpec(version).newerThanCatalog) return [];
  } catch {
    return [];
  }
  return [
    {
      path: ['vllm', 'version'],
      message: `"${version}" ${/^\s*v?\d+\.\d+(\.\d+)?\s*$/.test(version) ? 'is a vLLM release' : 'includes vLLM releases'} newer than the catalog (newest ${NEWEST_VERSION}); using ${NEWEST_VERSION}'s metrics. Metrics added since are not charted: \`vllm-obs doctor --url <server>\` lists them`,
    },
  ];
}

function checkVersion(config: Config, problems: ConfigProblem[]): boolean {
  if (config.vllm.version === undefined) return true;
  try {
    parseVersionSpec(config.vllm.version);
    return true;
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    problems.push({ path: ['vllm', 'version'], message: error.message });
    return false;
  }
}

function checkTargets(config: Config, problems: ConfigProblem[]): void {
  const lists: [readonly (string | number)[], string[]][] = [
    [['scrape', 'targets'], config.scrape.targets],
    [['extraJobs', 'dcgmTargets'], config.extraJobs.dcgmTargets],
    ...config.deployments.map((d, i): [(string | number)[], string[]] => [['deployments', i, 'targets'], d.targets]),
  ];
  for (const [path, targets] of lists) {
    targets.forEach((target, i) => {
      const problem = hostPortProblem(target);
      if (problem) problems.push({ path: [...path, i], message: problem });
    });
  }
  for (const [path, target] of [
    [['health', 'blackboxExporter'], config.health.blackboxExporter],
    [['extraJobs', 'prometheusTarget'], config.extraJobs.prometheusTarget],
    [['kubernetes', 'proberUrl'], config.kubernetes.proberUrl],
  ] as const) {
    const problem = hostPortProblem(target);
    if (problem) problems.push({ path, message: problem });
  }
  const deploymentTargets = config.deployments.reduce((n, d) => n + d.targets.length, 0);
  if (config.scrape.discovery !== 'kubernetes' && config.scrape.targets.length === 0 && deploymentTargets === 0) {
    problems.push({
      path: ['scrape', 'targets'],
      message: 'the target list is empty; list host:port of each vLLM server, add deployments with targets, or set scrape.discovery: kubernetes',
    });
  }
}

function checkScrapeTiming(config: Config, problems: ConfigProblem[]): void {
  if (durationSeconds(config.scrape.timeout) > durationSeconds(config.scrape.interval)) {
    problems.push({
      path: ['scrape', 'timeout'],
      message: `${config.scrape.timeout} is longer than scrape.interval ${config.scrape.interval}; Prometheus requires timeout <= interval`,
    });
  }
}

function checkUniqueNames(config: Config, problems: ConfigProblem[]): void {
  for (const [key, items] of [['deployments', config.deployments], ['slos', config.slos]] as const) {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const first = seen.get(item.name);
      if (first !== undefined) {
        problems.push({ path: [key, i, 'name'], message: `"${item.name}" is already used by ${key}[${first}]; names must be unique` });
      } else seen.set(item.name, i);
    });
  }
  if (config.scrape.jobName === config.health.jobName) {
    problems.push({ path: ['health', 'jobName'], message: `must differ from scrape.jobName "${config.scrape.jobName}"` });
  }
}

function checkSlos(config: Config, problems: ConfigProblem[]): void {
  const catalog = catalogFor(config.vllm.version ?? NEWEST_VERSION);
  config.slos.forEach((slo, i) => {
    if (durationSeconds(slo.period) < 3 * 86400) {
      problems.push({ path: ['slos', i, 'period'], message: `${slo.period} is shorter than the 3d burn-rate window; use at least 3d (default 30d)` });
    }
    if (slo.kind !== 'latency') return;
    if (slo.threshold === undefined) {
      problems.push({ path: ['slos', i], message: 'a latency SLO needs a threshold in seconds' });
      return;
    }
    const names = catalog.concept(SLO_LATENCY_CONCEPT[slo.latency]);
    if (names.length === 0) {
      problems.push({ path: ['slos', i, 'latency'], message: `vLLM ${catalog.versions.join(', ')} exposes no ${slo.latency} histogram` });
      return;
    }
    const bounds = commonBuckets(names.map((name) => catalog.buckets(name) ?? []));
    if (!bounds.includes(slo.threshold)) {
      const seconds = Number((slo.threshold / 1000).toPrecision(12));
      const hint = bounds.includes(seconds) ? ` (did you mean ${seconds}? thresholds are in seconds, not milliseconds)` : '';
      problems.push({
        path: ['slos', i, 'threshold'],
        message: `${slo.threshold} is not a bucket boundary of ${names.join(' / ')} in vLLM ${config.vllm.version ?? 'newest'}; valid values: ${bounds.join(', ')}${hint}`,
      });
    }
  });
}

function commonBuckets(lists: (readonly number[])[]): number[] {
  return lists.reduce<number[]>((common, list, i) => (i === 0 ? [...list] : common.filter((b) => list.includes(b))), []);
}

/** An SLO restricted to a model no deployment serves would wait for series that never come; when
 *  the deployments say which models they serve, an SLO's model must be one of them. */
function checkSloModels(config: Config, problems: ConfigProblem[]): void {
  const served = [...new Set(config.deployments.flatMap((d) => (d.model === undefined ? [] : [d.model])))];
  if (served.length === 0) return;
  config.slos.forEach((slo, i) => {
    if (slo.model === undefined || served.includes(slo.model)) return;
    const hint = didYouMean(slo.model, served);
    problems.push({
      path: ['slos', i, 'model'],
      message: `no deployment serves "${slo.model}"${hint ? `; did you mean "${hint}"?` : ''} (deployments[].model: ${served.map((m) => `"${m}"`).join(', ')})`,
    });
  });
}

interface SchemaNode {
  readonly pattern?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
}

interface DurationValue {
  readonly path: (string | number)[];
  readonly key: string;
  readonly text: string;
}

/** Every duration in the config, found through the schema so a new duration key is checked too. */
function durationValues(schema: SchemaNode, value: unknown, path: (string | number)[], out: DurationValue[]): DurationValue[] {
  if (schema.pattern === DURATION_PATTERN && typeof value === 'string') out.push({ path, key: String(path[path.length - 1]), text: value });
  if (schema.properties && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(schema.properties)) {
      if (Object.hasOwn(value, key)) durationValues(child, (value as Record<string, unknown>)[key], [...path, key], out);
    }
  }
  if (schema.items && Array.isArray(value)) value.forEach((item, i) => durationValues(schema.items!, item, [...path, i], out));
  return out;
}

/** Durations that may be zero: an alert may fire on the first evaluation, and Alertmanager may send a
 *  new group's first notification at once. Every interval must not. */
const ZERO_ALLOWED = new Set(['for', 'groupWait']);

function checkDurations(config: Config, problems: ConfigProblem[]): boolean {
  const before = problems.length;
  for (const { path, key, text } of durationValues(configSchema as SchemaNode, config, [], [])) {
    const range = durationRangeProblem(text);
    if (range) problems.push({ path, message: range });
    else if (durationMilliseconds(text) === 0n && !ZERO_ALLOWED.has(key)) problems.push({ path, message: `${text} is zero; ${key} must be longer than that` });
  }
  return problems.length === before;
}

/** Labels the generated series, rules and alerts already carry, and the ones Prometheus and
 *  Alertmanager set themselves. */
const LABELS_IN_USE: ReadonlySet<string> = new Set([...Object.values(LABEL), 'quantile', 'alertname', 'alertstate']);

function labelProblem(name: string, clusterLabel: string | undefined): string | undefined {
  if (name.startsWith('__')) return 'names starting with __ are reserved for Prometheus';
  if (LABELS_IN_USE.has(name)) return `vllm-obs's series, rules and alerts already use the label "${name}"; pick another name`;
  if (name === clusterLabel) return `"${name}" is the cluster label (cluster.label); set it through cluster.name`;
  return undefined;
}

/** A label the output already sets would be overwritten, or would overwrite, and break rules,
 *  dashboards or alert routing. */
function checkLabelNames(config: Config, problems: ConfigProblem[]): void {
  const clusterProblem = labelProblem(config.cluster.label, undefined);
  if (clusterProblem) problems.push({ path: ['cluster', 'label'], message: clusterProblem });
  const maps: [(string | number)[], Readonly<Record<string, string>>][] = [
    [['externalLabels'], config.externalLabels],
    [['rules', 'labels'], config.rules.labels],
    ...Object.entries(config.rules.alerts).map(([name, override]): [(string | number)[], Record<string, string>] => [['rules', 'alerts', name, 'labels'], override?.labels ?? {}]),
  ];
  for (const [path, labels] of maps) {
    for (const name of Object.keys(labels)) {
      const problem = labelProblem(name, config.cluster.label);
      if (problem) problems.push({ path: [...path, name], atKey: true, message: `cannot be set here: ${problem}` });
    }
  }
}
