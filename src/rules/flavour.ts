// Ruler flavours. The groups are the same everywhere; Thanos wants a partial-response strategy per
// group and Mimir a namespace per file (mimirtool refuses two files with one namespace).
import type { Setup } from '../model/index.js';
import type { RuleFile, RuleGroup } from './types.js';

/** Thanos ruler: evaluate with what the store API returns instead of failing the whole group. */
const THANOS_PARTIAL_RESPONSE = 'warn';

export function mimirNamespace(setup: Setup, file: RuleFile): string {
  return `${setup.config.rules.mimirNamespace}-${file.kind}`;
}

function thanosGroup(group: RuleGroup) {
  return { name: group.name, interval: group.interval, partial_response_strategy: THANOS_PARTIAL_RESPONSE, rules: group.rules };
}

/** The document written for a rule file in the configured flavour. */
export function flavoured(setup: Setup, file: RuleFile): object {
  switch (setup.config.rules.flavour) {
    case 'prometheus':
      return { groups: file.groups };
    case 'thanos':
      return { groups: file.groups.map(thanosGroup) };
    case 'mimir':
      return { namespace: mimirNamespace(setup, file), groups: file.groups };
  }
}
