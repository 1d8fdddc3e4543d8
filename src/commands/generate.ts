import { relative, resolve } from 'node:path';
import { loadConfig } from '../config/load.js';
import { generate, type GenerateResult } from '../generate.js';
import { ConfigError, InputError, type ConfigProblem } from '../errors.js';
import type { Config } from '../config/types.js';
import { checkOutput, isClean, recoverOutput, writeOutput } from '../emit/write.js';

export function runGenerate(opts: { config?: string; out?: string; check?: boolean; force?: boolean; strict?: boolean }): number {
  const { config, file, format, warnings } = loadConfig({ path: opts.config, strict: opts.strict });
  for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
  const result = generateOrLocate(config, format);
  const dir = resolve(opts.out ?? config.output.dir);
  const rel = relative(process.cwd(), dir);
  const shown = rel === '' ? '.' : rel.startsWith('..') ? dir : rel;
  if (opts.check) {
    // a run killed while committing is finished first, so --check compares a whole tree
    recoverOutput(dir, { label: shown });
    const check = checkOutput(dir, result.files);
    if (isClean(check)) {
      process.stdout.write(`${shown}/ is up to date (${result.files.size} files)\n`);
      return 0;
    }
    for (const path of check.added) process.stdout.write(`added:   ${shown}/${path}\n`);
    for (const path of check.changed) process.stdout.write(`changed: ${shown}/${path}\n`);
    for (const path of check.removed) process.stdout.write(`removed: ${shown}/${path}\n`);
    process.stdout.write(`${shown}/ is stale; run \`vllm-obs generate${opts.config ? ` --config ${opts.config}` : ''}\` and commit the result\n`);
    return 1;
  }
  const written = writeOutput(dir, result.files, { force: opts.force, label: shown });
  const source = file ? relative(process.cwd(), file) : 'built-in default config';
  if (written.unchanged) process.stdout.write(`${shown}/ already up to date (${result.files.size} files from ${source})\n`);
  else {
    const count = written.written === result.files.size ? `${written.written}` : `${written.written} of ${result.files.size}`;
    process.stdout.write(`wrote ${count} files to ${shown}/ from ${source}\n`);
    for (const path of written.removed) process.stdout.write(`removed stale ${shown}/${path}\n`);
  }
  return 0;
}


/** Builders find some config problems late (they need the model); point those at the file too. */
export function generateOrLocate(config: Config, format: (problem: ConfigProblem) => string): GenerateResult {
  try {
    return generate(config);
  } catch (error) {
    if (error instanceof ConfigError) throw new InputError(error.configProblems.map(format));
    throw error;
  }
}
