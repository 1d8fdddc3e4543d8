import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI in `cwd` with no network-affecting environment changes (as `user`, when given and root). */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}, user?: { uid: number; gid: number }): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env }, ...user });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
