// The CLI refuses, with exit 2 and one clear line, the inputs that would write outside the output
// directory, leak a secret, or clobber a directory vllm-obs does not own — and writes nothing.
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

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
