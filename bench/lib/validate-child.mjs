// Runs in a fresh Node process: builds the default output in memory, then times
// validateArtifacts(artifacts, model) once cold (first call: schemas compile, parsers load) and
// `warm` more times. With `--profile FILE`, the cold call runs under the V8 CPU profiler (and only
// that call). Prints one JSON line.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';

const [dist, warmRuns, flag, profileFile] = process.argv.slice(2);
const { generate } = await import(`${dist}/generate.js`);
const { validateArtifacts } = await import(`${dist}/validate/index.js`);
const { artifacts, model } = generate({}, { validate: false });

const time = () => {
  const start = performance.now();
  const findings = validateArtifacts(artifacts, model);
  return { ms: performance.now() - start, findings: findings.length };
};

let cold;
if (flag === '--profile') {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  await session.post('Profiler.start');
  cold = time();
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(profileFile, JSON.stringify(profile));
  session.disconnect();
} else cold = time();
const warm = Array.from({ length: Number(warmRuns) }, time);
process.stdout.write(`${JSON.stringify({ artifacts: artifacts.length, bytes: artifacts.reduce((n, a) => n + Buffer.byteLength(a.content), 0), cold, warm })}\n`);
