// Which modules a CLI command loads: the start-up cost users pay on every invocation.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode } from './process.mjs';

const PRELOAD = fileURLToPath(new URL('./module-trace-preload.mjs', import.meta.url));
const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));

export const GRAFANA_SDK = '@grafana/grafana-foundation-sdk';

/** Packages whose loading is worth calling out: the big ones commands should load only on need. */
export const HEAVY_PACKAGES = [GRAFANA_SDK, 'ajv', '@prometheus-io/lezer-promql', '@lezer/lr', 'yaml', '@kubernetes-models/prometheus-operator'];

/** The heavy packages the built project imports, each with the specifiers it imports them by. */
export function heavyImports(root) {
  const specifiers = new Map();
  const dist = join(root, 'dist');
  for (const file of readdirSync(dist, { recursive: true }).filter((f) => f.endsWith('.js'))) {
    for (const [, spec] of readFileSync(join(dist, file), 'utf8').matchAll(/from '([^'.][^']*)'/g)) {
      const name = HEAVY_PACKAGES.find((p) => spec === p || spec.startsWith(`${p}/`));
      if (name) specifiers.set(name, new Set([...(specifiers.get(name) ?? []), spec]));
    }
  }
  return new Map([...specifiers].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, specs]) => [name, [...specs].sort()]));
}

/** Runs `node <cli> ...args` with the tracing preload; returns the modules it loaded, grouped. */
export function traceModules(root, cliArgs, { cwd }) {
  const scratch = mkdtempSync(join(tmpdir(), 'vllm-obs-bench-modules-'));
  const file = join(scratch, 'modules.txt');
  try {
    runNode(['--import', PRELOAD, join(root, 'dist', 'cli.js'), ...cliArgs], { cwd, env: { VLLM_OBS_BENCH_MODULES_FILE: file } });
    return groupModules(root, readFileSync(file, 'utf8').split('\n').filter(Boolean));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Project modules (under dist/) and packages (by node_modules name), each with its file count. */
function groupModules(root, entries) {
  const files = new Set();
  for (const entry of entries) {
    if (entry.startsWith('node:') || !entry.startsWith('file:') && !entry.startsWith(sep)) continue;
    const path = entry.startsWith('file:') ? fileURLToPath(entry) : entry;
    if (!path.startsWith(BENCH_DIR)) files.add(path);
  }
  const project = [];
  const packages = new Map();
  for (const path of files) {
    const packageName = packageOf(path);
    if (packageName) packages.set(packageName, (packages.get(packageName) ?? 0) + 1);
    else project.push(relative(root, path));
  }
  return { project: project.sort(), packages: new Map([...packages].sort(([a], [b]) => (a < b ? -1 : 1))) };
}

function packageOf(path) {
  const marker = `${sep}node_modules${sep}`;
  const at = path.lastIndexOf(marker);
  if (at < 0) return undefined;
  const parts = path.slice(at + marker.length).split(sep);
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}
