import { RECORD_LEVELS } from '../../model/conventions.js';
import { ruleSubject } from '../views.js';
import { viewFinding, type RuleFileRule } from './types.js';

const id = 'recording-rule-naming';

/** Level starts like a metric name; after a colon digits may lead (`5xx_ratio_rate5m`). */
const LEVEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const PART = /^[a-zA-Z0-9_]+$/;

/**
 * The naming convention of src/model/conventions.ts: `level:metric:operation`, exactly two colons
 * (vLLM's own `vllm:` would make the split ambiguous, so the metric part spells it `vllm_`), a known
 * level, and no `_total` left on a rated counter.
 */
export const recordingRuleNaming: RuleFileRule = {
  id,
  description: 'Recorded series are named level:metric:operation with exactly two colons and a known level.',
  scope: 'generated',
  target: 'rule-file',
  check: (file) =>
    file.groups.flatMap((group) =>
      group.rules
        .filter((rule) => rule.kind === 'record')
        .flatMap((rule) => {
          const problem = namingProblem(rule.name);
          return problem ? [viewFinding(id, file.file, `${rule.pointer}/record`, ruleSubject(rule), problem)] : [];
        }),
    ),
};

function namingProblem(name: string): string | undefined {
  const parts = name.split(':');
  if (parts.length !== 3) return `has ${parts.length - 1} colon(s); write level:metric:operation with exactly two`;
  const [level, metric, operation] = parts;
  if (!LEVEL.test(level) || !PART.test(metric) || !PART.test(operation)) return 'level, metric and operation must each be a non-empty [a-zA-Z0-9_] word';
  if (!RECORD_LEVELS.includes(level)) return `level "${level}" is none of ${RECORD_LEVELS.join(', ')}`;
  if (metric.endsWith('_total') && operation.includes('rate')) return `drop _total from "${metric}": the recorded series is a rate, not a counter`;
  return undefined;
}
