import {
  closeSync, existsSync, linkSync, copyFileSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync,
  writeFileSync, writeSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { buildManifest, MANIFEST_PATH, parseManifest, type Manifest } from './manifest.js';
import { assertSafeOutputDir, assertSafeRelativePath } from './paths.js';
import { toJson } from './serialize.js';

export interface CheckResult {
  added: string[];
  changed: string[];
  removed: string[];
}

export interface WriteOptions {
  force?: boolean;
  /** Test hook: called after each file lands in the staging tree (used to inject failures). */
  onFileWritten?: (path: string, index: number) => void;
}

export interface WriteResult {
  written: number;
  removed: string[];
  unchanged: boolean;
}

export function isClean(result: CheckResult): boolean {
  return result.added.length + result.changed.length + result.removed.length === 0;
}

/** What `generate` would change in `dir`; reads only. */
export function checkOutput(dir: string, files: ReadonlyMap<string, string>): CheckResult {
  const target = resolve(dir);
  const old = readManifest(target);
  const result: CheckResult = { added: [], changed: [], removed: [] };
  for (const [path, content] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    const onDisk = readIfExists(join(target, path));
    if (onDisk === undefined) result.added.push(path);
    else if (onDisk !== content) result.changed.push(path);
  }
  for (const { path } of old?.files ?? []) if (!files.has(path) && existsSync(join(target, path))) result.removed.push(path);
  return result;
}

/**
 * Replaces the generated files in `dir` with `files`, all at once: the new tree is staged beside the
 * target and swapped in by rename, so a failure at any point leaves the old tree whole. Files that
 * vllm-obs did not create (not in the old manifest) are carried over untouched (hard links).
 */
export function writeOutput(dir: string, files: ReadonlyMap<string, string>, options: WriteOptions = {}): WriteResult {
  for (const path of files.keys()) assertSafeRelativePath(path);
  const target = resolve(dir);
  // Refuse dangerous targets before anything (even the lock file beside the target) is written.
  assertSafeOutputDir(target, options.force ?? false);
  mkdirSync(dirname(target), { recursive: true });
  const lock = acquireLock(target);
  try {
    recoverInterruptedSwap(target);
    assertSafeOutputDir(target, options.force ?? false);
    const all = new Map(files);
    all.set(MANIFEST_PATH, toJson(buildManifest(files)));
    const check = checkOutput(target, all);
    if (isClean(check)) return { written: 0, removed: [], unchanged: true };
    const old = readManifest(target);
    const staging = `${siblingName(target, 'tmp')}-${process.pid}-${Date.now().toString(36)}`;
    try {
      mkdirSync(staging);
      let index = 0;
      for (const [path, content] of all) {
        const file = join(staging, path);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, content);
        options.onFileWritten?.(path, index++);
      }
      carryForeignFiles(target, staging, old, all);
      swapInto(target, staging);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
    return { written: files.size, removed: check.removed, unchanged: false };
  } finally {
    releaseLock(lock);
  }
}

function readManifest(target: string): Manifest | undefined {
  const text = readIfExists(join(target, MANIFEST_PATH));
  return text === undefined ? undefined : parseManifest(text);
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function siblingName(target: string, what: string): string {
  return join(dirname(target), `.${basename(target)}.vllm-obs-${what}`);
}

function carryForeignFiles(target: string, staging: string, old: Manifest | undefined, generated: ReadonlyMap<string, string>): void {
  if (!existsSync(target)) return;
  const ours = new Set(old?.files.map((f) => f.path) ?? []);
  for (const file of walk(target)) {
    const path = relative(target, file).split(sep).join('/');
    if (ours.has(path) || generated.has(path) || path === MANIFEST_PATH) continue;
    const destination = join(staging, path);
    mkdirSync(dirname(destination), { recursive: true });
    try {
      linkSync(file, destination);
    } catch {
      copyFileSync(file, destination);
    }
  }
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

/** Two renames; if the second fails the first is undone. A process killed between them leaves the
 *  old tree under the backup name, which the next run restores before anything else. */
function swapInto(target: string, staging: string): void {
  const backup = siblingName(target, 'old');
  rmSync(backup, { recursive: true, force: true });
  const hadOld = existsSync(target);
  if (hadOld) renameSync(target, backup);
  try {
    renameSync(staging, target);
  } catch (error) {
    if (hadOld) renameSync(backup, target);
    throw error;
  }
  rmSync(backup, { recursive: true, force: true });
}

function recoverInterruptedSwap(target: string): void {
  const backup = siblingName(target, 'old');
  if (!existsSync(target) && existsSync(backup)) renameSync(backup, target);
  else rmSync(backup, { recursive: true, force: true });
}

interface Lock {
  path: string;
}

/** One writer at a time per output dir, so two concurrent runs never interleave their swaps. */
function acquireLock(target: string): Lock {
  const path = siblingName(target, 'lock');
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { path };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (lockIsStale(path)) {
        rmSync(path, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another vllm-obs generate holds ${path}; remove it if no run is active`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    }
  }
}

function lockIsStale(path: string): boolean {
  const pid = Number(readIfExists(path));
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function releaseLock(lock: Lock): void {
  rmSync(lock.path, { force: true });
}
