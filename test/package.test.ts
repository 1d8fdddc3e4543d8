// The package as npm would publish and install it: what the tarball holds, what `bin` points at, and
// engines every locked dependency accepts on the Node.js the README names (no EBADENGINE at npm ci).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  bin: Record<string, string>;
  engines: { node: string };
  files: string[];
  license: string;
};
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { engines?: { node?: string }; optional?: boolean; os?: string[]; cpu?: string[] }>;
};

/** npm's own semver, which every machine with npm has. */
function npmSemver(): { satisfies(version: string, range: string): boolean } {
  const root = execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim();
  return createRequire(join(root, 'npm', 'package.json'))('semver');
}

describe('the npm package', () => {
  it('packs the CLI, the library, its validators, the templates, README and LICENSE, and no sources or tests', () => {
    const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    const files = (JSON.parse(result.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
    for (const required of ['dist/cli.js', 'dist/index.js', 'dist/index.d.ts', 'README.md', 'LICENSE', 'package.json']) expect(files).toContain(required);
    for (const template of ['single-host', 'kubernetes', 'multi-cluster', 'file-sd']) expect(files).toContain(`templates/${template}.yaml`);
    expect(files.some((f) => f.startsWith('dist/validators/'))).toBe(true);
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('out/'))).toEqual([]);
  });

  it('bin vllm-obs is an executable script with a node shebang', () => {
    expect(Object.keys(pkg.bin)).toEqual(['vllm-obs']);
    expect(readFileSync(pkg.bin['vllm-obs'], 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(pkg.license).toBe('Apache-2.0');
    expect(readFileSync('LICENSE', 'utf8')).toMatch(/Apache License\s+Version 2\.0/);
  });

  it('every locked dependency accepts this Node.js and the engines range the package declares', () => {
    const semver = npmSemver();
    expect(semver.satisfies(process.version, pkg.engines.node)).toBe(true);
    const refusing = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && !entry.optional && entry.engines?.node !== undefined)
      .filter(([, entry]) => !semver.satisfies(process.version, entry.engines!.node!))
      .map(([path, entry]) => `${path} wants node ${entry.engines!.node}`);
    expect(refusing).toEqual([]);
  });
});
