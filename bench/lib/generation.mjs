// Section 1: what `vllm-obs generate` and the light commands cost a CI job, next to a bare Node start.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { profileRun } from './cpuprofile.mjs';
import { FLEETS, fleetConfig, TARGETS_PER_DEPLOYMENT } from './fleet.mjs';
import { traceModules } from './modules.mjs';
import { progress, runNode } from './process.mjs';
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
  const measure = (label, nodeArgs) => {
    progress(`generation: ${label} × ${runs}`);
    return repeat(runs, () => isolated(({ cwd, out }) => ({ ...runNode(nodeArgs(out), { cwd }), output: outputSize(out) })));
  };
  try {
    const baseline = measure('node -e 0', () => ['-e', '0']);
    const commands = COMMANDS.map((command) => ({
      name: command.name,
      ...measure(command.name, (out) => [cli, ...command.args(out)]),
      modules: isolated(({ cwd, out }) => traceModules(root, command.args(out), { cwd })),
    }));
    const fleets = FLEETS.map((shape) => {
      const config = fleetConfig(shape);
      // block-style YAML, as people write vllm-obs.yaml
      const file = join(scratch, `fleet-${shape.deployments}.yaml`);
      writeFileSync(file, stringify(config));
      const fleet = { ...shape, file, targets: shape.deployments * TARGETS_PER_DEPLOYMENT, slos: config.slos.length };
      try {
        return { ...fleet, ...measure(`generate, ${shape.deployments} deployments`, (out) => [cli, 'generate', '-c', file, '-o', out]) };
      } catch (error) {
        // a fleet vllm-obs refuses is a result too: the report shows why instead of a time
        progress(`generation: ${shape.deployments} deployments FAILED`);
        return { ...fleet, failed: error.message.split('\n').slice(1).join('\n') || error.message };
      }
    });
    progress('generation: CPU profiles');
    const profiled = [
      { name: 'generate (default config)', args: (out) => ['generate', '-o', out] },
      ...fleets
        .filter((fleet) => !fleet.failed)
        .slice(-1)
        .map((fleet) => ({ name: `generate, ${fleet.deployments} deployments`, args: (out) => ['generate', '-c', fleet.file, '-o', out] })),
    ];
    const profiles = profiled.map(({ name, args }) => ({ name, ...isolated(({ cwd, out }) => profileRun(root, [cli, ...args(out)], { cwd })) }));
    return { baseline, commands, fleets: fleets.map(({ file, ...fleet }) => fleet), profiles };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** One warm-up run (page cache), then `runs` measured ones. */
function repeat(runs, run) {
  const samples = Array.from({ length: runs + 1 }, run).slice(1);
  return {
    wallMs: summarize(samples.map((s) => s.wallMs)),
    maxRssKib: summarize(samples.map((s) => s.maxRssKib)),
    output: samples[0].output,
  };
}

/** Files and bytes a run wrote; undefined when it wrote no output directory. */
function outputSize(dir) {
  let files = 0;
  let bytes = 0;
  const walk = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        files += 1;
        bytes += statSync(full).size;
      }
    }
  };
  try {
    walk(dir);
  } catch (error) {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  }
  return { files, bytes };
}
