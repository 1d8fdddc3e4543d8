// Section 1: what `vllm-obs generate` and the light commands cost a CI job, next to a bare Node start.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import { profileRun } from './cpuprofile.mjs';
import { FLEETS, fleetConfig, TARGETS_PER_DEPLOYMENT } from './fleet.mjs';
import { heavyImports, traceModules } from './modules.mjs';
import { progress, removeOnExit, runNode } from './process.mjs';
import { summarize } from './stats.mjs';

/** Commands whose start-up is measured and traced; `out` is a fresh output directory. */
const COMMANDS = [
  { name: '--help', args: () => ['--help'] },
  { name: 'metrics', args: () => ['metrics'] },
  { name: 'init', args: () => ['init'] },
  { name: 'generate (default config)', args: (out) => ['generate', '-o', out] },
];

export function benchGeneration(root, { runs }) {
  const scratch = mkdtempSync(join(tmpdir(), 'vllm-obs-bench-gen-'));
  removeOnExit(scratch);
  const cli = join(root, 'dist', 'cli.js');
  // Every run gets an empty working directory and a fresh output directory: `init` writes
  // vllm-obs.yaml where it runs, and `generate` without -c would read it from there.
  let serial = 0;
  const isolated = (run) => {
    const dir = join(scratch, `run-${serial++}`);
    mkdirSync(join(dir, 'cwd'), { recursive: true });
    try {
      return run({ cwd: join(dir, 'cwd'), out: join(dir, 'out') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const measure = (label, nodeArgs, { allowFailure = false } = {}) => {
    progress(`generation: ${label} × ${runs}`);
    return repeat(runs, () => isolated(({ cwd, out }) => ({ ...runNode(nodeArgs(out), { cwd, allowFailure }), output: outputSize(out) })));
  };
  const writeConfig = (name, config) => {
    // block-style YAML, as people write vllm-obs.yaml
    const file = join(scratch, `${name}.yaml`);
    writeFileSync(file, stringify(config));
    return file;
  };
  try {
    const baseline = measure('node -e 0', () => ['-e', '0']);
    const commands = COMMANDS.map((command) => ({
      name: command.name,
      ...measure(command.name, (out) => [cli, ...command.args(out)]),
      modules: isolated(({ cwd, out }) => traceModules(root, command.args(out), { cwd })),
    }));
    // what importing each heavy package costs on its own, the way dist/ imports it
    const packages = [...heavyImports(root)].map(([name, specifiers]) => {
      const source = specifiers.map((spec) => `await import(${JSON.stringify(spec)});`).join(' ');
      progress(`generation: import ${name} × ${runs}`);
      return { name, specifiers, ...repeat(runs, () => runNode(['--input-type=module', '-e', source], { cwd: root })) };
    });
    // A fleet vllm-obs refuses is a result too: the report shows why and how long it took to say so,
    // and the same fleet without Kubernetes output, to tell whether that is the part that fails.
    const profileConfig = new Map();
    const fleets = FLEETS.map((shape) => {
      const config = fleetConfig(shape);
      const label = `generate, ${shape.deployments} deployments`;
      const file = writeConfig(`fleet-${shape.deployments}`, config);
      const fleet = { ...shape, targets: shape.deployments * TARGETS_PER_DEPLOYMENT, slos: config.slos.length };
      Object.assign(fleet, measure(label, (out) => [cli, 'generate', '-c', file, '-o', out], { allowFailure: true }));
      profileConfig.set(fleet, { file, name: label });
      if (!fleet.failed) return fleet;
      const variant = writeConfig(`fleet-${shape.deployments}-no-kubernetes`, { ...config, kubernetes: { enabled: false } });
      fleet.withoutKubernetes = measure(`${label}, kubernetes.enabled: false`, (out) => [cli, 'generate', '-c', variant, '-o', out], { allowFailure: true });
      // profile a run that gets to the end
      if (!fleet.withoutKubernetes.failed) profileConfig.set(fleet, { file: variant, name: `${label}, kubernetes.enabled: false` });
      return fleet;
    });
    progress('generation: CPU profiles');
    const largest = profileConfig.get(fleets[fleets.length - 1]);
    const profiled = [
      { name: 'generate (default config)', args: (out) => ['generate', '-o', out] },
      { name: largest.name, args: (out) => ['generate', '-c', largest.file, '-o', out] },
    ];
    const profiles = profiled.map(({ name, args }) => ({ name, ...isolated(({ cwd, out }) => profileRun(root, [cli, ...args(out)], { cwd })) }));
    return { baseline, commands, packages, fleets, profiles };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** One warm-up run (page cache), then `runs` measured ones; `failed` holds the first failure's output. */
function repeat(runs, run) {
  const samples = Array.from({ length: runs + 1 }, run).slice(1);
  return {
    wallMs: summarize(samples.map((s) => s.wallMs)),
    maxRssKib: summarize(samples.map((s) => s.maxRssKib)),
    output: samples[0].output,
    failed: samples.find((s) => s.failure)?.failure,
  };
}

/** Files and bytes a run wrote, with the largest files; undefined when it wrote no output directory. */
function outputSize(dir) {
  const sizes = [];
  const walk = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else sizes.push({ path: relative(dir, full), bytes: statSync(full).size });
    }
  };
  try {
    walk(dir);
  } catch (error) {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  }
  return {
    files: sizes.length,
    bytes: sizes.reduce((n, f) => n + f.bytes, 0),
    largest: sizes.sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : 1)).slice(0, 5),
  };
}
