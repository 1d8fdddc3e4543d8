// Ownership: vllm-obs replaces or removes only what its manifest proves it wrote, never writes through
// a symbolic link inside the output directory, and keeps the mode and owner of everything else.
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fsState, readTree } from './helpers/files.js';
import { writeOutput } from '../src/emit/write.js';
import { MANIFEST_PATH, sha256 } from '../src/emit/manifest.js';
import { InputError } from '../src/errors.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'vllm-obs-own-'));
}

const v1 = new Map([
  ['a/one.json', '{"v":1}\n'],
  ['b/two.yaml', 'v: 1\n'],
]);
const v2 = new Map([
  ['a/one.json', '{"v":2}\n'],
  ['c/three.yaml', 'v: 2\n'],
]);

/** The one-line problems of the InputError `run` throws (fails when it throws nothing else). */
function refusal(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return [...(error as InputError).problems];
  }
  throw new Error('expected a refusal');
}

function expectOneLine(lines: string[], pattern: RegExp): void {
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(lines[0]).not.toContain('\n');
}

describe('foreign content next to the output directory', () => {
  for (const exists of [true, false]) {
    it(`.out.vllm-obs-old and other look-alike siblings stay untouched (out/ ${exists ? 'exists' : 'does not exist yet'})`, () => {
      const parent = tempDir();
      const out = join(parent, 'out');
      if (exists) writeOutput(out, v1);
      for (const name of ['.out.vllm-obs-old', '.out.vllm-obs-tmp-1-x', '.out.vllm-obs-lock']) {
        mkdirSync(join(parent, name));
        writeFileSync(join(parent, name, 'keep.txt'), `${name}\n`);
      }
      const siblings = () => Object.fromEntries(Object.entries(fsState(parent)).filter(([path]) => !path.startsWith('out')));
      const before = siblings();
      writeOutput(out, v2);
      expect(siblings()).toEqual(before);
      expect(readTree(out)['c/three.yaml']).toBe('v: 2\n');
      expect(readTree(out)['.out.vllm-obs-old/keep.txt']).toBeUndefined();
    });
  }
});

describe('files vllm-obs did not write', () => {
  for (const force of [false, true]) {
    it(`a hand-written file at a path a newer config starts generating is refused by name (force: ${force})`, () => {
      const out = join(tempDir(), 'out');
      writeOutput(out, v1);
      mkdirSync(join(out, 'c'));
      writeFileSync(join(out, 'c', 'three.yaml'), 'hand-written\n');
      const before = fsState(out);
      const lines = refusal(() => writeOutput(out, v2, { force, label: 'out' }));
      expectOneLine(lines, /^out\/c\/three\.yaml: .*not written by vllm-obs/);
      expect(fsState(out)).toEqual(before);
    });
  }

  it('a foreign file with exactly the generated content is adopted under --force, not rewritten', () => {
    const out = join(tempDir(), 'out');
    mkdirSync(join(out, 'a'), { recursive: true });
    writeFileSync(join(out, 'a', 'one.json'), v1.get('a/one.json')!);
    writeFileSync(join(out, 'notes.md'), 'mine\n');
    const inode = statSync(join(out, 'a', 'one.json')).ino;
    writeOutput(out, v1, { force: true });
    expect(statSync(join(out, 'a', 'one.json')).ino).toBe(inode);
    expect(readTree(out)['b/two.yaml']).toBe('v: 1\n');
    expect(readTree(out)['notes.md']).toBe('mine\n');
  });

  it('a generated file edited since is refused by name unless --force, which replaces it', () => {
    const out = join(tempDir(), 'out');
    writeOutput(out, v1);
    writeFileSync(join(out, 'a', 'one.json'), '{"edited":true}\n');
    const before = fsState(out);
    expectOneLine(refusal(() => writeOutput(out, v2, { label: 'out' })), /^out\/a\/one\.json: changed since vllm-obs wrote it.*--force/);
    expect(fsState(out)).toEqual(before);
    writeOutput(out, v2, { force: true });
    expect(readTree(out)['a/one.json']).toBe('{"v":2}\n');
  });

  it('a generated file edited since is not removed unless --force', () => {
    const out = join(tempDir(), 'out');
    writeOutput(out, v1);
    writeFileSync(join(out, 'b', 'two.yaml'), 'v: edited\n');
    expectOneLine(refusal(() => writeOutput(out, v2, { label: 'out' })), /^out\/b\/two\.yaml: changed since vllm-obs wrote it/);
    expect(readTree(out)['b/two.yaml']).toBe('v: edited\n');
    expect(writeOutput(out, v2, { force: true }).removed).toEqual(['b/two.yaml']);
    expect(existsSync(join(out, 'b', 'two.yaml'))).toBe(false);
  });

  it('reports as removed only the files it removed', () => {
    const out = join(tempDir(), 'out');
    writeOutput(out, v1);
    rmSync(join(out, 'b', 'two.yaml'));
    expect(writeOutput(out, v2).removed).toEqual([]);
  });
});

