import { lintFiles } from '../lint/index.js';
import { versionLabel } from '../validate/status.js';

/** Findings on stdout (one line each, or a JSON array with --json), the summary on stderr.
 *  0 clean (warnings allowed), 1 findings; unreadable input throws InputError (2). */
export async function runLint(files: string[], opts: { vllmVersion?: string; json?: boolean }): Promise<number> {
  const result = lintFiles(files, { vllmVersion: opts.vllmVersion });
  if (opts.json) process.stdout.write(`${JSON.stringify(result.findings, null, 2)}\n`);
  else for (const line of result.lines) process.stdout.write(`${line}\n`);
  for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
  const against = `vLLM ${versionLabel(result.catalog)}`;
  const count = result.findings.filter((f) => f.severity === undefined).length;
  const warned = result.findings.length - count;
  const warnings = warned === 0 ? '' : `, ${warned} warning(s)`;
  process.stderr.write(count === 0 ? `${files.length} file(s) clean for ${against}${warnings}\n` : `${count} problem(s)${warnings} in ${files.length} file(s) for ${against}\n`);
  return count === 0 ? 0 : 1;
}
