// doctor against a hostile server: a gzip bomb, an endless body, a body that drips past the timeout,
// a /version that tries to write keys into the config and escape sequences into the terminal, and
// answers past the size limits. Every case ends in exit 2 with one line, or in a report and config
// that hold only data; the server runs inside the test on 127.0.0.1 and is closed afterwards.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { Simulation } from '../src/simulate/index.js';
import { runCli, runCliAsync } from './helpers/cli.js';
import { freePort } from './helpers/servers.js';

const MiB = 1024 * 1024;
const ESC = '\u001b';

function metricsPage(models?: string[]): string {
  let now = 1_700_000_000_000;
  const sim = new Simulation({ version: '0.11', clock: () => now, models });
  now += 30_000;
  return sim.render();
}

/** gzip of `size` zero bytes, made in chunks (zeros compress about 1000:1). */
async function gzipOfZeros(size: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  const chunk = Buffer.alloc(MiB);
  for (let written = 0; written < size; written += MiB) {
    if (!gzip.write(chunk)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await done;
  return Buffer.concat(out);
}

const INJECTED_VERSION = `0.11.0\noutput:\n  dir: /tmp/pwned\ngrafana:\n  datasourceUrl: http://attacker.example:9090\n${ESC}[2J${ESC}]0;owned\u0007`;
const EVIL_MODEL = `${ESC}[31mred-model${ESC}[0m\r\u202eevil`;

let bomb: Buffer;
let requests = 0;
const openResponses = new Set<ServerResponse>();

function routes(req: IncomingMessage, res: ServerResponse): void {
  requests++;
  const [, scenario, ...rest] = (req.url ?? '/').split('/');
  const path = `/${rest.join('/')}`;
  openResponses.add(res);
  res.once('close', () => openResponses.delete(res));
  if (scenario === 'bomb' && path === '/metrics') {
    return void res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4', 'content-encoding': 'gzip', 'content-length': bomb.length }).end(bomb);
  }
  if (scenario === 'endless' && path === '/metrics') {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    const line = Buffer.from('x_total{a="b"} 1\n'.repeat(4096));
    const pump = () => {
      while (!res.destroyed && res.write(line));
      if (!res.destroyed) res.once('drain', pump);
    };
    return pump();
  }
  if (scenario === 'drip' && path === '/metrics') {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    const timer = setInterval(() => res.write('#'), 100);
    res.once('close', () => clearInterval(timer));
    return;
  }
  if (scenario === 'slowheaders' && path === '/metrics') return; // never answers
  if (scenario === 'inject') {
    if (path === '/metrics') return void res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(metricsPage([EVIL_MODEL]));
    if (path === '/version') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ version: INJECTED_VERSION }));
    if (path === '/health') return void res.writeHead(200).end();
  }
  if (scenario === 'bigversion') {
    if (path === '/metrics') return void res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(metricsPage());
    if (path === '/version') return void res.writeHead(200, { 'content-type': 'application/json' }).end(`{"version": "0.11.0", "pad": "${'x'.repeat(2 * MiB)}"}`);
    if (path === '/health') return void res.writeHead(200).end();
  }
  if (scenario === 'binary' && path === '/metrics') {
    return void res.writeHead(200, { 'content-type': 'text/plain' }).end(`${ESC}[31m\u0000\u0007garbage${ESC}]0;title\u0007 here\n`);
  }
  if (scenario === 'ok') {
    if (path === '/metrics') return void res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(metricsPage());
    if (path === '/health') return void res.writeHead(200).end();
    if (path === '/version') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"version":"0.11.0"}');
  }
  if (scenario === 'endlessapi' && path.startsWith('/api/v1/')) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"status":"success","data":["');
    const chunk = Buffer.alloc(MiB, 'a');
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    return pump();
  }
  res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}');
}

let server: Server;
let base: string;
let work: string;

beforeAll(async () => {
  bomb = await gzipOfZeros(512 * MiB);
  server = createServer(routes);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  work = mkdtempSync(join(tmpdir(), 'vllm-obs-doctor-hostile-'));
});

afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  for (const res of openResponses) res.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function oneLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
  return lines[0];
}

