// Filesystem-state fuzzing of the write path: random foreign files, modes, owners, empty directories,
// symbolic links and manifests (valid, garbage, a directory) in and around the output directory, an
// edited generated file, and failures injected while staging or committing. After each run (or
// refusal): every foreign byte, mode, owner and link is unchanged, and either the new tree is fully
// there or the whole directory is exactly as it was.
import fc from 'fast-check';
import { chmodSync, lchownSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fsState, type EntryState } from './helpers/files.js';
import { buildManifest, MANIFEST_PATH } from '../src/emit/manifest.js';
import { toJson } from '../src/emit/serialize.js';
import { writeOutput } from '../src/emit/write.js';
import { InputError } from '../src/errors.js';

const RUNS = Number(process.env.VLLM_OBS_FS_FUZZ_RUNS ?? 300);
const root = mkdtempSync(join(tmpdir(), 'vllm-obs-fsfuzz-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const OLD = new Map([
  ['a/one.json', '{"v":1}\n'],
  ['b/two.yaml', 'v: 1\n'],
  ['x/y/z.txt', 'old z\n'],
]);
const NEW = new Map([
  ['a/one.json', '{"v":2}\n'],
  ['c/three.yaml', 'v: 2\n'],
  ['x/y/z.txt', 'new z\n'],
  ['x/w.txt', 'w\n'],
]);

const segment = fc.constantFrom('a', 'b', 'c', 'x', 'y', 'z.txt', 'one.json', 'notes', 'docs', 'keep.md', '.hidden', 'w.txt');
const foreignEntry = fc.record({
  // mostly right where vllm-obs writes a file or needs a directory
  path: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('a/one.json', 'c/three.yaml', 'x/w.txt', 'x/y/z.txt', 'c', 'x/y', 'b/notes') },
    { weight: 1, arbitrary: fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/')) },
  ),
  kind: fc.constantFrom('file', 'file', 'file', 'emptyDir', 'linkToFile', 'linkToDir', 'danglingLink'),
  mode: fc.constantFrom(0o600, 0o644, 0o640, 0o755, 0o700, 0o444),
  foreignOwner: fc.boolean(),
  content: fc.constantFrom('mine\n', '{"v":2}\n', 'v: 2\n', '', 'new z\n'),
});

