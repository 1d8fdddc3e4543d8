// One writer at a time per output directory. The lock is flock(2) on .vllm-obs-lock inside the
// output directory, taken by util-linux flock(1) on a descriptor this process shares with it: the
// lock belongs to the open file, so it stays held after flock(1) exits and the kernel releases it
// when this process dies, however it dies (no stale locks, PID reuse and PID namespaces do not
// matter). Node has no flock of its own and a native addon would need a compiler at install time.
// Where flock(1) is missing (macOS, busybox without --wait) an exclusively created lock file names
// its holder by PID and process start time, and is stale once that process is gone.
import { spawnSync } from 'node:child_process';
import {
  closeSync, constants, fstatSync, ftruncateSync, linkSync, lstatSync, openSync, readdirSync, readFileSync, renameSync, statSync,
  unlinkSync, writeSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '../errors.js';

export const LOCK_NAME = '.vllm-obs-lock';
export type LockMethod = 'flock' | 'pidfile';

export interface Lock {
  release(): void;
}

interface Holder {
  pid: number;
  start?: string;
  command?: string;
}

export interface LockOptions {
  label: string;
  waitMs: number;
  method?: LockMethod;
  run: string;
}

export function acquireLock(dir: string, options: LockOptions): Lock {
  if (options.method !== 'pidfile') {
    const lock = flockLock(dir, options);
    if (lock) return lock;
  }
  return pidfileLock(dir, options);
}

/** undefined when flock(1) cannot be used here. */
function flockLock(dir: string, options: LockOptions): Lock | undefined {
  const path = join(dir, LOCK_NAME);
  for (let attempt = 0; attempt < 10; attempt++) {
    const fd = openLockFile(path, options.label);
    let keep = false;
    try {
      const status = runFlock(fd, options.waitMs);
      if (status === 'unavailable') return undefined;
      if (status === 'busy') throw held(options, path);
      // the file may have been unlinked by the previous holder between our open and our lock
      if (!sameFile(fd, path)) continue;
      nameHolder(fd);
      keep = true;
      return {
        release: () => {
          unlinkQuietly(path);
          closeSync(fd);
        },
      };
    } finally {
      if (!keep) closeSync(fd);
    }
  }
  throw new InputError([`${options.label}/${LOCK_NAME}: could not be locked; it keeps being replaced`]);
}

/** Best effort: the record only names the holder in another run's message (a full disk must not stop us). */
function nameHolder(fd: number): void {
  try {
    ftruncateSync(fd, 0);
    writeSync(fd, holderRecord(), 0);
  } catch {
    // the lock itself is held
  }
}

function openLockFile(path: string, label: string): number {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK, 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw notALock(label, 'is a symbolic link');
    throw error;
  }
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    throw notALock(label, 'is not a regular file');
  }
  return fd;
}

function notALock(label: string, what: string): InputError {
  return new InputError([`${label}/${LOCK_NAME}: ${what}, not vllm-obs's lock file; move it away`]);
}

const FLOCK_BUSY = 75;

function runFlock(fd: number, waitMs: number): 'locked' | 'busy' | 'unavailable' {
  const wait = waitMs > 0 ? ['--wait', (waitMs / 1000).toFixed(3)] : ['--nonblock'];
  const result = spawnSync('flock', ['--exclusive', ...wait, '--conflict-exit-code', String(FLOCK_BUSY), '3'], {
    stdio: ['ignore', 'ignore', 'ignore', fd],
    timeout: waitMs + 30_000,
  });
  if (result.status === 0) return 'locked';
  if (result.status === FLOCK_BUSY) return 'busy';
  return 'unavailable';
}

function sameFile(fd: number, path: string): boolean {
  try {
    const open = fstatSync(fd);
    const named = lstatSync(path);
    return open.ino === named.ino && open.dev === named.dev;
  } catch {
    return false;
  }
}

/** Exclusive creation; a lock whose holder is gone (or was never a process) is taken over at once. */
function pidfileLock(dir: string, options: LockOptions): Lock {
  const path = join(dir, LOCK_NAME);
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    const created = createExclusively(path, options);
    if (created) return created;
    if (takeOverIfStale(path, options)) continue;
    if (Date.now() >= deadline) throw held(options, path);
    sleep(50);
  }
}

function createExclusively(path: string, options: LockOptions): Lock | undefined {
  // written under a temporary name and linked into place, so the lock file never exists half-written
  const temporary = `${path}.${options.run}`;
  const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  try {
    writeSync(fd, holderRecord());
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  } finally {
    unlinkQuietly(temporary);
  }
  return { release: () => unlinkQuietly(path) };
}

function takeOverIfStale(path: string, options: LockOptions): boolean {
  let inode: number;
  let text: string;
  try {
    const stat = lstatSync(path);
    if (!stat.isFile()) throw notALock(options.label, 'is not a regular file');
    inode = stat.ino;
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
  const holder = parseHolder(text);
  if (holder && isAlive(holder)) return false;
  // move it aside under a name of our own, then check it is the one judged stale (not a new holder's)
  const aside = `${path}.stale-${options.run}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
  if (statSync(aside).ino !== inode) {
    try {
      linkSync(aside, path);
    } catch {
      // another run holds a newer lock already; the one moved aside was a fresh holder's, which now
      // finds its lock gone at release: harmless, since it still runs to the end
    }
  }
  unlinkQuietly(aside);
  return true;
}

/** The lock-file fallback's temporary files of runs that died between creating and linking them. */
export function removeLockDebris(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (!/^\.vllm-obs-lock\.(stale-)?[a-z0-9-]+$/.test(name)) continue;
    const path = join(dir, name);
    try {
      if (!lstatSync(path).isFile()) continue;
      const holder = parseHolder(readFileSync(path, 'utf8'));
      if (holder && !isAlive(holder)) unlinkSync(path);
    } catch {
      // gone meanwhile
    }
  }
}

function isAlive(holder: Holder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const start = processStartTime(holder.pid);
  // a live process with another start time is a new process that reuses the PID
  return start === undefined || holder.start === undefined || start === holder.start;
}

/** Field 22 of /proc/<pid>/stat: start time in clock ticks since boot (Linux only). */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function holderRecord(): string {
  const command = [basename(process.argv[0] ?? 'node'), ...process.argv.slice(1)].join(' ');
  return `${JSON.stringify({ pid: process.pid, start: processStartTime(process.pid), command })}\n`;
}

function parseHolder(text: string): Holder | undefined {
  try {
    const data = JSON.parse(text) as Partial<Holder>;
    if (!Number.isInteger(data.pid) || (data.pid as number) <= 0) return undefined;
    const start = typeof data.start === 'string' || typeof data.start === 'number' ? String(data.start) : undefined;
    return { pid: data.pid as number, start, command: typeof data.command === 'string' ? data.command : undefined };
  } catch {
    return undefined;
  }
}

function held(options: LockOptions, path: string): InputError {
  let holder: Holder | undefined;
  try {
    holder = parseHolder(readFileSync(path, 'utf8'));
  } catch {
    holder = undefined;
  }
  const who = holder ? `PID ${holder.pid}, ${printable(holder.command ?? 'command unknown')}` : 'holder unknown';
  const waited = (options.waitMs / 1000).toFixed(options.waitMs % 1000 === 0 ? 0 : 1);
  const line = `${options.label}/ is locked by another vllm-obs run (${who}); waited ${waited} s, try again when it has finished`;
  return new InputError([line]);
}

/** Control characters out, length bounded: the command line is the holder's, not ours. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  return clean.length > 160 ? `${clean.slice(0, 159)}…` : clean;
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
