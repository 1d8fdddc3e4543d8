// The bookkeeping of one run of writeOutput inside the output directory, and what a later run does
// with the leftovers of a run that died.
//
// A run stages its files in .vllm-obs-staging-<run>/ (the run id is unique: time, PID, random bytes)
// whose record file (.vllm-obs-run.json) lists everything the run puts there and every directory it
// creates in the output directory. The commit starts when the journal (.vllm-obs-journal.json, written
// whole under a temporary name and renamed into place) lists the steps: renames of staged files over
// the old ones and removals, the manifest last. A later run that finds a journal replays it (each step
// is checked against the hashes it records, so replaying is idempotent); staging directories without
// a journal are removed file by listed file, and only when their record proves they are vllm-obs's.
import { randomBytes } from 'node:crypto';
import {
  closeSync, constants, lstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmdirSync, unlinkSync, writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { InputError } from '../errors.js';
import { parseRecord, readRecordFile, SAFE_RELATIVE_PATH, schemaProblem, sha256, SHA256 } from './manifest.js';
import { validatorFor } from '../precompiled.js';

export const STAGING_PREFIX = '.vllm-obs-staging-';
export const JOURNAL_NAME = '.vllm-obs-journal.json';
export const RECORD_NAME = '.vllm-obs-run.json';
export const BACKUP_DIR = '.vllm-obs-backup';
const RUN_ID = '^[a-z0-9-]{1,64}$';

export interface StagingRecord {
  generator: 'vllm-obs';
  kind: 'staging';
  run: string;
  /** everything the run puts into its staging directory, relative to it */
  files: string[];
  /** directories the run creates in the output directory, parents first */
  dirs: string[];
}

export type Step = { op: 'write'; path: string; before: string | null; after: string } | { op: 'remove'; path: string; sha256: string };

export interface Journal {
  generator: 'vllm-obs';
  kind: 'journal';
  run: string;
  steps: Step[];
  /** directories the steps may leave empty (removed if they are) */
  emptied: string[];
}

const safePath = { type: 'string', minLength: 1, maxLength: 4096, pattern: SAFE_RELATIVE_PATH } as const;
const hash = { type: 'string', pattern: SHA256 } as const;

export const stagingRecordSchema = {
  type: 'object',
  required: ['generator', 'kind', 'run', 'files', 'dirs'],
  additionalProperties: false,
  properties: {
    generator: { const: 'vllm-obs' },
    kind: { const: 'staging' },
    run: { type: 'string', pattern: RUN_ID },
    files: { type: 'array', items: safePath },
    dirs: { type: 'array', items: safePath },
  },
} as const;

export const journalSchema = {
  type: 'object',
  required: ['generator', 'kind', 'run', 'steps', 'emptied'],
  additionalProperties: false,
  properties: {
    generator: { const: 'vllm-obs' },
    kind: { const: 'journal' },
    run: { type: 'string', pattern: RUN_ID },
    steps: {
      type: 'array',
      items: {
        oneOf: [
          {
            type: 'object',
            required: ['op', 'path', 'before', 'after'],
            additionalProperties: false,
            properties: { op: { const: 'write' }, path: safePath, before: { oneOf: [hash, { type: 'null' }] }, after: hash },
          },
          {
            type: 'object',
            required: ['op', 'path', 'sha256'],
            additionalProperties: false,
            properties: { op: { const: 'remove' }, path: safePath, sha256: hash },
          },
        ],
      },
    },
    emptied: { type: 'array', items: safePath },
  },
} as const;

export function newRunId(): string {
  return `${Date.now().toString(36)}-${process.pid.toString(36)}-${randomBytes(4).toString('hex')}`;
}

export function stagingDirName(run: string): string {
  return `${STAGING_PREFIX}${run}`;
}

/** Written whole in one write into the new, empty staging directory, before anything else. */
export function writeStagingRecord(stagingDir: string, record: StagingRecord): void {
  writeFileSync(join(stagingDir, RECORD_NAME), `${JSON.stringify(record)}\n`, { flag: 'wx', mode: 0o600 });
}

/** The journal: written in the staging directory, then renamed into place — the commit point. */
export function commitJournal(out: string, stagingDir: string, journal: Journal): void {
  writeFileSync(join(stagingDir, JOURNAL_NAME), `${JSON.stringify(journal)}\n`, { flag: 'wx', mode: 0o600 });
  renameSync(join(stagingDir, JOURNAL_NAME), join(out, JOURNAL_NAME));
}

let validateRecord: ValidateFunction | undefined;
let validateJournal: ValidateFunction | undefined;

export type JournalState = { kind: 'absent' } | { kind: 'valid'; journal: Journal } | { kind: 'invalid'; problem: string };

export function readJournal(out: string): JournalState {
  const read = readRecordFile(join(out, JOURNAL_NAME));
  if (read.kind !== 'text') return read;
  const data = parseRecord(read.text);
  if ('problem' in data) return { kind: 'invalid', problem: data.problem };
  validateJournal ??= validatorFor('artifact', journalSchema);
  if (!validateJournal(data.value)) return { kind: 'invalid', problem: schemaProblem(validateJournal) };
  return { kind: 'valid', journal: data.value as Journal };
}

/**
 * The record of the staging directory `name` in `out` when it proves the directory is vllm-obs's:
 * a valid record of the run the name says. A directory killed before its record was written is
 * empty (or holds an empty record): that is vllm-obs's too, and removing it loses nothing.
 */
export function ourStaging(out: string, name: string): StagingRecord | undefined {
  const run = name.slice(STAGING_PREFIX.length);
  if (!name.startsWith(STAGING_PREFIX) || !new RegExp(RUN_ID).test(run)) return undefined;
  const dir = join(out, name);
  if (!lstatSync(dir).isDirectory()) return undefined;
  const read = readRecordFile(join(dir, RECORD_NAME));
  const entries = readdirSync(dir);
  const empty: StagingRecord = { generator: 'vllm-obs', kind: 'staging', run, files: [], dirs: [] };
  if (read.kind === 'absent') return entries.length === 0 ? empty : undefined;
  if (read.kind !== 'text') return undefined;
  if (read.text === '' && entries.length === 1) return empty;
  const data = parseRecord(read.text);
  if ('problem' in data) return undefined;
  validateRecord ??= validatorFor('artifact', stagingRecordSchema);
  if (!validateRecord(data.value)) return undefined;
  const record = data.value as StagingRecord;
  return record.run === run ? record : undefined;
}

/** Removes what the record lists (regular files only), then the directories it leaves empty. */
export function removeStaging(out: string, record: StagingRecord): void {
  const dir = join(out, stagingDirName(record.run));
  for (const file of [...record.files, RECORD_NAME]) {
    const path = join(dir, file);
    if (probe(dir, file).kind === 'file') unlinkSync(path);
  }
  removeEmptyTree(dir);
  removeEmptyDirs(out, record.dirs);
}

/** Every directory of a tree vllm-obs made, deepest first, as far as they are empty. Never follows links. */
function removeEmptyTree(dir: string): void {
  let stat;
  try {
    stat = lstatSync(dir);
  } catch {
    return;
  }
  if (!stat.isDirectory()) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) removeEmptyTree(join(dir, entry.name));
  rmdirQuietly(dir);
}