const scenario = fc.record({
  prior: fc.constantFrom('none', 'none', 'absent', 'old', 'old', 'old'),
  outMode: fc.constantFrom(0o755, 0o700, 0o750),
  foreign: fc.oneof(fc.constant([]), fc.array(foreignEntry, { minLength: 1, maxLength: 3 })),
  siblings: fc.subarray(['.out.vllm-obs-old', '.out.vllm-obs-lock', '.out.vllm-obs-tmp-1-abc', 'out.bak']),
  manifest: fc.constantFrom('keep', 'keep', 'keep', 'keep', 'keep', 'garbage', 'directory', 'claims-foreign', 'wrong-shape', 'missing'),
  edit: fc.constantFrom(undefined, undefined, 'a/one.json', 'b/two.yaml'),
  linkSubdir: fc.constantFrom(undefined, undefined, undefined, undefined, 'a', 'x/y'),
  force: fc.boolean(),
  failAt: fc.oneof(
    { weight: 3, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.record({ phase: fc.constantFrom('onFileWritten', 'onCommitStep'), index: fc.nat({ max: 5 }) }) },
  ),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

let caseNo = 0;

/** Builds the scenario on disk; returns the output dir and the paths whose state must never change. */
function build(s: Scenario): { parent: string; out: string; foreign: Set<string> } {
  const parent = join(root, String(caseNo++));
  const out = join(parent, 'out');
  mkdirSync(parent);
  const foreign = new Set<string>();
  for (const name of s.siblings) {
    mkdirSync(join(parent, name));
    writeFileSync(join(parent, name, 'keep.txt'), `${name}\n`);
    foreign.add(name).add(`${name}/keep.txt`);
  }
  if (s.prior !== 'absent') mkdirSync(out, { mode: s.outMode });
  if (s.prior === 'absent') return { parent, out, foreign };
  chmodSync(out, s.outMode);
  // the setup takes the lock-file lock: spawning flock(1) is the slow part of a run, and not what is fuzzed
  if (s.prior === 'old') writeOutput(out, OLD, { lockMethod: 'pidfile' });
  if (s.edit && s.prior === 'old') {
    writeFileSync(join(out, s.edit), 'edited by hand\n');
    // an edited generated file may be replaced or removed only with --force, and only while the manifest lists it
    if (!(s.force && s.manifest === 'keep')) foreign.add(s.edit);
  }
  if (s.linkSubdir && s.prior === 'old') {
    mkdirSync(join(parent, 'elsewhere'), { recursive: true });
    writeFileSync(join(parent, 'elsewhere', 'z.txt'), 'elsewhere\n');
    rmSync(join(out, s.linkSubdir), { recursive: true });
    symlinkSync(join(parent, 'elsewhere'), join(out, s.linkSubdir));
    foreign.add(s.linkSubdir).add('elsewhere').add('elsewhere/z.txt');
  }
  mkdirSync(join(parent, 'linked-dir'));
  writeFileSync(join(parent, 'linked-dir', 'one.json'), 'linked\n');
  foreign.add('linked-dir').add('linked-dir/one.json');
  for (const entry of s.foreign) if (addForeign(parent, out, entry)) foreign.add(entry.path);
  writeManifestVariant(out, s, foreign);
  return { parent, out, foreign };
}

/** Adds one foreign entry unless something is in its way (never creating anything through a link). */
function addForeign(parent: string, out: string, entry: Scenario['foreign'][number]): boolean {
  const parts = entry.path.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const at = join(out, ...parts.slice(0, i));
    const stat = lstatOrUndefined(at);
    if (i === parts.length) {
      if (stat) return false; // something is there already (generated or foreign): leave it
    } else if (!stat) mkdirSync(at);
    else if (!stat.isDirectory()) return false;
  }
  const path = join(out, entry.path);
  if (entry.kind === 'file') writeFileSync(path, entry.content, { mode: entry.mode });
  else if (entry.kind === 'emptyDir') mkdirSync(path, { mode: entry.mode });
  else if (entry.kind === 'linkToFile') symlinkSync('/etc/hostname', path);
  else if (entry.kind === 'linkToDir') symlinkSync(join(parent, 'linked-dir'), path);
  else symlinkSync('missing-target', path);
  if (entry.kind === 'file' || entry.kind === 'emptyDir') chmodSync(path, entry.mode);
  if (entry.foreignOwner && process.getuid?.() === 0) lchownSync(path, 65534, 65534);
  return true;
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function writeManifestVariant(out: string, s: Scenario, foreign: Set<string>): void {
  const path = join(out, MANIFEST_PATH);
  const replace = () => rmSync(path, { recursive: true, force: true });
  if (s.manifest === 'keep') return;
  replace();
  if (s.manifest === 'garbage') writeFileSync(path, '{"generator":"vllm-obs","files":[{');
  else if (s.manifest === 'directory') mkdirSync(path);
  else if (s.manifest === 'wrong-shape') writeFileSync(path, JSON.stringify({ generator: 'vllm-obs', files: [{ path: '../x', sha256: 'zz' }] }));
  else if (s.manifest === 'claims-foreign') {
    // a valid manifest makes the files it lists (with their hashes) vllm-obs's: they are no longer foreign
    const claimed = new Map<string, string>();
    for (const entry of s.foreign) {
      if (entry.kind === 'file' && foreign.has(entry.path) && !entry.path.split('/').includes('.hidden')) {
        claimed.set(entry.path, entry.content);
        foreign.delete(entry.path);
      }
    }
    writeFileSync(path, toJson(buildManifest(claimed)));
  }
  if (s.manifest !== 'missing' && s.manifest !== 'claims-foreign') foreign.add(MANIFEST_PATH);
}

/** The state of `prefix` and of everything below it. */
function stateOf(all: Record<string, EntryState>, prefix: string): Record<string, EntryState> {
  return Object.fromEntries(Object.entries(all).filter(([path]) => path === prefix || path.startsWith(`${prefix}/`)));
}

type Outcome = 'written' | 'refused' | 'failed';

/** Foreign paths kept relative to the parent (siblings of out/, link targets) rather than to out/. */
function outside(path: string): boolean {
  return path.startsWith('.out') || path === 'out.bak' || /^(elsewhere|linked-dir)(\/|$)/.test(path);
}

function check(s: Scenario): Outcome {
  const { parent, out, foreign } = build(s);
  const before = fsState(parent);
  let outcome: Outcome = 'written';
  try {
    writeOutput(out, NEW, {
      force: s.force,
      ...(s.failAt && {
        [s.failAt.phase]: (_path: string, index: number) => {
          if (index === s.failAt!.index) throw new Error('injected');
        },
      }),
    });
  } catch (error) {
    if (error instanceof InputError) outcome = 'refused';
    else if (error instanceof Error && error.message === 'injected') outcome = 'failed';
    else throw error;
  }
  const after = fsState(parent);
  for (const path of foreign) {
    const key = outside(path) ? path : `out/${path}`;
    const was = before[key];
    const now = after[key];
    if (was?.type === 'dir') {
      expect(now && { ...now, data: undefined }, key).toEqual({ ...was, data: undefined });
      if (outside(path)) expect(stateOf(after, key)).toEqual(stateOf(before, key));
    } else expect(now, key).toEqual(was);
  }
  if (outcome === 'written') {
    for (const [path, content] of NEW) expect(after[`out/${path}`], path).toMatchObject({ type: 'file', data: Buffer.from(content).toString('base64') });
    expect(after[`out/${MANIFEST_PATH}`]?.data).toBe(Buffer.from(toJson(buildManifest(NEW))).toString('base64'));
    expect(Object.keys(after).filter((path) => /^out\/\.vllm-obs-(?!manifest)/.test(path))).toEqual([]);
    if (before.out) expect(after.out.mode).toBe(before.out.mode);
  } else {
    expect(after).toEqual(before);
  }
  return outcome;
}

describe('filesystem-state fuzzing of generate', () => {
  it(`${RUNS} random trees in and around the output directory: foreign content never changes; new tree or old tree`, () => {
    const seen: Record<Outcome, number> = { written: 0, refused: 0, failed: 0 };
    fc.assert(
      fc.property(scenario, (s) => {
        seen[check(s)]++;
      }),
      { numRuns: RUNS, seed: 1212 },
    );
    console.log(`filesystem fuzz: ${JSON.stringify(seen)}`);
    expect(seen.written).toBeGreaterThan(RUNS / 10);
    expect(seen.refused).toBeGreaterThan(RUNS / 10);
    expect(seen.failed).toBeGreaterThan(0);
  }, 300_000);
});
