// Kubernetes manifests: every object against the Prometheus Operator CRD schemas (via
// @kubernetes-models/prometheus-operator) and the API server's ConfigMap and metadata rules.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { TEMPLATES, templatePath } from '../src/commands/init.js';
import { loadConfig } from '../src/config/load.js';
import type { Config, ConfigInput } from '../src/config/types.js';
import { InputError, ValidationError } from '../src/errors.js';
import { generate } from '../src/generate.js';
import { buildKubernetes, kubernetesProblems, type KubernetesObject } from '../src/kubernetes/index.js';
import { CONFIGMAP_DATA_LIMIT } from '../src/kubernetes/configmaps.js';
import { dnsLabel, isDnsLabel } from '../src/names.js';
import { buildSetup, OUT } from '../src/model/index.js';
import type { Artifact } from '../src/model/artifact.js';
import { resolveConfig } from '../src/config/load.js';

/** Our artifacts, without the other builders' in-process checks (covered by their own tests).
 *  Kubernetes output is switched on unless the config says otherwise (it is off by default outside
 *  Kubernetes discovery). */
const build = (config: ConfigInput | Config) => generate(withKubernetes(config), { validate: false });

function withKubernetes(config: ConfigInput | Config): ConfigInput | Config {
  const kubernetes = (config as ConfigInput).kubernetes ?? {};
  return kubernetes.enabled === undefined ? { ...config, kubernetes: { ...kubernetes, enabled: true } } : config;
}

function objects(artifacts: readonly Artifact[]): KubernetesObject[] {
  return artifacts.filter((a) => a.kind === 'kubernetes').map((a) => a.data as KubernetesObject);
}

function ofKind(list: readonly KubernetesObject[], kind: string): KubernetesObject[] {
  return list.filter((o) => o.kind === kind);
}

const VARIANTS: [string, ConfigInput][] = [
  ['default', {}],
  ['ServiceMonitor with TLS and annotations', { kubernetes: { monitor: 'ServiceMonitor', namespaces: ['a', 'b'] }, scrape: { scheme: 'https', tls: { serverName: 'vllm', insecureSkipVerify: true } } }],
  [
    'deployments with Service targets, thanos rules',
    {
      rules: { flavour: 'thanos' },
      scrape: { targets: ['127.0.0.1:8000'] },
      deployments: [
        { name: 'Llama_3.1-8B', namespace: 'inference', targets: ['vllm-llama.inference.svc:8000', 'localhost:8001'], labels: { team: 'ml' } },
        { name: 'q'.repeat(63), targets: ['10.0.0.5:8000'] },
      ],
    },
  ],
];

describe('Kubernetes manifests pass the schemas of their kinds', () => {
  const cases: [string, ConfigInput | Config][] = [
    ...TEMPLATES.map((t): [string, Config] => {
      const config = loadConfig({ path: templatePath(t) }).config;
      return [`template ${t}`, { ...config, kubernetes: { ...config.kubernetes, enabled: true } }];
    }),
    ...VARIANTS,
  ];

  it.each(cases)('%s', async (_, config) => {
    const list = objects(build(config).artifacts);
    expect(ofKind(list, 'PodMonitor').length + ofKind(list, 'ServiceMonitor').length).toBeGreaterThanOrEqual(1);
    expect(await kubernetesProblems(list)).toEqual([]);
  });

  it('the schema check rejects what the API server would, so the passes above mean something', async () => {
    const [monitor] = ofKind(objects(build({}).artifacts), 'PodMonitor');
    const broken: KubernetesObject[] = [
      { ...monitor, spec: { ...(monitor.spec as object), podMetricsEndpoints: [{ port: 'http', interval: '15 seconds' }] } },
      { apiVersion: 'monitoring.coreos.com/v1', kind: 'Probe', metadata: { ...monitor.metadata, name: 'Not_A_Name' }, spec: { prober: {} } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: monitor.metadata, data: { 'bad/key.json': '{}' } },
    ];
    const problems = await kubernetesProblems(broken);
    expect(problems.join('\n')).toMatch(/PodMonitor vllm-obs: .*interval/);
    expect(problems.join('\n')).toMatch(/Probe Not_A_Name: name "Not_A_Name" is not an RFC 1123 label/);
    expect(problems.join('\n')).toMatch(/Probe Not_A_Name: .*prober must have required property url/);
    expect(problems.join('\n')).toMatch(/data key "bad\/key.json"/);
  });

  it('every file is one YAML document equal to the object it was built from, named after kind and name', () => {
    for (const artifact of build(VARIANTS[2][1]).artifacts.filter((a) => a.kind === 'kubernetes')) {
      const docs = parseAllDocuments(artifact.content);
      expect(docs).toHaveLength(1);
      expect(docs[0].toJS()).toEqual(artifact.data);
      const object = artifact.data as KubernetesObject;
      expect(artifact.path).toBe(`${OUT.kubernetes}/${object.kind.toLowerCase()}-${object.metadata.name}.yaml`);
    }
  });

  it('kubernetes.enabled: false writes nothing under kubernetes/', () => {
    expect([...build({ kubernetes: { enabled: false } }).files.keys()].filter((p) => p.startsWith(`${OUT.kubernetes}/`))).toEqual([]);
  });

  it('unset, Kubernetes output follows the discovery: on for scrape.discovery kubernetes, off otherwise', () => {
    const kubernetesFiles = (config: ConfigInput) =>
      [...generate(config, { validate: false }).files.keys()].filter((p) => p.startsWith(`${OUT.kubernetes}/`));
    expect(kubernetesFiles({})).toEqual([]);
    expect(kubernetesFiles({ scrape: { discovery: 'file_sd' } })).toEqual([]);
    expect(kubernetesFiles({ scrape: { discovery: 'kubernetes', targets: [] } }).length).toBeGreaterThan(0);
    expect(kubernetesFiles({ scrape: { discovery: 'kubernetes', targets: [] }, kubernetes: { enabled: false } })).toEqual([]);
    for (const template of TEMPLATES) {
      const files = kubernetesFiles(loadConfig({ path: templatePath(template) }).config);
      expect(files.length > 0, template).toBe(template === 'kubernetes');
    }
  });
});

