// The checks only the real tools can make: `promtool check config`, `check rules` and `test rules`
// (which evaluates the generated rules against their tests), blackbox_exporter's own config check,
// and amtool's check-config and routing tests (src/validate/amtool.ts). They run on a temporary copy
// of the generated tree. Outside CI a missing tool is reported in one line and its checks are
// skipped; under CI=true a missing promtool or amtool is a failure.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { toYaml } from '../emit/serialize.js';
import type { Artifact } from '../model/artifact.js';
import type { Setup } from '../model/index.js';
import { runAmtool } from './amtool.js';
import { isObject } from './views.js';

export interface ToolReport {
  /** One line per problem the tools found: `promtool check rules: <its message>`. */
  readonly problems: string[];
  /** One line per tool that was not run and why. */
  readonly skipped: string[];
  /** The commands that ran, for the summary. */
  readonly ran: string[];
  /** What was checked another way than asked, one line each (e.g. a promtool built without a discovery). */
  readonly notes: string[];
}

type ToolName = 'promtool' | 'prometheus-blackbox-exporter' | 'amtool';

const INSTALL_HINT: Record<ToolName, string> = {
  promtool: 'install the Debian package prometheus',
  'prometheus-blackbox-exporter': 'install the Debian package prometheus-blackbox-exporter',
  amtool: 'install the Debian package prometheus-alertmanager',
};

/** Looks the tool up on PATH without a shell. */
export function findTool(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* not in this directory */
    }
  }
  return undefined;
}

export interface ToolOptions {
  /** Tool lookup (tests point it elsewhere); default: PATH. */
  readonly find?: (name: ToolName) => string | undefined;
  /** Under CI a missing promtool fails validation instead of being skipped. */
  readonly ci?: boolean;
}

