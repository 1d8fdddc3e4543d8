// The write path of `generate`. The output directory itself is never renamed, recreated or
// re-permissioned (so a mount point works and its mode and owner stay); inside it, vllm-obs touches
// only files its manifest proves it wrote (listed, with the same sha256), creates the directories its
// files need, and never writes through a symbolic link. Each changed file is staged in a run-unique
// directory inside the output directory, a journal is committed, and the staged files are renamed
// into place one by one, the manifest last (see journal.ts): a failure before the journal leaves the
// old tree; a failure after it is rolled back in-process, and a run killed after it is finished by
// the next run before that run does anything else.
import {
  chmodSync, constants, copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmdirSync, unlinkSync, writeFileSync,
} from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { fileSystemFault, InputError, isFileSystemFault } from '../errors.js';
import {
  BACKUP_DIR, blockedProblem, commitJournal, JOURNAL_NAME, type Journal, makeDirs, newRunId, ourStaging, probe, readJournal,
  removeEmptyDirs, removeStaging, rollForward, STAGING_PREFIX, stagingDirName, type StagingRecord, type Step, writeStagingRecord,
} from './journal.js';
import { acquireLock, LOCK_NAME, type Lock, type LockMethod, removeLockDebris } from './lock.js';
import { buildManifest, MANIFEST_PATH, readManifest, sha256, type ManifestState } from './manifest.js';
import { assertSafeRelativePath, realOutputDir, resolveOutputDir } from './paths.js';
import { toJson } from './serialize.js';
import { compareText } from '../order.js';

export interface CheckResult {
  added: string[];
  changed: string[];
  removed: string[];
}

export interface WriteOptions {
  /** adopt a non-empty directory without a manifest, and replace or remove generated files edited since */
  force?: boolean;
  /** how messages name the output directory (default: `dir` as given) */
  label?: string;
  /** how long to wait for another run's lock before giving up (default 10 s) */
  lockWaitMs?: number;
  /** test hook: force the lock-file fallback used where flock(1) is missing */
  lockMethod?: LockMethod;
  /** test hook: called after each file lands in the staging directory (used to inject failures) */
  onFileWritten?: (path: string, index: number) => void;
  /** test hook: called after each commit step (rename or removal) */
  onCommitStep?: (path: string, index: number) => void;
}

export interface WriteResult {
  written: number;
  /** generated files removed because the new output no longer has them (only those really removed) */
  removed: string[];
  unchanged: boolean;
}

const DEFAULT_LOCK_WAIT_MS = 10_000;
const NEVER_OVERWRITES = 'vllm-obs never overwrites a file it did not write, even with --force';
const MAX_PROBLEM_LINES = 20;

export function isClean(result: CheckResult): boolean {
  return result.added.length + result.changed.length + result.removed.length === 0;
}

/** What `generate` would change in `dir`; reads only (never through links inside it). */
export function checkOutput(dir: string, files: ReadonlyMap<string, string>): CheckResult {
  const label = labelOf(dir);
  return withFaults(label, (place) => {
    const out = (place.out = realOutputDir(dir, label));
    const result: CheckResult = { added: [], changed: [], removed: [] };
    for (const [path, content] of sorted(files)) {
      const found = probe(out, path);
      if (found.kind === 'absent') result.added.push(path);
      else if (found.kind !== 'file' || found.sha256 !== sha256(content)) result.changed.push(path);
    }
    for (const path of owned(readManifest(out)).keys()) {
      if (!files.has(path) && probe(out, path).kind !== 'absent') result.removed.push(path);
    }
    return result;
  });
}

/**
 * Finishes what a killed run left in `dir` (a committed journal is replayed, staging directories are
 * removed); run by `generate --check` before it compares. Returns whether there was anything to do.
 */
export function recoverOutput(dir: string, options: Pick<WriteOptions, 'label' | 'lockWaitMs' | 'lockMethod'> = {}): boolean {
  const label = labelOf(dir, options.label);
  return withFaults(label, (place) => {
    const out = (place.out = resolveOutputDir(dir, label));
    if (!existsSync(out) || !hasLeftovers(out)) return false;
    const lock = lockOutput(out, label, options);
    try {
      recover(out, label);
    } finally {
      lock.release();
    }
    return true;
  });
}

