// The library API: everything the CLI does, in memory.
export { generate, buildArtifacts, type GenerateResult, type GenerateOptions } from './generate.js';
export { loadConfig, parseConfig, resolveConfig, type LoadedConfig } from './config/load.js';
export type { Config, ConfigInput } from './config/types.js';
export { configSchema } from './config/schema.js';
export * as catalog from './catalog/index.js';
export { buildSetup, type Setup } from './model/index.js';
export type { Artifact, ArtifactKind } from './model/artifact.js';
export { writeOutput, checkOutput, recoverOutput, isClean, type CheckResult } from './emit/write.js';
export { InputError, ValidationError } from './errors.js';
export { validateArtifacts } from './validate/index.js';
export { lintFiles, type LintOptions, type LintResult } from './lint/index.js';
export { startSimulator, type RunningSimulator, type SimulatorOptions } from './simulate/index.js';
export { diagnose, checkDashboards, type Diagnosis } from './doctor/index.js';
