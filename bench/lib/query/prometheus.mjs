// A throwaway Prometheus on 127.0.0.1 over a given TSDB directory, with no scrape jobs and no rules:
// it only serves queries over backfilled blocks. Always stopped: by the caller's finally, and as a
// last resort when the bench process exits or is interrupted (spawnTracked).
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnTracked } from '../process.mjs';

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts Prometheus on `dataDir` (blocks in it are loaded at start); resolves once ready. */
export async function startPrometheus(binary, { dir, dataDir }) {
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, 'global:\n  scrape_interval: 1m\nscrape_configs: []\n');
  const port = await freePort();
  const child = spawnTracked(
    binary,
    [`--config.file=${config}`, `--storage.tsdb.path=${dataDir}`, `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=30d', '--log.level=warn'],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr.on('data', (data) => (log = (log + data).slice(-20_000)));
  const server = {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    log: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
  const deadline = performance.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${log}`);
    try {
      if ((await fetch(`${server.url}/-/ready`)).ok) return server;
    } catch {
      /* not listening yet */
    }
    if (performance.now() > deadline) {
      await server.stop();
      throw new Error(`prometheus not ready after 120 s:\n${log}`);
    }
    await sleep(100);
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function api(server, path, params) {
  const response = await fetch(`${server.url}${path}`, { method: 'POST', body: new URLSearchParams(params) });
  const body = await response.json();
  if (body.status !== 'success') throw new Error(`${path} failed: ${body.error ?? response.status}\n${params.query ?? ''}`);
  return body.data;
}

/**
 * One query as Grafana sends it (range, or instant at `end`), with `stats=all`. Returns wall time,
 * samples touched (totalQueryableSamples), peak samples, Prometheus' own evaluation time and the
 * number of series in the result.
 */
export async function timedQuery(server, { expr, start, end, step, instant }) {
  const params = instant ? { query: expr, time: String(end), stats: 'all' } : { query: expr, start: String(start), end: String(end), step: String(step), stats: 'all' };
  const begin = performance.now();
  const data = await api(server, instant ? '/api/v1/query' : '/api/v1/query_range', params);
  const wallMs = performance.now() - begin;
  return {
    wallMs,
    evalMs: data.stats.timings.evalTotalTime * 1000,
    samples: data.stats.samples.totalQueryableSamples,
    peakSamples: data.stats.samples.peakSamples,
    resultSeries: Array.isArray(data.result) ? data.result.length : 1,
  };
}

/** Values of `label` over the series `match` selects in [start, end], as Grafana's label_values(). */
export async function labelValues(server, label, match, { start, end }) {
  const params = new URLSearchParams({ start: String(start), end: String(end) });
  if (match) params.append('match[]', match);
  const response = await fetch(`${server.url}/api/v1/label/${encodeURIComponent(label)}/values?${params}`);
  const body = await response.json();
  if (body.status !== 'success') throw new Error(`label values of ${label} failed: ${body.error}`);
  return body.data;
}

/** CPU seconds the process has used (Linux /proc), to tell when background compaction is done. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** One of Prometheus' own metrics, read from its /metrics page. */
async function ownMetric(server, name) {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

/** TSDB blocks Prometheus has loaded. */
export function blocksLoaded(server) {
  return ownMetric(server, 'prometheus_tsdb_blocks_loaded');
}

/**
 * Waits until Prometheus has run its first compaction cycle (one minute after start: blocks that
 * overlap, as backfilled ones do, are merged then) and gone quiet, so queries are measured on
 * settled storage rather than next to a compaction.
 */
export async function waitUntilSettled(server, { onWait } = {}) {
  onWait?.('waiting for the first compaction cycle (Prometheus runs it a minute after start)');
  while ((await ownMetric(server, 'prometheus_tsdb_compactions_triggered_total')) < 1) await sleep(2000);
  onWait?.('compacting');
  let before = cpuSeconds(server.pid);
  for (;;) {
    await sleep(3000);
    const now = cpuSeconds(server.pid);
    if (now - before < 0.15) return;
    before = now;
  }
}
