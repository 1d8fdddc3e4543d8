import type { FromSchema } from 'json-schema-to-ts';
import type { configSchema } from './schema.js';

/** The resolved configuration: every defaulted key is present after loading. */
export type Config = FromSchema<typeof configSchema>;
/** What a user may write: every key optional. */
export type ConfigInput = FromSchema<typeof configSchema, { keepDefaultedPropertiesOptional: true }>;
export type SloConfig = Config['slos'][number];
export type DeploymentConfig = Config['deployments'][number];
export type AlertName = keyof Config['rules']['alerts'];
export type AlertOverride = NonNullable<Config['rules']['alerts'][AlertName]>;
