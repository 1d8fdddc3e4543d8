import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file below `dir` as relative path → content (empty when `dir` does not exist). */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** One entry as `lstat` sees it: what a foreign file must keep across a run (links are not followed). */
export interface EntryState {
  type: 'file' | 'dir' | 'link' | 'other';
  mode: number;
  uid: number;
  gid: number;
  /** file content (base64) or link target */
  data?: string;
}

/** Every entry below `dir` (itself as ''), without following symbolic links. */
export function fsState(dir: string): Record<string, EntryState> {
  const out: Record<string, EntryState> = {};
  const visit = (path: string) => {
    const stat = lstatSync(path);
    const type = stat.isSymbolicLink() ? 'link' : stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : 'other';
    const data = type === 'file' ? readFileSync(path).toString('base64') : type === 'link' ? readlinkSync(path) : undefined;
    out[relative(dir, path)] = { type, mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid, ...(data === undefined ? {} : { data }) };
    if (type === 'dir') for (const name of readdirSync(path)) visit(join(path, name));
  };
  if (existsSync(dir) || isLink(dir)) visit(dir);
  return out;
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
