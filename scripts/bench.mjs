#!/usr/bin/env node
// `npm run bench`: measures generation, validation and dashboard query cost against the built dist/
// and rewrites BENCHMARKS.md. Not part of `npm test`: it takes minutes and wants a quiet machine.
//
//   node scripts/bench.mjs [--runs N] [--query-runs N] [--instances N] [--scrape-interval S]
//                          [--only generation,validation,queries] [--out FILE] [--json FILE]
//                          [--root DIR] [--keep]
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchGeneration } from '../bench/lib/generation.mjs';
import { describeMachine } from '../bench/lib/machine.mjs';
import { progress, which } from '../bench/lib/process.mjs';
import { snapshotBuild } from '../bench/lib/snapshot.mjs';
import { benchQueries } from '../bench/lib/query/index.mjs';
import { renderReport } from '../bench/lib/report.mjs';
import { benchValidation } from '../bench/lib/validation.mjs';

const SECTIONS = ['generation', 'validation', 'queries'];

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'query-runs': { type: 'string', default: '3' },
    instances: { type: 'string', default: '50' },
    'scrape-interval': { type: 'string', default: '60' },
    only: { type: 'string', default: SECTIONS.join(',') },
    out: { type: 'string', default: 'BENCHMARKS.md' },
    json: { type: 'string' },
    root: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

const root = resolve(options.root ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const sections = options.only.split(',');
for (const section of sections) if (!SECTIONS.includes(section)) throw new Error(`--only: unknown section ${section}; choose from ${SECTIONS.join(', ')}`);
const count = (name) => {
  const value = Number(options[name]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number >= 1, got ${options[name]}`);
  return value;
};

const settings = {
  runs: count('runs'),
  queryRuns: count('query-runs'),
  instancesPerModel: count('instances'),
  scrapeSeconds: count('scrape-interval'),
};
const promtool = which('promtool');
const prometheus = which('prometheus');
const report = {
  settings,
  command: `node scripts/bench.mjs ${process.argv.slice(2).join(' ')}`.trim(),
  startedAt: new Date(),
  machine: describeMachine({ prometheus }),
};

const build = snapshotBuild(root);
if (sections.includes('generation')) report.generation = benchGeneration(build, { runs: settings.runs });
if (sections.includes('validation')) report.validation = benchValidation(build, { runs: settings.runs });
if (sections.includes('queries')) {
  if (promtool && prometheus) {
    report.queries = await benchQueries(build, {
      promtool,
      prometheus,
      instancesPerModel: settings.instancesPerModel,
      scrapeSeconds: settings.scrapeSeconds,
      runs: settings.queryRuns,
      keep: options.keep,
    });
  } else {
    report.queriesSkipped = 'promtool and prometheus are not installed (Debian/Ubuntu: apt-get install --no-install-recommends prometheus)';
    process.stderr.write(`*** query cost SKIPPED: ${report.queriesSkipped} ***\n`);
  }
}
report.finishedAt = new Date();
report.machineAtEnd = describeMachine();

const out = resolve(root, options.out);
writeFileSync(out, renderReport(report));
progress(`wrote ${out}`);
if (options.json) {
  const file = resolve(root, options.json);
  writeFileSync(file, `${JSON.stringify(report, (_, value) => (value instanceof Map ? Object.fromEntries(value) : value), 2)}\n`);
  progress(`wrote ${file}`);
}
