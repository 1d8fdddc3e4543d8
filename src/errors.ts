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

/** What an errno means, in plain words: the one place environment faults are put into sentences. */
const FILE_SYSTEM_FAULTS: Readonly<Record<string, string>> = {
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  EFBIG: 'the file is too large for the file system',
  ENAMETOOLONG: 'a file name is too long',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EISDIR: 'it is a directory',
  EEXIST: 'something else is already there',
  ENOENT: 'a part of the path does not exist',
  ELOOP: 'it is a symbolic link (or a loop of them)',
  EBUSY: 'it is busy (in use, or a mount point)',
  EXDEV: 'it is on another file system',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files on the system',
  EIO: 'an input/output error on the device',
  ENOTEMPTY: 'the directory is not empty',
  EMLINK: 'too many links',
  ETXTBSY: 'the file is busy',
  EINVAL: 'the file system does not support the operation',
  ENOTSUP: 'the file system does not support the operation',
};

/** An errno error from the file system (EROFS, ENOSPC, …), which the CLI turns into one exit-2 line. */
export function isFileSystemFault(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code in FILE_SYSTEM_FAULTS;
}

/** `cannot <action> <shown>: <plain reason> (<CODE>)<after>` as an InputError. */
export function fileSystemFault(error: NodeJS.ErrnoException & { code: string }, action: string, shown: string, after = ''): InputError {
  return new InputError([`cannot ${action} ${shown}: ${FILE_SYSTEM_FAULTS[error.code]} (${error.code})${after}`]);
}
