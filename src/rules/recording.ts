// Recording rules, one group per concern. Names follow `level:metric:operation` (recordName); the
// metric part is the concept's newest name, so dashboards read the same series on every vLLM version
// while the expressions read whatever names the fleet exposes.
import type { Concept } from '../catalog/index.js';
import {
  QUANTILES,
  canonicalMetric,
  quantileOperation,
  recordName,
  type Level,
  type Model,
} from '../model/index.js';
import {
  HTTP_REQUESTS,
  counterRate,
  errorRatio,
  gaugeAggregate,
  hasConcept,
  hasErrorReason,
  hasHttpMetrics,
  http5xxRatio,
  latencyMean,
  latencyQuantile,
  prefixCacheHitRatio,
} from './signals.js';
import type { RecordingRule, RuleGroup } from './types.js';

export const LATENCY_CONCEPTS = ['e2eLatency', 'timeToFirstToken', 'interTokenLatency', 'queueTime'] as const satisfies readonly Concept[];
export const RATE_CONCEPTS = ['requestSuccess', 'promptTokens', 'generationTokens', 'preemptions'] as const satisfies readonly Concept[];
/** Levels of the per-model recordings; HTTP ones use job and instance_http. */
export const ENGINE_LEVELS = ['model', 'instance'] as const satisfies readonly Level[];
export const HTTP_LEVELS = ['job', 'instance_http'] as const satisfies readonly Level[];

export const OPERATION = {
  mean: 'mean_rate5m',
  rate: 'rate5m',
  errorRatio: 'error_ratio_rate5m',
  http5xxRatio: '5xx_ratio_rate5m',
  hitRatio: 'ratio_rate5m',
  max: 'max',
  avg: 'avg',
} as const;

function record(record: string, expr: string): RecordingRule {
  return { record, expr };
}

function perLevel(levels: readonly Level[], build: (level: Level) => RecordingRule[]): RecordingRule[] {
  return levels.flatMap(build);
}

function latencyRules(model: Model): RecordingRule[] {
  return LATENCY_CONCEPTS.filter((c) => hasConcept(model, c)).flatMap((concept) => {
    const metric = canonicalMetric(model, concept);
    return perLevel(ENGINE_LEVELS, (level) => [
      ...QUANTILES.map((q) => record(recordName(level, metric, quantileOperation(q)), latencyQuantile(model, concept, q, level))),
      record(recordName(level, metric, OPERATION.mean), latencyMean(model, concept, level)),
    ]);
  });
}

function throughputRules(model: Model): RecordingRule[] {
  return RATE_CONCEPTS.filter((c) => hasConcept(model, c)).flatMap((concept) =>
    perLevel(ENGINE_LEVELS, (level) => [record(recordName(level, canonicalMetric(model, concept), OPERATION.rate), counterRate(model, concept, level))]),
  );
}

function errorRules(model: Model): RecordingRule[] {
  const engine = hasErrorReason(model)
    ? perLevel(ENGINE_LEVELS, (level) => [
        record(recordName(level, canonicalMetric(model, 'requestSuccess'), OPERATION.errorRatio), errorRatio(model, level)),
      ])
    : [];
  const http = hasHttpMetrics(model)
    ? perLevel(HTTP_LEVELS, (level) => [record(recordName(level, HTTP_REQUESTS, OPERATION.http5xxRatio), http5xxRatio(model, level))])
    : [];
  return [...engine, ...http];
}

function cacheRules(model: Model): RecordingRule[] {
  const usage = hasConcept(model, 'kvCacheUsage')
    ? (['max', 'avg'] as const).map((op) =>
        record(recordName('model', canonicalMetric(model, 'kvCacheUsage'), OPERATION[op]), gaugeAggregate(model, 'kvCacheUsage', op, 'model')),
      )
    : [];
  const prefix =
    hasConcept(model, 'prefixCacheHits') && hasConcept(model, 'prefixCacheQueries')
      ? perLevel(ENGINE_LEVELS, (level) => [
          record(recordName(level, canonicalMetric(model, 'prefixCacheHits'), OPERATION.hitRatio), prefixCacheHitRatio(model, level)),
        ])
      : [];
  return [...usage, ...prefix];
}

const GROUPS: readonly (readonly [name: string, build: (model: Model) => RecordingRule[]])[] = [
  ['vllm-latency', latencyRules],
  ['vllm-throughput', throughputRules],
  ['vllm-errors', errorRules],
  ['vllm-cache', cacheRules],
];

export function recordingGroups(model: Model): RuleGroup[] {
  return GROUPS.map(([name, build]) => ({ name, interval: model.config.rules.evaluationInterval, rules: build(model) })).filter(
    (group) => group.rules.length > 0,
  );
}
