import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readTree } from './helpers/files.js';
import { checkOutput, isClean, recoverOutput, writeOutput } from '../src/emit/write.js';
import { MANIFEST_PATH } from '../src/emit/manifest.js';
import { InputError } from '../src/errors.js';
import { runCli } from './helpers/cli.js';

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

const WRITE_JS = fileURLToPath(new URL('../dist/emit/write.js', import.meta.url));

/** Runs writeOutput in a child that sends itself `signal` at hook call `at`; resolves to the signal it died of. */
function runChild(out: string, files: Map<string, string>, hook: 'onFileWritten' | 'onCommitStep', at: number, signal: NodeJS.Signals) {
  const script = `
    import { writeOutput } from ${JSON.stringify(WRITE_JS)};
    writeOutput(${JSON.stringify(out)}, new Map(${JSON.stringify([...files])}), {
      ${hook}: (_p, i) => { if (i === ${at}) process.kill(process.pid, ${JSON.stringify(signal)}); },
    });
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
  return new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
}

/** The tree a successful write of `files` leaves: the files plus the manifest. */
function treeOf(files: Map<string, string>): Record<string, string> {
  const tree = Object.fromEntries(files);
  return { ...tree, [MANIFEST_PATH]: readTreeManifest(files) };
}

function readTreeManifest(files: Map<string, string>): string {
  const dir = join(tempDir(), 'm');
  writeOutput(dir, files);
  return readFileSync(join(dir, MANIFEST_PATH), 'utf8');
}

/** vllm-obs's run bookkeeping left in `out` (staging dirs, journal, lock). */
function bookkeeping(out: string): string[] {
  return readdirSync(out).filter((name) => name.startsWith('.vllm-obs-') && name !== MANIFEST_PATH).sort();
}

function withoutBookkeeping(tree: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tree).filter(([path]) => !path.startsWith('.vllm-obs-') || path === MANIFEST_PATH));
}

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
    expect(bookkeeping(out)).toEqual([]);
  });

  it('an injected failure during the commit phase rolls every file back to the old tree', () => {
    const out = join(tempDir(), 'out');
    writeOutput(out, v1);
    const before = readTree(out);
    for (const failAt of [0, 1, 2]) {
      expect(() =>
        writeOutput(out, v2, {
          onCommitStep: (_path, index) => {
            if (index === failAt) throw new Error('rename failed (injected)');
          },
        }),
      ).toThrow('injected');
      expect(readTree(out)).toEqual(before);
      expect(bookkeeping(out)).toEqual([]);
    }
  });

  it('a process killed mid-write leaves the old tree whole, and the next run completes', async () => {
    const out = join(tempDir(), 'out');
    writeOutput(out, v1);
    const before = readTree(out);
    expect(await runChild(out, v2, 'onFileWritten', 1, 'SIGKILL')).toBe('SIGKILL');
    expect(withoutBookkeeping(readTree(out))).toEqual(before);
    writeOutput(out, v2);
    expect(readTree(out)).toEqual(treeOf(v2));
  });

  it('SIGKILL during the commit phase: the next run finishes that commit first, then writes its own', async () => {
    const out = join(tempDir(), 'out');
    writeOutput(out, v1);
    expect(await runChild(out, v2, 'onCommitStep', 1, 'SIGKILL')).toBe('SIGKILL');
    const interrupted = readTree(out);
    expect(interrupted['.vllm-obs-journal.json']).toBeDefined();
    const v3 = new Map([['d/four.txt', 'v3\n']]);
    writeOutput(out, v3);
    expect(readTree(out)).toEqual(treeOf(v3));
    expect(bookkeeping(out)).toEqual([]);
  });

  it('SIGKILL during the commit phase: generate --check (recoverOutput) completes it and then sees the new tree', async () => {
    const out = join(tempDir(), 'out');
    writeOutput(out, v1);
    expect(await runChild(out, v2, 'onCommitStep', 1, 'SIGKILL')).toBe('SIGKILL');
    expect(isClean(checkOutput(out, v2))).toBe(false);
    recoverOutput(out);
    expect(isClean(checkOutput(out, v2))).toBe(true);
    expect(readTree(out)).toEqual(treeOf(v2));
    expect(bookkeeping(out)).toEqual([]);
  });

  it('the CLI: generate --check finishes a commit killed midway, then reports the tree up to date', async () => {
    const dir = tempDir();
    expect(runCli(['generate'], dir).status).toBe(0);
    const config = 'scrape:\n  interval: 45s\n';
    const script = `
      import { writeOutput } from ${JSON.stringify(WRITE_JS)};
      import { generate } from ${JSON.stringify(join(WRITE_JS, '../../generate.js'))};
      import { parseConfig } from ${JSON.stringify(join(WRITE_JS, '../../config/load.js'))};
      const { files } = generate(parseConfig(${JSON.stringify(config)}, 'vllm-obs.yaml'));
      writeOutput('out', files, { onCommitStep: (_p, i) => { if (i === 1) process.kill(process.pid, 'SIGKILL'); } });
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, stdio: 'inherit' });
    expect(await new Promise((resolve) => child.on('exit', (_code, sig) => resolve(sig)))).toBe('SIGKILL');
    expect(existsSync(join(dir, 'out', '.vllm-obs-journal.json'))).toBe(true);
    writeFileSync(join(dir, 'vllm-obs.yaml'), config);
    const check = runCli(['generate', '--check'], dir);
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toMatch(/out\/ is up to date/);
    expect(bookkeeping(join(dir, 'out'))).toEqual([]);
  });

  it('SIGINT during staging leaves the old tree; SIGINT during the commit is completed by the next run', async () => {
    const out = join(tempDir(), 'out');
    writeOutput(out, v1);
    const before = readTree(out);
    expect(await runChild(out, v2, 'onFileWritten', 0, 'SIGINT')).toBe('SIGINT');
    expect(withoutBookkeeping(readTree(out))).toEqual(before);
    expect(await runChild(out, v2, 'onCommitStep', 0, 'SIGINT')).toBe('SIGINT');
    expect(writeOutput(out, v2).unchanged).toBe(true);
    expect(readTree(out)).toEqual(treeOf(v2));
    expect(bookkeeping(out)).toEqual([]);
  });

  it('the staging directory of a killed run is recognised by its record and removed by the next run', async () => {
    const out = join(tempDir(), 'out');
    writeOutput(out, v1);
    expect(await runChild(out, v2, 'onFileWritten', 1, 'SIGKILL')).toBe('SIGKILL');
    expect(bookkeeping(out).length).toBeGreaterThan(0);
    // a look-alike without a matching record is not ours and stays
    mkdirSync(join(out, '.vllm-obs-staging-not-ours'));
    writeFileSync(join(out, '.vllm-obs-staging-not-ours', 'keep.txt'), 'mine\n');
    expect(writeOutput(out, v1).unchanged).toBe(true);
    expect(bookkeeping(out)).toEqual(['.vllm-obs-staging-not-ours']);
    expect(readFileSync(join(out, '.vllm-obs-staging-not-ours', 'keep.txt'), 'utf8')).toBe('mine\n');
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

describe('the output lock', () => {
  const stale: Record<string, string> = {
    empty: '',
    garbage: '\u0000\u00ffnot a lock',
    'PID 1 (a live process that is not vllm-obs)': '1',
    'a dead PID': '2147483646',
    'a record of PID 1 with another start time': JSON.stringify({ pid: 1, start: 999999999, command: 'node dist/cli.js generate' }),
  };

  for (const method of ['flock', 'pidfile'] as const) {
    for (const [name, content] of Object.entries(stale)) {
      it(`${method}: a stale lock (${name}) is taken over at once`, () => {
        const parent = tempDir();
        const out = join(parent, 'out');
        writeOutput(out, v1);
        writeFileSync(join(out, '.vllm-obs-lock'), content);
        writeFileSync(join(parent, '.out.vllm-obs-lock'), content); // the old sibling name: foreign now
        const started = Date.now();
        writeOutput(out, v2, { lockMethod: method });
        expect(Date.now() - started).toBeLessThan(20_000); // bounded: no 30 s stall
        expect(readTree(out)).toEqual(treeOf(v2));
        expect(readFileSync(join(parent, '.out.vllm-obs-lock'), 'utf8')).toBe(content);
      });
    }

    it(`${method}: a lock held by a live run is refused after a bounded wait, naming its PID and command`, async () => {
      const out = join(tempDir(), 'out');
      writeOutput(out, v1);
      const holder = await holdLock(out, method);
      try {
        let error: unknown;
        try {
          writeOutput(out, v2, { lockMethod: method, lockWaitMs: 300 });
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(InputError);
        const lines = (error as InputError).problems;
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(new RegExp(`is locked by another vllm-obs run \\(PID ${holder.pid}, .*hold-lock`));
        expect(withoutBookkeeping(readTree(out))).toEqual(treeOf(v1));
      } finally {
        holder.kill('SIGKILL');
        await new Promise((resolve) => holder.on('exit', resolve));
      }
      // the holder died: its lock is free again at once
      writeOutput(out, v2, { lockMethod: method, lockWaitMs: 300 });
      expect(readTree(out)).toEqual(treeOf(v2));
    });
  }
});

/** A child (its command line says hold-lock) that takes the lock of `out` and keeps it until killed. */
async function holdLock(out: string, method: 'flock' | 'pidfile'): Promise<ChildProcess> {
  const script = `
    import { writeOutput } from ${JSON.stringify(WRITE_JS)};
    writeOutput(${JSON.stringify(out)}, new Map([['held.txt', 'x\\n']]), { lockMethod: '${method}', onFileWritten: () => {
      process.stdout.write('locked\\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
    } });
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, 'hold-lock'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', () => resolve());
    child.on('exit', () => reject(new Error('lock holder exited early')));
  });
  return child;
}

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
