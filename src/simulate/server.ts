// The HTTP face of a simulated vLLM server: the routes monitoring touches, answered as vLLM's
// OpenAI-compatible server answers them (FastAPI error bodies included).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONTENT_TYPE } from './exposition.js';
import { seededRandom, seedOf } from './random.js';
import { isScenario, SCENARIOS, type Scenario } from './scenarios.js';
import { Simulation, type SimulationOptions } from './simulation.js';

export interface SimulatorOptions extends SimulationOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: a simulator has no business on a public interface. */
  host?: string;
}

export interface RunningSimulator {
  /** Base URL, e.g. http://127.0.0.1:8000 */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** `host:port`, as a Prometheus target. */
  readonly target: string;
  readonly simulation: Simulation;
  setScenario(scenario: Scenario): void;
  /** The server shut itself down (a dead engine on vLLM up to 0.10), or stop() was called. */
  exited(): boolean;
  /** Idempotent. */
  stop(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function send(res: ServerResponse, status: number, body: string, contentType?: string): void {
  const headers: Record<string, string | number> = { 'content-length': Buffer.byteLength(body) };
  if (contentType) headers['content-type'] = contentType;
  res.writeHead(status, headers).end(body);
}

function json(res: ServerResponse, status: number, data: unknown): void {
  send(res, status, JSON.stringify(data), 'application/json');
}

/** GET /v1/models as vLLM's ModelList (OpenAI list format with vLLM's extra fields). */
function modelList(sim: Simulation, seed: number): unknown {
  const random = seededRandom(seedOf('models', seed));
  const created = Math.floor(sim.startMs / 1000);
  const hex = () => Array.from({ length: 32 }, () => Math.floor(random.next() * 16).toString(16)).join('');
  return {
    object: 'list',
    data: sim.models.map((id) => ({
      id,
      object: 'model',
      created,
      owned_by: 'vllm',
      root: id,
      parent: null,
      max_model_len: sim.maxModelLen,
      permission: [
        {
          id: `modelperm-${hex()}`,
          object: 'model_permission',
          created,
          allow_create_engine: false,
          allow_sampling: true,
          allow_logprobs: true,
          allow_search_indices: false,
          allow_view: true,
          allow_fine_tuning: false,
          organization: '*',
          group: null,
          is_blocking: false,
        },
      ],
    })),
  };
}

/** Not a vLLM route: lets a demo or a test switch the traffic shape from outside. */
export const SCENARIO_PATH = '/_simulator/scenario';

/** A scenario name is a word; a body larger than this is not one, whatever it holds. */
export const MAX_SCENARIO_BODY = 1024;

/** The body up to `limit` bytes, or undefined once it grows past it; what follows is never kept. */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        resolve(undefined);
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
  });
}

/** The rest of the body is read and dropped (Node's server does it, and its request timeout bounds
 *  it), so the client gets to read the 413 instead of a reset connection. */
function tooLarge(res: ServerResponse): void {
  json(res, 413, { detail: `request body larger than ${MAX_SCENARIO_BODY} bytes; send one of ${SCENARIOS.join(', ')}` });
}

const scenarioRoute = (sim: Simulation): Handler => (req, res) => {
  if (req.method !== 'POST' && req.method !== 'PUT') return json(res, 200, { scenario: sim.scenario });
  if (Number(req.headers['content-length'] ?? 0) > MAX_SCENARIO_BODY) {
    req.resume();
    return tooLarge(res);
  }
  void readBody(req, MAX_SCENARIO_BODY).then((body) => {
    if (res.headersSent) return;
    if (body === undefined) return tooLarge(res);
    const scenario = body.trim();
    // the body is never echoed: it is the client's, not ours to print back
    if (!isScenario(scenario)) return json(res, 400, { detail: `unknown scenario; send one of ${SCENARIOS.join(', ')}` });
    sim.setScenario(scenario);
    json(res, 200, { scenario });
  });
};

function routes(sim: Simulation, seed: number, exit: () => void): Record<string, Handler> {
  // /health has no body either way. A dead engine (EngineDeadError) turns it into 503 from 0.11; up
  // to 0.10 the launcher's exception handler answers 500 and shuts the server down.
  const health: Handler = (_req, res) => {
    if (sim.alive) return send(res, 200, '');
    send(res, sim.deadEngine.status, '');
    if (sim.deadEngine.exits) res.once('finish', exit);
  };
  const metrics: Handler = (_req, res) => send(res, 200, sim.render(), CONTENT_TYPE);
  return {
    '/metrics': metrics,
    '/metrics/': metrics,
    '/health': health,
    '/ping': health,
    '/version': (_req, res) => json(res, 200, { version: sim.release }),
    '/v1/models': (_req, res) => json(res, 200, modelList(sim, seed)),
    [SCENARIO_PATH]: scenarioRoute(sim),
  };
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  const simulation = new Simulation(options);
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return stopped;
  };
  const table = routes(simulation, options.seed ?? 1, () => void stop());
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const handler = table[path];
    if (handler === undefined) return json(res, 404, { detail: 'Not Found' });
    // SageMaker's /ping takes POST as well
    const pingPost = path === '/ping' && req.method === 'POST';
    if (req.method !== 'GET' && req.method !== 'HEAD' && path !== SCENARIO_PATH && !pingPost) return json(res, 405, { detail: 'Method Not Allowed' });
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${hostInUrl}:${port}`,
    port,
    host,
    target: `${hostInUrl}:${port}`,
    simulation,
    setScenario: (scenario) => simulation.setScenario(scenario),
    exited: () => stopped !== undefined,
    stop,
  };
}