/** Replaces the generated files in `dir` with `files` (see the top of this file for the guarantees). */
export function writeOutput(dir: string, files: ReadonlyMap<string, string>, options: WriteOptions = {}): WriteResult {
  for (const path of files.keys()) assertSafeRelativePath(path);
  const label = labelOf(dir, options.label);
  return withFaults(label, (place) => {
    // Refuse dangerous targets before anything (even the lock file) is written.
    const out = (place.out = resolveOutputDir(dir, label));
    const all = withManifest(files);
    if (isUpToDate(out, all)) return { written: 0, removed: [], unchanged: true };
    // before the lock, only when no run holds it: a running one's directories would look foreign
    if (!existsSync(join(out, LOCK_NAME))) assertOurs(out, options.force ?? false, label);
    const created = mkdirSync(out, { recursive: true });
    try {
      return writeLocked(out, all, options, label);
    } catch (error) {
      // an output directory this run created and could not fill goes again (nothing was written)
      if (created !== undefined) removeCreatedDirs(out, created);
      throw error;
    }
  });
}

function writeLocked(out: string, all: ReadonlyMap<string, string>, options: WriteOptions, label: string): WriteResult {
  const force = options.force ?? false;
  const lock = lockOutput(out, label, options);
  try {
    recover(out, label);
    assertOurs(out, force, label);
    const plan = planChanges(out, all, readManifest(out), force, label);
    if (plan.steps.length === 0) return { written: 0, removed: [], unchanged: true };
    applyPlan(out, plan, all, options, label);
    return {
      written: plan.steps.filter((s) => s.op === 'write' && s.path !== MANIFEST_PATH).length,
      removed: plan.steps.filter((s) => s.op === 'remove').map((s) => s.path),
      unchanged: false,
    };
  } finally {
    lock.release();
  }
}

/** rmdir from `out` up to `created` (the first directory mkdir created), as far as they are empty. */
function removeCreatedDirs(out: string, created: string): void {
  for (let dir = out; ; dir = dirname(dir)) {
    try {
      rmdirSync(dir);
    } catch {
      return;
    }
    if (dir === created || dirname(dir) === dir) return;
  }
}

function labelOf(dir: string, label?: string): string {
  return (label ?? dir).replace(/\/+$/, '') || '/';
}

function withManifest(files: ReadonlyMap<string, string>): Map<string, string> {
  const all = new Map(files);
  all.set(MANIFEST_PATH, toJson(buildManifest(files)));
  return all;
}

function sorted(files: ReadonlyMap<string, string>): [string, string][] {
  return [...files].sort(([a], [b]) => compareText(a, b));
}

function owned(state: ManifestState): Map<string, string> {
  return new Map(state.kind === 'valid' ? state.manifest.files.map((f) => [f.path, f.sha256] as const) : []);
}

function lockOutput(out: string, label: string, options: Pick<WriteOptions, 'lockWaitMs' | 'lockMethod'>): Lock {
  return acquireLock(out, { label, waitMs: options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS, method: options.lockMethod, run: newRunId() });
}

/** Already exactly the new tree, with no leftovers: nothing to do, nothing to lock (a read-only checkout works). */
function isUpToDate(out: string, all: ReadonlyMap<string, string>): boolean {
  if (!existsSync(out) || hasLeftovers(out)) return false;
  const manifest = readManifest(out);
  if (manifest.kind !== 'valid') return false;
  for (const [path, content] of all) {
    const found = probe(out, path);
    if (found.kind !== 'file' || found.sha256 !== sha256(content)) return false;
  }
  for (const path of owned(manifest).keys()) if (!all.has(path) && probe(out, path).kind !== 'absent') return false;
  return true;
}

function hasLeftovers(out: string): boolean {
  return readdirSync(out).some((name) => name === JOURNAL_NAME || name.startsWith(STAGING_PREFIX) || name.startsWith(`${LOCK_NAME}.`));
}

