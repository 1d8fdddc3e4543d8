// alertmanager.yml as Alertmanager 0.25 reads it (config/config.go, config/notifiers.go), for the
// parts vllm-obs writes: the route tree, inhibit rules and the webhook, Slack, PagerDuty and email
// receivers. Alertmanager unmarshals strictly, so these objects are closed; keys newer than 0.25
// are left out on purpose (webhook url_file, 0.26, is allowed: the config refuses it below 0.26).
// Also the merge file and the routing tests vllm-obs writes next to it.
import { labelMap, labelName, nonEmptyString, promDuration, stringList } from './common.js';

/** `name="value"`, `name=~"regex"`, … as Alertmanager's matcher parser reads one. */
const matcher = {
  type: 'string',
  pattern: '^\\s*[a-zA-Z_:][a-zA-Z0-9_:]*\\s*(=~|=|!=|!~)\\s*"(?:[^"\\\\]|\\\\.)*"\\s*$',
  description: 'an Alertmanager matcher (name="value", name=~"regex")',
} as const;

const httpUrl = { type: 'string', pattern: '^https?://[^\\s]+$', description: 'an http(s) URL' } as const;

const routeProperties = {
  receiver: nonEmptyString,
  group_by: { type: 'array', items: { anyOf: [labelName, { const: '...' }] } },
  matchers: { type: 'array', items: matcher },
  continue: { type: 'boolean' },
  group_wait: promDuration,
  group_interval: promDuration,
  repeat_interval: promDuration,
  mute_time_intervals: stringList,
  active_time_intervals: stringList,
} as const;

/** Routes nest three levels deep here (root, the vLLM subtree, one route per receiver); spelled out,
 *  since a recursive $ref would not survive the shared-definition rewrite of the validator build. */
const leafRoute = { type: 'object', additionalProperties: false, properties: routeProperties } as const;
const subtreeRoute = {
  type: 'object',
  additionalProperties: false,
  properties: { ...routeProperties, routes: { type: 'array', items: leafRoute } },
} as const;
const rootRoute = {
  type: 'object',
  additionalProperties: false,
  required: ['receiver'],
  not: { required: ['matchers'] },
  description: 'the root route: a receiver and no matchers',
  properties: { ...routeProperties, routes: { type: 'array', items: subtreeRoute } },
} as const;

const inhibitRule = {
  type: 'object',
  additionalProperties: false,
  properties: {
    source_matchers: { type: 'array', minItems: 1, items: matcher },
    target_matchers: { type: 'array', minItems: 1, items: matcher },
    equal: { type: 'array', items: labelName },
  },
} as const;

const httpConfig = {
  type: 'object',
  additionalProperties: false,
  properties: {
    authorization: {
      type: 'object',
      additionalProperties: false,
      properties: { type: { type: 'string' }, credentials_file: nonEmptyString },
    },
  },
} as const;

const sendResolved = { type: 'boolean' } as const;

const webhookConfig = {
  type: 'object',
  additionalProperties: false,
  oneOf: [{ required: ['url'] }, { required: ['url_file'] }],
  properties: {
    url: httpUrl,
    url_file: nonEmptyString,
    send_resolved: sendResolved,
    http_config: httpConfig,
    max_alerts: { type: 'integer', minimum: 0 },
  },
} as const;

const slackConfig = {
  type: 'object',
  additionalProperties: false,
  required: ['api_url_file', 'channel'],
  properties: { api_url_file: nonEmptyString, channel: nonEmptyString, send_resolved: sendResolved },
} as const;

const pagerdutyConfig = {
  type: 'object',
  additionalProperties: false,
  oneOf: [{ required: ['routing_key_file'] }, { required: ['service_key_file'] }],
  properties: { routing_key_file: nonEmptyString, service_key_file: nonEmptyString, send_resolved: sendResolved },
} as const;

const emailConfig = {
  type: 'object',
  additionalProperties: false,
  required: ['to', 'from', 'smarthost'],
  properties: {
    to: nonEmptyString,
    from: nonEmptyString,
    smarthost: { type: 'string', pattern: '^[^\\s:]+:[0-9]+$', description: 'host:port' },
    auth_username: nonEmptyString,
    auth_password_file: nonEmptyString,
    require_tls: { type: 'boolean' },
    send_resolved: sendResolved,
  },
} as const;

const receiver = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: nonEmptyString,
    webhook_configs: { type: 'array', items: webhookConfig },
    slack_configs: { type: 'array', items: slackConfig },
    pagerduty_configs: { type: 'array', items: pagerdutyConfig },
    email_configs: { type: 'array', items: emailConfig },
  },
} as const;

export const alertmanagerConfigSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Alertmanager configuration (alertmanager.yml)',
  type: 'object',
  additionalProperties: false,
  required: ['route', 'receivers'],
  properties: {
    global: { type: 'object' },
    templates: stringList,
    route: rootRoute,
    inhibit_rules: { type: 'array', items: inhibitRule },
    receivers: { type: 'array', minItems: 1, items: receiver },
    time_intervals: { type: 'array' },
    mute_time_intervals: { type: 'array' },
  },
} as const;

export const alertmanagerRouteSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'vllm-obs route subtree, inhibit rules and receivers to merge into an alertmanager.yml',
  type: 'object',
  additionalProperties: false,
  required: ['routes', 'inhibit_rules', 'receivers'],
  properties: {
    routes: { type: 'array', minItems: 1, items: { ...subtreeRoute, required: ['receiver', 'matchers'] } },
    inhibit_rules: { type: 'array', items: inhibitRule },
    receivers: { type: 'array', minItems: 1, items: receiver },
  },
} as const;

export const alertmanagerTestsSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'vllm-obs Alertmanager routing and inhibition tests',
  type: 'object',
  additionalProperties: false,
  required: ['config_file', 'routes', 'inhibitions'],
  properties: {
    config_file: nonEmptyString,
    routes: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'labels', 'receivers'],
        properties: { name: nonEmptyString, labels: labelMap, receivers: { type: 'array', minItems: 1, items: nonEmptyString } },
      },
    },
    inhibitions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'rule', 'source', 'target'],
        properties: { name: nonEmptyString, rule: { type: 'integer', minimum: 0 }, source: labelMap, target: labelMap },
      },
    },
  },
} as const;
