// One failing fixture per artifact schema: a generated artifact with one defect is reported by the
// `schema` rule at the defect's line and column. Where the real tool exists (promtool,
// blackbox_exporter) it must reject the same file and accept the unmodified one, so the schemas
// agree with the programs that load the files.
import { describe, expect, it } from 'vitest';
import { jsonArtifact, yamlArtifact, yamlDocumentsArtifact } from '../src/emit/artifacts.js';
import { generate } from '../src/generate.js';
import type { Artifact } from '../src/model/artifact.js';
import type { ConfigInput } from '../src/config/types.js';
import { validateArtifacts } from '../src/validate/index.js';
import { crdFindings } from '../src/validate/crd.js';
import { runTools } from '../src/validate/promtool.js';
import { parseFinding, positionOf } from './fixtures/lint/fixtures.js';
import { toolOrSkip } from './helpers/tools.js';

type Json = any;

/** Kubernetes output on (it is off by default outside Kubernetes discovery), so every kind is here. */
function output(config: ConfigInput = {}) {
  return generate({ ...config, kubernetes: { enabled: true, ...config.kubernetes } }, { validate: false });
}

/** The artifact rebuilt from mutated data with the serialiser that wrote it. */
function rebuilt(artifact: Artifact, data: unknown): Artifact {
  if (artifact.path.endsWith('.json')) return jsonArtifact(artifact.path, artifact.kind, data);
  return Array.isArray(data) && /^---$/m.test(artifact.content)
    ? yamlDocumentsArtifact(artifact.path, artifact.kind, data)
    : yamlArtifact(artifact.path, artifact.kind, data);
}

interface Case {
  name: string;
  config?: ConfigInput;
  pick(a: Artifact): boolean;
  mutate(data: Json): void;
  /** Text at the reported position, and how far into it the position is. */
  needle: string;
  shift?: number;
  says: RegExp;
  /** The real program that must reject the mutated file too. */
  tool?: 'promtool' | 'prometheus-blackbox-exporter' | 'amtool';
}

const byPath = (path: string) => (a: Artifact) => a.path === path;
const byKind = (kind: Artifact['kind']) => (a: Artifact) => a.kind === kind;
const firstPanel = (d: Json) => d.panels.find((p: Json) => p.type !== 'row');
const isPodMonitor = (a: Artifact) => a.kind === 'kubernetes' && (a.data as Json)?.kind === 'PodMonitor';