/**
 * The directory is vllm-obs's: it has a valid manifest, or is empty but for vllm-obs's bookkeeping,
 * or --force adopts it. A manifest or journal that is not vllm-obs's is refused even with --force,
 * since writing the new one would overwrite it.
 */
function assertOurs(out: string, force: boolean, label: string): void {
  if (!existsSync(out)) return;
  const manifest = readManifest(out);
  if (manifest.kind === 'invalid') {
    throw new InputError([
      `${label}/${MANIFEST_PATH}: not a manifest vllm-obs wrote (${manifest.problem}); move it away — ${NEVER_OVERWRITES}`,
    ]);
  }
  const journal = readJournal(out);
  if (journal.kind === 'invalid') throw notOurJournal(label, journal.problem);
  if (manifest.kind === 'valid' || force || journal.kind === 'valid') return;
  const foreign = readdirSync(out).filter((name) => !isBookkeeping(out, name));
  if (foreign.length > 0) {
    throw new InputError([
      `output.dir: ${label} is not empty and has no ${MANIFEST_PATH}, so vllm-obs did not create it; ` +
        'pass --force to add the generated files there (files it did not write are never overwritten)',
    ]);
  }
}

function notOurJournal(label: string, problem: string): InputError {
  return new InputError([`${label}/${JOURNAL_NAME}: not a journal vllm-obs wrote (${problem}); move it away`]);
}

function isBookkeeping(out: string, name: string): boolean {
  if (name === LOCK_NAME || name.startsWith(`${LOCK_NAME}.`)) return true;
  return name.startsWith(STAGING_PREFIX) && ourStaging(out, name) !== undefined;
}

/** Under the lock: finish a dead run's commit, then clear staging directories and lock debris of dead runs. */
function recover(out: string, label: string): void {
  const journal = readJournal(out);
  if (journal.kind === 'invalid') throw notOurJournal(label, journal.problem);
  if (journal.kind === 'valid') rollForward(out, journal.journal, label);
  for (const name of readdirSync(out)) {
    if (!name.startsWith(STAGING_PREFIX)) continue;
    const record = ourStaging(out, name);
    if (record) removeStaging(out, record);
  }
  removeLockDebris(out);
}

type WriteStep = Extract<Step, { op: 'write' }>;

interface Plan {
  /** the commit steps in order: writes and removals, the manifest last */
  steps: Step[];
  /** the mode each replaced file had, given to its successor */
  modes: Map<string, number>;
  /** directories to create, parents first */
  newDirs: string[];
  /** directories the removals may leave empty */
  emptied: string[];
}

/**
 * What to write and remove, after checking every path: a file there that vllm-obs did not write
 * (not in the manifest), a generated file edited since (unless --force), or a link, directory or
 * file in the way is refused — all of them, one line each — before anything is written.
 */
function planChanges(out: string, all: ReadonlyMap<string, string>, manifest: ManifestState, force: boolean, label: string): Plan {
  const ours = owned(manifest);
  const problems = new Set<string>();
  const writes: WriteStep[] = [];
  const removals: Step[] = [];
  const modes = new Map<string, number>();
  const newDirs = new Set<string>();
  for (const [path, content] of sorted(all)) {
    if (path === MANIFEST_PATH) continue;
    const after = sha256(content);
    const found = probe(out, path);
    if (found.kind === 'blocked') problems.add(blockedProblem(found, label, path));
    else if (found.kind === 'absent') {
      writes.push({ op: 'write', path, before: null, after });
      for (const dir of found.missing) newDirs.add(dir);
    } else if (found.sha256 === after) continue;
    else if (!ours.has(path)) problems.add(foreignProblem(label, path));
    else if (ours.get(path) !== found.sha256 && !force) problems.add(editedProblem(label, path, 'replace'));
    else {
      writes.push({ op: 'write', path, before: found.sha256, after });
      modes.set(path, found.mode);
    }
  }
  for (const [path, hash] of ours) {
    if (all.has(path)) continue;
    const found = probe(out, path);
    if (found.kind === 'absent') continue;
    if (found.kind === 'blocked') problems.add(blockedProblem(found, label, path));
    else if (found.sha256 !== hash && !force) problems.add(editedProblem(label, path, 'remove'));
    else removals.push({ op: 'remove', path, sha256: found.sha256 });
  }
  if (problems.size > 0) throw new InputError(capped([...problems]));
  const steps: Step[] = [...writes, ...removals];
  const manifestText = all.get(MANIFEST_PATH)!;
  const current = probe(out, MANIFEST_PATH);
  if (current.kind === 'blocked') throw new InputError([blockedProblem(current, label, MANIFEST_PATH)]);
  const before = current.kind === 'file' ? current.sha256 : null;
  if (before !== sha256(manifestText)) {
    steps.push({ op: 'write', path: MANIFEST_PATH, before, after: sha256(manifestText) });
    if (current.kind === 'file') modes.set(MANIFEST_PATH, current.mode);
  }
  return { steps, modes, newDirs: [...newDirs].sort(byDepth), emptied: emptiedDirs(removals, all) };
}

