// Section 2: the in-process checks `generate` runs before writing anything.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { summarizeProfile } from './cpuprofile.mjs';
import { progress, runNode } from './process.mjs';
import { summarize } from './stats.mjs';

const CHILD = fileURLToPath(new URL('./validate-child.mjs', import.meta.url));
/** Warm calls per process: enough for a median, few enough that a slow validator stays affordable. */
const WARM_CALLS = 3;

/** `runs` fresh processes, each timing one cold call and a few warm ones; then one profiled cold call. */
export function benchValidation(root, { runs }) {
  progress(`validation: ${runs} processes × (1 cold + ${WARM_CALLS} warm calls)`);
  const dist = pathToFileURL(join(root, 'dist')).href;
  const child = (extra = []) => JSON.parse(runNode([CHILD, dist, String(WARM_CALLS), ...extra], { cwd: root }).stdout);
  const results = Array.from({ length: runs }, () => child());
  progress('validation: CPU profile of a cold call');
  const scratch = mkdtempSync(join(tmpdir(), 'vllm-obs-bench-validate-'));
  try {
    const file = join(scratch, 'validate.cpuprofile');
    child(['--profile', file]);
    return {
      artifacts: results[0].artifacts,
      bytes: results[0].bytes,
      findings: results[0].cold.findings,
      warmCalls: WARM_CALLS,
      coldMs: summarize(results.map((r) => r.cold.ms)),
      warmMs: summarize(results.flatMap((r) => r.warm.map((w) => w.ms))),
      profile: summarizeProfile(root, JSON.parse(readFileSync(file, 'utf8')), 12),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
