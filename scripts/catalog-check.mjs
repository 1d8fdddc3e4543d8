#!/usr/bin/env node
// npm run catalog:check -- PATH [--vllm-version X]
// Reads every `vllm:` metric definition of a vLLM source tree or installed package (PATH holds vllm/,
// or is site-packages/vllm) with scripts/vllm_metrics_extract.py (Python's ast module), and prints
// how the catalog of that version differs: `+` in the source only, `-` in the catalog only, `~` a
// different type, label set, bucket list or hidden state. Exit 0 without differences, 1 with some,
// 2 when the tree cannot be read. Needs python3 and a built dist/ (npm run build).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const USAGE = 'usage: npm run catalog:check -- PATH [--vllm-version X]';

function fail(message) {
  process.stderr.write(`catalog:check: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const args = { path: undefined, version: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--vllm-version') {
      if (argv[i + 1] === undefined) fail(`--vllm-version needs a value; ${USAGE}`);
      args.version = argv[++i];
    } else if (arg.startsWith('--vllm-version=')) args.version = arg.slice('--vllm-version='.length);
    else if (arg.startsWith('-')) fail(`unknown option ${arg}; ${USAGE}`);
    else if (args.path === undefined) args.path = arg;
    else fail(`one PATH only; ${USAGE}`);
  }
  if (args.path === undefined) fail(USAGE);
  return args;
}

const { path, version } = parseArgs(process.argv.slice(2));
const checkModule = join(here, '..', 'dist', 'catalog', 'check.js');
if (!existsSync(checkModule)) fail('dist/ is missing: run npm run build first');
const python = process.env.PYTHON ?? 'python3';
const extracted = spawnSync(python, [join(here, 'vllm_metrics_extract.py'), path], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
if (extracted.error) fail(`cannot run ${python}: ${extracted.error.code ?? extracted.error.message}`);
if (extracted.status !== 0) fail((extracted.stderr.trim().split('\n').at(-1) ?? `${python} exited with ${extracted.status}`));

const { checkCatalog } = await import(checkModule);
const { CatalogError } = await import(join(here, '..', 'dist', 'catalog', 'errors.js'));
let result;
try {
  result = checkCatalog(JSON.parse(extracted.stdout), version);
} catch (error) {
  if (error instanceof CatalogError || /--vllm-version/.test(error.message)) fail(error.message);
  throw error;
}
process.stdout.write(`${result.lines.join('\n')}\n`);
process.exit(result.differences > 0 ? 1 : 0);
