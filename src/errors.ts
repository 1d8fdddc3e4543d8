// Errors the CLI maps to exit codes. Anything else escaping is a bug and still gets no stack trace.

/** Bad input from the user (config, flags, output target): exit 2, one line per problem. */
export class InputError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'InputError';
  }
}

/** Generated output failed a check: exit 1, one line per finding. Nothing was written. */
export class ValidationError extends Error {
  constructor(readonly findings: readonly string[]) {
    super(findings.join('\n'));
    this.name = 'ValidationError';
  }
}