/** rmdir of each directory (relative to `root`) that is empty and reached without a link; deepest first. */
export function removeEmptyDirs(root: string, dirs: readonly string[]): void {
  const deepestFirst = [...dirs].sort((a, b) => b.split('/').length - a.split('/').length || b.localeCompare(a));
  for (const dir of deepestFirst) {
    const found = probe(root, dir);
    if (found.kind === 'blocked' && found.what === 'directory' && found.at === dir) rmdirQuietly(join(root, dir));
  }
}

function rmdirQuietly(path: string): void {
  try {
    rmdirSync(path);
  } catch {
    // not empty (something foreign is in it), or gone: leave it
  }
}

/** Creates the missing directories of `dirs` (parents first) below `root`, refusing links and files in the way. */
export function makeDirs(root: string, dirs: readonly string[], label: string): void {
  for (const dir of dirs) {
    try {
      mkdirSync(join(root, dir));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const found = probe(root, dir);
      if (!(found.kind === 'blocked' && found.what === 'directory' && found.at === dir)) throw blockedError(found, label, dir);
    }
  }
}

export type Probe =
  | { kind: 'absent'; missing: string[] }
  | { kind: 'file'; sha256: string; mode: number }
  | { kind: 'blocked'; at: string; what: 'link' | 'file' | 'directory' | 'special' };

