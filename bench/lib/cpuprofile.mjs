// Where the time of one run goes: `node --cpu-prof` self time, by module group and by function.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode } from './process.mjs';

/** Profiles one `node ...nodeArgs` run (a failing one too: where its time went until it gave up);
 *  returns self time per module group and the top functions. */
export function profileRun(root, nodeArgs, { cwd, top = 12 }) {
  const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-bench-prof-'));
  try {
    runNode(['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=250', ...nodeArgs], { cwd, allowFailure: true });
    const [file] = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
    return summarizeProfile(root, JSON.parse(readFileSync(join(dir, file), 'utf8')), top);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function summarizeProfile(root, profile, top) {
  const selfUs = new Map();
  const deltas = profile.timeDeltas;
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i + 1] ?? 0)));
  const groups = new Map();
  const functions = new Map();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    const { url, functionName, lineNumber } = node.callFrame;
    const group = groupOf(root, url, functionName);
    groups.set(group, (groups.get(group) ?? 0) + us);
    const where = url ? `${shortPath(root, url)}:${lineNumber + 1}` : group;
    const key = `${functionName || '(anonymous)'} ${where}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  const totalUs = [...groups.values()].reduce((a, b) => a + b, 0);
  const sorted = (map) => [...map].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, ms: us / 1000, share: us / totalUs }));
  return { totalMs: totalUs / 1000, groups: sorted(groups), functions: sorted(functions).slice(0, top) };
}

/** `(garbage collector)`, `(program)` and friends stay as V8 names them; code is grouped by package
 *  or by project folder (dist/<folder>), Node's own by `node:`. */
function groupOf(root, url, functionName) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const path = url.startsWith('file:') ? fileURLToPath(url) : url;
  const marker = `${sep}node_modules${sep}`;
  const at = path.lastIndexOf(marker);
  if (at >= 0) {
    const parts = path.slice(at + marker.length).split(sep);
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const rel = relative(root, path).split(sep);
  return rel[0] === 'dist' && rel.length > 2 ? `dist/${rel[1]}/` : rel.join('/');
}

function shortPath(root, url) {
  if (url.startsWith('node:')) return url;
  const path = url.startsWith('file:') ? fileURLToPath(url) : url;
  const marker = `${sep}node_modules${sep}`;
  const at = path.lastIndexOf(marker);
  return at >= 0 ? path.slice(at + marker.length) : relative(root, path);
}
