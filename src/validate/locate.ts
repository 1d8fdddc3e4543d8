// JSON pointer (and an offset inside a string value) to line:column in the file text. The text is
// parsed only when the first finding for the file is printed; JSON is read with the YAML parser,
// whose nodes keep their source ranges.
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, Scalar, type Node } from 'yaml';
import { pointerToPath } from '../config/locate.js';
import type { Position } from './finding.js';

export type Locator = (pointer: string, offset?: number) => Position | undefined;

/** A document carried as a string inside another: a dashboard in a ConfigMap's `data`. */
export interface EmbeddedSource {
  /** Pointer of the string value in the host file. */
  readonly pointer: string;
  readonly text: string;
  readonly multiDocument: boolean;
}

/** `multiDocument`: the first pointer segment picks the YAML document (`---` streams). JSON is
 *  scanned directly (a dashboard is 100 KB; building a YAML tree for it costs far more). A pointer
 *  into an embedded document is placed inside it, then carried through the host string's quoting
 *  or block indentation to the host file's line and column. */
export function createLocator(text: string, multiDocument: boolean, embedded: readonly EmbeddedSource[] = []): Locator {
  const host = documentLocator(text, multiDocument);
  if (embedded.length === 0) return host;
  const inner = new Map<EmbeddedSource, Locator>();
  return (pointer, offset) => {
    const source = embedded.find((e) => pointer.startsWith(`${e.pointer}/`));
    if (source === undefined) return host(pointer, offset);
    if (!inner.has(source)) inner.set(source, createLocator(source.text, source.multiDocument));
    const at = inner.get(source)!(pointer.slice(source.pointer.length), offset);
    return host(source.pointer, at === undefined ? undefined : offsetOf(source.text, at));
  };
}

/** Character offset of a 1-based line and column. */
function offsetOf(text: string, { line, col }: Position): number {
  let at = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', at);
    if (next < 0) break;
    at = next + 1;
  }
  return at + col - 1;
}

function documentLocator(text: string, multiDocument: boolean): Locator {
  const yaml = yamlLocator(text, multiDocument);
  if (multiDocument || !/^\s*[[{]/.test(text)) return yaml;
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines.addNewLine(at + 1);
  const index = new JsonIndex(text);
  return (pointer, offset) => {
    const at = index.offsetOf(pointerToPath(pointer), offset);
    return at === undefined ? yaml(pointer, offset) : lines.linePos(at);
  };
}

function yamlLocator(text: string, multiDocument: boolean): Locator {
  let parsed: { roots: unknown[]; counter: LineCounter } | null | undefined;
  const parse = () => {
    if (parsed !== undefined) return parsed;
    const counter = new LineCounter();
    const docs = parseAllDocuments(text, { lineCounter: counter, uniqueKeys: false });
    const ok = Array.isArray(docs) && docs.every((d) => d.errors.length === 0);
    parsed = ok ? { roots: docs.map((d) => d.contents), counter } : null;
    return parsed;
  };
  return (pointer, offset) => {
    const source = parse();
    if (!source) return undefined;
    const path = pointerToPath(pointer);
    const root = multiDocument ? source.roots[Number(path.shift() ?? 0)] : source.roots[0];
    const { node, exact } = walk(root, path);
    const start = node?.range?.[0];
    if (start === undefined) return undefined;
    const inValue = exact && offset !== undefined && isScalar(node) ? sourceOffset(text, node, offset) : start;
    return source.counter.linePos(inValue);
  };
}

/** The node at `path`, or the deepest existing ancestor (a missing key has no position). */
function walk(root: unknown, path: readonly (string | number)[]): { node: Node | undefined; exact: boolean } {
  let node = root as Node | undefined;
  for (const part of path) {
    let next: unknown;
    if (isMap(node)) next = node.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === String(part))?.value;
    else if (isSeq(node)) next = node.items[Number(part)];
    if (next === undefined || next === null) return { node, exact: false };
    node = next as Node;
  }
  return { node, exact: true };
}

/** Source offset of character `offset` of a scalar's value, undoing quoting, escapes and block indentation. */
function sourceOffset(text: string, scalar: Scalar, offset: number): number {
  const [start, end] = scalar.range!;
  switch (scalar.type) {
    case Scalar.QUOTE_DOUBLE:
      return walkEscaped(text, start + 1, end, offset, /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|\r?\n[ \t]*|.)/y);
    case Scalar.QUOTE_SINGLE:
      return walkEscaped(text, start + 1, end, offset, /''/y);
    case Scalar.BLOCK_LITERAL:
    case Scalar.BLOCK_FOLDED:
      return walkBlock(text, start, end, offset);
    default:
      return start + offset;
  }
}

