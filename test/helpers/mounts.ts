// tmpfs mounts for the filesystem-fault tests (disk full, read-only, mount point as output). Root can
// mount here and in CI; where mounting is not permitted the test is skipped with one loud line.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const mounted: string[] = [];

/** Mounts a tmpfs of `size` (e.g. "1m") at `dir`; false (after one warning line) when not permitted. */
export function mountTmpfs(dir: string, size: string, why: string): boolean {
  mkdirSync(dir, { recursive: true });
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir], { encoding: 'utf8' });
  if (result.status !== 0) {
    console.warn(`*** skipped ${why}: cannot mount a tmpfs here (${(result.stderr || String(result.error)).trim()}) ***`);
    return false;
  }
  mounted.push(dir);
  return true;
}

export function remountReadOnly(dir: string): void {
  const result = spawnSync('mount', ['-o', 'remount,ro', dir], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`remount ro ${dir}: ${result.stderr}`);
}

/** Unmounts everything mountTmpfs mounted (afterEach/afterAll). */
export function unmountAll(): void {
  for (const dir of mounted.splice(0).reverse()) spawnSync('umount', ['-l', dir]);
}
