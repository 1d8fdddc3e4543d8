import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readTree } from './helpers/files.js';
import { checkOutput, isClean, writeOutput } from '../src/emit/write.js';
import { MANIFEST_PATH } from '../src/emit/manifest.js';
import { InputError } from '../src/errors.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'vllm-obs-emit-'));
}


const v1 = new Map([
  ['a/one.json', '{"v":1}\n'],
  ['b/two.yaml', 'v: 1\n'],
]);
const v2 = new Map([
  ['a/one.json', '{"v":2}\n'],
  ['c/three.yaml', 'v: 2\n'],
]);

describe('writeOutput', () => {
  it('writes files and a manifest, and a second identical run changes nothing', () => {
    const out = join(tempDir(), 'out');
    writeOutput(out, v1);
    const first = readTree(out);
    expect(Object.keys(first).sort()).toEqual([MANIFEST_PATH, 'a/one.json', 'b/two.yaml'].sort());
    const mtime = statSync(join(out, 'a/one.json')).mtimeMs;
    const again = writeOutput(out, v1);
    expect(again.unchanged).toBe(true);
    expect(readTree(out)).toEqual(first);
    expect(statSync(join(out, 'a/one.json')).mtimeMs).toBe(mtime);
  });

  it('removes files it generated before, keeps files it did not create', () => {
    const out = join(tempDir(), 'out');
    writeOutput(out, v1);
    writeFileSync(join(out, 'b', 'notes.md'), 'mine\n');
    const result = writeOutput(out, v2);
    expect(result.removed).toEqual(['b/two.yaml']);
    const after = readTree(out);
    expect(after['b/notes.md']).toBe('mine\n');
    expect(after['b/two.yaml']).toBeUndefined();
    expect(after['c/three.yaml']).toBe('v: 2\n');
  });

  it('checkOutput lists added, changed and removed files', () => {
    const out = join(tempDir(), 'out');
    writeOutput(out, v1);
    expect(isClean(checkOutput(out, v1))).toBe(true);
    expect(checkOutput(out, v2)).toEqual({ added: ['c/three.yaml'], changed: ['a/one.json'], removed: ['b/two.yaml'] });
  });

  it('an injected failure mid-write leaves the old tree whole', () => {
    const out = join(tempDir(), 'out');
    writeOutput(out, v1);
    const before = readTree(out);
    expect(() =>
      writeOutput(out, v2, {
        onFileWritten: (_path, index) => {
          if (index === 1) throw new Error('disk full (injected)');
        },
      }),
    ).toThrow('injected');
    expect(readTree(out)).toEqual(before);
    expect(readdirSync(join(out, '..')).filter((n) => n.includes('vllm-obs-'))).toEqual([]);
  });

  it('a process killed mid-write leaves the old tree whole, and the next run completes', async () => {
    const out = join(tempDir(), 'out');
    writeOutput(out, v1);
    const before = readTree(out);
    const script = `
      import { writeOutput } from ${JSON.stringify(fileURLToPath(new URL('../dist/emit/write.js', import.meta.url)))};
      const files = new Map(${JSON.stringify([...v2])});
      writeOutput(${JSON.stringify(out)}, files, { onFileWritten: (_p, i) => { if (i === 1) process.kill(process.pid, 'SIGKILL'); } });
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
    const signal = await new Promise((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    expect(signal).toBe('SIGKILL');
    expect(readTree(out)).toEqual(before);
    writeOutput(out, v2);
    expect(readTree(out)['c/three.yaml']).toBe('v: 2\n');
  });

  it('two concurrent writers never mix their files', async () => {
    const out = join(tempDir(), 'out');
    const script = (tag: string) => `
      import { writeOutput } from ${JSON.stringify(fileURLToPath(new URL('../dist/emit/write.js', import.meta.url)))};
      const files = new Map(Array.from({ length: 200 }, (_, i) => ['f/' + i + '.txt', ${JSON.stringify(tag)} + '\\n']));
      for (let round = 0; round < 5; round++) writeOutput(${JSON.stringify(out)}, round % 2 ? new Map([...files].slice(0, 150)) : files);
    `;
    const runs = ['A', 'B'].map(
      (tag) =>
        new Promise<number | null>((resolve) => {
          const child = spawn(process.execPath, ['--input-type=module', '-e', script(tag)], { stdio: 'inherit' });
          child.on('exit', resolve);
        }),
    );
    expect(await Promise.all(runs)).toEqual([0, 0]);
    const final = readTree(out);
    delete final[MANIFEST_PATH];
    const tags = new Set(Object.values(final));
    expect(tags.size).toBe(1);
    expect([150, 200]).toContain(Object.keys(final).length);
  });
});

describe('dangerous output targets', () => {
  it('refuses the filesystem root and the home directory', () => {
    expect(() => writeOutput('/', v1)).toThrow(InputError);
    expect(() => writeOutput(homedir(), v1)).toThrow(/home directory/);
  });

  it('refuses a non-empty directory without a manifest unless forced', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'precious.txt'), 'do not lose\n');
    expect(() => writeOutput(dir, v1)).toThrow(/--force/);
    expect(readTree(dir)).toEqual({ 'precious.txt': 'do not lose\n' });
    writeOutput(dir, v1, { force: true });
    expect(readTree(dir)['precious.txt']).toBe('do not lose\n');
    expect(readTree(dir)['a/one.json']).toBe('{"v":1}\n');
  });

  it('refuses artifact paths that leave the output directory', () => {
    const out = join(tempDir(), 'out');
    mkdirSync(out);
    for (const bad of ['../escape.txt', '/etc/passwd', 'a/../../x', 'a//b', './a']) {
      expect(() => writeOutput(out, new Map([[bad, 'x']]))).toThrow(/inside the output directory/);
    }
    expect(readdirSync(out)).toEqual([]);
  });
});
