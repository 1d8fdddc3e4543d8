// Grafana file provisioning (docs/sources/administration/provisioning): data source and dashboard
// provider files, apiVersion 1. Grafana ignores unknown keys, so a misspelt one is silently lost;
// closing the objects turns that into a finding.
import { nonEmptyString } from './common.js';

const object = { type: 'object' } as const;

export const datasourcesSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Grafana data source provisioning',
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion'],
  properties: {
    apiVersion: { const: 1 },
    prune: { type: 'boolean' },
    deleteDatasources: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: nonEmptyString, orgId: { type: 'integer' } } },
    },
    datasources: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'type'],
        properties: {
          name: nonEmptyString,
          type: nonEmptyString,
          uid: { type: 'string', pattern: '^[a-zA-Z0-9_-]{1,40}$', description: 'a Grafana uid (1–40 of a-z A-Z 0-9 _ -)' },
          access: { enum: ['proxy', 'direct'] },
          orgId: { type: 'integer', minimum: 1 },
          url: { type: 'string' },
          user: { type: 'string' },
          database: { type: 'string' },
          basicAuth: { type: 'boolean' },
          basicAuthUser: { type: 'string' },
          withCredentials: { type: 'boolean' },
          isDefault: { type: 'boolean' },
          jsonData: object,
          secureJsonData: object,
          version: { type: 'integer' },
          editable: { type: 'boolean' },
        },
      },
    },
  },
} as const;

export const dashboardProvidersSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Grafana dashboard provider provisioning',
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'providers'],
  properties: {
    apiVersion: { const: 1 },
    providers: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'options'],
        properties: {
          name: nonEmptyString,
          orgId: { type: 'integer', minimum: 1 },
          folder: { type: 'string' },
          folderUid: { type: 'string' },
          type: { const: 'file' },
          disableDeletion: { type: 'boolean' },
          updateIntervalSeconds: { type: 'integer', minimum: 1 },
          allowUiUpdates: { type: 'boolean' },
          options: {
            type: 'object',
            additionalProperties: false,
            required: ['path'],
            properties: { path: nonEmptyString, foldersFromFilesStructure: { type: 'boolean' } },
          },
        },
      },
    },
  },
} as const;
