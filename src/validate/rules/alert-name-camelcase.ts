import { eachAlert } from '../rule-lint.js';
import type { RuleFileRule } from './types.js';

const id = 'alert-name-camelcase';

/** mixtool's alert-name-camelcase pattern, with the shared prefix the style guide asks for. */
const CAMEL_CASE = /^([A-Z]+[a-z0-9]+)+$/;
const PREFIX = 'Vllm';

export const alertNameCamelcase: RuleFileRule = {
  id,
  description: `Alert names are CamelCase and start with ${PREFIX} (e.g. VllmKVCacheNearFull).`,
  scope: 'generated',
  target: 'rule-file',
  check: (file) =>
    eachAlert(id, file, '/alert', (alert) =>
      !CAMEL_CASE.test(alert.name) ? 'alert name is not CamelCase' : !alert.name.startsWith(PREFIX) ? `alert name does not start with ${PREFIX}` : undefined,
    ),
};
