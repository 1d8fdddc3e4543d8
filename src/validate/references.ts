// Checks across generated files: what one file names, another must provide. promtool would find a
// missing rule file only where it runs; these run in every `generate`.
import { posix } from 'node:path';
import type { Artifact } from '../model/artifact.js';
import { pointerJoin, type Finding } from './finding.js';
import { isObject } from './views.js';

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export function referenceFindings(artifacts: readonly Artifact[]): Finding[] {
  const paths = (kind: Artifact['kind']) => artifacts.filter((a) => a.kind === kind).map((a) => a.path);
  const findings: Finding[] = [];
  for (const config of artifacts.filter((a) => a.kind === 'prometheus-config' && isObject(a.data))) {
    const data = config.data as Record<string, unknown>;
    findings.push(...globFindings(config, '/rule_files', asArray(data.rule_files), paths('rules'), 'rule file'));
    const jobs = asArray(data.scrape_configs);
    jobs.forEach((job, i) => {
      if (!isObject(job)) return;
      asArray(job.file_sd_configs).forEach((sd, j) => {
        if (isObject(sd)) findings.push(...globFindings(config, `/scrape_configs/${i}/file_sd_configs/${j}/files`, asArray(sd.files), paths('file-sd-targets'), 'file_sd target file'));
      });
    });
    findings.push(...duplicateJobFindings(config, jobs));
    findings.push(...blackboxModuleFindings(config, jobs, artifacts.find((a) => a.kind === 'blackbox-config')));
  }
  for (const tests of artifacts.filter((a) => a.kind === 'rule-tests' && isObject(a.data))) {
    findings.push(...globFindings(tests, '/rule_files', asArray((tests.data as Record<string, unknown>).rule_files), paths('rules'), 'rule file'));
  }
  findings.push(...duplicateUidFindings(artifacts.filter((a) => a.kind === 'dashboard')));
  return findings;
}

/** Relative patterns resolve against the referring file's directory, as Prometheus and promtool do;
 *  absolute paths point into the deployment and cannot be checked here. */
function globFindings(from: Artifact, pointer: string, patterns: unknown[], available: string[], what: string): Finding[] {
  const dir = posix.dirname(from.path);
  return patterns.flatMap((pattern, i) => {
    if (typeof pattern !== 'string' || posix.isAbsolute(pattern)) return [];
    const wanted = globRegex(posix.normalize(posix.join(dir, pattern)));
    return available.some((path) => wanted.test(path))
      ? []
      : [{ rule: 'references', file: from.path, pointer: pointerJoin(pointer, i), message: `${JSON.stringify(pattern)} matches no generated ${what}` }];
  });
}

/** filepath.Glob: `*` and `?` stay within one path segment. */
function globRegex(pattern: string): RegExp {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${source}$`);
}

function duplicateJobFindings(config: Artifact, jobs: unknown[]): Finding[] {
  const seen = new Set<string>();
  return jobs.flatMap((job, i) => {
    const name = isObject(job) && typeof job.job_name === 'string' ? job.job_name : undefined;
    if (name === undefined) return [];
    if (!seen.has(name)) {
      seen.add(name);
      return [];
    }
    return [{ rule: 'references', file: config.path, pointer: `/scrape_configs/${i}/job_name`, message: `job_name "${name}" is used by two scrape configs` }];
  });
}

/** A probe job names a blackbox module (`params.module`) that blackbox.yml must define. */
function blackboxModuleFindings(config: Artifact, jobs: unknown[], blackbox: Artifact | undefined): Finding[] {
  if (!blackbox || !isObject(blackbox.data) || !isObject(blackbox.data.modules)) return [];
  const modules = new Set(Object.keys(blackbox.data.modules));
  return jobs.flatMap((job, i) => {
    const params = isObject(job) && isObject(job.params) ? job.params : {};
    return asArray(params.module).flatMap((module, j) =>
      typeof module === 'string' && !modules.has(module)
        ? [{ rule: 'references', file: config.path, pointer: `/scrape_configs/${i}/params/module/${j}`, message: `blackbox module "${module}" is not defined in ${blackbox.path}` }]
        : [],
    );
  });
}

function duplicateUidFindings(dashboards: readonly Artifact[]): Finding[] {
  const owner = new Map<string, string>();
  return dashboards.flatMap((dashboard) => {
    const uid = isObject(dashboard.data) && typeof dashboard.data.uid === 'string' ? dashboard.data.uid : undefined;
    if (uid === undefined) return [];
    const first = owner.get(uid);
    if (first === undefined) {
      owner.set(uid, dashboard.path);
      return [];
    }
    return [{ rule: 'references', file: dashboard.path, pointer: '/uid', message: `uid "${uid}" is also the uid of ${first}` }];
  });
}
