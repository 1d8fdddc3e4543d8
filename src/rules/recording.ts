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
  type RecordLevel,
} from '../model/index.js';
import {
  HTTP_REQUESTS,
  bucketRate,
  counterRate,
  errorRatio,
  gaugeAggregate,
  hasConcept,
  hasErrorReason,
  hasHttpMetrics,
  http5xxRatio,
  httpRate,
  latencyMean,
  latencyQuantile,
  prefixCacheHitRatio,
} from './signals.js';
import type { RecordingRule, RuleGroup } from './types.js';

/** Latencies the alerts watch, recorded per model and per instance. */
export const LATENCY_CONCEPTS = ['e2eLatency', 'timeToFirstToken', 'interTokenLatency', 'queueTime'] as const satisfies readonly Concept[];
/** Phase times and sizes only the overview's per-model panels read: recorded per model only. */
export const PHASE_CONCEPTS = ['prefillTime', 'decodeTime'] as const satisfies readonly Concept[];
export const SIZE_CONCEPTS = ['iterationTokens'] as const satisfies readonly Concept[];
/** Every histogram recorded as quantiles and mean, so fleet dashboards never read their buckets. */
export const QUANTILE_CONCEPTS = [...LATENCY_CONCEPTS, ...PHASE_CONCEPTS, ...SIZE_CONCEPTS] as const satisfies readonly Concept[];
/** Histograms whose per-bucket rates are recorded at model level, for fleet heatmaps. */
export const BUCKET_RATE_CONCEPTS = ['e2eLatency', 'promptLength', 'generationLength'] as const satisfies readonly Concept[];
export const RATE_CONCEPTS = ['requestSuccess', 'promptTokens', 'generationTokens', 'preemptions'] as const satisfies readonly Concept[];
/** Levels of the per-model recordings; HTTP ones use job and instance_http. */
export const ENGINE_LEVELS = ['model', 'instance'] as const satisfies readonly Level[];
export const HTTP_LEVELS = ['job', 'instance_http'] as const satisfies readonly Level[];
/** Finished requests by reason and HTTP responses by status class, for the fleet's breakdown panels. */
export const REASON_LEVEL = 'model_reason' satisfies RecordLevel;
export const STATUS_LEVEL = 'job_status' satisfies RecordLevel;

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

/** The recorded bucket rates keep `le`, so `_bucket` joins the metric part of the name. */
export function bucketRateRecord(model: Model, concept: Concept): string {
  return recordName('model', `${canonicalMetric(model, concept)}_bucket`, OPERATION.rate);
}

/** Levels a histogram's quantiles and mean are recorded at; none for histograms not recorded. */
export function quantileLevels(concept: Concept): readonly Level[] {
  if ((LATENCY_CONCEPTS as readonly Concept[]).includes(concept)) return ENGINE_LEVELS;
  return (QUANTILE_CONCEPTS as readonly Concept[]).includes(concept) ? ['model'] : [];
}

function quantileRules(model: Model, concepts: readonly Concept[]): RecordingRule[] {
  return concepts.filter((c) => hasConcept(model, c)).flatMap((concept) => {
    const metric = canonicalMetric(model, concept);
    return perLevel(quantileLevels(concept), (level) => [
      ...QUANTILES.map((q) => record(recordName(level, metric, quantileOperation(q)), latencyQuantile(model, concept, q, level))),
      record(recordName(level, metric, OPERATION.mean), latencyMean(model, concept, level)),
    ]);
  });
}

function bucketRateRules(model: Model): RecordingRule[] {
  return BUCKET_RATE_CONCEPTS.filter((c) => hasConcept(model, c)).map((concept) => record(bucketRateRecord(model, concept), bucketRate(model, concept, 'model')));
}

function throughputRules(model: Model): RecordingRule[] {
  const rates = RATE_CONCEPTS.filter((c) => hasConcept(model, c)).flatMap((concept) =>
    perLevel(ENGINE_LEVELS, (level) => [record(recordName(level, canonicalMetric(model, concept), OPERATION.rate), counterRate(model, concept, level))]),
  );
  const byReason = hasConcept(model, 'requestSuccess')
    ? [record(recordName(REASON_LEVEL, canonicalMetric(model, 'requestSuccess'), OPERATION.rate), counterRate(model, 'requestSuccess', REASON_LEVEL))]
    : [];
  const byStatus = hasHttpMetrics(model) ? [record(recordName(STATUS_LEVEL, HTTP_REQUESTS, OPERATION.rate), httpRate(model, STATUS_LEVEL))] : [];
  return [...rates, ...byReason, ...byStatus];
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
  ['vllm-latency', (model) => quantileRules(model, [...LATENCY_CONCEPTS, ...PHASE_CONCEPTS])],
  ['vllm-distributions', (model) => [...quantileRules(model, SIZE_CONCEPTS), ...bucketRateRules(model)]],
  ['vllm-throughput', throughputRules],
  ['vllm-errors', errorRules],
  ['vllm-cache', cacheRules],
];

export function recordingGroups(model: Model): RuleGroup[] {
  return GROUPS.map(([name, build]) => ({ name, interval: model.config.rules.evaluationInterval, rules: build(model) })).filter(
    (group) => group.rules.length > 0,
  );
}
