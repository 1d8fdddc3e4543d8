// dashboard-linter's target-job-rule and target-instance-rule: every selector of a target filters
// by the dashboard variable of the same name, so the variable drives every panel.
import type { Finding } from './finding.js';
import type { Query } from './queries.js';
import { queryFinding } from './rules/types.js';
import { hasPrometheusVariable } from './views.js';

export function requiredMatcherFindings(rule: string, label: string, query: Query): Finding[] {
  if (query.origin !== 'target' || !query.dashboard || !hasPrometheusVariable(query.dashboard)) return [];
  const wanted = new Set([`$${label}`, `\${${label}}`]);
  return query.analysis.selectors
    .filter((s) => !s.matchers.some((m) => m.name === label && m.op === '=~' && wanted.has(m.value)))
    .map((s) => queryFinding(rule, query, `selector ${s.metric ?? '{…}'} lacks ${label}=~"$${label}"`, s.from));
}
