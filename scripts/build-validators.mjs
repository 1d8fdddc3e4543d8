#!/usr/bin/env node
// Build step after tsc: writes ajv standalone validators for the config schema and every artifact
// schema to dist/validators/, so `vllm-obs generate` neither loads ajv's compiler nor compiles.
// The artifact schemas are found by validating the output of the default config, every template and
// every rule flavour (kubernetes on); dist/precompiled.js loads a validator by the hash of its
// schema and compiles at run time whatever is missing here.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (path) => import(join(root, 'dist', path));

const { AJV_OPTIONS, VALIDATORS_DIR, validatorFile } = await dist('precompiled.js');
const { configSchema } = await dist('config/schema.js');
const { parseConfig, resolveConfig } = await dist('config/load.js');
const { generate } = await dist('generate.js');
const { artifactSchemaFindings } = await dist('validate/schemas/index.js');
const { schemasInUse, withSharedDefinitions } = await dist('validate/schemas/ajv.js');
const { manifestSchema } = await dist('emit/manifest.js');
const { journalSchema, stagingRecordSchema } = await dist('emit/journal.js');

rmSync(VALIDATORS_DIR, { recursive: true, force: true });

function sampleConfigs() {
  const templates = readdirSync(join(root, 'templates'))
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => parseConfig(readFileSync(join(root, 'templates', name), 'utf8'), name));
  const flavours = ['prometheus', 'thanos', 'mimir'].map((flavour) => resolveConfig({ rules: { flavour }, kubernetes: { enabled: true } }));
  return [resolveConfig({}), ...templates, ...flavours];
}

// every sample must generate: one that fails would leave its schemas to run-time compilation, and
// `generate` would load ajv's compiler on every run without any test noticing
const failures = [];
for (const config of sampleConfigs()) {
  try {
    const { setup, artifacts } = generate(config, { validate: false });
    for (const artifact of artifacts) artifactSchemaFindings(artifact, setup);
  } catch (error) {
    failures.push(error instanceof Error ? error.message.split('\n')[0] : String(error));
  }
}
if (failures.length > 0) {
  for (const failure of failures) console.error(`build-validators: a sample config failed to generate: ${failure}`);
  process.exit(1);
}

function write(kind, schema, compiled) {
  const ajv = new Ajv({ ...AJV_OPTIONS[kind], code: { source: true, optimize: true } });
  writeFileSync(join(VALIDATORS_DIR, validatorFile(kind, schema)), standaloneCode(ajv, ajv.compile(compiled)));
}

mkdirSync(VALIDATORS_DIR, { recursive: true });
write('config', configSchema, configSchema);
const artifactSchemas = schemasInUse();
for (const schema of artifactSchemas) write('artifact', schema, withSharedDefinitions(schema));
// the output directory's own records: manifest, journal and staging record (src/emit/)
const emitSchemas = [manifestSchema, journalSchema, stagingRecordSchema];
for (const schema of emitSchemas) write('artifact', schema, schema);
console.log(`build-validators: ${1 + artifactSchemas.length + emitSchemas.length} validators in ${VALIDATORS_DIR}`);
