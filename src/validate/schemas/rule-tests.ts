// `promtool test rules` input files, as promtool 2.42 reads them (cmd/promtool/unittest.go).
import { labelMap, nonEmptyString, promDuration, stringMap } from './common.js';

const inputSeries = {
  type: 'object',
  additionalProperties: false,
  required: ['series', 'values'],
  properties: { series: nonEmptyString, values: { type: ['string', 'number'] } },
} as const;

const alertTest = {
  type: 'object',
  additionalProperties: false,
  required: ['eval_time', 'alertname'],
  properties: {
    eval_time: promDuration,
    alertname: nonEmptyString,
    exp_alerts: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, properties: { exp_labels: labelMap, exp_annotations: stringMap } },
    },
  },
} as const;

const exprTest = {
  type: 'object',
  additionalProperties: false,
  required: ['expr', 'eval_time'],
  properties: {
    expr: nonEmptyString,
    eval_time: promDuration,
    exp_samples: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['value'],
        properties: { labels: { type: 'string' }, value: { type: ['number', 'string'] } },
      },
    },
  },
} as const;

export const ruleTestsSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'promtool rule test file',
  type: 'object',
  additionalProperties: false,
  required: ['rule_files', 'tests'],
  properties: {
    rule_files: { type: 'array', minItems: 1, items: nonEmptyString },
    evaluation_interval: promDuration,
    group_eval_order: { type: 'array', items: nonEmptyString },
    tests: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          name: { type: 'string' },
          interval: promDuration,
          input_series: { type: 'array', items: inputSeries },
          alert_rule_test: { type: 'array', items: alertTest },
          promql_expr_test: { type: 'array', items: exprTest },
          external_labels: labelMap,
          external_url: { type: 'string' },
        },
      },
    },
  },
} as const;
