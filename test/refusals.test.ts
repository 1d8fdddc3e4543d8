// The CLI refuses, with exit 2 and one clear line, the inputs that would write outside the output
// directory, leak a secret, or clobber a directory vllm-obs does not own — and writes nothing.
import { spawn } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, runCli } from './helpers/cli.js';
import { fsState } from './helpers/files.js';

function workdir(config?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-refuse-'));
  if (config !== undefined) writeFileSync(join(dir, 'vllm-obs.yaml'), config);
  return dir;
}

function expectRefused(result: ReturnType<typeof runCli>, message: RegExp): void {
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
}

describe('refused with exit 2', () => {
  it('a deployment name that climbs out of the output directory', () => {
    const dir = workdir('scrape:\n  discovery: file_sd\ndeployments:\n  - name: ../../etc/x\n    targets: ["10.0.0.1:8000"]\n');
    expectRefused(runCli(['generate'], dir), /^vllm-obs\.yaml:4:\d+: deployments\[0\]\.name: "\.\.\/\.\.\/etc\/x" is invalid/m);
    expect(readdirSync(dir)).toEqual(['vllm-obs.yaml']);
  });

  it('an inline secret, without echoing it', () => {
    const dir = workdir('scrape:\n  basicAuth:\n    username: u\n    password: "pa55-w0rd"\n');
    const result = runCli(['generate'], dir);
    expectRefused(result, /scrape\.basicAuth\.password: inline secrets are not allowed/);
    expect(result.stderr + result.stdout).not.toContain('pa55-w0rd');
    expect(readdirSync(dir)).toEqual(['vllm-obs.yaml']);
  });

  it('the filesystem root as output', () => {
    expectRefused(runCli(['generate', '--out', '/'], workdir()), /refusing to write to the filesystem root/);
    expect(readdirSync('/').filter((name) => name.includes('vllm-obs'))).toEqual([]);
  });

  it('the home directory as output', () => {
    const home = workdir();
    expectRefused(runCli(['generate', '--out', home], workdir(), { HOME: home }), /refusing to write to the home directory/);
    expect(readdirSync(home)).toEqual([]);
    expect(readdirSync(join(home, '..')).filter((name) => name.includes('vllm-obs-lock'))).toEqual([]);
  });

  it('a non-empty directory vllm-obs did not create, unless --force', () => {
    const dir = workdir();
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'notes.txt'), 'mine\n');
    expectRefused(runCli(['generate'], dir), /not empty and has no \.vllm-obs-manifest\.json.*--force/);
    expect(readdirSync(join(dir, 'out'))).toEqual(['notes.txt']);
    expect(runCli(['generate', '--force'], dir).status).toBe(0);
    expect(readdirSync(join(dir, 'out'))).toContain('notes.txt');
  });
});