function byDepth(a: string, b: string): number {
  return a.split('/').length - b.split('/').length || compareText(a, b);
}

/** Directories of removed files that no new file needs (removed after the commit if empty). */
function emptiedDirs(removals: readonly Step[], all: ReadonlyMap<string, string>): string[] {
  const needed = new Set([...all.keys()].flatMap(ancestors));
  return [...new Set(removals.flatMap((step) => ancestors(step.path)))].filter((dir) => !needed.has(dir)).sort(byDepth);
}

function ancestors(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

function foreignProblem(label: string, path: string): string {
  return `${label}/${path}: exists and was not written by vllm-obs (its manifest does not list it); move it away — ${NEVER_OVERWRITES}`;
}

function editedProblem(label: string, path: string, what: 'replace' | 'remove'): string {
  const why = what === 'replace' ? 'pass --force to replace it' : 'the new output no longer has it; pass --force to remove it';
  return `${label}/${path}: changed since vllm-obs wrote it; ${why}, or move your edits into the config`;
}

function capped(problems: string[]): string[] {
  if (problems.length <= MAX_PROBLEM_LINES) return problems;
  return [...problems.slice(0, MAX_PROBLEM_LINES), `… and ${problems.length - MAX_PROBLEM_LINES} more`];
}

/** Stage, commit the journal, rename into place; undo whatever went wrong before the journal is done. */
function applyPlan(out: string, plan: Plan, all: ReadonlyMap<string, string>, options: WriteOptions, label: string): void {
  const run = newRunId();
  const staging = join(out, stagingDirName(run));
  const writes = plan.steps.filter((s): s is WriteStep => s.op === 'write');
  const backedUp = plan.steps.filter((s) => s.op === 'remove' || s.before !== null).map((s) => s.path);
  const record: StagingRecord = {
    generator: 'vllm-obs',
    kind: 'staging',
    run,
    files: [...writes.map((s) => s.path), ...backedUp.map((path) => `${BACKUP_DIR}/${path}`), JOURNAL_NAME],
    dirs: plan.newDirs,
  };
  const journal: Journal = { generator: 'vllm-obs', kind: 'journal', run, steps: plan.steps, emptied: plan.emptied };
  mkdirSync(staging, { mode: 0o700 });
  // once the journal is committed and cannot be undone, staging holds what the next run needs
  let keepStaging = false;
  try {
    writeStagingRecord(staging, record);
    makeDirs(out, plan.newDirs, label);
    stageFiles(staging, writes, all, plan.modes, options);
    for (const path of backedUp) mkdirSync(dirname(join(staging, BACKUP_DIR, path)), { recursive: true });
    // an old file stays reachable under its backup name, so a failed commit can put it back
    for (const step of writes) if (step.before !== null) linkOrCopy(join(out, step.path), join(staging, BACKUP_DIR, step.path));
    commitJournal(out, staging, journal);
    keepStaging = true;
    commitSteps(out, staging, journal, options, label);
    keepStaging = false;
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
    keepStaging = false;
    throw error.original;
  } finally {
    if (!keepStaging) cleanUp(out, record);
  }
}

function stageFiles(
  staging: string,
  writes: readonly WriteStep[],
  all: ReadonlyMap<string, string>,
  modes: ReadonlyMap<string, number>,
  options: WriteOptions,
): void {
  writes.forEach((step, index) => {
    const file = join(staging, step.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, all.get(step.path)!, { flag: 'wx' });
    const mode = modes.get(step.path);
    if (mode !== undefined) chmodSync(file, mode);
    options.onFileWritten?.(step.path, index);
  });
}

function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (error) {
    if (!['EPERM', 'EXDEV', 'ENOTSUP', 'EMLINK', 'ENOSYS', 'EOPNOTSUPP'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    copyFileSync(from, to, constants.COPYFILE_EXCL);
  }
}

/**
 * The renames, in journal order. On a failure the steps done are undone in reverse (the old files
 * come back from their backups), the journal is removed and the error rethrown. When even the undo
 * fails, the journal and staging directory stay for the next run to finish. True when committed.
 */
function commitSteps(out: string, staging: string, journal: Journal, options: WriteOptions, label: string): boolean {
  const done: Step[] = [];
  try {
    journal.steps.forEach((step, index) => {
      if (step.op === 'write') renameSync(join(staging, step.path), join(out, step.path));
      else renameSync(join(out, step.path), join(staging, BACKUP_DIR, step.path));
      done.push(step);
      options.onCommitStep?.(step.path, index);
    });
  } catch (error) {
    undoSteps(out, staging, done, error, label);
    throw new RolledBack(error);
  }
  removeEmptyDirs(out, journal.emptied);
  unlinkSync(join(out, JOURNAL_NAME));
  return true;
}

/** The commit failed and was undone: the staging directory may go, the original error is rethrown. */
class RolledBack extends Error {
  constructor(readonly original: unknown) {
    super('rolled back');
  }
}

function undoSteps(out: string, staging: string, done: Step[], error: unknown, label: string): void {
  try {
    for (const step of [...done].reverse()) {
      if (step.op === 'write' && step.before === null) unlinkSync(join(out, step.path));
      else renameSync(join(staging, BACKUP_DIR, step.path), join(out, step.path));
    }
    unlinkSync(join(out, JOURNAL_NAME));
  } catch {
    const reason = isFileSystemFault(error) ? `${error.code}` : error instanceof Error ? error.message : String(error);
    throw new InputError([`${label}/ was left partly updated (${reason}); the next vllm-obs run finishes the update before anything else`]);
  }
}

/** Best effort: a leftover is cleared by the next run anyway, and must not hide the original error. */
function cleanUp(out: string, record: StagingRecord): void {
  try {
    removeStaging(out, record);
  } catch {
    // the next run removes it (its record proves it is ours)
  }
}

/** Where the output directory really is, once known: fault messages name files relative to it. */
interface Place {
  out?: string;
}

/** Errno errors become one plain exit-2 line naming the file as the user knows it (never a staging path). */
function withFaults<T>(label: string, run: (place: Place) => T): T {
  const place: Place = {};
  try {
    return run(place);
  } catch (error) {
    if (error instanceof InputError || !isFileSystemFault(error)) throw error;
    throw fileSystemFault(error, 'write', shownPath(error.path, label, place.out), '; nothing was changed');
  }
}

function shownPath(path: string | undefined, label: string, out: string | undefined): string {
  if (path === undefined || out === undefined) return path === undefined ? `${label}/` : label;
  const inside = relative(out, path);
  if (inside === '') return `${label}/`;
  if (inside.startsWith('..') || isAbsolute(inside)) return path;
  const parts = inside.split(sep);
  if (!parts[0]!.startsWith(STAGING_PREFIX)) return `${label}/${parts.join('/')}`;
  const staged = parts.slice(1);
  return staged.length === 0 || staged[0]!.startsWith('.vllm-obs-') ? `${label}/` : `${label}/${staged.join('/')}`;
}
