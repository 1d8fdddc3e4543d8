import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

export interface AsyncCliResult extends CliResult {
  /** Peak resident memory of the process in KiB (VmHWM, sampled until it exits). */
  peakRssKiB: number;
  elapsedMs: number;
}

/** Runs the built CLI without blocking this process, so servers started by the test keep answering. */
export function runCliAsync(args: string[], cwd: string, timeoutMs = 120_000): Promise<AsyncCliResult> {
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let peakRssKiB = 0;
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const sample = setInterval(() => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (hwm) peakRssKiB = Math.max(peakRssKiB, Number(hwm[1]));
    } catch {
      // exited between two samples
    }
  }, 20);
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) => {
    child.once('close', (status) => {
      clearInterval(sample);
      clearTimeout(killer);
      resolve({ status, stdout, stderr, peakRssKiB, elapsedMs: Date.now() - started });
    });
  });
}
