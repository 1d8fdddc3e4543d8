// Runs the lint rules over dashboards and rule files; shared by `validate` (generated output) and
// `lint` (foreign files).
import type { Finding } from './finding.js';
import { dashboardQueries, PromqlCache, ruleFileQueries, type Query } from './queries.js';
import { rulesFor } from './rules/index.js';
import type { QueryRule, RuleContext } from './rules/types.js';
import type { DashboardView, RuleFileView } from './views.js';

export interface LintInput {
  readonly dashboards: readonly DashboardView[];
  readonly ruleFiles: readonly RuleFileView[];
}

/** Names the rule files record: dashboards and alerts may read them like any series. */
export function recordedNames(ruleFiles: readonly RuleFileView[]): Set<string> {
  return new Set(ruleFiles.flatMap((f) => f.groups.flatMap((g) => g.rules.filter((r) => r.kind === 'record').map((r) => r.name))));
}

export function runRules(input: LintInput, ctx: RuleContext, cache = new PromqlCache()): Finding[] {
  const rules = rulesFor(ctx.mode);
  const queryRules = rules.filter((r): r is QueryRule => r.target === 'query');
  const checkQueries = (queries: readonly Query[]) =>
    queries.flatMap((query) => queryRules.filter((rule) => rule.syntax || query.analysis.ok).flatMap((rule) => rule.check(query, ctx)));
  const findings: Finding[] = [];
  for (const dashboard of input.dashboards) {
    const queries = dashboardQueries(dashboard, cache);
    for (const rule of rules) if (rule.target === 'dashboard') findings.push(...rule.check(dashboard, queries, ctx));
    findings.push(...checkQueries(queries));
  }
  for (const file of input.ruleFiles) {
    const queries = ruleFileQueries(file, cache);
    for (const rule of rules) if (rule.target === 'rule-file') findings.push(...rule.check(file, queries, ctx));
    findings.push(...checkQueries(queries));
  }
  return findings;
}
