// Runs a command to completion and measures it from outside: wall time from the parent (spawn to
// exit), peak resident memory from GNU time (/usr/bin/time -f %M) when installed, else from a
// preload that reports the Node child's own process.resourceUsage().maxRSS at exit.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const GNU_TIME = '/usr/bin/time';
const MAXRSS_PRELOAD = fileURLToPath(new URL('./maxrss-preload.mjs', import.meta.url));

/** How peak memory is taken on this machine, for the method section. */
export const MEMORY_METHOD = existsSync(GNU_TIME)
  ? 'peak RSS from GNU time (`/usr/bin/time -f %M`) wrapping each run'
  : 'peak RSS from `process.resourceUsage().maxRSS` reported at exit by a preload (`--import`) in each Node run';

const startedAt = performance.now();

/** Background children (promtool, Prometheus) are killed when the bench exits or is interrupted. */
const children = new Set();
let killOnExit = false;

/** Spawns a background child that is killed with the bench; it is forgotten once it exits. */
export function spawnTracked(command, args, options) {
  if (!killOnExit) {
    killOnExit = true;
    process.once('exit', () => children.forEach((child) => child.kill('SIGKILL')));
    for (const signal of ['SIGINT', 'SIGTERM']) {
      process.once(signal, () => {
        children.forEach((child) => child.kill('SIGKILL'));
        process.exit(130);
      });
    }
  }
  const child = spawn(command, args, options);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Deletes `dir` when the bench exits, however it exits (done, failed, interrupted). */
export function removeOnExit(dir) {
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
}

/** Progress on stderr, so a long run shows where it is. */
export function progress(message) {
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[bench ${seconds}s] ${message}\n`);
}

/**
 * Runs `node ...nodeArgs` once; returns wall time (ms), peak RSS (KiB) and stdout. A failing command
 * throws with the end of its output, so a broken build never yields a number — unless
 * `allowFailure`, when the result carries `failure` (that output, without the command line).
 */
export function runNode(nodeArgs, { cwd, env, allowFailure = false } = {}) {
  const scratch = mkdtempSync(join(tmpdir(), 'vllm-obs-bench-rss-'));
  const rssFile = join(scratch, 'maxrss');
  try {
    const [command, args, extraEnv] = existsSync(GNU_TIME)
      ? [GNU_TIME, ['-f', '%M', '-o', rssFile, process.execPath, ...nodeArgs], {}]
      : [process.execPath, ['--import', MAXRSS_PRELOAD, ...nodeArgs], { VLLM_OBS_BENCH_MAXRSS_FILE: rssFile }];
    const start = performance.now();
    const result = spawnSync(command, args, { cwd, env: { ...process.env, ...env, ...extraEnv }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const wallMs = performance.now() - start;
    if (result.error) throw result.error;
    const measured = { wallMs, maxRssKib: Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()), stdout: result.stdout };
    if (result.status === 0) return measured;
    const output = tail(result.stdout + result.stderr);
    if (allowFailure) return { ...measured, failure: output };
    throw new Error(`node ${nodeArgs.join(' ')} exited with ${result.status ?? result.signal}:\n${output}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Runs a program that is not Node (promtool) in the background: resolves with its wall time once it
 *  exits cleanly, rejects with the end of its stderr otherwise. */
export function startTool(command, args) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawnTracked(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (data) => (stderr = (stderr + data).slice(-20_000)));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve({ wallMs: performance.now() - start });
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}:\n${tail(stderr)}`));
    });
  });
}

/** The last lines of a failed command's output: enough to see why, short enough to read. */
function tail(output, lines = 25) {
  const all = output.trimEnd().split('\n');
  return all.length <= lines ? all.join('\n') : [`… ${all.length - lines} more lines`, ...all.slice(-lines)].join('\n');
}

/** The path of a program on PATH, or undefined. */
export function which(program) {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = join(dir, program);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}
