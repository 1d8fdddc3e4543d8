import { existsSync } from 'node:fs';
import { resolve, relative } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { InputError, keyPathText, type ConfigProblem as BaseConfigProblem } from '../errors.js';
import { configSchema, DURATION_PATTERN, PATTERN_RULES } from './schema.js';
import type { Config } from './types.js';
import { locate, pointerToPath, type KeyPath } from './locate.js';
import { isDuration } from './duration.js';
import { semanticProblems, semanticWarnings } from './semantics.js';
import { fillDerivedDefaults } from './derived.js';
import { normaliseObjectives } from './objective.js';
import { MAX_CONFIG_DEPTH } from './limits.js';
import { plainDataProblems } from './plain.js';
import { didYouMean } from './suggest.js';
import { MiB, readTextFile } from '../input.js';
import { printable } from '../text.js';
import { validatorFor } from '../precompiled.js';

export const CONFIG_FILE_NAMES = ['vllm-obs.yaml', 'vllm-obs.yml', 'vllm-obs.json'] as const;

export interface LoadedConfig {
  config: Config;
  /** The file read, or undefined when the built-in default was used. */
  file?: string;
  /** `file:line:col: key.path: message` for a problem a builder finds later. */
  format: (problem: ConfigProblem) => string;
  /** What was accepted but deserves a line on stderr, located like problems (e.g. a vLLM newer
   *  than the catalog). With `strict` these are problems instead. */
  warnings: string[];
}

export interface ConfigProblem extends BaseConfigProblem {
  atKey?: boolean;
  /** A number where a string belongs: YAML read `version: 0.10` as 0.1, so the message quotes the
   *  source text, which only the located formatter has. */
  unquotedNumber?: number;
}

let validator: ValidateFunction | undefined;
function validate(data: unknown) {
  validator ??= validatorFor('config', configSchema);
  const ok = validator(data);
  return { ok, errors: validator.errors ?? [] };
}

/**
 * The config from `--config FILE`, else the first vllm-obs.{yaml,yml,json} in `cwd`, else the
 * built-in default. Throws InputError with one `file:line:col: key.path: problem` line per problem.
 */
export function loadConfig(options: { path?: string; cwd?: string; strict?: boolean } = {}): LoadedConfig {
  const loaded = loadConfigFile(options);
  if (options.strict && loaded.warnings.length > 0) {
    throw new InputError(loaded.warnings.map((w) => `${w} (refused under --strict)`));
  }
  return loaded;
}

function loadConfigFile(options: { path?: string; cwd?: string }): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const file = options.path ? resolve(cwd, options.path) : findConfigFile(cwd);
  if (!file) return { config: resolveConfig({}), format: formatWithoutSource('<default config>'), warnings: [] };
  const shown = displayName(cwd, file, options.path);
  const text = readTextFile(file, shown, { maxBytes: MAX_CONFIG_BYTES, what: 'config file' });
  const { config, format } = parseConfigWithPositions(text, shown);
  return { config, file, format, warnings: semanticWarnings(config).map(format) };
}

/** Far more than a fleet of a thousand deployments needs; the YAML parser never sees more. */
const MAX_CONFIG_BYTES = 8 * MiB;

export function findConfigFile(cwd: string): string | undefined {
  return CONFIG_FILE_NAMES.map((name) => resolve(cwd, name)).find((path) => existsSync(path));
}

/** The path as the user gave it when it leads outside cwd or is cwd itself (`--config .`). */
function displayName(cwd: string, file: string, given?: string): string {
  const rel = relative(cwd, file);
  if (rel === '') return given ?? '.';
  return rel.startsWith('..') ? file : rel;
}

/** Parses YAML or JSON config text; `file` names the source in messages. */
export function parseConfig(text: string, file = 'vllm-obs.yaml'): Config {
  return parseConfigWithPositions(text, file).config;
}

interface ParsedYaml {
  readonly doc: Document;
  readonly counter: LineCounter;
}

/** YAML 1.2's core schema and nothing more: no YAML 1.1 types (!!omap, !!set, !!binary, !!timestamp …). */
const YAML_OPTIONS = { schema: 'core', resolveKnownTags: false, merge: false, uniqueKeys: true, prettyErrors: false } as const;

