// One problem in one file, placed by JSON pointer; line and column are worked out only when a finding
// is printed, from the file text (generated artifacts are rarely wrong, so they are rarely reparsed).
import { printable } from '../text.js';
import { compareText } from '../order.js';

export interface Finding {
  /** Rule id, e.g. `target-promql-rule`, `schema`, `promtool`. */
  readonly rule: string;
  /** Path as the user sees it (relative to the output dir, or as given on the command line). */
  readonly file: string;
  /** JSON pointer into the file's data ('' for the whole file; `/2/...` selects a YAML document). */
  readonly pointer: string;
  /** What the pointer names, for people: `panel "Running requests" target A`, `alert "VllmTargetDown"`. */
  readonly subject?: string;
  readonly message: string;
  /** Offset inside the string value at `pointer` (a PromQL column), when the problem has one. */
  readonly offset?: number;
  /** A warning does not fail the check; absent means an error. */
  readonly severity?: 'warning';
}

export interface Position {
  line: number;
  col: number;
}

/** `file:line:col: rule: subject (pointer): message` — one line, whatever the message holds. */
export function formatFinding(finding: Finding, position?: Position): string {
  const where = position ? `${finding.file}:${position.line}:${position.col}` : finding.file;
  const pointer = finding.pointer === '' ? '' : `(${finding.pointer})`;
  const subject = [finding.subject, pointer].filter(Boolean).join(' ');
  const severity = finding.severity === 'warning' ? 'warning: ' : '';
  const line = `${where}: ${severity}${finding.rule}: ${subject ? `${subject}: ` : ''}${finding.message}`;
  // a finding quotes the file it is about (titles, expressions): one line, no raw control characters
  return printable(line.replace(/\s*\n\s*/g, ' '));
}

export function compareFindings(a: Finding, b: Finding): number {
  return compareText(a.file, b.file) || comparePointers(a.pointer, b.pointer) || compareText(a.rule, b.rule) || compareText(a.message, b.message);
}

/** Document order: `/panels/10` after `/panels/9`. */
function comparePointers(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    const na = Number(pa[i]);
    const nb = Number(pb[i]);
    if (pa[i] !== '' && pb[i] !== '' && Number.isInteger(na) && Number.isInteger(nb)) return na - nb;
    return compareText(pa[i], pb[i]);
  }
  return pa.length - pb.length;
}

/** Escapes one pointer segment (RFC 6901). */
function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointerJoin(base: string, ...keys: (string | number)[]): string {
  return base + keys.map((k) => `/${pointerSegment(k)}`).join('');
}
