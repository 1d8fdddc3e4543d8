// Schema fragments shared by the artifact schemas.

/** Prometheus' duration syntax (model.ParseDuration): units largest first, each at most once; 0 alone. */
export const promDuration = {
  type: 'string',
  pattern: '^(0|([0-9]+y)?([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?)$',
  description: 'a Prometheus duration (e.g. 30s, 1h30m)',
  minLength: 1,
} as const;

export const labelName = {
  type: 'string',
  pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$',
  description: 'a Prometheus label name',
} as const;

export const metricName = {
  type: 'string',
  pattern: '^[a-zA-Z_:][a-zA-Z0-9_:]*$',
  description: 'a Prometheus metric name',
} as const;

/** Label name → string value (Prometheus labels, file_sd labels, external labels). */
export const labelMap = {
  type: 'object',
  propertyNames: labelName,
  additionalProperties: { type: 'string' },
} as const;

export const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;

export const nonEmptyString = { type: 'string', minLength: 1 } as const;

export const stringList = { type: 'array', items: { type: 'string' } } as const;

/** host:port (a Prometheus target address). */
export const hostPort = {
  type: 'string',
  pattern: '^[^\\s/:]+(:[0-9]{1,5})?$|^\\[[0-9a-fA-F:.]+\\](:[0-9]{1,5})?$',
  description: 'a host:port address',
} as const;
