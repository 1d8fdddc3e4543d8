// prometheus.yml as Prometheus 2.42 reads it (config/config.go, discovery/*, prometheus/common
// HTTPClientConfig), hand-written for the parts vllm-obs writes: global, rule_files, scrape_configs
// (static, file and Kubernetes discovery, relabelling, TLS and auth) and alerting. Prometheus
// unmarshals strictly, so objects are closed; remote_write/remote_read/storage/tracing are only
// shape-checked. Newer keys (no_proxy, scrape_config_files, …) are left out on purpose: promtool 2.42
// would reject them.
import { hostPort, labelMap, labelName, nonEmptyString, promDuration, stringList } from './common.js';

const tlsConfig = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ca: { type: 'string' },
    ca_file: nonEmptyString,
    cert: { type: 'string' },
    cert_file: nonEmptyString,
    key: { type: 'string' },
    key_file: nonEmptyString,
    server_name: { type: 'string' },
    insecure_skip_verify: { type: 'boolean' },
    min_version: { enum: ['TLS10', 'TLS11', 'TLS12', 'TLS13'] },
    max_version: { enum: ['TLS10', 'TLS11', 'TLS12', 'TLS13'] },
  },
} as const;

const httpClient = {
  basic_auth: {
    type: 'object',
    additionalProperties: false,
    properties: { username: { type: 'string' }, password: { type: 'string' }, password_file: nonEmptyString },
  },
  authorization: {
    type: 'object',
    additionalProperties: false,
    properties: { type: { type: 'string' }, credentials: { type: 'string' }, credentials_file: nonEmptyString },
  },
  oauth2: { type: 'object' },
  bearer_token: { type: 'string' },
  bearer_token_file: nonEmptyString,
  tls_config: tlsConfig,
  proxy_url: { type: 'string' },
  follow_redirects: { type: 'boolean' },
  enable_http2: { type: 'boolean' },
} as const;

const relabelConfig = {
  type: 'object',
  additionalProperties: false,
  properties: {
    source_labels: { type: 'array', items: labelName },
    separator: { type: 'string' },
    target_label: { type: 'string' },
    regex: { type: 'string' },
    modulus: { type: 'integer', minimum: 1 },
    replacement: { type: 'string' },
    action: { enum: ['replace', 'keep', 'drop', 'keepequal', 'dropequal', 'hashmod', 'labelmap', 'labeldrop', 'labelkeep', 'lowercase', 'uppercase'] },
  },
} as const;

const staticConfig = {
  type: 'object',
  additionalProperties: false,
  required: ['targets'],
  properties: { targets: { type: 'array', items: hostPort }, labels: labelMap },
} as const;

const fileSdConfig = {
  type: 'object',
  additionalProperties: false,
  required: ['files'],
  properties: {
    files: { type: 'array', minItems: 1, items: { type: 'string', pattern: '\\.(json|ya?ml)$', description: 'a .json, .yml or .yaml file pattern' } },
    refresh_interval: promDuration,
  },
} as const;

const kubernetesSdConfig = {
  type: 'object',
  additionalProperties: false,
  required: ['role'],
  properties: {
    role: { enum: ['node', 'service', 'pod', 'endpoints', 'endpointslice', 'ingress'] },
    api_server: { type: 'string' },
    kubeconfig_file: nonEmptyString,
    namespaces: {
      type: 'object',
      additionalProperties: false,
      properties: { own_namespace: { type: 'boolean' }, names: stringList },
    },
    selectors: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['role'],
        properties: { role: { type: 'string' }, label: { type: 'string' }, field: { type: 'string' } },
      },
    },
    attach_metadata: { type: 'object', additionalProperties: false, properties: { node: { type: 'boolean' } } },
    ...httpClient,
  },
} as const;

const discovery = {
  static_configs: { type: 'array', items: staticConfig },
  file_sd_configs: { type: 'array', items: fileSdConfig },
  kubernetes_sd_configs: { type: 'array', items: kubernetesSdConfig },
} as const;

/** Discovery mechanisms vllm-obs does not write are only checked for being lists. */
const otherDiscovery = { '^[a-z0-9]+_sd_configs$': { type: 'array', items: { type: 'object' } } } as const;

const limits = {
  body_size_limit: { type: 'string' },
  sample_limit: { type: 'integer', minimum: 0 },
  target_limit: { type: 'integer', minimum: 0 },
  label_limit: { type: 'integer', minimum: 0 },
  label_name_length_limit: { type: 'integer', minimum: 0 },
  label_value_length_limit: { type: 'integer', minimum: 0 },
} as const;

const scrapeConfig = {
  type: 'object',
  additionalProperties: false,
  patternProperties: otherDiscovery,
  required: ['job_name'],
  properties: {
    job_name: nonEmptyString,
    honor_labels: { type: 'boolean' },
    honor_timestamps: { type: 'boolean' },
    params: { type: 'object', additionalProperties: stringList },
    scrape_interval: promDuration,
    scrape_timeout: promDuration,
    metrics_path: { type: 'string', pattern: '^/', description: 'an absolute path' },
    scheme: { enum: ['http', 'https'] },
    relabel_configs: { type: 'array', items: relabelConfig },
    metric_relabel_configs: { type: 'array', items: relabelConfig },
    ...limits,
    ...discovery,
    ...httpClient,
  },
} as const;

const alertmanagerConfig = {
  type: 'object',
  additionalProperties: false,
  patternProperties: otherDiscovery,
  properties: {
    scheme: { enum: ['http', 'https'] },
    path_prefix: { type: 'string' },
    timeout: promDuration,
    api_version: { enum: ['v1', 'v2'] },
    relabel_configs: { type: 'array', items: relabelConfig },
    ...discovery,
    ...httpClient,
  },
} as const;

export const prometheusConfigSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Prometheus configuration (prometheus.yml)',
  type: 'object',
  additionalProperties: false,
  properties: {
    global: {
      type: 'object',
      additionalProperties: false,
      properties: {
        scrape_interval: promDuration,
        scrape_timeout: promDuration,
        evaluation_interval: promDuration,
        external_labels: labelMap,
        query_log_file: { type: 'string' },
        ...limits,
      },
    },
    rule_files: { type: 'array', items: nonEmptyString },
    scrape_configs: { type: 'array', items: scrapeConfig },
    alerting: {
      type: 'object',
      additionalProperties: false,
      properties: {
        alert_relabel_configs: { type: 'array', items: relabelConfig },
        alertmanagers: { type: 'array', items: alertmanagerConfig },
      },
    },
    remote_write: { type: 'array', items: { type: 'object' } },
    remote_read: { type: 'array', items: { type: 'object' } },
    storage: { type: 'object' },
    tracing: { type: 'object' },
  },
} as const;
