import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { findConfigFile, loadConfig } from '../config/load.js';
import { durationSeconds } from '../config/duration.js';
import type { Config, ConfigInput } from '../config/types.js';
import { checkDashboards, configFor, configYaml, diagnose, formatDiagnosis, formatPanelProblems, ProbeError, type Diagnosis } from '../doctor/index.js';
import { InputError } from '../errors.js';

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
  const { model, artifacts } = generate(input, { validate: false });
  const scrape = durationSeconds(model.config.scrape.interval);
  const dashboards = artifacts.filter((a) => a.kind === 'dashboard').map((a) => JSON.parse(a.content) as unknown);
  let results;
  try {
    // Grafana's $__rate_interval is at least four scrape intervals. Each variable is also narrowed to
    // single values: a recording missing a label shows data under "All" only.
    results = await checkDashboards(prometheus, dashboards, { rateInterval: `${4 * scrape}s`, lookbackSeconds: 300, stepSeconds: scrape, eachValue: true });
  } catch (error) {
    if (error instanceof ProbeError) throw new InputError([`--prometheus: ${error.message}`]);
    throw error;
  }
  const problems = formatPanelProblems(results);
  process.stdout.write(
    `panels      ${results.length - problems.length} of ${results.length} dashboard queries return data from ${prometheus} (All, each repeated row, each variable narrowed to single values)\n`,
  );
  for (const line of problems) process.stdout.write(`NO DATA ${line}\n`);
  return problems.length;
}

/** Exit 0 when all is well, 1 when a finding is an error (dead engine, no metrics, panels without
 *  data), 2 when the server cannot be inspected. */
export async function runDoctor(flags: DoctorFlags): Promise<number> {
  const timeoutMs = Number(flags.timeout);
  if (!/^\d+$/.test(flags.timeout) || timeoutMs < 1) throw new InputError([`--timeout: "${flags.timeout}" is not a number of milliseconds`]);
  const configFile = configFileOf(flags);
  // refuse before touching the network, so a re-run with --force is the only thing left to do
  if (configFile !== undefined && existsSync(configFile) && !flags.force) {
    throw new InputError([`${configFile} already exists; pass --force to overwrite it`]);
  }
  let diagnosis;
  try {
    diagnosis = await diagnose({ url: flags.url, timeoutMs });
  } catch (error) {
    if (error instanceof ProbeError) throw new InputError([error.message]);
    throw error;
  }
  process.stdout.write(formatDiagnosis(diagnosis, flags.verbose ?? false));
  if (configFile !== undefined) {
    writeFileSync(configFile, configYaml(diagnosis));
    process.stdout.write(`wrote ${configFile}; next: vllm-obs generate -c ${configFile}\n`);
  }
  const emptyPanels = flags.prometheus === undefined ? 0 : await checkPanels(flags.prometheus, configToCheck(flags, diagnosis));
  return emptyPanels > 0 || diagnosis.findings.some((f) => f.severity === 'error') ? 1 : 0;
}