const CASES: Case[] = [
  {
    name: 'Grafana dashboard: misspelt panel key',
    pick: byKind('dashboard'),
    mutate: (d) => (firstPanel(d).descripton = 'typo-here'),
    needle: '"typo-here"',
    says: /unknown key "descripton"; did you mean "description"\?/,
  },
  {
    name: 'prometheus.yml: a duration Prometheus cannot read',
    pick: byKind('prometheus-config'),
    mutate: (d) => (d.global.scrape_interval = '15 seconds'),
    needle: '15 seconds',
    says: /is not a Prometheus duration/,
    tool: 'promtool',
  },
  {
    name: 'rule file: a group interval Prometheus cannot read',
    pick: byPath('prometheus/rules/vllm-alerts.rules.yml'),
    mutate: (d) => (d.groups[0].interval = '1 minute'),
    needle: '1 minute',
    says: /is not a Prometheus duration/,
    tool: 'promtool',
  },
  {
    name: 'promtool test file: a misspelt key',
    pick: byKind('rule-tests'),
    mutate: (d) => (d.tests[0].intervall = '1m'),
    needle: 'intervall: 1m',
    shift: 'intervall: '.length,
    says: /unknown key "intervall"; did you mean "interval"\?/,
    tool: 'promtool',
  },
  {
    name: 'blackbox.yml: a misspelt http setting',
    pick: byKind('blackbox-config'),
    mutate: (d) => (Object.values<Json>(d.modules)[0].http.methd = 'GET'),
    needle: 'methd: GET',
    shift: 'methd: '.length,
    says: /unknown key "methd"; did you mean "method"\?/,
    tool: 'prometheus-blackbox-exporter',
  },
  {
    name: 'file_sd targets: a label name Prometheus rejects',
    config: { scrape: { discovery: 'file_sd' } },
    pick: byKind('file-sd-targets'),
    mutate: (d) => (d[0].labels = { ...d[0].labels, 'team-name': 'ml' }),
    needle: '"ml"',
    says: /key "team-name" is not a Prometheus label name/,
  },
  {
    name: 'Grafana data source provisioning: an access mode Grafana does not have',
    pick: byPath('grafana/provisioning/datasources/vllm-obs.yaml'),
    mutate: (d) => (d.datasources[0].access = 'server'),
    needle: 'access: server',
    shift: 'access: '.length,
    says: /"server" is not one of "proxy", "direct"/,
  },
  {
    name: 'Grafana dashboard provisioning: a non-numeric update interval',
    pick: byKind('grafana-dashboard-provider'),
    mutate: (d) => (d.providers[0].updateIntervalSeconds = 'often'),
    needle: 'often',
    says: /expected integer, got string "often"/,
  },
  {
    name: 'PodMonitor: a label key the API server rejects',
    pick: isPodMonitor,
    mutate: (d) => (d.metadata.labels['app.kubernetes.io/part of'] = 'typo-here'),
    needle: 'typo-here',
    says: /Kubernetes PodMonitor.*key "app.kubernetes.io\/part of" is not/,
  },
  {
    name: 'PrometheusRule: a rule key the operator would prune',
    pick: (a) => a.kind === 'kubernetes' && (a.data as Json)?.kind === 'PrometheusRule',
    mutate: (d) => (d.spec.groups[0].rules[0].severity = 'warning'),
    needle: 'severity: warning',
    shift: 'severity: '.length,
    says: /unknown key "severity"/,
  },
  {
    name: 'ConfigMap: a dashboard that is not JSON',
    pick: (a) => a.kind === 'kubernetes' && (a.data as Json)?.kind === 'ConfigMap',
    mutate: (d) => (d.data['broken.json'] = '{"panels": ['),
    needle: 'broken.json: ',
    shift: 'broken.json: '.length,
    says: /is not valid JSON/,
  },
  {
    name: 'alertmanager.yml: a misspelt route key',
    pick: byKind('alertmanager-config'),
    mutate: (d) => (d.route.routes[0].group_wiat = '30s'),
    needle: 'group_wiat: 30s',
    shift: 'group_wiat: '.length,
    says: /unknown key "group_wiat"; did you mean "group_wait"\?/,
    tool: 'amtool',
  },
  {
    name: 'alertmanager.yml: a matcher Alertmanager cannot parse',
    pick: byKind('alertmanager-config'),
    mutate: (d) => (d.inhibit_rules[0].source_matchers[0] = 'alertname=="VllmTargetDown"'),
    needle: 'alertname=="VllmTargetDown"',
    says: /is not an Alertmanager matcher/,
    tool: 'amtool',
  },
  {
    name: 'Alertmanager merge file: a receiver key Alertmanager does not have',
    config: { alerting: { receivers: [{ name: 'oncall', webhookUrl: 'http://127.0.0.1:5001/' }] } },
    pick: byKind('alertmanager-route'),
    mutate: (d) => (d.receivers[0].webhook_configs[0].sendResolved = true),
    needle: 'sendResolved: true',
    shift: 'sendResolved: '.length,
    says: /unknown key "sendResolved"; did you mean "send_resolved"\?/,
  },
  {
    name: 'Compose file: a restart policy Docker does not have',
    pick: byKind('compose'),
    mutate: (d) => (Object.values<Json>(d.services)[0].restart = 'sometimes'),
    needle: 'restart: sometimes',
    shift: 'restart: '.length,
    says: /"sometimes" is not one of/,
  },
];

