// Each artifact schema's validator is loaded (precompiled at build time) or compiled the first time
// an artifact of its kind is checked, and kept for the life of the process.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { didYouMean } from '../../config/suggest.js';
import { validatorFor as loadValidator } from '../../precompiled.js';
import { pointerJoin, type Finding } from '../finding.js';

const validators = new Map<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    validate = loadValidator('artifact', schema, withSharedDefinitions);
    validators.set(schema, validate);
  }
  return validate;
}

/** Every schema validated against in this process: the build step precompiles these. */
export function schemasInUse(): object[] {
  return [...validators.keys()];
}

/**
 * The schemas reuse fragments by reference (one `panel` object inside rows and at the top level);
 * ajv would generate code for every occurrence. Each object used more than once becomes a
 * definition, referenced by `$ref`, so it is compiled once.
 */
export function withSharedDefinitions(schema: object): object {
  const uses = new Map<object, number>();
  const count = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const n = (uses.get(node) ?? 0) + 1;
    uses.set(node, n);
    if (n === 1) Object.values(node).forEach(count);
  };
  count(schema);
  const definitions: Record<string, unknown> = {};
  const names = new Map<object, string>();
  const rewrite = (node: unknown, isDefinition: boolean): unknown => {
    if (node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map((item) => rewrite(item, false));
    if (!isDefinition && (uses.get(node) ?? 0) > 1 && Object.keys(node).length > 1) {
      let name = names.get(node);
      if (name === undefined) {
        name = `shared${names.size}`;
        names.set(node, name);
        definitions[name] = rewrite(node, true);
      }
      return { $ref: `#/definitions/${name}` };
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, rewrite(value, false)]));
  };
  const root = rewrite(schema, true) as Record<string, unknown>;
  return Object.keys(definitions).length === 0 ? root : { ...root, definitions };
}

/** Findings for `data` (found at `base` in `file`) against `schema`; rule id `schema`. */
export function schemaFindings(file: string, base: string, data: unknown, schema: object, what: string): Finding[] {
  const validate = validatorFor(schema);
  return validate(data) ? [] : errorFindings(file, base, validate.errors ?? [], what);
}

function errorFindings(file: string, base: string, errors: readonly ErrorObject[], what: string): Finding[] {
  const seen = new Set<string>();
  return errors
    // `if` and `propertyNames` only wrap the error that says what is wrong
    .filter((error) => error.keyword !== 'if' && error.keyword !== 'propertyNames')
    .map((error) => toFinding(file, base, error, what))
    .filter((finding) => {
      const key = `${finding.pointer}\u0000${finding.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

function toFinding(file: string, base: string, error: ErrorObject, what: string): Finding {
  const pointer = base + error.instancePath;
  const finding = (at: string, message: string): Finding => ({ rule: 'schema', file, pointer: at, subject: what, message });
  if (error.propertyName !== undefined) {
    const description = (error.parentSchema as { description?: string } | undefined)?.description;
    return finding(pointerJoin(pointer, error.propertyName), `key ${JSON.stringify(error.propertyName)} is not ${description ?? `matching ${String(error.params.pattern ?? error.message)}`}`);
  }
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const hint = didYouMean(key, allowed);
      return finding(pointerJoin(pointer, key), `unknown key "${key}"${hint ? `; did you mean "${hint}"?` : ''}${allowed.length > 0 ? ` (allowed: ${allowed.join(', ')})` : ''}`);
    }
    case 'required':
      return finding(pointer, `missing required key "${String(error.params.missingProperty)}"`);
    case 'enum':
      return finding(pointer, `${JSON.stringify(error.data)} is not one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`);
    case 'const':
      return finding(pointer, `must be ${JSON.stringify(error.params.allowedValue)}, is ${JSON.stringify(error.data)}`);
    case 'type':
      return finding(pointer, `expected ${String(error.params.type)}, got ${describe(error.data)}`);
    case 'pattern': {
      const description = (error.parentSchema as { description?: string } | undefined)?.description;
      return finding(pointer, `${JSON.stringify(error.data)} is not ${description ?? `matching ${String(error.params.pattern)}`}`);
    }
    default:
      return finding(pointer, `${describe(error.data)} ${error.message ?? 'is invalid'}`);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}