/** Data a config may hold; any other tag builds something the schema cannot see into. */
const PLAIN_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/** Aliases expanded when the document becomes data: enough for anchors shared between deployments,
 *  far too few for a "billion laughs" bomb. */
const MAX_ALIAS_COUNT = 100;

/** At most this many problem lines about the YAML itself: a hostile file must not flood the terminal. */
const MAX_YAML_PROBLEMS = 20;

function parseYaml(text: string, file: string): ParsedYaml {
  const counter = new LineCounter();
  const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter: counter });
  const at = (offset: number) => {
    const { line, col } = counter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  // the parser's warnings are refusals too; an unresolved tag (every tag beyond the core schema's, or a
  // value that does not fit its tag) is one, placed at the tag
  const problems = [...doc.errors, ...doc.warnings].map((e) => ({ offset: e.pos[0], text: `${at(e.pos[0])}: ${warningText(e.code, e.message)}` }));
  if (doc.errors.length === 0) problems.push(...shapeProblems(doc).map((p) => ({ offset: p.offset, text: `${at(p.offset)}: ${p.message}` })));
  if (problems.length > 0) {
    const lines = problems.sort((a, b) => a.offset - b.offset).map((p) => p.text);
    throw new InputError(lines.length > MAX_YAML_PROBLEMS ? [...lines.slice(0, MAX_YAML_PROBLEMS), `${file}: … and ${lines.length - MAX_YAML_PROBLEMS} more`] : lines);
  }
  return { doc, counter };
}

function warningText(code: string, message: string): string {
  const tag = code === 'TAG_RESOLVE_FAILED' ? /Unresolved tag: (\S+)/.exec(message)?.[1] : undefined;
  if (tag === undefined) return `invalid YAML: ${yamlMessage(message)}`;
  if (PLAIN_TAGS.has(tag)) return `the value does not fit its YAML tag ${shortTag(tag)}`;
  return `the YAML tag ${shortTag(tag)} is not allowed: a config is plain data (mappings, lists, strings, numbers, true/false, null)`;
}

/** The parser's own stack overflow on absurd nesting is a fact about the input, said as one. */
function yamlMessage(message: string): string {
  if (/Maximum call stack size exceeded/.test(message)) return `nested too deeply (a config is at most ${MAX_CONFIG_DEPTH} levels deep)`;
  return firstLine(message);
}

interface ShapeProblem {
  readonly offset: number;
  readonly message: string;
}

/**
 * What the YAML parser accepts but a config must not be: keys that are not scalars, and nesting
 * beyond MAX_CONFIG_DEPTH (tags come as parser warnings). Walked with an explicit stack, so no input
 * can overflow it.
 */
function shapeProblems(doc: Document): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  const stack: [unknown, number][] = [[doc.contents, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!isNode(node)) continue;
    const offset = node.range?.[0] ?? 0;
    if (depth > MAX_CONFIG_DEPTH && (isMap(node) || isSeq(node))) {
      problems.push({ offset, message: `nested more than ${MAX_CONFIG_DEPTH} levels deep; a config is a few levels of plain keys` });
      continue;
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) problems.push({ offset: (pair.key as Node | null)?.range?.[0] ?? offset, message: 'a key must be a plain string, not a list or mapping' });
        stack.push([pair.value, depth + 1], [pair.key, depth + 1]);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push([item, depth + 1]);
    }
  }
  return problems;
}

function shortTag(tag: string): string {
  return printable(tag.replace(/^tag:yaml\.org,2002:/, '!!'), 40);
}

/** The document as JS data; an alias bomb stops at MAX_ALIAS_COUNT and is reported at its first alias. */
function toData(parsed: ParsedYaml, file: string): unknown {
  try {
    return parsed.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    const { line, col } = parsed.counter.linePos(firstAliasOffset(parsed.doc));
    throw new InputError([`${file}:${line}:${col}: aliases expand to too much data (a YAML alias bomb?); a config needs at most ${MAX_ALIAS_COUNT} alias expansions`]);
  }
}

