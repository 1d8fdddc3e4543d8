// The alert runbook, docs/runbook.md, is the one source of every runbook text: the runbook dashboard
// shows its sections as panels and each alert's runbook_url points at its panel. It ships in the
// package (package.json "files") and is read once, the first time a link or the dashboard needs it.
import { readFileSync } from 'node:fs';

/** `src/model/` and `dist/model/` both sit two levels below the package root. */
const RUNBOOK_FILE = new URL('../../docs/runbook.md', import.meta.url);

export interface RunbookSection {
  /** The heading: an alert name for every section but the introduction. */
  readonly title: string;
  /** GitHub's anchor of the heading (`#vllmtargetdown`). */
  readonly anchor: string;
  /** The section's markdown without its heading. */
  readonly body: string;
  /** Its panel on the runbook dashboard: the introduction is 1, then the sections in file order. */
  readonly panelId: number;
}

export interface Runbook {
  readonly title: string;
  readonly intro: RunbookSection;
  readonly sections: readonly RunbookSection[];
}

let cached: Runbook | undefined;

export function runbook(): Runbook {
  cached ??= parseRunbook(readFileSync(RUNBOOK_FILE, 'utf8'));
  return cached;
}

/** The section of an alert, or undefined when the runbook has none. */
export function runbookSection(alert: string): RunbookSection | undefined {
  return runbook().sections.find((section) => section.title === alert);
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** `# Title`, an introduction, then one `## Heading` section each. */
export function parseRunbook(markdown: string): Runbook {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  const titleLine = lines.findIndex((line) => line.startsWith('# '));
  if (titleLine < 0) throw new Error('docs/runbook.md has no "# " title line');
  const starts = lines.map((line, i) => (line.startsWith('## ') ? i : -1)).filter((i) => i >= 0);
  const bodyOf = (from: number, to: number) => lines.slice(from, to).join('\n').trim();
  const title = lines[titleLine].slice(2).trim();
  const sections = starts.map((start, i) => {
    const heading = lines[start].slice(3).trim();
    return { title: heading, anchor: headingAnchor(heading), body: bodyOf(start + 1, starts[i + 1] ?? lines.length), panelId: i + 2 };
  });
  const intro = { title, anchor: headingAnchor(title), body: bodyOf(titleLine + 1, starts[0] ?? lines.length), panelId: 1 };
  return { title, intro, sections };
}
