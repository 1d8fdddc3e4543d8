// Real Prometheus, blackbox-exporter and Alertmanager processes for live tests: loopback ports, temp dirs, and
// always stopped (on test teardown and, as a last resort, on process exit).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface Server {
  url: string;
  port: number;
  dir: string;
  log: () => string;
  stop: () => Promise<void>;
}

async function startProcess(binary: string, args: string[], dir: string, readyUrl: string, port: number): Promise<Server> {
  const child = spawn(binary, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    running.delete(child);
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`${binary} exited with ${child.exitCode}:\n${output}`);
    }
    try {
      const res = await fetch(readyUrl);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${binary} not ready after 20s:\n${output}`);
    }
    await sleep(50);
  }
  return { url: `http://127.0.0.1:${port}`, port, dir, log: () => output, stop };
}

/**
 * Starts Prometheus with the given files (name → content) in a temp dir; `configFile` names the
 * prometheus.yml among them. Relative rule_files resolve against that dir.
 */
export async function startPrometheus(binary: string, files: Record<string, string>, configFile = 'prometheus.yml', extraArgs: string[] = []): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-prom-'));
  writeFiles(dir, files);
  const port = await freePort();
  return startProcess(
    binary,
    [
      `--config.file=${join(dir, configFile)}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-lifecycle',
      ...extraArgs,
    ],
    dir,
    `http://127.0.0.1:${port}/-/ready`,
    port,
  );
}

export async function startBlackbox(binary: string, configYaml: string): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-bb-'));
  writeFiles(dir, { 'blackbox.yml': configYaml });
  const port = await freePort();
  return startProcess(
    binary,
    [`--config.file=${join(dir, 'blackbox.yml')}`, `--web.listen-address=127.0.0.1:${port}`],
    dir,
    `http://127.0.0.1:${port}/-/healthy`,
    port,
  );
}

/** Alertmanager alone (no gossip: an empty cluster address) on the given alertmanager.yml. */
export async function startAlertmanager(binary: string, configYaml: string, extraArgs: string[] = []): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-am-'));
  writeFiles(dir, { 'alertmanager.yml': configYaml });
  const port = await freePort();
  return startProcess(
    binary,
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      ...extraArgs,
    ],
    dir,
    `http://127.0.0.1:${port}/-/ready`,
    port,
  );
}

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface PromVectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** Instant query through the HTTP API; throws on an API error. */
export async function query(server: Server, expr: string, time?: number): Promise<PromVectorSample[]> {
  const params = new URLSearchParams({ query: expr });
  if (time !== undefined) params.set('time', String(time));
  const res = await fetch(`${server.url}/api/v1/query`, { method: 'POST', body: params });
  const body = (await res.json()) as { status: string; error?: string; data?: { resultType: string; result: PromVectorSample[] } };
  if (body.status !== 'success') throw new Error(`query failed: ${body.error ?? res.status}: ${expr}`);
  const result = body.data?.result ?? [];
  return body.data?.resultType === 'scalar' ? [{ metric: {}, value: result as unknown as [number, string] }] : result;
}

/** Polls `check` until it returns a truthy value or the timeout passes. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 60_000, everyMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await sleep(everyMs);
  }
}
