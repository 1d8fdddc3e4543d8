// Checks the schema cannot express: they need the catalog, cross-key comparisons or parsing.
import { catalogFor, parseVersionSpec, CatalogError, NEWEST_VERSION } from '../catalog/index.js';
import type { Concept } from '../catalog/types.js';
import type { ConfigProblem } from './load.js';
import type { Config } from './types.js';
import { durationSeconds } from './duration.js';
import { hostPortProblem } from './hostport.js';
import { didYouMean } from './suggest.js';
import { alertingProblems } from './alerting.js';

export const SLO_LATENCY_CONCEPT: Record<'e2e' | 'ttft' | 'itl', Concept> = {
  e2e: 'e2eLatency',
  ttft: 'timeToFirstToken',
  itl: 'interTokenLatency',
};

export function semanticProblems(config: Config): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const versionOk = checkVersion(config, problems);
  checkTargets(config, problems);
  checkScrapeTiming(config, problems);
  checkUniqueNames(config, problems);
  if (versionOk) checkSlos(config, problems);
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
