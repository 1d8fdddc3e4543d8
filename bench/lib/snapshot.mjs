// The build under measurement, frozen: dist/ is copied at the start of a run, so a rebuild while the
// bench runs (tests compile into dist/ too) cannot mix two builds in one report. The copy sits next
// to links to the project's node_modules and templates and a copy of package.json (module type), so
// it resolves and runs exactly as the project does.
import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeOnExit } from './process.mjs';

/** The snapshot's root directory; it is deleted when the bench exits. */
export function snapshotBuild(root) {
  const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-bench-build-'));
  removeOnExit(dir);
  cpSync(join(root, 'dist'), join(dir, 'dist'), { recursive: true });
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  for (const linked of ['node_modules', 'templates']) symlinkSync(join(root, linked), join(dir, linked));
  return dir;
}
