// Every relative link in the documentation resolves: the file exists, and an anchor names a heading
// of that file as GitHub renders it. A broken link in the docs is a dead end for exactly the reader
// who needed it (the runbook once sent people to a rules.md that did not exist).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { headingAnchor } from '../src/model/runbook.js';

const DOCS = ['README.md', 'CONTRIBUTING.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)].filter((f) => existsSync(f));

/** Markdown links outside code: `[text](target)`, images included. */
function links(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
}

/** Anchors GitHub gives the headings of a file; repeated headings get -1, -2, … */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  const prose = markdown.replace(/```[\s\S]*?```/g, '');
  for (const [, heading] of prose.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = headingAnchor(heading);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

function brokenLinks(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return links(text).flatMap((target) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return [];
    const [path, anchor] = target.split('#');
    const resolved = path === '' ? file : normalize(join(dirname(file), decodeURIComponent(path)));
    if (!existsSync(resolved)) return [`${file}: ${target}: no such file`];
    if (anchor === undefined || statSync(resolved).isDirectory() || !resolved.endsWith('.md')) return [];
    return anchors(readFileSync(resolved, 'utf8')).has(anchor) ? [] : [`${file}: ${target}: no heading with that anchor in ${resolved}`];
  });
}

describe('relative links in the documentation', () => {
  it.each(DOCS)('%s', (file) => {
    expect(brokenLinks(file)).toEqual([]);
  });

  it('a missing file and a missing anchor are both reported', () => {
    expect(links('see [x](docs/nope.md) and [y](#no-such-heading) but not `[z](a.md)`')).toEqual(['docs/nope.md', '#no-such-heading']);
    expect(anchors('# Title\n## A B: c.d\n## A B: c.d\n')).toEqual(new Set(['title', 'a-b-cd', 'a-b-cd-1']));
  });
});