describe('monitors and probes', () => {
  it('namespace, labels (release and managed-by, sorted) on every object', () => {
    const list = objects(build({ kubernetes: { namespace: 'obs', labels: { release: 'kps', app: 'x' } } }).artifacts);
    for (const object of list) {
      expect(object.metadata.namespace).toBe('obs');
      expect(object.metadata.labels).toMatchObject({ release: 'kps', app: 'x', 'app.kubernetes.io/managed-by': 'vllm-obs' });
      const keys = Object.keys(object.metadata.labels);
      expect(keys).toEqual([...keys].sort());
    }
  });

  it('the vLLM PodMonitor selects the pods by labels and port and sets job to scrape.jobName', () => {
    const [monitor] = ofKind(objects(build({ scrape: { jobName: 'llm', interval: '30s' }, kubernetes: { namespaces: ['inference'] } }).artifacts), 'PodMonitor');
    const spec = monitor.spec as any;
    expect(spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'vllm' } });
    expect(spec.namespaceSelector).toEqual({ matchNames: ['inference'] });
    expect(spec.podMetricsEndpoints[0]).toMatchObject({ port: 'http', path: '/metrics', interval: '30s', relabelings: [{ targetLabel: 'job', replacement: 'llm' }] });
  });

  it('ServiceMonitor uses endpoints and any namespace when none is listed', () => {
    const list = objects(build({ kubernetes: { monitor: 'ServiceMonitor' } }).artifacts);
    expect(ofKind(list, 'PodMonitor')).toEqual([]);
    const [monitor] = ofKind(list, 'ServiceMonitor');
    expect((monitor.spec as any).namespaceSelector).toEqual({ any: true });
    expect((monitor.spec as any).endpoints[0].port).toBe('http');
  });

  it('each pod /health is probed through the prober, keeping instance and setting job to health.jobName', () => {
    const list = objects(build({ kubernetes: { proberUrl: 'bb.monitoring.svc:9115' } }).artifacts);
    const health = ofKind(list, 'PodMonitor').find((o) => o.metadata.name === 'vllm-obs-health')!;
    const endpoint = (health.spec as any).podMetricsEndpoints[0];
    expect(endpoint).toMatchObject({ path: '/probe', params: { module: ['vllm_health'] } });
    expect(endpoint.relabelings).toEqual([
      { sourceLabels: ['__address__'], targetLabel: '__param_target', replacement: 'http://$1/health' },
      { sourceLabels: ['__address__'], targetLabel: 'instance' },
      { targetLabel: '__address__', replacement: 'bb.monitoring.svc:9115' },
      { targetLabel: 'job', replacement: 'vllm-health', action: 'replace' },
    ]);
  });

  it('no Probe objects: the monitors probe exactly the pods they scrape, once each', () => {
    for (const [, config] of VARIANTS) expect(ofKind(objects(build(config).artifacts), 'Probe')).toEqual([]);
  });

  it('label values Kubernetes would refuse are a config error naming the key', () => {
    expect(() => build({ kubernetes: { labels: { release: 'not valid!' } } })).toThrow(InputError);
    expect(() => build({ kubernetes: { selector: { app: '-x' } } })).toThrow(/kubernetes\.selector\.app/);
  });
});