describe('the manifest', () => {
  const notOurs: Record<string, (out: string) => void> = {
    garbage: (out) => writeFileSync(join(out, MANIFEST_PATH), 'not json {'),
    'a directory': (out) => mkdirSync(join(out, MANIFEST_PATH)),
    'valid JSON of another shape': (out) => writeFileSync(join(out, MANIFEST_PATH), JSON.stringify({ generator: 'vllm-obs', files: 'all' })),
    'a path leaving the directory': (out) =>
      writeFileSync(join(out, MANIFEST_PATH), JSON.stringify({ generator: 'vllm-obs', files: [{ path: '../decoy.txt', sha256: sha256('decoy\n') }] })),
    'a symbolic link to a valid manifest': (out) => {
      const real = join(out, '..', 'real-manifest.json');
      writeFileSync(real, JSON.stringify({ generator: 'vllm-obs', files: [] }));
      symlinkSync(real, join(out, MANIFEST_PATH));
    },
  };

  for (const [name, make] of Object.entries(notOurs)) {
    it(`one that is ${name} does not make a directory vllm-obs's, with or without --force`, () => {
      const parent = tempDir();
      const out = join(parent, 'out');
      mkdirSync(out);
      writeFileSync(join(out, 'notes.txt'), 'mine\n');
      writeFileSync(join(parent, 'decoy.txt'), 'decoy\n');
      make(out);
      const before = fsState(parent);
      expectOneLine(refusal(() => writeOutput(out, v1, { label: 'out' })), /^out\/(\.vllm-obs-manifest\.json)?:? .*(not a manifest vllm-obs wrote|has no)/);
      expect(fsState(parent)).toEqual(before);
      expectOneLine(refusal(() => writeOutput(out, v1, { force: true, label: 'out' })), /^out\/\.vllm-obs-manifest\.json: .*not a manifest vllm-obs wrote/);
      expect(fsState(parent)).toEqual(before);
    });
  }

  it('the manifest format vllm-obs wrote before (generator + files) is still read as its own', () => {
    const out = join(tempDir(), 'out');
    mkdirSync(join(out, 'b'), { recursive: true });
    writeFileSync(join(out, 'b', 'two.yaml'), 'v: 1\n');
    writeFileSync(
      join(out, MANIFEST_PATH),
      `${JSON.stringify({ generator: 'vllm-obs', files: [{ path: 'b/two.yaml', sha256: sha256('v: 1\n') }] }, null, 2)}\n`,
    );
    expect(writeOutput(out, v2).removed).toEqual(['b/two.yaml']);
    expect(readTree(out)['c/three.yaml']).toBe('v: 2\n');
  });
});

