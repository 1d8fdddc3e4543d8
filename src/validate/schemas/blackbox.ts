// blackbox_exporter's blackbox.yml (config/config.go of 0.23, the Debian version), for the modules
// vllm-obs writes. The exporter unmarshals strictly, so modules and their http settings are closed.
import { nonEmptyString, promDuration, stringList, stringMap } from './common.js';

const regexList = stringList;

const headerMatch = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['header', 'regexp'],
    properties: { header: nonEmptyString, regexp: { type: 'string' }, allow_missing: { type: 'boolean' } },
  },
} as const;

const httpProbe = {
  type: 'object',
  additionalProperties: false,
  properties: {
    valid_status_codes: { type: 'array', items: { type: 'integer', minimum: 100, maximum: 599 } },
    valid_http_versions: stringList,
    method: { enum: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] },
    headers: stringMap,
    body: { type: 'string' },
    compression: { type: 'string' },
    follow_redirects: { type: 'boolean' },
    no_follow_redirects: { type: 'boolean' },
    fail_if_ssl: { type: 'boolean' },
    fail_if_not_ssl: { type: 'boolean' },
    fail_if_body_matches_regexp: regexList,
    fail_if_body_not_matches_regexp: regexList,
    fail_if_header_matches: headerMatch,
    fail_if_header_not_matches: headerMatch,
    tls_config: { type: 'object' },
    basic_auth: { type: 'object' },
    authorization: { type: 'object' },
    bearer_token: { type: 'string' },
    bearer_token_file: nonEmptyString,
    proxy_url: { type: 'string' },
    oauth2: { type: 'object' },
    enable_http2: { type: 'boolean' },
    preferred_ip_protocol: { enum: ['ip4', 'ip6'] },
    ip_protocol_fallback: { type: 'boolean' },
    skip_resolve_phase_with_proxy: { type: 'boolean' },
  },
} as const;

const probeModule = {
  type: 'object',
  additionalProperties: false,
  required: ['prober'],
  properties: {
    prober: { enum: ['http', 'tcp', 'dns', 'icmp', 'grpc'] },
    timeout: promDuration,
    http: httpProbe,
    tcp: { type: 'object' },
    dns: { type: 'object' },
    icmp: { type: 'object' },
    grpc: { type: 'object' },
  },
} as const;

export const blackboxSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'blackbox_exporter configuration',
  type: 'object',
  additionalProperties: false,
  required: ['modules'],
  properties: {
    modules: { type: 'object', minProperties: 1, propertyNames: { pattern: '^[a-zA-Z0-9_-]+$' }, additionalProperties: probeModule },
  },
} as const;