/** Steps through the source one value character at a time; an escape sequence or a folded line
 *  break (newline plus indentation) is one character. `escape` must be sticky. */
function walkEscaped(text: string, from: number, end: number, offset: number, escape: RegExp): number {
  const fold = /\r?\n[ \t]*/y;
  let at = from;
  for (let seen = 0; seen < offset && at < end; seen++) at += matchAt(escape, text, at) ?? matchAt(fold, text, at) ?? 1;
  return at;
}

function matchAt(sticky: RegExp, text: string, at: number): number | undefined {
  sticky.lastIndex = at;
  return sticky.exec(text)?.[0].length;
}

/** Block scalars: the value is the content lines without their common indentation. */
function walkBlock(text: string, start: number, end: number, offset: number): number {
  const body = text.indexOf('\n', start) + 1;
  const indent = /^[ \t]*/.exec(text.slice(body))![0].length;
  let at = body + indent;
  for (let seen = 0; seen < offset && at < end; seen++) {
    if (text[at] === '\n') at += 1 + Math.min(indent, /^[ \t]*/.exec(text.slice(at + 1))![0].length);
    else at += 1;
  }
  return at;
}

/**
 * Offsets of values in JSON text, found by scanning. Each container's children are indexed the first
 * time a path goes through it and kept, so placing n findings costs one scan of each container they
 * are in, not one scan of the file per finding.
 */
class JsonIndex {
  private readonly children = new Map<number, number[] | Map<string, number>>();

  constructor(private readonly text: string) {}

  /** Offset of the value at `path` (or of its deepest existing ancestor), and of character `offset`
   *  inside it when it is a string. */
  offsetOf(path: readonly (string | number)[], offset?: number): number {
    const text = this.text;
    let at = skipSpace(text, 0);
    for (const part of path) {
      const child = this.child(at, part);
      if (child === undefined) return at;
      at = child;
    }
    if (offset !== undefined && text[at] === '"') return walkEscaped(text, at + 1, text.length, offset, /\\(u[0-9a-fA-F]{4}|.)/y);
    return at;
  }

  private child(at: number, part: string | number): number | undefined {
    const open = this.text[at];
    if (open !== '{' && open !== '[') return undefined;
    let index = this.children.get(at);
    if (index === undefined) {
      index = open === '{' ? members(this.text, at) : elements(this.text, at);
      this.children.set(at, index);
    }
    return index instanceof Map ? index.get(String(part)) : index[Number(part)];
  }
}

/** JSON whitespace, without a regular expression per character. */
function skipSpace(text: string, at: number): number {
  for (let code = text.charCodeAt(at); code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09; code = text.charCodeAt(++at));
  return at;
}

/** End of the JSON value starting at `at`. */
function skipValue(text: string, at: number): number {
  if (text[at] === '"') return skipString(text, at);
  if (text[at] === '{' || text[at] === '[') {
    let depth = 0;
    for (let i = at; i < text.length; i++) {
      const ch = text[i];
      if (ch === '"') i = skipString(text, i) - 1;
      else if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    return text.length;
  }
  const end = /[,\]}\s]/g;
  end.lastIndex = at;
  return end.exec(text)?.index ?? text.length;
}

function skipString(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

/** Offset of each member's value by key (the last of duplicate keys, as JSON.parse keeps it). */
function members(text: string, open: number): Map<string, number> {
  const out = new Map<string, number>();
  let at = skipSpace(text, open + 1);
  while (text[at] === '"') {
    const keyEnd = skipString(text, at);
    const value = skipSpace(text, skipSpace(text, keyEnd) + 1);
    try {
      out.set(JSON.parse(text.slice(at, keyEnd)) as string, value);
    } catch {
      return out;
    }
    at = skipSpace(text, skipValue(text, value));
    if (text[at] !== ',') return out;
    at = skipSpace(text, at + 1);
  }
  return out;
}

function elements(text: string, open: number): number[] {
  const out: number[] = [];
  let at = skipSpace(text, open + 1);
  while (text[at] !== ']' && at < text.length) {
    out.push(at);
    at = skipSpace(text, skipValue(text, at));
    if (text[at] !== ',') return out;
    at = skipSpace(text, at + 1);
  }
  return out;
}
