import { CatalogError, FEATURE_NAMES, isNewerThanCatalog, NEWEST_VERSION, OLDEST_VERSION, type Feature } from '../catalog/index.js';
import { InputError } from '../errors.js';
import { printable } from '../text.js';
import { isScenario, SCENARIO_PATH, SCENARIOS, SimulatorError, startSimulator, type RunningSimulator } from '../simulate/index.js';

export interface SimulateFlags {
  port?: string;
  host?: string;
  vllmVersion?: string;
  models?: string;
  engines?: string;
  apiServers?: string;
  scenario?: string;
  features?: string;
  seed?: string;
}

const FEATURES = FEATURE_NAMES;

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new InputError([`${flag}: "${text}" is not a whole number from ${min} to ${max}`]);
  return value;
}

function list(text: string | undefined): string[] {
  return (text ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

function features(text: string | undefined): Feature[] {
  const asked = list(text);
  const unknown = asked.filter((f) => !(FEATURES as string[]).includes(f));
  if (unknown.length > 0) throw new InputError([`--features: unknown ${unknown.join(', ')}; choose from ${FEATURES.join(', ')}`]);
  return asked as Feature[];
}

/** The simulator imitates one server, so one release: never a range, and the message never suggests one. */
function singleVersion(text: string | undefined): string | undefined {
  if (text !== undefined && /^v?\d+\.\d+(\.\d+)?$/.test(text.trim()) && isNewerThanCatalog(text.trim())) {
    // A config may name a release newer than the catalog (its newest facts are the best guess); the
    // simulator cannot imitate metrics nobody has catalogued.
    throw new InputError([`--vllm-version: ${printable(text, 60)} is newer than the catalog; the simulator imitates a catalogued release (${OLDEST_VERSION} … ${NEWEST_VERSION})`]);
  }
  if (text === undefined || /^v?\d+\.\d+(\.\d+)?$/.test(text.trim())) return text;
  throw new InputError([`--vllm-version: "${printable(text, 60)}" is not a single version; the simulator imitates one vLLM release, e.g. ${NEWEST_VERSION} (known: ${OLDEST_VERSION} … ${NEWEST_VERSION})`]);
}

async function start(flags: SimulateFlags): Promise<RunningSimulator> {
  const scenario = flags.scenario ?? 'steady';
  if (!isScenario(scenario)) throw new InputError([`--scenario: "${scenario}" is not one of ${SCENARIOS.join(', ')}`]);
  const models = list(flags.models);
  try {
    return await startSimulator({
      port: wholeNumber('--port', flags.port ?? '8000', 0, 65535),
      host: flags.host ?? '127.0.0.1',
      version: singleVersion(flags.vllmVersion),
      models: models.length > 0 ? models : undefined,
      engines: wholeNumber('--engines', flags.engines ?? '1', 1, 64),
      apiServers: flags.apiServers === undefined ? undefined : wholeNumber('--api-servers', flags.apiServers, 1, 64),
      scenario,
      features: features(flags.features),
      seed: wholeNumber('--seed', flags.seed ?? '1', 0, 2 ** 32 - 1),
    });
  } catch (error) {
    if (error instanceof CatalogError) {
      throw new InputError([`--vllm-version: no vLLM release "${printable(flags.vllmVersion ?? '', 60)}" in the catalog; give one of ${OLDEST_VERSION} … ${NEWEST_VERSION}`]);
    }
    if (error instanceof SimulatorError) throw new InputError([error.message]);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      throw new InputError([`cannot listen on ${flags.host ?? '127.0.0.1'}:${flags.port ?? '8000'}: ${code}`]);
    }
    throw error;
  }
}

/** Runs until SIGINT/SIGTERM. The scenario can change at run time through the simulator's own
 *  route: stdin is left alone so the command runs fine as a background job. */
export async function runSimulate(flags: SimulateFlags): Promise<number> {
  const server = await start(flags);
  const sim = server.simulation;
  process.stdout.write(
    `vLLM ${sim.release} simulator on ${server.url} (models: ${sim.models.join(', ')}; API servers: ${sim.apiServers}; scenario: ${sim.scenario})\n` +
      `  endpoints: /metrics /health /version /v1/models; switch traffic with\n` +
      `  curl -X POST ${server.url}${SCENARIO_PATH} -d <${SCENARIOS.join('|')}>; Ctrl-C stops\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.stop();
  return 0;
}