function firstAliasOffset(doc: Document): number {
  let offset = 0;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

function parseConfigWithPositions(text: string, file: string): { config: Config; format: (problem: ConfigProblem) => string } {
  const parsed = parseYaml(text, file);
  const raw = toData(parsed, file);
  const format = (problem: ConfigProblem) => {
    const { line, col } = locate(parsed.doc, parsed.counter, problem.path, problem.atKey);
    return printable(`${file}:${line}:${col}: ${keyPathText(problem.path)}: ${messageWithSource(problem, parsed.doc, text)}`);
  };
  return { config: checkConfig(raw ?? {}, format), format };
}

function formatWithoutSource(name: string) {
  return (problem: ConfigProblem) => printable(`${name}: ${keyPathText(problem.path)}: ${messageWithSource(problem)}`);
}

function messageWithSource(problem: ConfigProblem, doc?: Document, text?: string): string {
  if (problem.unquotedNumber === undefined) return problem.message;
  const node = doc?.getIn(problem.path, true);
  const range = isNode(node) ? node.range : undefined;
  const written = range && text !== undefined ? text.slice(range[0], range[1]).trim() : String(problem.unquotedNumber);
  const reading = written === String(problem.unquotedNumber) ? '' : `, which YAML reads as ${problem.unquotedNumber}`;
  return `expected a string, got the number ${written}${reading}; quote it: "${written}"`;
}

/** Validates and fills defaults for a config given as an object (library use). */
export function resolveConfig(input: unknown, name = '<config>'): Config {
  if (typeof input === 'object' && input !== null && checked.has(input)) return input as Config;
  return checkConfig(structuredClone(input ?? {}), formatWithoutSource(name));
}

/** Configs this module validated and filled, so `generate(loadConfig().config)` does not do it twice. */
const checked = new WeakSet<object>();

function checkConfig(raw: unknown, format: (problem: ConfigProblem) => string): Config {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InputError([format({ path: [], message: 'the config must be a mapping of keys (vllm, scrape, output, …)' })]);
  }
  // a Map, NaN or a cycle would confuse every check after this one
  const notPlain = plainDataProblems(raw);
  if (notPlain.length > 0) throw new InputError(notPlain.map(format));
  fillDerivedDefaults(raw as Record<string, unknown>);
  const secrets = [...secretProblems(raw), ...credentialProblems(raw)];
  const objectives = normaliseObjectives(raw as Record<string, unknown>);
  const { ok, errors } = validate(raw);
  const early = [...secrets, ...objectives];
  const schemaProblems = errors
    .map(toProblem)
    .filter((p): p is ConfigProblem => p !== undefined && !early.some((s) => samePath(s.path, p.path)));
  const problems = [...early, ...dedupe(schemaProblems)];
  if (ok && problems.length === 0) problems.push(...semanticProblems(raw as Config));
  if (problems.length > 0) throw new InputError(problems.map(format));
  checked.add(raw);
  return raw as Config;
}

const SECRET_KEY = /^(password|passwd|secret|token|bearer_?token|api_?key|credentials|client_?secret|private_?key)$/i;

/** Inline credentials never belong in a committed config; the value is not echoed. */
function secretProblems(value: unknown, path: (string | number)[] = []): ConfigProblem[] {
  if (value === null || typeof value !== 'object') return [];
  const problems: ConfigProblem[] = [];
  for (const [key, child] of Object.entries(value)) {
    const here = [...path, Array.isArray(value) ? Number(key) : key];
    if (!Array.isArray(value) && SECRET_KEY.test(key)) {
      problems.push({
        path: here,
        atKey: true,
        message: `inline secrets are not allowed in the config (value not shown); put it in a file and reference it with ${fileKeyFor(key)}`,
      });
    } else problems.push(...secretProblems(child, here));
  }
  return problems;
}