export function runTools(artifacts: readonly Artifact[], setup: Setup, options: ToolOptions = {}): ToolReport {
  const find = options.find ?? ((name: ToolName) => findTool(name));
  const ci = options.ci ?? process.env.CI === 'true';
  const report: ToolReport = { problems: [], skipped: [], ran: [], notes: [] };
  const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-validate-'));
  try {
    writeTree(dir, artifacts, setup);
    const promtool = find('promtool');
    if (promtool) runPromtool(promtool, dir, artifacts, report);
    else if (ci) report.problems.push(`promtool: not found on PATH, and CI requires it (${INSTALL_HINT.promtool})`);
    else report.skipped.push(`promtool not found on PATH: skipped promtool check config, check rules and test rules (${INSTALL_HINT.promtool})`);
    const blackboxConfigs = artifacts.filter((a) => a.kind === 'blackbox-config');
    if (blackboxConfigs.length > 0) {
      const blackbox = find('prometheus-blackbox-exporter');
      if (blackbox) for (const config of blackboxConfigs) runBlackbox(blackbox, dir, config, report);
      else report.skipped.push(`prometheus-blackbox-exporter not found on PATH: skipped its --config.check (${INSTALL_HINT['prometheus-blackbox-exporter']})`);
    }
    if (artifacts.some((a) => a.kind === 'alertmanager-config')) {
      const amtool = find('amtool');
      if (amtool) runAmtool(amtool, dir, artifacts, setup, report);
      else if (ci) report.problems.push(`amtool: not found on PATH, and CI requires it (${INSTALL_HINT.amtool})`);
      else report.skipped.push(`amtool not found on PATH: skipped amtool check-config and the Alertmanager routing tests (${INSTALL_HINT.amtool})`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return report;
}

/** The generated files as `generate` writes them, except that Thanos and Mimir rule files lose the
 *  keys only those rulers know (partial_response_strategy, namespace), which promtool rejects. */
function writeTree(dir: string, artifacts: readonly Artifact[], setup: Setup): void {
  for (const artifact of artifacts) {
    const file = join(dir, artifact.path);
    mkdirSync(dirname(file), { recursive: true });
    const promtoolForm = artifact.kind === 'rules' && setup.config.rules.flavour !== 'prometheus';
    writeFileSync(file, promtoolForm ? toYaml(prometheusOnly(artifact.data)) : artifact.content);
  }
}

function prometheusOnly(data: unknown): unknown {
  if (!isObject(data)) return data;
  const { namespace: _namespace, ...rest } = data;
  const groups = Array.isArray(rest.groups) ? rest.groups : [];
  return {
    ...rest,
    groups: groups.map((group) => {
      if (!isObject(group)) return group;
      const { partial_response_strategy: _strategy, ...plain } = group;
      return plain;
    }),
  };
}

function runPromtool(promtool: string, dir: string, artifacts: readonly Artifact[], report: ToolReport): void {
  const paths = (kind: Artifact['kind']) => artifacts.filter((a) => a.kind === kind).map((a) => a.path);
  for (const config of artifacts.filter((a) => a.kind === 'prometheus-config')) checkConfig(promtool, dir, config, report);
  const rules = paths('rules');
  if (rules.length > 0) run('promtool check rules', promtool, ['check', 'rules', ...rules], dir, report);
  const tests = paths('rule-tests');
  if (tests.length > 0) run('promtool test rules', promtool, ['test', 'rules', ...tests], dir, report);
}

/** Service discovery that some promtool builds leave out (Debian's has no kubernetes_sd_configs). */
const MISSING_SD = /field (\w+_sd_configs) not found/;

/**
 * `promtool check config`; when this promtool was built without a discovery mechanism the config
 * uses, the config is checked again with those blocks swapped for empty static ones (the blocks
 * themselves are checked against the config schema in process) and one line says so: a valid config
 * must not fail because of how the local promtool was built.
 */
function checkConfig(promtool: string, dir: string, config: Artifact, report: ToolReport): void {
  const label = 'promtool check config';
  // --syntax-only: credential and TLS files named in the config live on the Prometheus host, not here
  const first = spawnTool(promtool, ['check', 'config', '--syntax-only', config.path], dir);
  const missing = MISSING_SD.exec(first.output)?.[1];
  if (first.ok || missing === undefined || !isObject(config.data)) {
    recordRun(label, first, report);
    return;
  }
  const swapped = join(dirname(config.path), `.promtool-${missing}.yml`);
  writeFileSync(join(dir, swapped), toYaml(withoutDiscovery(config.data, missing)));
  recordRun(label, spawnTool(promtool, ['check', 'config', '--syntax-only', swapped], dir), report);
  report.notes.push(
    `promtool here is built without ${missing}: checked ${config.path} with those blocks swapped for static ones; the ${missing} blocks were checked by schema only`,
  );
}

function withoutDiscovery(data: Record<string, unknown>, field: string): Record<string, unknown> {
  const jobs = Array.isArray(data.scrape_configs) ? data.scrape_configs : [];
  return {
    ...data,
    scrape_configs: jobs.map((job) => {
      if (!isObject(job) || !(field in job)) return job;
      const { [field]: _dropped, ...rest } = job;
      return { ...rest, static_configs: [{ targets: [] }] };
    }),
  };
}

interface ToolRun {
  readonly ok: boolean;
  readonly output: string;
  readonly failure: string;
}

function spawnTool(binary: string, args: string[], dir: string): ToolRun {
  const result = spawnSync(binary, args, { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  if (result.error) return { ok: false, output: '', failure: `could not run: ${result.error.message}` };
  const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`.split(dir + '/').join('');
  return { ok: result.status === 0, output, failure: `exit status ${result.status ?? result.signal}` };
}

function recordRun(label: string, result: ToolRun, report: ToolReport, problemLines = promtoolErrors): void {
  report.ran.push(label);
  if (result.ok) return;
  const lines = result.output === '' ? [] : problemLines(result.output);
  report.problems.push(...(lines.length > 0 ? lines : [result.failure]).map((line) => `${label}: ${line}`));
}

function runBlackbox(binary: string, dir: string, config: Artifact, report: ToolReport): void {
  run('blackbox_exporter --config.check', binary, ['--config.check', `--config.file=${config.path}`], dir, report, blackboxErrors);
}

function run(label: string, binary: string, args: string[], dir: string, report: ToolReport, problemLines = promtoolErrors): void {
  recordRun(label, spawnTool(binary, args, dir), report, problemLines);
}

/** promtool prints progress ("Checking …", "SUCCESS") between its error lines. */
function promtoolErrors(output: string): string[] {
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^(Checking |SUCCESS|Unit Testing: )/.test(line));
}

/** blackbox_exporter logs logfmt; the error is the `err` field of the level=error line. */
function blackboxErrors(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.includes('level=error'))
    .map((line) => /err="((?:[^"\\]|\\.)*)"/.exec(line)?.[1]?.replace(/\\n\s*/g, ' ') ?? line);
}
