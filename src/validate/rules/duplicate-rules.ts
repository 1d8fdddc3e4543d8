import type { Finding } from '../finding.js';
import { ruleSubject, type RuleFileView } from '../views.js';
import { viewFinding, type RuleFileRule } from './types.js';

const id = 'duplicate-rules';

/**
 * promtool's duplicate-rules lint, plus the check that fails `promtool check rules` outright: group
 * names repeat within a file. Two rules with one name are fine when their labels differ (one alert
 * at severity warning and critical); with the same labels they write the same series twice.
 */
export const duplicateRules: RuleFileRule = {
  id,
  description: 'Group names are unique in a file; no two rules share a name and the same labels.',
  scope: 'generated',
  target: 'rule-file',
  check(file) {
    return [...duplicateGroups(file), ...duplicateRuleNames(file)];
  },
};

function duplicateGroups(file: RuleFileView): Finding[] {
  const seen = new Set<string>();
  return file.groups.flatMap((group) => {
    if (!seen.has(group.name)) {
      seen.add(group.name);
      return [];
    }
    return [viewFinding(id, file.file, `${group.pointer}/name`, `group "${group.name}"`, 'group name is repeated in the same file')];
  });
}

function duplicateRuleNames(file: RuleFileView): Finding[] {
  const seen = new Map<string, string>();
  return file.groups.flatMap((group) =>
    group.rules.flatMap((rule) => {
      const key = `${rule.kind}\u0000${rule.name}\u0000${JSON.stringify(Object.entries(rule.labels).sort())}`;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, rule.pointer);
        return [];
      }
      return [viewFinding(id, file.file, rule.pointer, ruleSubject(rule), `duplicates the rule at ${first} (same name and labels)`)];
    }),
  );
}
