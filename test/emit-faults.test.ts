// Environment faults while writing the output: exit 2 with one plain line, never "internal error",
// and the old tree stays whole. Disk full, read-only and mount points run on real tmpfs mounts.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statfsSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './helpers/cli.js';
import { fsState, readTree } from './helpers/files.js';
import { mountTmpfs, remountReadOnly, unmountAll } from './helpers/mounts.js';

function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-fault-'));
  chmodSync(dir, 0o755);
  return dir;
}

/** Exit 2, exactly one line on stderr matching `message`, no stack trace, no "internal error". */
function expectFault(result: CliResult, message: RegExp): void {
  expect(result.status, result.stderr).toBe(2);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
}

const CHANGED = 'scrape:\n  interval: 45s\n';

afterEach(unmountAll);

describe('filesystem faults end in exit 2 and one line, the old tree whole', () => {
  it('a read-only filesystem', () => {
    const dir = workdir();
    if (!mountTmpfs(join(dir, 'out'), '8m', 'the read-only filesystem test')) return;
    expect(runCli(['generate'], dir).status).toBe(0);
    remountReadOnly(join(dir, 'out'));
    const before = fsState(join(dir, 'out'));
    writeFileSync(join(dir, 'vllm-obs.yaml'), CHANGED);
    expectFault(runCli(['generate'], dir), /^cannot write out\/.*: the file system is read-only/);
    expect(fsState(join(dir, 'out'))).toEqual(before);
  });

  it('a full disk', () => {
    const dir = workdir();
    const out = join(dir, 'out');
    if (!mountTmpfs(out, '4m', 'the disk-full test')) return;
    expect(runCli(['generate'], dir).status).toBe(0);
    const { bavail, bsize } = statfsSync(out);
    writeFileSync(join(out, 'filler.bin'), Buffer.alloc(bavail * bsize));
    const before = fsState(out);
    writeFileSync(join(dir, 'vllm-obs.yaml'), CHANGED);
    expectFault(runCli(['generate'], dir), /^cannot write out\/.*: no space left on the device/);
    expect(fsState(out)).toEqual(before);
  });

  it('a mount point as the output directory (a Docker bind mount) is written in place, its mode kept', () => {
    const dir = workdir();
    const out = join(dir, 'out');
    if (!mountTmpfs(out, '8m', 'the mount-point test')) return;
    chmodSync(out, 0o700);
    const first = runCli(['generate'], dir);
    expect(first.status, first.stderr).toBe(0);
    writeFileSync(join(dir, 'vllm-obs.yaml'), CHANGED);
    const second = runCli(['generate'], dir);
    expect(second.status, second.stderr).toBe(0);
    expect(readTree(out)['prometheus/prometheus.yml']).toContain('45s');
    expect(statSync(out).mode & 0o777).toBe(0o700);
  });

  it('a file name that is too long', () => {
    const dir = workdir();
    expectFault(runCli(['generate', '--out', 'x'.repeat(300)], dir), /file name is too long \(ENAMETOOLONG\)/);
  });

  it('an output path under a file', () => {
    const dir = workdir();
    writeFileSync(join(dir, 'file.txt'), 'mine\n');
    expectFault(runCli(['generate', '--out', 'file.txt/out'], dir), /not a directory/);
  });

  it('permission denied (a directory the user cannot write)', () => {
    const dir = workdir();
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    // root passes every permission check: the CLI runs as nobody then, which must be able to read it
    const root = process.getuid?.() === 0;
    if (!root) chmodSync(locked, 0o555);
    const nobody = root ? { uid: 65534, gid: 65534 } : undefined;
    if (nobody && runCli(['--version'], dir, {}, nobody).status !== 0) {
      console.warn('*** skipped the permission-denied test: the checkout is not readable by uid 65534 (nobody) ***');
      return;
    }
    expectFault(runCli(['generate', '--out', 'locked/out'], dir, {}, nobody), /permission denied/);
    // an existing output directory the user may not write: the old tree stays
    expect(runCli(['generate', '--out', 'mine'], dir).status).toBe(0);
    if (!root) chmodSync(join(dir, 'mine'), 0o555);
    const before = fsState(join(dir, 'mine'));
    writeFileSync(join(dir, 'vllm-obs.yaml'), CHANGED);
    expectFault(runCli(['generate', '--out', 'mine'], dir, {}, nobody), /permission denied/);
    expect(fsState(join(dir, 'mine'))).toEqual(before);
    if (!root) chmodSync(join(dir, 'mine'), 0o755);
  });

  it('a generated subdirectory replaced by a symbolic link', () => {
    const dir = workdir();
    expect(runCli(['generate'], dir).status).toBe(0);
    mkdirSync(join(dir, 'elsewhere'));
    rmSync(join(dir, 'out', 'grafana'), { recursive: true });
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'out', 'grafana'));
    writeFileSync(join(dir, 'vllm-obs.yaml'), CHANGED);
    const before = fsState(dir);
    expectFault(runCli(['generate'], dir), /^out\/grafana: is a symbolic link/);
    expect(fsState(dir)).toEqual(before);
  });
});
