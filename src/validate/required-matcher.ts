// dashboard-linter's target-job-rule and target-instance-rule: every selector of a target filters
// by the dashboard variable of the same name, so the variable drives every panel.
import { recordedSeriesLabels } from '../model/conventions.js';
import type { Finding } from './finding.js';
import type { Query } from './queries.js';
import { queryFinding } from './rules/types.js';
import { hasPrometheusVariable } from './views.js';

// Two deliberate departures from dashboard-linter, both for series the variable cannot apply to: a
// recorded series aggregated past the label (model-level and SLO recordings have no instance) is not
// held to it, and a selector pinned to one job (`job="vllm-health"`, the probe job) is already scoped.
export function requiredMatcherFindings(rule: string, label: string, query: Query): Finding[] {
  if (query.origin !== 'target' || !query.dashboard || !hasPrometheusVariable(query.dashboard)) return [];
  const wanted = new Set([`$${label}`, `\${${label}}`]);
  return query.analysis.selectors
    .filter((s) => seriesCarries(s.metric, label))
    .filter((s) => !s.matchers.some((m) => m.name === label && ((m.op === '=~' && wanted.has(m.value)) || (m.op === '=' && label === 'job'))))
    .map((s) => queryFinding(rule, query, `selector ${s.metric ?? '{…}'} lacks ${label}=~"$${label}"`, s.from));
}

/** False only for recorded series whose level drops `label`. */
export function seriesCarries(metric: string | undefined, label: string): boolean {
  const kept = metric === undefined ? undefined : recordedSeriesLabels(metric);
  return kept === undefined || kept.includes(label);
}
