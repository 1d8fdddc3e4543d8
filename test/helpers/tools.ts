// Finding promtool, prometheus, blackbox-exporter, Alertmanager and amtool for tests. In CI (CI=true) a missing binary is a
// failure, never a silent skip; locally the suite skips those tests with one loud line.
import { execFileSync } from 'node:child_process';

export type ToolName = 'promtool' | 'prometheus' | 'prometheus-blackbox-exporter' | 'prometheus-alertmanager' | 'amtool' | 'python3';

const INSTALL: Record<ToolName, string> = {
  promtool: 'the Debian package prometheus',
  prometheus: 'the Debian package prometheus',
  'prometheus-blackbox-exporter': 'the Debian package prometheus-blackbox-exporter',
  'prometheus-alertmanager': 'the Debian package prometheus-alertmanager',
  amtool: 'the Debian package prometheus-alertmanager',
  python3: 'Python 3 (the catalog check reads vLLM sources with its ast module)',
};

const found = new Map<ToolName, string | undefined>();

export function findTool(name: ToolName): string | undefined {
  if (!found.has(name)) {
    let path: string | undefined;
    try {
      path = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
    } catch {
      path = undefined;
    }
    found.set(name, path);
  }
  return found.get(name);
}

/** The tool's path, or undefined (local runs only) after printing why the tests that need it skip. */
export function toolOrSkip(name: ToolName): string | undefined {
  const path = findTool(name);
  if (path) return path;
  const reason = `${name} not found on PATH: install ${INSTALL[name]}`;
  if (process.env.CI === 'true') throw new Error(`CI: ${reason}`);
  console.warn(`\n*** SKIPPING tests that need ${name}: ${reason} ***\n`);
  return undefined;
}
