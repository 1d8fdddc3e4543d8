// A reader for the plain block YAML configs are written in (nested maps and lists, one-line scalars,
// comments), many times faster than the `yaml` package on a fleet's config. It returns undefined on
// anything outside that subset (anchors, tags, flow collections, block or multi-line scalars, escapes,
// tabs, CRLF, duplicate keys, document markers, odd indentation), and `yaml` then parses the text.
// Values follow YAML 1.2's core schema, as `yaml` resolves them.

interface Line {
  readonly indent: number;
  readonly text: string;
}

/** The text is outside the subset: `yaml` decides what it means. */
class NotPlain extends Error {}

const FLOW_OR_SPECIAL_START = /^[[\]{}&*!|>%@`,?]/;
const NULL = /^(?:~|null|Null|NULL)$/;
const TRUE = /^(?:true|True|TRUE)$/;
const FALSE = /^(?:false|False|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** Other core-schema forms (octal, hex, infinities, NaN): rare in configs, left to `yaml`. */
const OTHER_TYPED = /^(?:0o|0x|[-+]?\.(?:inf|Inf|INF)$|\.(?:nan|NaN|NAN)$)/;
const KEY = /^[A-Za-z0-9_][A-Za-z0-9_.\/-]*$/;

function lines(text: string): Line[] {
  if (/[\r\t\uFEFF]/.test(text)) throw new NotPlain();
  const out: Line[] = [];
  for (const raw of text.split('\n')) {
    const body = raw.trimStart();
    if (body === '' || body.startsWith('#')) continue;
    if (/^(?:---|\.\.\.|%)/.test(raw)) throw new NotPlain();
    out.push({ indent: raw.length - body.length, text: body.trimEnd() });
  }
  return out;
}

/** A one-line scalar with its comment removed. */
function scalar(text: string): unknown {
  if (text === '{}') return {};
  if (text.startsWith('[')) return flowList(text);
  if (text.startsWith('"')) return quoted(text, '"');
  if (text.startsWith("'")) return quoted(text, "'");
  if (FLOW_OR_SPECIAL_START.test(text) || text === '-' || text.startsWith('- ')) throw new NotPlain();
  const comment = text.indexOf(' #');
  const value = (comment === -1 ? text : text.slice(0, comment)).trimEnd();
  if (value.includes(': ') || value.endsWith(':') || value.includes('\t')) throw new NotPlain();
  if (NULL.test(value)) return null;
  if (TRUE.test(value)) return true;
  if (FALSE.test(value)) return false;
  if (OTHER_TYPED.test(value)) throw new NotPlain();
  if (INT.test(value)) return parseInt(value, 10);
  if (FLOAT.test(value)) return parseFloat(value);
  return value;
}

/** `[a, "b"]`: a one-line list of scalars without commas or brackets inside them. */
function flowList(text: string): unknown[] {
  const end = text.lastIndexOf(']');
  const rest = text.slice(end + 1).trim();
  if (end === -1 || (rest !== '' && !rest.startsWith('#'))) throw new NotPlain();
  const inner = text.slice(1, end).trim();
  return inner === '' ? [] : inner.split(',').map((item) => flowItem(item.trim()));
}

function flowItem(item: string): unknown {
  if (item === '' || /[[\]{}#]/.test(item)) throw new NotPlain();
  const quote = item[0];
  if (quote === '"' || quote === "'") {
    if (item.length < 2 || !item.endsWith(quote)) throw new NotPlain();
    return quoted(item, quote);
  }
  if (/[:"']/.test(item)) throw new NotPlain();
  return scalar(item);
}

/** Quoted strings without escapes ('' in single quotes is the one allowed). */
function quoted(text: string, quote: '"' | "'"): string {
  const end = quote === '"' ? text.indexOf('"', 1) : closingSingleQuote(text);
  if (end === -1) throw new NotPlain();
  const rest = text.slice(end + 1).trim();
  if (rest !== '' && !rest.startsWith('#')) throw new NotPlain();
  const inner = text.slice(1, end);
  if (quote === '"' && inner.includes('\\')) throw new NotPlain();
  return quote === "'" ? inner.replace(/''/g, "'") : inner;
}

function closingSingleQuote(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] !== "'") continue;
    if (text[i + 1] === "'") i++;
    else return i;
  }
  return -1;
}

class Reader {
  private index = 0;

  constructor(private readonly lines: Line[]) {}

  document(): unknown {
    if (this.lines.length === 0) return null;
    const value = this.block(this.lines[0].indent);
    if (this.index !== this.lines.length) throw new NotPlain();
    return value;
  }

  private get current(): Line | undefined {
    return this.lines[this.index];
  }

  private block(indent: number): unknown {
    const line = this.current!;
    return isItem(line.text) ? this.list(indent) : this.map(indent);
  }

  private map(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let line = this.current; line !== undefined && line.indent === indent && !isItem(line.text); line = this.current) {
      const colon = line.text.indexOf(':');
      const key = colon === -1 ? '' : line.text.slice(0, colon);
      const rest = line.text.slice(colon + 1);
      if (!KEY.test(key) || key === '__proto__' || (rest !== '' && !rest.startsWith(' ')) || Object.hasOwn(out, key)) throw new NotPlain();
      this.index++;
      out[key] = this.valueAfter(rest.trim(), indent, true);
    }
    if (this.current !== undefined && this.current.indent > indent) throw new NotPlain();
    return out;
  }

  private list(indent: number): unknown[] {
    const out: unknown[] = [];
    for (let line = this.current; line !== undefined && line.indent === indent && isItem(line.text); line = this.current) {
      const content = line.text.slice(1);
      const offset = content.length - content.trimStart().length;
      const body = content.trim();
      if (body === '' || body.startsWith('#')) {
        this.index++;
        out.push(this.valueAfter('', indent, false));
      } else if (isItem(body) || isMapLine(body)) {
        // `- key: value` (or `- - x`): the item is a block starting at the content's column
        this.lines[this.index] = { indent: indent + 1 + offset, text: body };
        out.push(this.block(indent + 1 + offset));
      } else {
        this.index++;
        out.push(this.inline(body, indent));
      }
    }
    if (this.current !== undefined && this.current.indent > indent) throw new NotPlain();
    return out;
  }

  /** The value after `key:` or `-`: inline, a nested block, or null. A map's list may sit at its indent. */
  private valueAfter(text: string, indent: number, inMap: boolean): unknown {
    if (text !== '' && !text.startsWith('#')) return this.inline(text, indent);
    const next = this.current;
    if (next !== undefined && next.indent > indent) return this.block(next.indent);
    if (inMap && next !== undefined && next.indent === indent && isItem(next.text)) return this.list(indent);
    return null;
  }

  /** A scalar on its line; a deeper next line would continue it (multi-line plain): not plain. */
  private inline(text: string, indent: number): unknown {
    const next = this.current;
    if (next !== undefined && next.indent > indent) throw new NotPlain();
    return scalar(text);
  }
}

function isItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

function isMapLine(text: string): boolean {
  const colon = text.indexOf(':');
  return colon > 0 && KEY.test(text.slice(0, colon)) && (colon === text.length - 1 || text[colon + 1] === ' ');
}

/** The data of a plain block-YAML text, or undefined when `yaml` must read it. */
export function parsePlainYaml(text: string): unknown {
  try {
    return new Reader(lines(text)).document();
  } catch (error) {
    if (error instanceof NotPlain) return undefined;
    throw error;
  }
}