describe('ownership of the output directory (exit 2, one line naming the file)', () => {
  const fileSd = (names: string[]) =>
    `scrape:\n  discovery: file_sd\ndeployments:\n${names.map((n) => `  - name: ${n}\n    targets: ["10.0.0.1:8000"]\n`).join('')}`;

  it('a hand-written file where a newer config starts generating, with or without --force', () => {
    const dir = workdir(fileSd(['llama']));
    expect(runCli(['generate'], dir).status).toBe(0);
    writeFileSync(join(dir, 'out/prometheus/targets/gpu-pool.json'), '[{"targets":["mine:1"]}]\n');
    writeFileSync(join(dir, 'vllm-obs.yaml'), fileSd(['llama', 'gpu-pool']));
    const before = fsState(join(dir, 'out'));
    for (const flags of [[], ['--force']]) {
      const result = runCli(['generate', ...flags], dir);
      expectRefused(result, /^out\/prometheus\/targets\/gpu-pool\.json: exists and was not written by vllm-obs/);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(fsState(join(dir, 'out'))).toEqual(before);
    }
  });

  it('a manifest listing a path outside the output directory: refused, nothing said to be removed', () => {
    const dir = workdir();
    expect(runCli(['generate'], dir).status).toBe(0);
    writeFileSync(join(dir, 'decoy.txt'), 'decoy\n');
    const manifest = JSON.parse(readFileSync(join(dir, 'out/.vllm-obs-manifest.json'), 'utf8'));
    manifest.files.push({ path: '../decoy.txt', sha256: '0'.repeat(64) });
    writeFileSync(join(dir, 'out/.vllm-obs-manifest.json'), JSON.stringify(manifest));
    writeFileSync(join(dir, 'vllm-obs.yaml'), 'scrape:\n  interval: 45s\n');
    const result = runCli(['generate'], dir);
    expectRefused(result, /^out\/\.vllm-obs-manifest\.json: not a manifest vllm-obs wrote/);
    expect(result.stdout + result.stderr).not.toMatch(/removed|\.\.\//);
    expect(readFileSync(join(dir, 'decoy.txt'), 'utf8')).toBe('decoy\n');
  });

  it('the home directory reached through a symbolic link, even with --force', () => {
    const home = workdir();
    mkdirSync(join(home, '.ssh'), { mode: 0o700 });
    const dir = workdir();
    symlinkSync(home, join(dir, 'home-link'));
    const before = fsState(home);
    expectRefused(runCli(['generate', '--out', 'home-link', '--force'], dir, { HOME: home }), /refusing to write to the home directory/);
    expect(fsState(home)).toEqual(before);
  });
});

describe('symbolic links and locks', () => {
  it('--out given as a symbolic link writes into its target and keeps the link', () => {
    const dir = workdir();
    mkdirSync(join(dir, 'real'));
    symlinkSync('real', join(dir, 'link'));
    expect(runCli(['generate', '--out', 'link'], dir).status).toBe(0);
    writeFileSync(join(dir, 'vllm-obs.yaml'), 'scrape:\n  interval: 45s\n');
    const second = runCli(['generate', '--out', 'link'], dir);
    expect(second.status, second.stderr).toBe(0);
    expect(lstatSync(join(dir, 'link')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real/prometheus/prometheus.yml'), 'utf8')).toContain('45s');
  });

  it('a stale lock (PID 1, garbage) is taken over at once, leaving the old sibling name alone', () => {
    const dir = workdir();
    expect(runCli(['generate'], dir).status).toBe(0);
    writeFileSync(join(dir, 'out/.vllm-obs-lock'), '1');
    writeFileSync(join(dir, '.out.vllm-obs-lock'), '1');
    writeFileSync(join(dir, 'vllm-obs.yaml'), 'scrape:\n  interval: 45s\n');
    const result = runCli(['generate'], dir);
    expect(result.status, result.stderr).toBe(0);
    expect(readFileSync(join(dir, '.out.vllm-obs-lock'), 'utf8')).toBe('1');
    expect(readdirSync(join(dir, 'out')).filter((name) => name.startsWith('.vllm-obs-') && !name.includes('manifest'))).toEqual([]);
  });

  it('a lock held by a running vllm-obs: exit 2 after a bounded wait, naming its PID and command', async () => {
    const dir = workdir();
    expect(runCli(['generate'], dir).status).toBe(0);
    const script = `
      import { writeOutput } from ${JSON.stringify(join(CLI, '../emit/write.js'))};
      writeOutput('out', new Map([['x.txt', 'x\\n']]), { onFileWritten: () => {
        process.stdout.write('locked\\n');
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
      } });
    `;
    const holder = spawn(process.execPath, ['--input-type=module', '-e', script, 'vllm-obs-holder'], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
      const result = runCli(['generate'], dir);
      expectRefused(result, new RegExp(`^out/ is locked by another vllm-obs run \\(PID ${holder.pid}, .*vllm-obs-holder`));
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    } finally {
      holder.kill('SIGKILL');
    }
  }, 60_000);
});
