// Schema validators compiled at build time (scripts/build-validators.mjs writes them to
// dist/validators/), so a CLI run pays neither loading ajv's compiler nor compiling. Each file is named
// by a hash of its kind and schema: a schema changed without a rebuild finds no file and is compiled
// at run time, as under vitest, which runs src/ where no validators/ folder exists.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ajv, Options, ValidateFunction } from 'ajv';

/** Which ajv options a validator is built with: the config's or the generated artifacts'. */
export type ValidatorKind = 'config' | 'artifact';

export const AJV_OPTIONS: Record<ValidatorKind, Options> = {
  // defaults are filled into the config; verbose: messages quote the value and the schema's description
  config: { allErrors: true, useDefaults: true, strict: false, verbose: true },
  // inlineRefs: false keeps each shared definition one function instead of a copy per use; compiled at
  // run time, each validator runs once or twice per process, so compiling fast beats optimising the code
  artifact: { allErrors: true, verbose: true, strict: false, inlineRefs: false, code: { optimize: false } },
};

/** dist/validators/, next to this module's dist/precompiled.js. */
export const VALIDATORS_DIR = fileURLToPath(new URL('./validators/', import.meta.url));

// CommonJS, so a validator (and ajv, when compiling) loads synchronously only when first needed
const require = createRequire(import.meta.url);

export function validatorFile(kind: ValidatorKind, schema: object): string {
  const hash = createHash('sha256').update(kind).update('\0').update(JSON.stringify(schema)).digest('hex').slice(0, 20);
  return `${kind}-${hash}.cjs`;
}

/** The build-time validator of this exact schema in `dir`, or undefined when none was built. */
export function precompiledValidator(dir: string, kind: ValidatorKind, schema: object): ValidateFunction | undefined {
  const file = join(dir, validatorFile(kind, schema));
  return existsSync(file) ? (require(file) as ValidateFunction) : undefined;
}

const compilers = new Map<ValidatorKind, Ajv>();

function compiler(kind: ValidatorKind): Ajv {
  let ajv = compilers.get(kind);
  if (!ajv) {
    const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
    ajv = new AjvClass(AJV_OPTIONS[kind]);
    compilers.set(kind, ajv);
  }
  return ajv;
}

/**
 * A validator for `schema`: the precompiled one, else compiled now. `prepare` rewrites the schema
 * before compiling (the hash names the schema as given, so a precompiled run skips the rewrite).
 */
export function validatorFor(kind: ValidatorKind, schema: object, prepare: (schema: object) => object = (s) => s): ValidateFunction {
  return precompiledValidator(VALIDATORS_DIR, kind, schema) ?? compiler(kind).compile(prepare(schema));
}
