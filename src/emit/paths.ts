import { homedir } from 'node:os';
import { resolve, sep, posix } from 'node:path';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { InputError } from '../errors.js';
import { MANIFEST_PATH } from './manifest.js';

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
}

/** Refuse targets where swapping in a generated tree would destroy something that is not ours. */
export function assertSafeOutputDir(dir: string, force: boolean): void {
  const target = resolve(dir);
  const root = resolve('/');
  if (target === root) throw new InputError([`output.dir: refusing to write to the filesystem root ${target}`]);
  if (target === resolve(homedir())) throw new InputError([`output.dir: refusing to write to the home directory ${target}`]);
  if (resolve(process.cwd()).startsWith(target + sep) || target === resolve(process.cwd())) {
    throw new InputError([`output.dir: refusing to write to ${target}: it contains the working directory`]);
  }
  if (!existsSync(target)) return;
  if (!statSync(target).isDirectory()) throw new InputError([`output.dir: ${target} exists and is not a directory`]);
  if (force) return;
  const entries = readdirSync(target);
  if (entries.length > 0 && !entries.includes(MANIFEST_PATH)) {
    throw new InputError([
      `output.dir: ${target} is not empty and has no ${MANIFEST_PATH}, so vllm-obs did not create it; pass --force to write there anyway`,
    ]);
  }
}
