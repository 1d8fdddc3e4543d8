// amtool on the generated Alertmanager files: `check-config` on alertmanager.yml, and every routing
// test case through `amtool config routes test`, which evaluates the real routing tree. The cases
// say which receivers must get each alert; a case routed elsewhere is a problem line.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { AlertingTests, RouteCase } from '../alerting/index.js';
import { toYaml } from '../emit/serialize.js';
import type { Artifact } from '../model/artifact.js';
import type { Setup } from '../model/index.js';
import { isObject } from './views.js';

export interface AmtoolReport {
  readonly problems: string[];
  readonly skipped: string[];
  readonly ran: string[];
}

/** webhook url_file arrived in Alertmanager 0.26. */
const URL_FILE_SINCE_MINOR = 26;

function labelArgument(name: string, value: string): string {
  return `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function run(binary: string, args: readonly string[], dir: string) {
  return spawnSync(binary, [...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
}

/** The minor release of amtool (`amtool, version 0.25.0 …`), or undefined when it does not say. */
export function amtoolMinor(binary: string): number | undefined {
  const result = run(binary, ['--version'], process.cwd());
  const match = /version (\d+)\.(\d+)/.exec(`${result.stdout ?? ''}${result.stderr ?? ''}`);
  return match ? Number(match[2]) : undefined;
}

/** An older amtool than the configured Alertmanager cannot read webhook url_file: it checks a copy
 *  whose webhooks have a URL instead (routing and inhibition do not depend on it). */
function amtoolCopy(config: Artifact, minor: number | undefined): { data: unknown; rewritten: boolean } {
  const data = structuredClone(config.data);
  const readsUrlFile = minor === undefined || minor >= URL_FILE_SINCE_MINOR;
  if (readsUrlFile || !isObject(data) || !Array.isArray(data.receivers)) return { data, rewritten: false };
  let rewritten = false;
  for (const receiver of data.receivers) {
    for (const webhook of isObject(receiver) && Array.isArray(receiver.webhook_configs) ? receiver.webhook_configs : []) {
      if (isObject(webhook) && 'url_file' in webhook) {
        delete webhook.url_file;
        webhook.url = 'http://127.0.0.1/url-file-stand-in';
        rewritten = true;
      }
    }
  }
  return { data, rewritten };
}

function routeProblem(binary: string, dir: string, configPath: string, test: RouteCase): string | undefined {
  const labels = Object.entries(test.labels).map(([name, value]) => labelArgument(name, value));
  const args = ['config', 'routes', 'test', `--config.file=${configPath}`, ...labels];
  const result = run(binary, args, dir);
  if (result.error) return `${test.name}: could not run: ${result.error.message}`;
  const output = (result.stdout ?? '').trim();
  if (result.status !== 0) {
    const error = (result.stderr ?? '').split('\n').find((line) => /error/i.test(line));
    return `${test.name}: ${error ?? `exit status ${result.status}`}`;
  }
  const routed = output.split(',').map((r) => r.trim()).filter(Boolean);
  const expected = test.receivers;
  if (routed.join(',') === expected.join(',')) return undefined;
  return `${test.name}: routed to ${routed.join(', ') || 'nothing'}; expected ${expected.join(', ')}`;
}

/** Runs in `dir`, which holds the generated tree. */
export function runAmtool(binary: string, dir: string, artifacts: readonly Artifact[], setup: Setup, report: AmtoolReport): void {
  const config = artifacts.find((a) => a.kind === 'alertmanager-config');
  if (config === undefined) return;
  const minor = amtoolMinor(binary);
  const copy = amtoolCopy(config, minor);
  let configPath = config.path;
  if (copy.rewritten) {
    configPath = posix.join(posix.dirname(config.path), `.amtool-${posix.basename(config.path)}`);
    writeFileSync(join(dir, configPath), toYaml(copy.data));
    report.skipped.push(
      `amtool 0.${minor} predates webhook url_file (alerting.alertmanagerVersion ${setup.config.alerting.alertmanagerVersion}): ` +
        `checked a copy of ${config.path} with a stand-in url`,
    );
  }
  report.ran.push('amtool check-config');
  const check = run(binary, ['check-config', configPath], dir);
  if (check.error) report.problems.push(`amtool check-config: could not run: ${check.error.message}`);
  else if (check.status !== 0) {
    const lines = `${check.stdout ?? ''}\n${check.stderr ?? ''}`.split('\n').map((l) => l.trim()).filter((l) => /FAILED|error/i.test(l));
    const reported = lines.length > 0 ? lines : [`exit status ${check.status}`];
    report.problems.push(...reported.map((line) => `amtool check-config: ${line.split(dir + '/').join('')}`));
    return;
  }
  const tests = artifacts.find((a) => a.kind === 'alertmanager-tests')?.data as AlertingTests | undefined;
  if (tests === undefined) return;
  report.ran.push(`amtool config routes test (${tests.routes.length} cases)`);
  for (const test of tests.routes) {
    const problem = routeProblem(binary, dir, configPath, test);
    if (problem) report.problems.push(`amtool config routes test: ${problem}`);
  }
}
