// Iteration helpers for the rule-file lint rules (mixtool's alert checks and vllm-obs's naming).
import type { Finding } from './finding.js';
import { viewFinding } from './rules/types.js';
import { ruleSubject, type RuleFileView, type RuleView } from './views.js';

export function alertsOf(file: RuleFileView): RuleView[] {
  return file.groups.flatMap((g) => g.rules.filter((r) => r.kind === 'alert'));
}

/** One finding per alert for which `problem` returns a message; `key` points below the rule. */
export function eachAlert(rule: string, file: RuleFileView, key: string, problem: (alert: RuleView) => string | undefined): Finding[] {
  return alertsOf(file).flatMap((alert) => {
    const message = problem(alert);
    return message === undefined ? [] : [viewFinding(rule, file.file, `${alert.pointer}${key}`, ruleSubject(alert), message)];
  });
}

export function annotation(alert: RuleView, key: string): string | undefined {
  const value = alert.annotations[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