/** `scheme://user:password@host`: a URL carrying credentials. */
const URL_WITH_USERINFO = /^\s*[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i;

/** Credentials written into a URL would be copied into dashboards, rules and ConfigMaps; the value is
 *  not echoed. host:port keys are checked where they are parsed (hostPortProblem). */
function credentialProblems(root: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const stack: [unknown, (string | number)[]][] = [[root, []]];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string' && URL_WITH_USERINFO.test(value)) problems.push({ path, message: credentialsMessage(path) });
    else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) stack.push([child, [...path, Array.isArray(value) ? Number(key) : key]]);
    }
  }
  return problems.reverse();
}

/** Where the config has a file key for the secret, name it. */
function credentialsMessage(path: readonly (string | number)[]): string {
  if (path[path.length - 1] !== 'webhookUrl') return CREDENTIALS_IN_URL;
  return 'credentials in a URL (user:password@) are not allowed in the config (value not shown); send a token with webhookBearerTokenFile, or put a secret URL in a file (webhookUrlFile)';
}

export const CREDENTIALS_IN_URL =
  'credentials in a URL (user:password@) are not allowed in the config (value not shown); remove them and give them through a file ' +
  '(scrape.basicAuth.passwordFile, scrape.bearerTokenFile) or the receiving tool\'s own secret store';

function fileKeyFor(key: string): string {
  if (/pass/i.test(key)) return 'passwordFile';
  if (/token/i.test(key)) return 'bearerTokenFile';
  return 'a *File key (e.g. bearerTokenFile, passwordFile)';
}

function toProblem(error: ErrorObject): ConfigProblem | undefined {
  const path = pointerToPath(error.instancePath);
  if (error.propertyName !== undefined) return keyProblem(error, [...path, error.propertyName]);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object })?.properties ?? {});
      const hint = didYouMean(key, allowed);
      return {
        path: [...path, key],
        atKey: true,
        message: `unknown key${hint ? `; did you mean "${hint}"?` : ''} (allowed: ${allowed.join(', ')})`,
      };
    }
    case 'required':
      return { path, message: `missing required key "${String(error.params.missingProperty)}"` };
    case 'enum':
      return {
        path,
        message: `${JSON.stringify(error.data)} is not allowed; allowed: ${(error.params.allowedValues as unknown[]).map(String).join(', ')}`,
      };
    case 'type':
      if (error.params.type === 'string' && typeof error.data === 'number') {
        return { path, message: `expected a string, got number ${error.data}`, unquotedNumber: error.data };
      }
      return { path, message: `expected ${describeType(String(error.params.type))}, got ${describeValue(error.data)}` };
    case 'pattern': {
      const pattern = String(error.params.pattern);
      if (pattern === DURATION_PATTERN) return { path, message: `${JSON.stringify(error.data)} is not a duration (e.g. 15s, 1m, 1h30m; units largest first, each once)` };
      const rule = PATTERN_RULES[pattern];
      return { path, message: `${JSON.stringify(error.data)} is invalid: must be ${rule ?? `a match of ${pattern}`}` };
    }
    case 'propertyNames':
      // the failing rule on the key itself comes as its own error (with propertyName)
      return undefined;
    default:
      return { path, message: `${describeValue(error.data)} ${error.message ?? 'is invalid'}` };
  }
}

/** A key that breaks a rule on key names (propertyNames), pointed at the key itself. */
function keyProblem(error: ErrorObject, path: (string | number)[]): ConfigProblem {
  const pattern = error.keyword === 'pattern' ? PATTERN_RULES[String(error.params.pattern)] : undefined;
  return { path, atKey: true, message: `invalid key: must be ${pattern ?? error.message ?? 'a valid name'}` };
}

function describeType(type: string): string {
  return { array: 'a list', object: 'a mapping', string: 'a string', number: 'a number', boolean: 'true or false', integer: 'a whole number' }[type] ?? type;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  // JSON.stringify would turn NaN and the infinities into null
  return `${typeof value} ${typeof value === 'number' ? String(value) : JSON.stringify(value)}`;
}

function samePath(a: KeyPath, b: KeyPath): boolean {
  return a.length === b.length && a.every((part, i) => String(part) === String(b[i]));
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${keyPathText(p.path)}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function firstLine(text: string): string {
  return text.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

export { isDuration };
