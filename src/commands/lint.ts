import { lintFiles } from '../lint/index.js';
import { versionLabel } from '../validate/status.js';

/** Findings on stdout (one line each, or a JSON array with --json), the summary on stderr.
 *  0 clean, 1 findings; unreadable input throws InputError (2). */
export async function runLint(files: string[], opts: { vllmVersion?: string; json?: boolean }): Promise<number> {
  const result = lintFiles(files, { vllmVersion: opts.vllmVersion });
  if (opts.json) process.stdout.write(`${JSON.stringify(result.findings, null, 2)}\n`);
  else for (const line of result.lines) process.stdout.write(`${line}\n`);
  const against = `vLLM ${versionLabel(result.catalog)}`;
  const count = result.findings.length;
  process.stderr.write(count === 0 ? `${files.length} file(s) clean for ${against}\n` : `${count} problem(s) in ${files.length} file(s) for ${against}\n`);
  return count === 0 ? 0 : 1;
}
