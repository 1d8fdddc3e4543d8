import { readFileSync, existsSync } from 'node:fs';
import { resolve, relative } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { InputError, type ConfigProblem as BaseConfigProblem } from '../errors.js';
import { configSchema, DURATION_PATTERN } from './schema.js';
import type { Config } from './types.js';
import { formatKeyPath, locate, pointerToPath, type KeyPath } from './locate.js';
import { isDuration } from './duration.js';
import { semanticProblems, semanticWarnings } from './semantics.js';
import { fillDerivedDefaults } from './derived.js';
import { normaliseObjectives } from './objective.js';
import { didYouMean } from './suggest.js';
import { parsePlainYaml } from './plain-yaml.js';
import { validatorFor } from '../emit/precompiled.js';

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
  const shown = displayName(cwd, file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError([`${shown}: cannot read config: ${(error as NodeJS.ErrnoException).code ?? String(error)}`]);
  }
  const { config, format } = parseConfigWithPositions(text, shown);
  return { config, file, format, warnings: semanticWarnings(config).map(format) };
}

export function findConfigFile(cwd: string): string | undefined {
  return CONFIG_FILE_NAMES.map((name) => resolve(cwd, name)).find((path) => existsSync(path));
}

function displayName(cwd: string, file: string): string {
  const rel = relative(cwd, file);
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

function parseYaml(text: string, file: string): ParsedYaml {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new InputError(
      doc.errors.map((error) => {
        const { line, col } = counter.linePos(error.pos[0]);
        return `${file}:${line}:${col}: invalid YAML: ${firstLine(error.message)}`;
      }),
    );
  }
  return { doc, counter };
}

/** Plain block YAML is read fast; `yaml` parses the rest, and any text once a problem needs a position. */
function parseConfigWithPositions(text: string, file: string): { config: Config; format: (problem: ConfigProblem) => string } {
  const plain = parsePlainYaml(text);
  let parsed = plain === undefined ? parseYaml(text, file) : undefined;
  const raw = plain ?? parsed?.doc.toJS({ maxAliasCount: 100 }) ?? {};
  const format = (problem: ConfigProblem) => {
    parsed ??= parseYaml(text, file);
    const { line, col } = locate(parsed.doc, parsed.counter, problem.path, problem.atKey);
    return `${file}:${line}:${col}: ${formatKeyPath(problem.path)}: ${problem.message}`;
  };
  return { config: checkConfig(raw ?? {}, format), format };
}

function formatWithoutSource(name: string) {
  return (problem: ConfigProblem) => `${name}: ${formatKeyPath(problem.path)}: ${problem.message}`;
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
  fillDerivedDefaults(raw as Record<string, unknown>);
  const secrets = secretProblems(raw);
  const objectives = normaliseObjectives(raw as Record<string, unknown>);
  const { ok, errors } = validate(raw);
  const early = [...secrets, ...objectives];
  const schemaProblems = errors
    .map(toProblem)
    .filter((p) => !early.some((s) => samePath(s.path, p.path)));
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

function fileKeyFor(key: string): string {
  if (/pass/i.test(key)) return 'passwordFile';
  if (/token/i.test(key)) return 'bearerTokenFile';
  return 'a *File key (e.g. bearerTokenFile, passwordFile)';
}

function toProblem(error: ErrorObject): ConfigProblem {
  const path = pointerToPath(error.instancePath);
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
      return { path, message: `expected ${describeType(String(error.params.type))}, got ${describeValue(error.data)}` };
    case 'pattern':
      if (error.params.pattern === DURATION_PATTERN) {
        return { path, message: `${JSON.stringify(error.data)} is not a duration (e.g. 15s, 1m)` };
      }
      {
        const description = (error.parentSchema as { description?: string })?.description;
        return {
          path,
          message: description
            ? `${JSON.stringify(error.data)} is invalid: must be ${description}`
            : `${JSON.stringify(error.data)} does not match ${String(error.params.pattern)}`,
        };
      }
    case 'propertyNames':
      return { path, message: `invalid key: ${error.message ?? ''}` };
    default:
      return { path, message: `${describeValue(error.data)} ${error.message ?? 'is invalid'}` };
  }
}

function describeType(type: string): string {
  return { array: 'a list', object: 'a mapping', string: 'a string', number: 'a number', boolean: 'true or false', integer: 'a whole number' }[type] ?? type;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function samePath(a: KeyPath, b: KeyPath): boolean {
  return a.length === b.length && a.every((part, i) => String(part) === String(b[i]));
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${formatKeyPath(p.path)}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function firstLine(text: string): string {
  return text.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

export { isDuration };
