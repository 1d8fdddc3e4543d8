// A block-style YAML emitter for the plain data the builders produce (maps, lists, strings, numbers,
// booleans, null), byte-identical to `yaml`'s stringify with YAML_OPTIONS. The `yaml` package builds a
// node tree for every value before writing it, which dominated large fleets' generation time; here
// only strings that are not obviously plain go through `yaml` (one short call per distinct string),
// and anything else unusual (a multi-line key, a class instance, undefined in a list, a top-level
// scalar) makes the whole document go through `yaml`.
import { stringify } from 'yaml';

/** No line folding (diffs stay line-exact), lists indented under their key, no anchors. */
export const YAML_OPTIONS = { lineWidth: 0, minContentWidth: 0, indentSeq: true, aliasDuplicateObjects: false } as const;

const INDENT = '  ';

/** The emitter does not know this shape; `yaml` writes the whole document instead. */
class Unsupported extends Error {}

/**
 * Strings `yaml` writes plain on one line: none of plainString's forbidden patterns, no control
 * characters, no document marker, and nothing a YAML 1.2 core-schema tag (number, bool, null) would
 * read as another type. Conservative: anything that merely might be special is asked of `yaml`.
 */
const FORBIDDEN_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
const MAYBE_OTHER_TYPE = /^[-+.\d~]|^(?:true|false|null)$/i;
const DOCUMENT_MARKER = /^(?:%|---|\.\.\.)/m;

function isSurelyPlain(value: string): boolean {
  return (
    value !== '' &&
    !value.includes('\n') &&
    !FORBIDDEN_PLAIN.test(value) &&
    !CONTROL.test(value) &&
    !MAYBE_OTHER_TYPE.test(value) &&
    !DOCUMENT_MARKER.test(value)
  );
}

/** yaml writes keys over 1024 characters as explicit `? key` entries. */
const MAX_IMPLICIT_KEY = 1024;

function isSimpleKey(key: string): boolean {
  return key.length <= MAX_IMPLICIT_KEY && isSurelyPlain(key);
}

/** `yaml`'s rendering of a string as a map value, owned by a key at indent 0 (content at 2). */
const valueCache = new Map<string, string>();
const keyCache = new Map<string, string>();

function yamlValue(value: string): string {
  let text = valueCache.get(value);
  if (text === undefined) {
    text = stringify({ k: value }, YAML_OPTIONS).slice('k: '.length, -1);
    valueCache.set(value, text);
  }
  return text;
}

/** Keys holding a document marker are quoted or not depending on their depth: left to yaml. */
function yamlKey(key: string): string {
  if (DOCUMENT_MARKER.test(key)) throw new Unsupported();
  let text = keyCache.get(key);
  if (text === undefined) {
    const line = stringify({ [key]: null }, YAML_OPTIONS);
    if (!line.endsWith(': null\n') || line.indexOf('\n') !== line.length - 1) throw new Unsupported();
    text = line.slice(0, -': null\n'.length);
    keyCache.set(key, text);
  }
  return text;
}

/** A string as the value of a key (or list item) at `indent`: block scalars' lines move with it. */
function stringValue(value: string, indent: string): string {
  if (isSurelyPlain(value)) return value;
  const text = yamlValue(value);
  return indent === '' || !text.includes('\n') ? text : text.replace(/\n(?=[^\n])/g, `\n${indent}`);
}

function scalar(value: unknown, indent: string): string {
  switch (typeof value) {
    case 'string':
      return stringValue(value, indent);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new Unsupported();
      return Object.is(value, -0) ? '-0' : JSON.stringify(value);
    default:
      if (value === null) return 'null';
      throw new Unsupported();
  }
}

type Collection = Record<string, unknown> | unknown[];

function isCollection(value: unknown): value is Collection {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return true;
  throw new Unsupported();
}

function isEmpty(value: Collection): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

const emptyText = (value: Collection) => (Array.isArray(value) ? '[]' : '{}');

/** Lines of a non-empty collection whose first line starts with `first` (e.g. `- ` of a parent list). */
function collection(value: Collection, indent: string, first: string, out: string[]): void {
  if (Array.isArray(value)) listLines(value, indent, first, out);
  else mapLines(value, indent, first, out);
}

function mapLines(value: Record<string, unknown>, indent: string, first: string, out: string[]): void {
  let written = 0;
  for (const key of Object.keys(value)) {
    const child = value[key];
    if (child === undefined) continue;
    const head = `${written++ === 0 ? first : indent}${isSimpleKey(key) ? key : yamlKey(key)}:`;
    if (!isCollection(child)) out.push(`${head} ${scalar(child, indent)}`);
    else if (isEmpty(child)) out.push(`${head} ${emptyText(child)}`);
    else {
      out.push(head);
      collection(child, indent + INDENT, indent + INDENT, out);
    }
  }
  // a map of only undefined values is written as {} by yaml; rare enough to hand over
  if (written === 0) throw new Unsupported();
}

function listLines(value: unknown[], indent: string, first: string, out: string[]): void {
  value.forEach((item, i) => {
    const dash = `${i === 0 ? first : indent}- `;
    if (item === undefined) throw new Unsupported();
    if (!isCollection(item)) out.push(`${dash}${scalar(item, indent)}`);
    else if (isEmpty(item)) out.push(`${dash}${emptyText(item)}`);
    else collection(item, indent + INDENT, dash, out);
  });
}

function emit(data: unknown): string {
  if (!isCollection(data) || isEmpty(data)) throw new Unsupported();
  const out: string[] = [];
  collection(data, '', '', out);
  return `${out.join('\n')}\n`;
}

/** YAML text of `data`, exactly as `stringify(data, YAML_OPTIONS)` writes it. */
export function toYamlText(data: unknown): string {
  try {
    return emit(data);
  } catch (error) {
    if (error instanceof Unsupported) return stringify(data, YAML_OPTIONS);
    throw error;
  }
}
