// Kubernetes manifests, as the API server sees them: object metadata, ConfigMaps (sizes and the
// dashboards they carry included), and the closed shape of operator objects' top level and of
// PrometheusRule groups (the rule schema of rule-file.ts; CRDs prune unknown fields silently, so
// a misspelt key would vanish). The operator specs themselves are checked against the CRDs by
// `vllm-obs validate` (crd.ts): loading those validators costs more than every other check.
import { pointerJoin, type Finding } from '../finding.js';
import { isObject } from '../views.js';
import { schemaFindings } from './ajv.js';
import { prometheusRuleGroups } from './rule-file.js';

const QUALIFIED_NAME = '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$';

const metadata = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', maxLength: 253, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$', description: 'a DNS-1123 subdomain (lower case, digits, - and .)' },
    namespace: { type: 'string', maxLength: 63, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', description: 'a DNS-1123 label' },
    labels: {
      type: 'object',
      propertyNames: { pattern: QUALIFIED_NAME },
      additionalProperties: { type: 'string', maxLength: 63, pattern: '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$', description: 'a label value (63 characters of A-Z a-z 0-9 - _ .)' },
    },
    annotations: { type: 'object', propertyNames: { pattern: QUALIFIED_NAME }, additionalProperties: { type: 'string' } },
  },
} as const;

function object(apiVersion: string, kind: string, body: Record<string, object>, required: string[] = []) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['apiVersion', 'kind', 'metadata', ...required],
    properties: { apiVersion: { const: apiVersion }, kind: { const: kind }, metadata, ...body },
  } as const;
}

const OPERATOR = 'monitoring.coreos.com/v1';

const SCHEMAS: Record<string, object> = {
  ConfigMap: object('v1', 'ConfigMap', {
    data: { type: 'object', propertyNames: { pattern: '^[-._a-zA-Z0-9]+$' }, additionalProperties: { type: 'string' } },
    binaryData: { type: 'object', additionalProperties: { type: 'string' } },
    immutable: { type: 'boolean' },
  }),
  PrometheusRule: object(OPERATOR, 'PrometheusRule', {
    spec: { type: 'object', additionalProperties: false, required: ['groups'], properties: { groups: prometheusRuleGroups } },
  }, ['spec']),
  PodMonitor: object(OPERATOR, 'PodMonitor', { spec: { type: 'object' } }, ['spec']),
  ServiceMonitor: object(OPERATOR, 'ServiceMonitor', { spec: { type: 'object' } }, ['spec']),
  Probe: object(OPERATOR, 'Probe', { spec: { type: 'object' } }, ['spec']),
};

const GENERIC = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata'],
  properties: { apiVersion: { type: 'string', minLength: 1 }, kind: { type: 'string', minLength: 1 }, metadata },
} as const;

/** etcd's object limit; and `kubectl apply` (client side) copies the object into an annotation capped
 *  at 256 KiB, which is where large dashboards fail first. */
const CONFIGMAP_MAX_BYTES = 1024 * 1024;
const LAST_APPLIED_MAX_BYTES = 256 * 1024;

export function kubernetesFindings(file: string, documents: unknown): Finding[] {
  const list = Array.isArray(documents) ? documents : [documents];
  const base = (i: number) => (Array.isArray(documents) ? `/${i}` : '');
  return list.flatMap((doc, i) => documentFindings(file, base(i), doc));
}

function documentFindings(file: string, base: string, doc: unknown): Finding[] {
  const kind = isObject(doc) && typeof doc.kind === 'string' ? doc.kind : '';
  const what = `Kubernetes ${kind || 'object'}`;
  const findings = schemaFindings(file, base, doc, SCHEMAS[kind] ?? GENERIC, what);
  if (kind === 'ConfigMap') findings.push(...sizeFindings(file, base, doc, what), ...embeddedJsonFindings(file, base, doc, what));
  return findings;
}

/** A dashboard shipped in a ConfigMap is a JSON string; the sidecar drops one that does not parse. */
function embeddedJsonFindings(file: string, base: string, doc: unknown, what: string): Finding[] {
  const data = isObject(doc) && isObject(doc.data) ? doc.data : {};
  return Object.entries(data).flatMap(([key, value]) => {
    if (!key.endsWith('.json') || typeof value !== 'string') return [];
    try {
      JSON.parse(value);
      return [];
    } catch (error) {
      return [{ rule: 'schema', file, pointer: pointerJoin(base, 'data', key), subject: what, message: `is not valid JSON: ${(error as Error).message}` }];
    }
  });
}

function sizeFindings(file: string, base: string, doc: unknown, what: string): Finding[] {
  const bytes = Buffer.byteLength(JSON.stringify(doc));
  const finding = (message: string): Finding => ({ rule: 'schema', file, pointer: base, subject: what, message });
  if (bytes > CONFIGMAP_MAX_BYTES) return [finding(`is ${bytes} bytes; ConfigMaps are limited to 1 MiB`)];
  if (bytes > LAST_APPLIED_MAX_BYTES) return [finding(`is ${bytes} bytes; \`kubectl apply\` fails above 256 KiB (apply it with --server-side)`)];
  return [];
}