describe('bounded reads', () => {
  it(`a gzip bomb (${'<'}1 MiB on the wire, 512 MiB decoded) stops at 64 MiB: exit 2, memory bounded`, async () => {
    expect(bomb.length).toBeLessThan(MiB);
    const result = await runCliAsync(['doctor', '--url', `${base}/bomb`, '--timeout', '60000'], work);
    expect(result.status).toBe(2);
    expect(oneLine(result.stderr)).toMatch(/\/bomb\/metrics: the answer is larger than 64 MiB; stopped reading/);
    expect(result.peakRssKiB).toBeGreaterThan(0);
    expect(result.peakRssKiB).toBeLessThan(600 * 1024);
  });

  it('an endless body stops at 64 MiB: exit 2', async () => {
    const result = await runCliAsync(['doctor', '--url', `${base}/endless`, '--timeout', '60000'], work);
    expect(result.status).toBe(2);
    expect(oneLine(result.stderr)).toMatch(/\/endless\/metrics: the answer is larger than 64 MiB/);
    expect(result.peakRssKiB).toBeLessThan(600 * 1024);
  });

  it('a body that drips past the timeout ends at the timeout: the deadline covers the whole read', async () => {
    const result = await runCliAsync(['doctor', '--url', `${base}/drip`, '--timeout', '1500'], work);
    expect(result.status).toBe(2);
    expect(oneLine(result.stderr)).toMatch(/\/drip\/metrics: no answer within 1500 ms \(headers and body\)/);
    expect(result.elapsedMs).toBeLessThan(30_000);
  });

  it('headers that never come end at the timeout too', async () => {
    const result = await runCliAsync(['doctor', '--url', `${base}/slowheaders`, '--timeout', '800'], work);
    expect(result.status).toBe(2);
    expect(oneLine(result.stderr)).toMatch(/no answer within 800 ms/);
  });

  it('a /version past its 64 KiB limit is exit 2, not silently ignored', async () => {
    const result = await runCliAsync(['doctor', '--url', `${base}/bigversion`], work);
    expect(result.status).toBe(2);
    expect(oneLine(result.stderr)).toMatch(/\/bigversion\/version: the answer is larger than 64 KiB/);
  });

  it('a Prometheus API answer past 64 MiB (--prometheus) is exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-doctor-prom-'));
    const result = await runCliAsync(['doctor', '--url', `${base}/ok`, '--prometheus', `${base}/endlessapi`, '--timeout', '60000'], dir);
    expect(result.status).toBe(2);
    expect(oneLine(result.stderr)).toMatch(/^--prometheus: GET .*\/endlessapi\/api\/v1\/label\/.*: the answer is larger than 64 MiB/);
  });
});

describe('server text is data', () => {
  it('a /version with newline-injected YAML and escape sequences writes no key and reaches the terminal escaped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-doctor-inject-'));
    const result = await runCliAsync(['doctor', '--url', `${base}/inject`, '--write-config', 'vllm-obs.yaml'], dir);
    expect(result.status).toBe(0);
    const out = result.stdout + result.stderr;
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/);
    expect(out).toContain('\\x1b[31mred-model\\x1b[0m\\x0d\\u202eevil');
    expect(out).toMatch(/WARN {2}\/version answered "0\.11\.0\\x0aoutput:\\x0a {2}dir: .*…", which is not a vLLM release; inferring the version from the metrics/);
    const text = readFileSync(join(dir, 'vllm-obs.yaml'), 'utf8');
    expect(text).not.toContain('attacker');
    expect(text).not.toContain('pwned');
    expect(text).not.toContain(ESC);
    // health and scrape.metricsPath follow the mount path /inject of --url
    expect(Object.keys(parse(text) as object).sort()).toEqual(['health', 'scrape', 'vllm']);
    const config = parseConfig(text, 'vllm-obs.yaml');
    expect(config.output.dir).toBe('out');
    expect(config.grafana.datasourceUrl).toBe('http://localhost:9090');
    const generated = runCli(['generate', '--check'], dir);
    expect(generated.stdout).not.toContain('pwned');
    expect(readdirSync(dir)).toEqual(['vllm-obs.yaml']);
  });

  it('raw bytes from the server in an error line are escaped', async () => {
    const result = await runCliAsync(['doctor', '--url', `${base}/binary`], work);
    expect(result.status).toBe(2);
    const line = oneLine(result.stderr);
    expect(line).toContain('not in the Prometheus text format');
    expect(line).toContain('\\x1b[31m\\x00\\x07garbage');
    expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });
});

describe('refused before the network', () => {
  it.each(['0', '-5', '1.5', '2147483648', '99999999999', '1e3', 'soon'])('--timeout %s: exit 2, one line, no request', async (value) => {
    const before = requests;
    const result = await runCliAsync(['doctor', '--url', `${base}/ok`, '--timeout', value], work);
    expect(result.status).toBe(2);
    expect(oneLine(result.stderr)).toMatch(/^--timeout: ".*" is not a whole number of milliseconds from 1 to 2147483647/);
    expect(requests).toBe(before);
  });

  it('the largest timeout Node can hold is accepted', async () => {
    const result = await runCliAsync(['doctor', '--url', `${base}/ok`, '--timeout', '2147483647'], work);
    expect(result.status).toBe(0);
  });

  it('--write-config into a directory, under a missing parent or under a file: exit 2, one line, no request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-doctor-target-'));
    mkdirSync(join(dir, 'conf'));
    writeFileSync(join(dir, 'plain-file'), 'x');
    const before = requests;
    const cases: [string, RegExp][] = [
      ['conf', /conf is a directory; give the path of the file to write/],
      ['missing/vllm-obs.yaml', /the directory .*missing does not exist/],
      ['plain-file/vllm-obs.yaml', /plain-file is not a directory/],
    ];
    for (const [target, message] of cases) {
      const result = await runCliAsync(['doctor', '--url', `${base}/ok`, '--write-config', target], dir);
      expect(result.status).toBe(2);
      expect(oneLine(result.stderr)).toMatch(message);
    }
    expect(requests).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['conf', 'plain-file']);
  });

  it('credentials in --url are refused without echoing them', async () => {
    const result = await runCliAsync(['doctor', '--url', `http://admin:hunter2@127.0.0.1:${await freePort()}`], work);
    expect(result.status).toBe(2);
    expect(oneLine(result.stderr)).toMatch(/--url: credentials in the URL/);
    expect(result.stderr).not.toContain('hunter2');
  });
});
