// Prometheus rule files, hand-written after SchemaStore's prometheus.rules.json (Apache-2.0) and
// narrowed to what promtool 2.42 accepts (rulefmt is strict: an unknown key fails the file).
// Thanos groups add partial_response_strategy; mimirtool files add a top-level namespace.
import { labelMap, metricName, nonEmptyString, promDuration } from './common.js';

const expr = { type: 'string', minLength: 1 } as const;

const recordingRule = {
  type: 'object',
  additionalProperties: false,
  required: ['record', 'expr'],
  properties: { record: metricName, expr, labels: labelMap },
} as const;

const alertingRule = {
  type: 'object',
  additionalProperties: false,
  required: ['alert', 'expr'],
  properties: {
    alert: nonEmptyString,
    expr,
    for: promDuration,
    keep_firing_for: promDuration,
    labels: labelMap,
    annotations: labelMap,
  },
} as const;

const rule = { if: { required: ['record'] }, then: recordingRule, else: alertingRule } as const;

function group(extra: Record<string, object>) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'rules'],
    properties: {
      name: nonEmptyString,
      interval: promDuration,
      limit: { type: 'integer', minimum: 0 },
      rules: { type: 'array', items: rule },
      ...extra,
    },
  } as const;
}

const partialResponse = { partial_response_strategy: { enum: ['warn', 'abort'] } };

function ruleFile(groupExtra: Record<string, object>, fileExtra: Record<string, object>) {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Prometheus rule file',
    type: 'object',
    additionalProperties: false,
    required: ['groups'],
    properties: { groups: { type: 'array', items: group(groupExtra) }, ...fileExtra },
  } as const;
}

export const RULE_FILE_SCHEMAS = {
  prometheus: ruleFile({}, {}),
  thanos: ruleFile(partialResponse, {}),
  mimir: ruleFile({}, { namespace: nonEmptyString }),
} as const;

/** PrometheusRule `spec.groups[]` (monitoring.coreos.com/v1): the operator also takes these keys. */
export const prometheusRuleGroups = {
  type: 'array',
  items: group({ ...partialResponse, query_offset: promDuration, labels: labelMap }),
} as const;
