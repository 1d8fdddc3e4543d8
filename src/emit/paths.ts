import { homedir } from 'node:os';
import { dirname, join, resolve, sep, posix, basename } from 'node:path';
import { lstatSync, realpathSync } from 'node:fs';
import { fileSystemFault, InputError, isFileSystemFault } from '../errors.js';
import { isReserved } from './manifest.js';

/** Artifact paths come partly from user input (deployment names); none may leave the output dir. */
export function assertSafeRelativePath(path: string): void {
  const normal = posix.normalize(path);
  if (
    path === '' ||
    path.includes('\\') ||
    path.includes('\0') ||
    posix.isAbsolute(path) ||
    normal !== path ||
    normal.split('/').some((part) => part === '..' || part === '.' || part === '')
  ) {
    throw new InputError([`refusing to write ${JSON.stringify(path)}: output paths must stay inside the output directory`]);
  }
  if (isReserved(path)) {
    throw new InputError([`refusing to write ${JSON.stringify(path)}: names starting with .vllm-obs- are vllm-obs's own`]);
  }
}

/** Directories of the system itself: never an output directory, whatever links lead there. */
const SYSTEM_DIRS = [
  '/bin', '/boot', '/dev', '/etc', '/lib', '/lib32', '/lib64', '/libx32', '/opt', '/proc', '/root', '/run', '/sbin', '/srv', '/sys', '/tmp',
  '/usr', '/var',
];
/** Not even below these: kernel and boot file systems, and the first level of /usr and /var (/usr/bin, /var/lib…). */
const SYSTEM_TREES = ['/proc', '/sys', '/dev', '/boot'];
const SYSTEM_PARENTS = ['/usr', '/var'];

/**
 * The real path of the output directory `dir` (symbolic links resolved, also for the part that does
 * not exist yet), after refusing the targets no generated tree belongs in: the filesystem root, the
 * home directory, system directories, a directory holding the working directory, a non-directory.
 * Every check looks at real paths, so a link cannot lead around them.
 */
export function resolveOutputDir(dir: string, label: string): string {
  const real = realOutputDir(dir, label);
  const refuse = (why: string) => new InputError([`output.dir: refusing to write to ${why}`]);
  if (real === resolve('/')) throw refuse(`the filesystem root ${real}`);
  const home = realPathOrSelf(homedir());
  if (real === home) throw refuse(`the home directory ${real}`);
  if (isInside(home, real)) throw refuse(`${real}: it contains the home directory ${home}`);
  if (SYSTEM_DIRS.includes(real)) throw refuse(`the system directory ${real}`);
  for (const tree of SYSTEM_TREES) if (isInside(real, tree)) throw refuse(`${real}: it is inside the system directory ${tree}`);
  for (const parent of SYSTEM_PARENTS) {
    if (dirname(real) === parent) throw refuse(`${real}: it is a directory of the system directory ${parent}`);
  }
  const cwd = realPathOrSelf(process.cwd());
  if (cwd === real || isInside(cwd, real)) throw refuse(`${real}: it contains the working directory`);
  const stat = lstatOrUndefined(real, label);
  if (stat && !stat.isDirectory()) throw new InputError([`output.dir: ${label} exists and is not a directory`]);
  return real;
}

function isInside(path: string, dir: string): boolean {
  return path.startsWith(dir === sep ? dir : dir + sep);
}

function realPathOrSelf(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}

/** realpath of the deepest existing ancestor of `dir`, joined with the names below it that do not exist yet. */
export function realOutputDir(dir: string, label: string): string {
  const path = resolve(dir);
  const missing: string[] = [];
  let at = path;
  for (;;) {
    try {
      return join(realpathSync.native(at), ...missing.reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw asFault(error, label);
      if (lstatOrUndefined(at, label)?.isSymbolicLink()) {
        const line = `output.dir: ${label} leads through the symbolic link ${at}, whose target does not exist; create the target first`;
        throw new InputError([line]);
      }
      if (dirname(at) === at) return path;
      missing.push(basename(at));
      at = dirname(at);
    }
  }
}

function lstatOrUndefined(path: string, label: string) {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw asFault(error, label);
  }
}

function asFault(error: unknown, label: string): unknown {
  return isFileSystemFault(error) ? fileSystemFault(error, 'write', label) : error;
}
