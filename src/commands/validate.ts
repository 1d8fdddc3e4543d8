import { relative, resolve } from 'node:path';
import { loadConfig } from '../config/load.js';
import { checkOutput, isClean } from '../emit/write.js';
import { generate } from '../generate.js';
import { validateArtifacts } from '../validate/index.js';
import { crdFindings } from '../validate/crd.js';
import { runTools } from '../validate/promtool.js';

/**
 * Builds the output in memory and runs every check: the in-process ones `generate` runs, the
 * Prometheus Operator CRD schemas, then promtool (and blackbox_exporter's config check) on a
 * temporary copy. With --out, the directory
 * must also hold exactly that output, so the checks speak for the files there.
 * Findings on stdout, one line each; 0 clean, 1 findings.
 */
export async function runValidate(opts: { config?: string; out?: string; strict?: boolean }): Promise<number> {
  const { config, warnings } = loadConfig({ path: opts.config, strict: opts.strict });
  for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
  const { setup, artifacts, files } = generate(config, { validate: false });
  const lines = validateArtifacts(artifacts, setup);
  lines.push(...(await crdFindings(artifacts)));
  if (opts.out !== undefined) lines.push(...staleness(opts.out, files));
  const tools = runTools(artifacts, setup);
  lines.push(...tools.problems);
  for (const line of lines) process.stdout.write(`${line}\n`);
  // what was skipped or checked another way is a caveat about the result: stderr, like warnings
  for (const line of [...tools.skipped, ...tools.notes]) process.stderr.write(`${line}\n`);
  const ran = tools.ran.length > 0 ? `; ran ${tools.ran.join(', ')}` : '';
  // the verdict is the result itself: stdout, so `vllm-obs validate > report.txt` keeps it
  process.stdout.write(lines.length === 0 ? `${artifacts.length} files valid${ran}\n` : `${lines.length} problem(s) in the generated output${ran}\n`);
  return lines.length === 0 ? 0 : 1;
}

function staleness(out: string, files: ReadonlyMap<string, string>): string[] {
  const dir = resolve(out);
  const shown = relative(process.cwd(), dir) || '.';
  const check = checkOutput(dir, files);
  if (isClean(check)) return [];
  const differ = [...check.added, ...check.changed, ...check.removed];
  return [`${shown}/: ${differ.length} file(s) differ from the generated output (${differ.slice(0, 3).join(', ')}${differ.length > 3 ? ', …' : ''}); run \`vllm-obs generate\``];
}
