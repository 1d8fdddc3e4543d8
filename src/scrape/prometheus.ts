// prometheus.yml: global settings, the rule files, and the scrape jobs.
import { posix } from 'node:path';
import { ConfigError } from '../errors.js';
import { OUT, type Setup } from '../model/index.js';
import { extraJobs, healthJob, vllmJob, type ScrapeJob } from './jobs.js';
import { sortedLabels } from '../order.js';
import type { TargetGroup } from './targets.js';

export function prometheusConfig(setup: Setup, groups: readonly TargetGroup[]): Record<string, unknown> {
  const { config } = setup;
  const jobs = [vllmJob(setup, groups), ...(config.health.enabled ? [healthJob(setup, groups)] : []), ...extraJobs(config)];
  assertUniqueJobNames(jobs);
  const externalLabels = sortedLabels({
    ...config.externalLabels,
    ...(config.cluster.name ? { [setup.clusterLabel]: config.cluster.name } : {}),
  });
  return {
    global: {
      scrape_interval: config.scrape.interval,
      scrape_timeout: config.scrape.timeout,
      evaluation_interval: config.rules.evaluationInterval,
      ...(Object.keys(externalLabels).length > 0 ? { external_labels: externalLabels } : {}),
    },
    ...ruleFiles(setup),
    ...alerting(setup),
    scrape_configs: jobs,
  };
}

/** Where Prometheus sends the alerts it evaluates: only in the prometheus flavour (Thanos and Mimir
 *  rulers send their own), and only to the Alertmanagers configured. */
function alerting(setup: Setup): Record<string, unknown> {
  const { alertmanagers, scheme, pathPrefix, timeout } = setup.config.alerting;
  if (setup.config.rules.flavour !== 'prometheus' || alertmanagers.length === 0) return {};
  return {
    alerting: {
      alertmanagers: [{ scheme, path_prefix: pathPrefix, timeout, api_version: 'v2', static_configs: [{ targets: alertmanagers }] }],
    },
  };
}

/**
 * Prometheus evaluates the rules itself only in the prometheus flavour: Thanos and Mimir rule files
 * carry keys (partial_response_strategy, namespace) Prometheus refuses, and their rulers evaluate them.
 */
function ruleFiles(setup: Setup): Record<string, unknown> {
  if (setup.config.rules.flavour !== 'prometheus') return {};
  return { rule_files: [`${posix.relative(posix.dirname(OUT.prometheusConfig), OUT.rules)}/*${OUT.ruleFileSuffix}`] };
}

function assertUniqueJobNames(jobs: readonly ScrapeJob[]): void {
  const names = jobs.map((job) => String(job.job_name));
  const clash = names.find((name, i) => names.indexOf(name) !== i);
  if (clash !== undefined) {
    throw new ConfigError([{ path: ['scrape', 'jobName'], message: `"${clash}" is also the name of another scrape job (health.jobName or extraJobs); job names must be unique` }]);
  }
}
