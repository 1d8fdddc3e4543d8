// A file_sd target file (Prometheus discovery/file): a list of target groups.
import { hostPort, labelMap } from './common.js';

export const fileSdSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Prometheus file_sd target file',
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['targets'],
    properties: { targets: { type: 'array', items: hostPort }, labels: labelMap },
  },
} as const;
