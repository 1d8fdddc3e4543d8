import { isAllowedExternal } from '../../catalog/index.js';
import type { Finding } from '../finding.js';
import { hasVllmPrefix, isCounterSeries, isFamilyName, selectorNames, seriesInfo } from '../series.js';
import { describeUnavailable, versionLabel } from '../status.js';
import { queryFinding, type QueryRule, type RuleContext } from './types.js';

const id = 'metric-exists';

/** The promise of the generator: no dashboard or rule queries a series the fleet does not have. A
 *  name must be exposed by the configured vLLM version(s) (features included), recorded by the
 *  generated rules, or one of the allowed externals (up, probe_*, http_*, DCGM_* with extraJobs.dcgm). */
export const metricExists: QueryRule = {
  id,
  description: 'Every selector names a series the configured vLLM version exposes, a recorded series, or an allowed external.',
  scope: 'generated',
  target: 'query',
  check(query, ctx) {
    const findings: Finding[] = [];
    for (const selector of query.analysis.selectors) {
      const { names, exact } = selectorNames(selector);
      if (!exact) {
        findings.push(queryFinding(id, query, 'the metric name is a pattern, so it cannot be checked; name the metrics (join them with `or`)', selector.from));
        continue;
      }
      for (const name of names) {
        const problem = problemWith(name, ctx);
        if (problem) findings.push(queryFinding(id, query, problem, selector.from));
      }
    }
    return findings;
  },
};

function problemWith(name: string, ctx: RuleContext): string | undefined {
  if (ctx.recorded.has(name)) return undefined;
  const info = seriesInfo(name, ctx.catalog);
  if (info) {
    if (isFamilyName(info)) return `${name} is a ${info.def.type} family, not a series; query ${name}_bucket, ${name}_sum or ${name}_count`;
    return ctx.catalog.exposes(name) ? undefined : `${describeUnavailable(name, ctx.catalog)} (vLLM ${versionLabel(ctx.catalog)})`;
  }
  if (hasVllmPrefix(name)) return isMissingTotal(name, ctx) ? undefined : describeUnavailable(name, ctx.catalog);
  if (isAllowedExternal(name, { dcgm: ctx.dcgm })) return undefined;
  return `${name} is neither a vLLM metric, a series the generated rules record, nor an allowed external metric`;
}

/** Left to vllm-counter-total-suffix, which says what to write instead. */
export function isMissingTotal(name: string, ctx: RuleContext): boolean {
  const withTotal = seriesInfo(`${name}_total`, ctx.catalog);
  return withTotal !== undefined && isCounterSeries(withTotal);
}