/**
 * What is at `path` below `root`, looking at each name with lstat: nothing (and which directories
 * are missing), a regular file (its hash), or something vllm-obs must not write through or replace —
 * a link, a directory, a file where a directory should be. A directory at `path` itself is reported
 * as blocked with what: 'directory'.
 */
export function probe(root: string, path: string): Probe {
  const parts = path.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const at = parts.slice(0, i).join('/');
    let stat;
    try {
      stat = lstatSync(join(root, at));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const missing = [];
      for (let j = i; j < parts.length; j++) missing.push(parts.slice(0, j).join('/'));
      return { kind: 'absent', missing };
    }
    if (stat.isSymbolicLink()) return { kind: 'blocked', at, what: 'link' };
    if (i < parts.length) {
      if (!stat.isDirectory()) return { kind: 'blocked', at, what: stat.isFile() ? 'file' : 'special' };
      continue;
    }
    if (stat.isDirectory()) return { kind: 'blocked', at, what: 'directory' };
    if (!stat.isFile()) return { kind: 'blocked', at, what: 'special' };
    return { kind: 'file', sha256: sha256(readNoFollow(join(root, at))), mode: stat.mode & 0o7777 };
  }
  throw new Error('unreachable: a path has at least one name');
}

function readNoFollow(file: string): Buffer {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const chunks: Buffer[] = [];
    for (;;) {
      const chunk = Buffer.alloc(1 << 16);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks);
  } finally {
    closeSync(fd);
  }
}

/** One line for something in the way of `path`. */
export function blockedError(found: Probe, label: string, path: string): InputError {
  return new InputError([blockedProblem(found, label, path)]);
}

export function blockedProblem(found: Probe, label: string, path: string): string {
  if (found.kind !== 'blocked') return `${label}/${path}: changed while vllm-obs was writing it`;
  const at = `${label}/${found.at}`;
  if (found.what === 'link') return `${at}: is a symbolic link; vllm-obs does not write through or replace links in the output directory`;
  if (found.what === 'file') return `${at}: is a file where vllm-obs needs a directory; move it away`;
  if (found.what === 'directory') return `${at}: is a directory where vllm-obs writes a file; move it away`;
  return `${at}: is not a regular file; move it away`;
}

/**
 * Replays a journal: each write whose file still has its old hash gets the staged file renamed over
 * it, each removal whose file still has its hash is removed; steps already done are skipped. A file
 * that is neither the old nor the new version was changed by someone since: refuse, naming it.
 */
export function rollForward(out: string, journal: Journal, label: string): void {
  const staging = join(out, stagingDirName(journal.run));
  for (const step of journal.steps) {
    const now = probe(out, step.path);
    const current = now.kind === 'file' ? now.sha256 : now.kind === 'absent' ? null : 'blocked';
    if (step.op === 'write') {
      if (current === step.after) continue;
      const staged = probe(staging, step.path);
      if (current !== step.before || staged.kind !== 'file' || staged.sha256 !== step.after) throw unfinishable(label, step.path);
      if (now.kind === 'absent') makeDirs(out, now.missing, label);
      renameSync(join(staging, step.path), join(out, step.path));
    } else {
      if (current === null) continue;
      if (current !== step.sha256) throw unfinishable(label, step.path);
      unlinkSync(join(out, step.path));
    }
  }
  removeEmptyDirs(out, journal.emptied);
  unlinkSync(join(out, JOURNAL_NAME));
}

function unfinishable(label: string, path: string): InputError {
  return new InputError([
    `${label}/${path}: changed since an interrupted vllm-obs run began replacing it, so that run cannot be finished; ` +
      `move the file away and run generate again (${label}/${JOURNAL_NAME} lists the run's steps)`,
  ]);
}
