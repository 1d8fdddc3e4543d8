import { accessSync, constants, statSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { findConfigFile, loadConfig } from '../config/load.js';
import { durationSeconds } from '../config/duration.js';
import type { Config, ConfigInput } from '../config/types.js';
import { checkDashboards, configFor, configYaml, diagnose, formatDiagnosis, formatPanelProblems, ProbeError, type Diagnosis } from '../doctor/index.js';
import { baseUrl, timeoutProblem } from '../doctor/probe.js';
import { InputError } from '../errors.js';
import { printable } from '../text.js';

export interface DoctorFlags {
  url: string;
  timeout: string;
  writeConfig?: string | boolean;
  force?: boolean;
  verbose?: boolean;
  prometheus?: string;
  config?: string;
}

const DEFAULT_CONFIG_FILE = 'vllm-obs.yaml';

function configFileOf(flags: DoctorFlags): string | undefined {
  if (flags.writeConfig === undefined || flags.writeConfig === false) return undefined;
  return resolve(flags.writeConfig === true ? DEFAULT_CONFIG_FILE : flags.writeConfig);
}

/** The config whose dashboards are checked: --config, else the one in this directory, else what doctor saw. */
function configToCheck(flags: DoctorFlags, diagnosis: Diagnosis): Config | ConfigInput {
  if (flags.config !== undefined || findConfigFile(process.cwd()) !== undefined) return loadConfig({ path: flags.config }).config;
  return configFor(diagnosis);
}

/** Every panel query of the generated dashboards against a live Prometheus; the number of panels without data. */
async function checkPanels(prometheus: string, input: Config | ConfigInput): Promise<number> {
  // the Grafana SDK behind generate() is only worth loading when panels are checked
  const { generate } = await import('../generate.js');
  const { setup, artifacts } = generate(input, { validate: false });
  const scrape = durationSeconds(setup.config.scrape.interval);
  const dashboards = artifacts.filter((a) => a.kind === 'dashboard').map((a) => JSON.parse(a.content) as unknown);
  let results;
  try {
    // Grafana's $__rate_interval is at least four scrape intervals. Each variable is also narrowed to
    // single values: a recording missing a label shows data under "All" only.
    results = await checkDashboards(prometheus, dashboards, { rateInterval: `${4 * scrape}s`, lookbackSeconds: 300, stepSeconds: scrape, eachValue: true });
  } catch (error) {
    if (error instanceof ProbeError) throw new InputError([`--prometheus: ${printable(error.message)}`]);
    throw error;
  }
  const problems = formatPanelProblems(results);
  process.stdout.write(
    `panels      ${results.length - problems.length} of ${results.length} dashboard queries return data from ${prometheus} (All, each repeated row, each variable narrowed to single values)\n`,
  );
  for (const line of problems) process.stdout.write(`NO DATA ${line}\n`);
  return problems.length;
}

/** Why --write-config cannot write `file`, found before the server is asked anything: a re-run
 *  with another path or --force is then the only thing left to do. */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    // ENOTDIR: a file stands where a directory of the path should be; the parent check says so
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new InputError([`--write-config: cannot inspect ${path}: ${code ?? String(error)}`]);
  }
}

function writeTargetProblem(file: string, force: boolean): string | undefined {
  const stat = statOf(file);
  if (stat?.isDirectory()) return `--write-config: ${file} is a directory; give the path of the file to write, e.g. ${resolve(file, DEFAULT_CONFIG_FILE)}`;
  if (stat && !stat.isFile()) return `--write-config: ${file} is not a regular file`;
  if (stat && !force) return `${file} already exists; pass --force to overwrite it`;
  const parent = dirname(file);
  const parentStat = statOf(parent);
  if (!parentStat) return `--write-config: the directory ${parent} does not exist`;
  if (!parentStat.isDirectory()) return `--write-config: ${parent} is not a directory`;
  try {
    accessSync(stat ? file : parent, constants.W_OK);
  } catch {
    return `--write-config: cannot write ${stat ? file : `in ${parent}`}: permission denied`;
  }
  return undefined;
}

function writeConfigFile(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new InputError([`--write-config: cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`]);
  }
}

function parseTimeout(text: string): number {
  const timeoutMs = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  const problem = timeoutProblem(timeoutMs);
  if (problem) throw new InputError([`--timeout: "${printable(text, 40)}" is not a whole number of milliseconds from 1 to 2147483647 (about 24.8 days)`]);
  return timeoutMs;
}

/** Exit 0 when all is well, 1 when a finding is an error (dead engine, no metrics, panels without
 *  data), 2 when the server cannot be inspected. */
export async function runDoctor(flags: DoctorFlags): Promise<number> {
  const timeoutMs = parseTimeout(flags.timeout);
  const configFile = configFileOf(flags);
  // refuse before touching the network
  const targetProblem = configFile === undefined ? undefined : writeTargetProblem(configFile, flags.force ?? false);
  if (targetProblem) throw new InputError([targetProblem]);
  let diagnosis;
  try {
    if (flags.prometheus !== undefined) baseUrl(flags.prometheus, '--prometheus');
    diagnosis = await diagnose({ url: flags.url, timeoutMs });
  } catch (error) {
    if (error instanceof ProbeError) throw new InputError([printable(error.message)]);
    throw error;
  }
  process.stdout.write(formatDiagnosis(diagnosis, flags.verbose ?? false));
  if (configFile !== undefined) {
    writeConfigFile(configFile, configYaml(diagnosis));
    process.stdout.write(`wrote ${printable(configFile)}; next: vllm-obs generate -c ${printable(configFile)}\n`);
  }
  const emptyPanels = flags.prometheus === undefined ? 0 : await checkPanels(flags.prometheus, configToCheck(flags, diagnosis));
  return emptyPanels > 0 || diagnosis.findings.some((f) => f.severity === 'error') ? 1 : 0;
}