describe('artifact schemas', () => {
  for (const c of CASES) {
    it(`${c.name}: reported at the defect`, () => {
      const { artifacts, setup } = output(c.config);
      const original = artifacts.find(c.pick);
      expect(original, 'the generator writes this kind').toBeDefined();
      const data = structuredClone(original!.data) as Json;
      c.mutate(data);
      const broken = rebuilt(original!, data);
      const findings = validateArtifacts([broken], setup).map(parseFinding).filter((f) => f.rule === 'schema');
      expect(findings.length, validateArtifacts([broken], setup).join('\n')).toBeGreaterThan(0);
      const own = findings.find((f) => c.says.test(f.rest));
      expect(own, findings.map((f) => f.rest).join('\n')).toBeDefined();
      expect(own!.file).toBe(original!.path);
      expect(own!.at).toBe(positionOf(broken.content, c.needle, { shift: c.shift ?? 0 }));
    });
  }

  it('a ConfigMap over 256 KiB is reported: kubectl apply cannot store it', () => {
    const { artifacts, setup } = output();
    const configMap = artifacts.find((a) => a.kind === 'kubernetes' && (a.data as Json)?.kind === 'ConfigMap')!;
    const data = structuredClone(configMap.data) as Json;
    data.data['padding.txt'] = 'x'.repeat(300 * 1024);
    const lines = validateArtifacts([rebuilt(configMap, data)], setup);
    expect(lines.some((l) => /schema: Kubernetes ConfigMap: is \d+ bytes; `kubectl apply` fails above 256 KiB/.test(l)), lines.join('\n')).toBe(true);
  });

  it('PodMonitor: a port the operator CRD rejects is reported by the CRD check `vllm-obs validate` runs', async () => {
    const { artifacts } = output();
    const podMonitor = artifacts.find(isPodMonitor)!;
    const data = structuredClone(podMonitor.data) as Json;
    expect(await crdFindings([podMonitor])).toEqual([]);
    data.spec.podMetricsEndpoints[0].port = 8000;
    expect(await crdFindings([rebuilt(podMonitor, data)])).toEqual([
      expect.stringMatching(new RegExp(`^${podMonitor.path}: crd: PodMonitor ${data.metadata.name}: .*podMetricsEndpoints/0/port must be string`)),
    ]);
  });

  it('an artifact without data is a finding, not a silent pass', () => {
    const { setup } = output();
    expect(validateArtifacts([{ path: 'x.yml', kind: 'rules', content: 'groups: []\n' }], setup)).toEqual([
      'x.yml:1:1: schema: a rules artifact carries no data to validate',
    ]);
  });
});

describe('the schemas agree with the real tools', () => {
  const tools = { promtool: toolOrSkip('promtool'), 'prometheus-blackbox-exporter': toolOrSkip('prometheus-blackbox-exporter'), amtool: toolOrSkip('amtool') };
  const find = (name: keyof typeof tools) => tools[name];

  it.skipIf(!tools.promtool || !tools['prometheus-blackbox-exporter'] || !tools.amtool)('every tool accepts the generated output as it is', () => {
    const { artifacts, setup } = output();
    const report = runTools(artifacts, setup, { find, ci: true });
    expect(report.problems).toEqual([]);
    expect(report.ran).toEqual([
      'promtool check config',
      'promtool check rules',
      'promtool test rules',
      'blackbox_exporter --config.check',
      'amtool check-config',
      expect.stringMatching(/^amtool config routes test \(\d+ cases\)$/),
    ]);
  });

  for (const flavour of ['thanos', 'mimir'] as const) {
    it.skipIf(!tools.promtool)(`${flavour} rule files pass promtool once the keys only ${flavour} knows are dropped`, () => {
      const { artifacts, setup } = output({ rules: { flavour } });
      const rules = artifacts.filter((a) => a.kind === 'rules');
      expect(rules.some((a) => /^(namespace|\s+partial_response_strategy):/m.test(a.content))).toBe(true);
      const report = runTools(rules, setup, { find, ci: true });
      expect(report.ran).toEqual(['promtool check rules']);
      expect(report.problems).toEqual([]);
    });
  }

  for (const c of CASES.filter((x) => x.tool)) {
    it.skipIf(!tools[c.tool!])(`${c.name}: ${c.tool} rejects it too`, () => {
      const { artifacts, setup } = output(c.config);
      const original = artifacts.find(c.pick)!;
      const data = structuredClone(original.data) as Json;
      c.mutate(data);
      // only the mutated file and what it reads (a test file reads the rule files), so only the
      // command that checks it runs
      const needed = artifacts.filter((a) => a === original || (original.kind === 'rule-tests' && a.kind === 'rules'));
      const report = runTools(needed.map((a) => (a === original ? rebuilt(a, data) : a)), setup, { find, ci: true });
      expect(report.problems.length, report.ran.join(', ')).toBeGreaterThan(0);
    });
  }
});
