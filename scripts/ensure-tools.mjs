#!/usr/bin/env node
// Runs before the test suite: the promtool, Prometheus, blackbox-exporter and Alertmanager/amtool
// tests need the Debian packages. Install them when this machine can (root or sudo, apt-get
// present); otherwise say exactly what to install, fail under CI=true, and let the suite skip those
// tests loudly elsewhere.
import { execFileSync, spawnSync } from 'node:child_process';

const TOOLS = {
  promtool: 'prometheus',
  prometheus: 'prometheus',
  'prometheus-blackbox-exporter': 'prometheus-blackbox-exporter',
  'prometheus-alertmanager': 'prometheus-alertmanager',
  amtool: 'prometheus-alertmanager',
};

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const missing = Object.keys(TOOLS).filter((tool) => !has(tool));
if (missing.length === 0) process.exit(0);

const packages = [...new Set(missing.map((tool) => TOOLS[tool]))];
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const sudo = !isRoot && has('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
if (has('apt-get') && (isRoot || sudo)) {
  const run = (args) => execFileSync(sudo ? 'sudo' : args[0], sudo ? args : args.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  console.log(`installing ${packages.join(' ')} for the promtool, amtool and live tests`);
  try {
    run(['apt-get', 'update']);
    run(['apt-get', 'install', '-y', '--no-install-recommends', ...packages]);
    process.exit(0);
  } catch (error) {
    console.error(`could not install ${packages.join(' ')}: ${error.message}`);
  }
}

const message = `missing ${missing.join(', ')}: install the Debian/Ubuntu packages: apt-get install --no-install-recommends ${packages.join(' ')}`;
if (process.env.CI === 'true') {
  console.error(`CI: ${message}`);
  process.exit(1);
}
console.warn(`*** ${message}; the tests that need them will be SKIPPED ***`);