describe('modes, owners and empty directories', () => {
  it('keeps the mode of the output directory and the mode, owner and presence of everything foreign', () => {
    const out = join(tempDir(), 'out');
    mkdirSync(out, { mode: 0o700 });
    chmodSync(out, 0o700);
    writeOutput(out, v1);
    mkdirSync(join(out, 'b', 'mine'));
    writeFileSync(join(out, 'b', 'mine', 'secret.txt'), 'mine\n', { mode: 0o600 });
    chmodSync(join(out, 'b', 'mine'), 0o750);
    mkdirSync(join(out, 'empty', 'deeper'), { recursive: true });
    symlinkSync('../a/one.json', join(out, 'b', 'link-to-generated'));
    if (process.getuid?.() === 0) chownSync(join(out, 'b', 'mine'), 65534, 65534);
    const foreign = () => Object.fromEntries(Object.entries(fsState(out)).filter(([path]) => /^(b\/|b$|empty)/.test(path) && path !== 'b/two.yaml'));
    const before = foreign();
    writeOutput(out, v2);
    expect(statSync(out).mode & 0o777).toBe(0o700);
    expect(foreign()).toEqual(before);
  });

  it('a replaced generated file keeps the mode the user gave it', () => {
    const out = join(tempDir(), 'out');
    writeOutput(out, v1);
    chmodSync(join(out, 'a', 'one.json'), 0o640);
    writeOutput(out, v2);
    expect(statSync(join(out, 'a', 'one.json')).mode & 0o777).toBe(0o640);
  });

  it('removes a directory it emptied only when it held nothing but generated files', () => {
    const out = join(tempDir(), 'out');
    writeOutput(out, v1);
    writeOutput(out, v2);
    expect(existsSync(join(out, 'b'))).toBe(false);
    mkdirSync(join(out, 'c', 'keep'));
    writeOutput(out, v1);
    expect(existsSync(join(out, 'c', 'three.yaml'))).toBe(false);
    expect(existsSync(join(out, 'c', 'keep'))).toBe(true);
  });
});

describe('symbolic links', () => {
  it('--out given as a link writes into its target and keeps the link', () => {
    const parent = tempDir();
    mkdirSync(join(parent, 'real'));
    symlinkSync('real', join(parent, 'link'));
    writeOutput(join(parent, 'link'), v1);
    writeOutput(join(parent, 'link'), v2);
    expect(lstatSync(join(parent, 'link')).isSymbolicLink()).toBe(true);
    expect(readTree(join(parent, 'real'))['c/three.yaml']).toBe('v: 2\n');
    expect(readTree(join(parent, 'real'))['b/two.yaml']).toBeUndefined();
  });

  for (const force of [false, true]) {
    it(`a generated subdirectory replaced by a link is refused by name, nothing written through it (force: ${force})`, () => {
      const parent = tempDir();
      const out = join(parent, 'out');
      writeOutput(out, v1);
      mkdirSync(join(parent, 'elsewhere'));
      writeFileSync(join(parent, 'elsewhere', 'one.json'), 'elsewhere\n');
      rmSync(join(out, 'a'), { recursive: true });
      symlinkSync(join(parent, 'elsewhere'), join(out, 'a'));
      const before = fsState(parent);
      expectOneLine(refusal(() => writeOutput(out, v2, { force, label: 'out' })), /^out\/a: is a symbolic link/);
      expect(fsState(parent)).toEqual(before);
    });
  }

  it('the home directory reached through a link is refused even with --force; ~/.ssh keeps its mode', () => {
    const parent = tempDir();
    const home = join(parent, 'home');
    mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
    chmodSync(join(home, '.ssh'), 0o700);
    writeFileSync(join(home, '.ssh', 'id_ed25519'), 'key\n', { mode: 0o600 });
    symlinkSync(home, join(parent, 'home-link'));
    const saved = process.env.HOME;
    process.env.HOME = home;
    try {
      const before = fsState(parent);
      expectOneLine(refusal(() => writeOutput(join(parent, 'home-link'), v1, { force: true })), /refusing to write to the home directory/);
      expect(fsState(parent)).toEqual(before);
    } finally {
      process.env.HOME = saved;
    }
  });
});

describe('system directories', () => {
  const created: string[] = [];
  afterEach(() => {
    for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses /etc, /usr and /var, also reached through a link', () => {
    const parent = tempDir();
    symlinkSync('/etc', join(parent, 'etc-link'));
    for (const dir of ['/etc', '/usr', '/var', join(parent, 'etc-link')]) {
      expectOneLine(refusal(() => writeOutput(dir, v1)), /refusing to write to .*the system directory \/(etc|usr|var)/);
    }
  });

  it('refuses a new directory right under /usr even with --force, creating nothing', () => {
    const dir = `/usr/vllm-obs-test-${process.pid}`;
    created.push(dir);
    expectOneLine(refusal(() => writeOutput(dir, v1, { force: true })), /refusing to write to .*the system directory \/usr/);
    expect(existsSync(dir)).toBe(false);
  });

  it('refuses /etc through a link even with --force', () => {
    const parent = tempDir();
    symlinkSync('/etc', join(parent, 'etc-link'));
    expectOneLine(refusal(() => writeOutput(join(parent, 'etc-link'), v1, { force: true })), /refusing to write to .*the system directory \/etc/);
  });
});