describe('PrometheusRule objects', () => {
  const ruleArtifact = (path: string, groups: unknown[]): Artifact => ({ path, kind: 'rules', content: '', data: { groups } });
  const group = (name: string, extra: object = {}) => ({ name, interval: '30s', ...extra, rules: [{ record: 'job:up:sum', expr: 'sum by (job) (up)' }] });

  it('one per rule file, holding its groups as they are (thanos keys included), and valid', async () => {
    const setup = buildSetup(resolveConfig({ rules: { flavour: 'thanos' }, kubernetes: { enabled: true } }));
    const artifacts = [
      ruleArtifact('prometheus/rules/vllm-recording.rules.yml', [group('a', { partial_response_strategy: 'warn' })]),
      ruleArtifact('prometheus/rules/vllm-empty.rules.yml', []),
      { path: 'prometheus/tests/vllm.test.yml', kind: 'rule-tests', content: '', data: { groups: [group('t')] } } as Artifact,
    ];
    const rules = ofKind(objects(buildKubernetes(setup, artifacts)), 'PrometheusRule');
    expect(rules.map((r) => r.metadata.name)).toEqual(['vllm-obs-vllm-recording']);
    expect(rules[0].spec).toEqual({ groups: [group('a', { partial_response_strategy: 'warn' })] });
    expect(await kubernetesProblems(rules)).toEqual([]);
  });

  it('the generated rule files all become PrometheusRules with the same groups', () => {
    const { artifacts } = build({});
    const ruleFiles = artifacts.filter((a) => a.kind === 'rules' && ((a.data as any)?.groups?.length ?? 0) > 0);
    const rules = ofKind(objects(artifacts), 'PrometheusRule');
    expect(rules).toHaveLength(ruleFiles.length);
    for (const file of ruleFiles) expect(rules.map((r) => (r.spec as any).groups)).toContainEqual((file.data as any).groups);
  });
});

describe('dashboard ConfigMaps for the Grafana sidecar', () => {
  it('one per dashboard, labelled grafana_dashboard "1", in the folder annotation, holding the file as is, under 1 MiB', () => {
    const { artifacts } = build({ kubernetes: { folderAnnotation: 'k8s-sidecar-target-directory' }, grafana: { folder: 'LLM serving' } });
    const dashboards = artifacts.filter((a) => a.kind === 'dashboard');
    const maps = ofKind(objects(artifacts), 'ConfigMap');
    expect(maps).toHaveLength(dashboards.length);
    for (const dashboard of dashboards) {
      const file = dashboard.path.slice(dashboard.path.lastIndexOf('/') + 1);
      const map = maps.find((m) => (m.data as Record<string, string>)[file] !== undefined)!;
      expect(map.metadata.labels.grafana_dashboard).toBe('1');
      expect(map.metadata.annotations).toEqual({ 'k8s-sidecar-target-directory': 'LLM serving' });
      expect((map.data as Record<string, string>)[file]).toBe(dashboard.content);
      expect(Buffer.byteLength(dashboard.content)).toBeLessThan(CONFIGMAP_DATA_LIMIT);
    }
  });

  it('a dashboard over 1 MiB is a ValidationError naming it, not a manifest the API server refuses', () => {
    const setup = buildSetup(resolveConfig({ kubernetes: { enabled: true } }));
    const huge: Artifact = { path: 'grafana/dashboards/huge.json', kind: 'dashboard', content: `{"x":"${'a'.repeat(CONFIGMAP_DATA_LIMIT)}"}`, data: {} };
    expect(() => buildKubernetes(setup, [huge])).toThrow(ValidationError);
    expect(() => buildKubernetes(setup, [huge])).toThrow(/huge\.json.*over Kubernetes' 1048576-byte ConfigMap limit/);
    const fits: Artifact = { ...huge, content: 'a'.repeat(CONFIGMAP_DATA_LIMIT - 'huge.json'.length) };
    expect(() => buildKubernetes(setup, [fits])).not.toThrow();
  });
});

describe('object names', () => {
  it('valid RFC 1123 labels pass unchanged; anything else is cleaned, hashed and at most 63 characters (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const name = dnsLabel(text);
        expect(isDnsLabel(name)).toBe(true);
        if (isDnsLabel(text)) expect(name).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('distinct inputs give distinct names, case and punctuation included (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 80 }), { minLength: 2, maxLength: 20 }), (texts) => {
        expect(new Set(texts.map((t) => dnsLabel(t))).size).toBe(texts.length);
      }),
      { numRuns: 500 },
    );
  });

  it('deterministic shortening keeps a readable head', () => {
    const long = `vllm-obs-health-${'a'.repeat(70)}`;
    expect(dnsLabel(long)).toBe(dnsLabel(long));
    expect(dnsLabel(long)).toMatch(/^vllm-obs-health-a+-[0-9a-f]{8}$/);
    expect(dnsLabel(long)).toHaveLength(63);
    expect(dnsLabel('static', { reserved: ['static'] })).toMatch(/^static-[0-9a-f]{8}$/);
  });
});
