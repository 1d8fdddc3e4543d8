// Errors the CLI maps to exit codes. Anything else escaping is a bug and still gets no stack trace.
import { printable } from './text.js';

/** Bad input from the user (config, flags, output target): exit 2, one line per problem. */
export class InputError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'InputError';
  }
}

export type ConfigKeyPath = readonly (string | number)[];

export interface ConfigProblem {
  readonly path: ConfigKeyPath;
  readonly message: string;
}

/** A config value the schema accepts but a builder cannot use. The CLI points each problem at its
 *  line and column in the config file; library callers get `key.path: message`. */
export class ConfigError extends InputError {
  constructor(readonly configProblems: readonly ConfigProblem[]) {
    super(configProblems.map((p) => `${keyPathText(p.path)}: ${p.message}`));
    this.name = 'ConfigError';
  }
}

export function keyPathText(path: ConfigKeyPath): string {
  let out = '';
  // a key may hold a NUL or an escape sequence: shown escaped, never raw
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? printable(part) : `.${printable(part)}`;
  return out === '' ? '(top level)' : out;
}

/** Generated output failed a check: exit 1, one line per finding. Nothing was written. */
export class ValidationError extends Error {
  constructor(readonly findings: readonly string[]) {
    super(findings.join('\n'));
    this.name = 'ValidationError';
  }
}
