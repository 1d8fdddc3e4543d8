// A config is plain data: mappings, lists, strings, finite numbers, booleans and null. Anything else
// (a Map or Set a YAML tag built, a Date, a Buffer, NaN, an infinity, a string that is not Unicode)
// would pass through the schema unseen or come out of a builder as something no tool reads.
import type { ConfigProblem } from './load.js';
import { MAX_CONFIG_DEPTH } from './limits.js';

type Path = (string | number)[];

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function valueProblem(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return isWellFormed(value) ? undefined : 'is not valid Unicode text (a lone surrogate); write the characters themselves';
    case 'number':
      if (Number.isNaN(value)) return 'NaN (.nan) is not a number a config can use; write a finite number';
      return Number.isFinite(value) ? undefined : `${value > 0 ? '' : '-'}infinity (.inf) is not a number a config can use; write a finite number`;
    case 'boolean':
      return undefined;
    case 'object':
      if (value === null || Array.isArray(value) || isPlainObject(value)) return undefined;
      return `a ${value.constructor?.name ?? 'non-plain object'} is not plain data; use mappings, lists, strings, numbers, true/false or null`;
    default:
      return `a ${typeof value} is not plain data; use mappings, lists, strings, numbers, true/false or null`;
  }
}

/** Every value that is not plain data, walked with an explicit stack (a cycle stops at the depth limit). */
export function plainDataProblems(root: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const stack: [unknown, Path][] = [[root, []]];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    const problem = valueProblem(value);
    if (problem !== undefined) {
      problems.push({ path, message: problem });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (path.length >= MAX_CONFIG_DEPTH) {
      problems.push({ path, message: `nested more than ${MAX_CONFIG_DEPTH} levels deep; a config is a few levels of plain keys` });
      continue;
    }
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      if (typeof key === 'string' && !isWellFormed(key)) problems.push({ path: [...path, key], message: 'this key is not valid Unicode text (a lone surrogate)' });
      else stack.push([child, [...path, key]]);
    }
  }
  return problems;
}
