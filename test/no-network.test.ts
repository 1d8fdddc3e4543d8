// generate, validate and lint must work offline: CI runners and air-gapped clusters have no network.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI } from './helpers/cli.js';

const guard = fileURLToPath(new URL('./fixtures/no-network.cjs', import.meta.url));

/** Runs the CLI with every Node network API booby-trapped, and inside an empty network namespace
 *  (no interfaces at all) when `unshare -n` is permitted here. */
function offline(args: string[], cwd: string) {
  const env = { ...process.env, NODE_OPTIONS: `--require ${guard}` };
  const unshare = spawnSync('unshare', ['-n', 'true']).status === 0;
  const [cmd, argv] = unshare ? ['unshare', ['-n', process.execPath, CLI, ...args]] : [process.execPath, [CLI, ...args]];
  return { ...spawnSync(cmd, argv as string[], { cwd, env, encoding: 'utf8' }), unshare };
}

describe('no network', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-offline-'));
  writeFileSync(join(dir, 'vllm-obs.yaml'), 'vllm:\n  version: "0.11"\nscrape:\n  targets: ["vllm-a.internal:8000"]\n');

  it('the guard really trips on network use', () => {
    const result = spawnSync(process.execPath, ['-e', 'fetch("http://127.0.0.1:9/")'], {
      env: { ...process.env, NODE_OPTIONS: `--require ${guard}` },
      encoding: 'utf8',
    });
    expect(result.status).toBe(99);
    expect(result.stderr).toContain('NETWORK ACCESS ATTEMPTED');
  });

  it('generate completes offline', () => {
    const result = offline(['generate'], dir);
    expect(result.stderr).not.toContain('NETWORK ACCESS');
    expect(result.status, result.stderr).toBe(0);
    expect(readdirSync(join(dir, 'out'))).toContain('prometheus');
  });

  it('validate completes offline', () => {
    const result = offline(['validate', '--out', 'out'], dir);
    expect(result.stderr).not.toContain('NETWORK ACCESS');
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });

  it('lint completes offline', () => {
    const dashboards = join(dir, 'out', 'grafana', 'dashboards');
    const files = readdirSync(dashboards).map((f) => join(dashboards, f));
    const result = offline(['lint', '--vllm-version', '0.11', ...files], dir);
    expect(result.stderr).not.toContain('NETWORK ACCESS');
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });
});
