// Runs the lint rules over dashboards and rule files; shared by `validate` (generated output) and
// `lint` (foreign files).
import type { Finding } from './finding.js';
import { dashboardQueries, PromqlCache, ruleFileQueries, type Query } from './queries.js';
import { rulesFor } from './rules/index.js';
import type { QueryRule, Rule, RuleContext } from './rules/types.js';
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
  // findings are appended one by one: a foreign file may have 100k of them, too many to spread as arguments
  const findings: Finding[] = [];
  const add = (more: readonly Finding[], rule: Rule) => {
    for (const finding of more) findings.push(rule.severity === undefined ? finding : { ...finding, severity: rule.severity });
  };
  const checkQueries = (queries: readonly Query[]) => {
    for (const query of queries) for (const rule of queryRules) if (rule.syntax || query.analysis.ok) add(rule.check(query, ctx), rule);
  };
  for (const dashboard of input.dashboards) {
    const queries = dashboardQueries(dashboard, cache);
    for (const rule of rules) if (rule.target === 'dashboard') add(rule.check(dashboard, queries, ctx), rule);
    checkQueries(queries);
  }
  for (const file of input.ruleFiles) {
    const queries = ruleFileQueries(file, cache);
    for (const rule of rules) if (rule.target === 'rule-file') add(rule.check(file, queries, ctx), rule);
    checkQueries(queries);
  }
  return findings;
}
