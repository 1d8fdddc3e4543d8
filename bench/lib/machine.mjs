// The machine a run happened on, for BENCHMARKS.md: numbers mean little without it.
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { spawnSync } from 'node:child_process';

export function describeMachine({ prometheus } = {}) {
  return {
    cpu: `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`,
    memoryGiB: totalmem() / 2 ** 30,
    os: `${osName()} (${type()} ${release()})`,
    node: process.version,
    prometheus: prometheus ? firstLine(spawnSync(prometheus, ['--version'], { encoding: 'utf8' })) : undefined,
    loadAverage: loadavg(),
  };
}

function osName() {
  try {
    return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? type();
  } catch {
    return type();
  }
}

function firstLine(result) {
  return `${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n')[0].trim();
}
