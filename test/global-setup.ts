// CLI tests spawn dist/cli.js; compile first so they run the code under test, not a stale build.
import { spawnSync } from 'node:child_process';

export default function setup(): void {
  const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(`tsc reported errors (CLI tests run the emitted code anyway):\n${result.stdout}${result.stderr}\n`);
  }
}
