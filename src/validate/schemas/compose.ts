// A Docker Compose file (compose-spec), checked for the parts a stack of Prometheus, Grafana and
// blackbox_exporter uses; service settings beyond these keys are left to `docker compose config`.
import { nonEmptyString, stringList } from './common.js';

const stringOrList = { anyOf: [{ type: 'string' }, stringList] } as const;

const service = {
  type: 'object',
  anyOf: [{ required: ['image'] }, { required: ['build'] }],
  properties: {
    image: nonEmptyString,
    command: stringOrList,
    entrypoint: stringOrList,
    ports: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'integer' }, { type: 'object' }] } },
    volumes: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'object' }] } },
    environment: { anyOf: [stringList, { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean', 'null'] } }] },
    depends_on: { anyOf: [stringList, { type: 'object' }] },
    restart: { enum: ['no', 'always', 'on-failure', 'unless-stopped'] },
    network_mode: { type: 'string' },
  },
} as const;

export const composeSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Docker Compose file',
  type: 'object',
  additionalProperties: false,
  patternProperties: { '^x-': {} },
  required: ['services'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$', description: 'a Compose project name (lower case, digits, - and _)' },
    version: { type: 'string' },
    services: { type: 'object', minProperties: 1, additionalProperties: service },
    volumes: { type: 'object' },
    networks: { type: 'object' },
    configs: { type: 'object' },
    secrets: { type: 'object' },
  },
} as const;
