#!/usr/bin/env node
// Thin: parse arguments, call the library, map errors to exit codes (0 ok, 1 findings, 2 bad input).
// Heavy modules (the Grafana SDK, ajv, lezer) load only inside the command that needs them.
import { Command, CommanderError } from 'commander';
import { InputError, isFileSystemFault, fileSystemFault, ValidationError } from './errors.js';
import { printable } from './text.js';

const program = new Command('vllm-obs')
  .description('Grafana dashboards, Prometheus rules and scrape configs for vLLM, generated from one config')
  .version('0.1.0')
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(text) });

program
  .command('generate')
  .description('build every artifact, validate it, and write it to the output directory')
  .option('-c, --config <file>', 'config file (default: vllm-obs.yaml|yml|json in the working directory, else built-in default)')
  .option('-o, --out <dir>', 'output directory (overrides output.dir)')
  .option('--check', 'write nothing; exit 1 and list the files that differ when the output is stale')
  .option('--force', 'write into a non-empty directory that vllm-obs did not create')
  .option('--strict', 'refuse what is otherwise a warning, e.g. a vLLM release newer than the metric catalog')
  .action(async (opts: { config?: string; out?: string; check?: boolean; force?: boolean; strict?: boolean }) => {
    const { runGenerate } = await import('./commands/generate.js');
    process.exitCode = runGenerate(opts);
  });

program
  .command('metrics')
  .description('print the vLLM metric catalog for a version')
  .option('--vllm-version <version>', 'vLLM version or range (default: newest in the catalog)')
  .option('--json', 'machine-readable output')
  .action(async (opts: { vllmVersion?: string; json?: boolean }) => {
    const { runMetrics } = await import('./commands/metrics.js');
    process.exitCode = runMetrics(opts);
  });

program
  .command('init')
  .description('write a starter vllm-obs.yaml')
  .option('-t, --template <name>', 'single-host | kubernetes | multi-cluster | file-sd', 'single-host')
  .option('--force', 'overwrite an existing vllm-obs.yaml')
  .action(async (opts: { template: string; force?: boolean }) => {
    const { runInit } = await import('./commands/init.js');
    process.exitCode = runInit(opts);
  });

program
  .command('validate')
  .description('run every check (schemas, PromQL, metric existence, lint, promtool) on the generated output')
  .option('-c, --config <file>', 'config file')
  .option('-o, --out <dir>', 'also check the files written in this directory with promtool')
  .option('--strict', 'refuse what is otherwise a warning, e.g. a vLLM release newer than the metric catalog')
  .action(async (opts: { config?: string; out?: string; strict?: boolean }) => {
    const { runValidate } = await import('./commands/validate.js');
    process.exitCode = await runValidate(opts);
  });

program
  .command('lint')
  .description('check Grafana dashboards and Prometheus rule files written elsewhere against a vLLM version')
  .argument('<files...>', 'dashboard JSON or rule YAML files')
  .option('--vllm-version <version>', 'vLLM version or range the fleet runs (default: newest)')
  .option('--json', 'machine-readable findings')
  .action(async (files: string[], opts: { vllmVersion?: string; json?: boolean }) => {
    const { runLint } = await import('./commands/lint.js');
    process.exitCode = await runLint(files, opts);
  });

program
  .command('simulate')
  .description('serve /metrics, /health, /version and /v1/models as a vLLM server would')
  .option('-p, --port <port>', 'port on 127.0.0.1', '8000')
  .option('--host <host>', 'address to bind', '127.0.0.1')
  .option('--vllm-version <version>', 'vLLM version to imitate (default: newest)')
  .option('--models <names>', 'comma-separated served model names', 'meta-llama/Llama-3.1-8B-Instruct')
  .option('--engines <n>', 'data-parallel engines per model (V1 from 0.8.3)', '1')
  .option('--api-servers <n>', 'API server processes; more than one drops process_* and _created (default: 1, or one per engine from 0.15)')
  .option('--scenario <name>', 'steady | overload | kv-pressure | errors | dead', 'steady')
  .option('--features <list>', 'comma-separated optional subsystems to expose, e.g. speculativeDecoding,lora')
  .option('--seed <n>', 'seed of the simulated traffic', '1')
  .action(async (opts: Record<string, string>) => {
    const { runSimulate } = await import('./commands/simulate.js');
    process.exitCode = await runSimulate(opts);
  });

program
  .command('doctor')
  .description('inspect a live vLLM server and tell which version, features and metrics it exposes')
  .requiredOption('--url <url>', 'base URL of the vLLM server, e.g. http://127.0.0.1:8000')
  .option('--timeout <ms>', 'per-request timeout in milliseconds', '5000')
  .option('--write-config [file]', 'write a matching vllm-obs.yaml (default ./vllm-obs.yaml)')
  .option('--force', 'overwrite an existing config file')
  .option('--verbose', 'also list the catalog metrics present')
  .option('--prometheus <url>', 'also run every generated dashboard query against this Prometheus and list panels without data')
  .option('-c, --config <file>', 'config whose dashboards --prometheus checks (default: vllm-obs.yaml here, else what doctor saw)')
  .action(async (opts: { url: string; timeout: string; writeConfig?: string | boolean; force?: boolean; verbose?: boolean; prometheus?: string; config?: string }) => {
    const { runDoctor } = await import('./commands/doctor.js');
    process.exitCode = await runDoctor(opts);
  });

async function main(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    process.exitCode = reportError(error);
  }
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (error instanceof InputError) {
    // a problem may quote a file or a server: never a raw control character on the terminal
    for (const line of error.problems) process.stderr.write(`${printable(line)}\n`);
    return 2;
  }
  if (error instanceof ValidationError) {
    for (const line of error.findings) process.stderr.write(`${printable(line)}\n`);
    process.stderr.write(`${error.findings.length} problem(s) in the generated output; nothing was written\n`);
    return 1;
  }
  if (isFileSystemFault(error)) return reportError(fileSystemFault(error, 'access', error.path ?? 'a file'));
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`vllm-obs: internal error: ${printable(message, 500)}\n`);
  return 3;
}

await main();
