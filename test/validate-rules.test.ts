// Each lint rule on vllm-obs's own output: a clean dashboard and rule file pass every check, and one
// defect at a time makes exactly the rule in question fire, at the line and column of the defect.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/load.js';
import type { ConfigInput } from '../src/config/types.js';
import { jsonArtifact, yamlArtifact } from '../src/emit/artifacts.js';
import { buildSetup } from '../src/model/index.js';
import { validateArtifacts } from '../src/validate/index.js';
import { RULES } from '../src/validate/rules/index.js';
import { loadFixture, objectStart, parseFinding, positionOf } from './fixtures/lint/fixtures.js';

type Json = Record<string, any>;

const DASHBOARD = 'grafana/dashboards/test.json';
const RULES_FILE = 'prometheus/rules/test.yml';

function check(dashboard: Json, rules: Json, config: ConfigInput = {}) {
  const artifacts = [jsonArtifact(DASHBOARD, 'dashboard', dashboard), yamlArtifact(RULES_FILE, 'rules', rules)];
  const lines = validateArtifacts(artifacts, buildSetup(resolveConfig(config)));
  return { lines, dashboardText: artifacts[0].content, rulesText: artifacts[1].content };
}

const fresh = () => ({ dashboard: loadFixture<Json>('clean-dashboard.json'), rules: loadFixture<Json>('clean-rules.yaml') });

/** Replaces `from` in the expression of panels[panel].targets[target]. */
function editExpr(dashboard: Json, panel: number, from: string | RegExp, to: string, target = 0): void {
  const t = dashboard.panels[panel].targets[target];
  const edited = t.expr.replace(from, to);
  if (edited === t.expr) throw new Error(`${String(from)} not in ${t.expr}`);
  t.expr = edited;
}

interface Case {
  rule: string;
  /** Mutates the clean fixtures into the failing one. */
  mutate(f: { dashboard: Json; rules: Json }): void;
  /** Where the finding must point, in the serialised dashboard or rule file. */
  at(texts: { dashboardText: string; rulesText: string }): { file: string; position: string };
  /** Other rules the same defect legitimately trips. */
  also?: string[];
  config?: ConfigInput;
}

const inDashboard = (position: (text: string) => string) => (t: { dashboardText: string }) => ({ file: DASHBOARD, position: position(t.dashboardText) });
const inRules = (position: (text: string) => string) => (t: { rulesText: string }) => ({ file: RULES_FILE, position: position(t.rulesText) });

const CASES: Case[] = [
  {
    rule: 'template-datasource-rule',
    mutate: ({ dashboard }) => (dashboard.templating.list[0].label = 'Datasource'),
    at: inDashboard((t) => objectStart(t, '"name": "datasource"')),
  },
  {
    rule: 'template-job-rule',
    mutate: ({ dashboard }) => dashboard.templating.list.splice(1, 1),
    at: inDashboard(() => '1:1'),
  },
  {
    rule: 'template-instance-rule',
    mutate: ({ dashboard }) => (dashboard.templating.list[2].multi = false),
    at: inDashboard((t) => objectStart(t, '"name": "instance"')),
  },
  {
    rule: 'template-label-promql-rule',
    mutate: ({ dashboard }) => (dashboard.templating.list[2].query = 'label_values(vllm:num_requests_running{job=~"$job"}}, instance)'),
    at: inDashboard((t) => positionOf(t, '}}, instance', { shift: 1 })),
  },
  {
    rule: 'template-on-time-change-reload-rule',
    mutate: ({ dashboard }) => (dashboard.templating.list[1].refresh = 1),
    at: inDashboard((t) => objectStart(t, '"name": "job"')),
  },
  {
    rule: 'panel-datasource-rule',
    mutate: ({ dashboard }) => (dashboard.panels[1].datasource = { type: 'prometheus', uid: 'P1809F7CD0C75ACF3' }),
    at: inDashboard((t) => objectStart(t, '"title": "Generation throughput"')),
  },
  {
    rule: 'panel-title-description-rule',
    mutate: ({ dashboard }) => delete dashboard.panels[2].description,
    at: inDashboard((t) => objectStart(t, '"title": "End-to-end latency p95"')),
  },
  {
    rule: 'panel-units-rule',
    mutate: ({ dashboard }) => delete dashboard.panels[3].fieldConfig.defaults.unit,
    at: inDashboard((t) => positionOf(t, '"defaults": {}', { shift: '"defaults": '.length })),
  },
  {
    rule: 'panel-no-targets-rule',
    mutate: ({ dashboard }) => (dashboard.panels[3].targets = []),
    at: inDashboard((t) => objectStart(t, '"title": "KV-cache usage"')),
  },
  {
    rule: 'target-promql-rule',
    mutate: ({ dashboard }) => editExpr(dashboard, 1, /\)$/, ') ** 2'),
    // the error is on the second `*`; escaped quotes earlier in the JSON string must not shift it
    at: inDashboard((t) => positionOf(t, ') ** 2', { shift: 3 })),
  },
  {
    rule: 'target-rate-interval-rule',
    mutate: ({ dashboard }) => editExpr(dashboard, 1, '[$__rate_interval]', '[5m]'),
    at: inDashboard((t) => positionOf(t, '[5m]', { shift: 1 })),
  },
  {
    rule: 'target-job-rule',
    mutate: ({ dashboard }) => editExpr(dashboard, 1, 'job=~"$job", ', ''),
    at: inDashboard((t) => positionOf(t, 'vllm:generation_tokens_total')),
  },
  {
    rule: 'target-instance-rule',
    mutate: ({ dashboard }) => editExpr(dashboard, 1, 'instance=~"$instance", ', ''),
    at: inDashboard((t) => positionOf(t, 'vllm:generation_tokens_total')),
  },
  {
    rule: 'target-counter-agg-rule',
    mutate: ({ dashboard }) => editExpr(dashboard, 1, /rate\((.*)\[\$__rate_interval\]\)/, '$1'),
    at: inDashboard((t) => positionOf(t, 'vllm:generation_tokens_total')),
    also: ['counter-rate'],
  },
  {
    rule: 'uneditable-dashboard',
    mutate: ({ dashboard }) => (dashboard.editable = true),
    at: inDashboard((t) => positionOf(t, '"editable": true', { shift: '"editable": '.length })),
  },
  {
    rule: 'metric-exists',
    mutate: ({ dashboard }) => editExpr(dashboard, 3, 'kv_cache_usage_perc', 'kv_cache_usage_percent'),
    at: inDashboard((t) => positionOf(t, 'vllm:kv_cache_usage_percent')),
  },
  {
    rule: 'counter-rate',
    mutate: ({ dashboard }) => editExpr(dashboard, 2, /rate\((vllm:e2e_request_latency_seconds_count[^[]*)\[\$__rate_interval\]\)/, '$1', 1),
    at: inDashboard((t) => positionOf(t, 'vllm:e2e_request_latency_seconds_count')),
  },
  {
    rule: 'gauge-rate',
    mutate: ({ dashboard }) => editExpr(dashboard, 3, /avg\((.*)\)/, 'avg(rate($1[$__rate_interval]))'),
    at: inDashboard((t) => positionOf(t, 'vllm:kv_cache_usage_perc')),
  },
  {
    rule: 'histogram-le',
    mutate: ({ dashboard }) => editExpr(dashboard, 2, 'sum by (le, model_name)', 'sum by (model_name)'),
    at: inDashboard((t) => positionOf(t, 'sum by (model_name) (rate(vllm:e2e_request_latency_seconds_bucket')),
  },
  {
    rule: 'vllm-ratio-sum',
    mutate: ({ dashboard }) => editExpr(dashboard, 3, /^avg/, 'sum'),
    at: inDashboard((t) => positionOf(t, 'sum(vllm:kv_cache_usage_perc')),
  },
  {
    rule: 'vllm-sum-rate-as-latency',
    mutate: ({ dashboard }) => editExpr(dashboard, 2, / \/ sum by .*$/, '', 1),
    at: inDashboard((t) => positionOf(t, 'vllm:e2e_request_latency_seconds_sum')),
  },
  {
    rule: 'vllm-counter-total-suffix',
    mutate: ({ dashboard }) => editExpr(dashboard, 1, 'generation_tokens_total', 'generation_tokens'),
    at: inDashboard((t) => positionOf(t, 'vllm:generation_tokens{')),
  },
  {
    rule: 'vllm-model-variable-scope',
    mutate: ({ dashboard }) => (dashboard.templating.list[3].query = 'label_values(model_name)'),
    at: inDashboard((t) => positionOf(t, '"label_values(model_name)"')),
  },
  {
    rule: 'rule-expr-promql',
    mutate: ({ rules }) => (rules.groups[0].rules[0].expr = 'sum by (cluster, job, model_name) (rate(vllm:generation_tokens_total[5m]))) '),
    at: inRules((t) => positionOf(t, '[5m]))) ', { shift: 6 })),
  },
  {
    rule: 'alert-name-camelcase',
    mutate: ({ rules }) => (rules.groups[1].rules[0].alert = 'VllmKV_cache_near_full'),
    at: inRules((t) => positionOf(t, 'VllmKV_cache_near_full')),
  },
  {
    rule: 'alert-severity',
    mutate: ({ rules }) => (rules.groups[1].rules[0].labels.severity = 'page'),
    at: inRules((t) => positionOf(t, 'severity: page')),
  },
  {
    rule: 'alert-summary-missing',
    mutate: ({ rules }) => delete rules.groups[1].rules[0].annotations.summary,
    at: inRules((t) => positionOf(t, 'description: ')),
  },
  {
    rule: 'alert-summary-style',
    mutate: ({ rules }) => (rules.groups[1].rules[0].annotations.summary = 'KV cache of {{ $labels.model_name }} is nearly full.'),
    at: inRules((t) => positionOf(t, 'KV cache of')),
  },
  {
    rule: 'alert-description-missing',
    mutate: ({ rules }) => delete rules.groups[1].rules[0].annotations.description,
    at: inRules((t) => positionOf(t, 'summary: ')),
  },
  {
    rule: 'alert-description-templating',
    mutate: ({ rules }) => (rules.groups[1].rules[0].annotations.description = 'KV-cache usage is high.'),
    at: inRules((t) => positionOf(t, 'KV-cache usage is high.')),
  },
  {
    rule: 'alert-runbook-url-missing',
    mutate: ({ rules }) => delete rules.groups[1].rules[0].annotations.runbook_url,
    at: inRules((t) => positionOf(t, 'summary: ')),
  },
  {
    rule: 'alert-for-missing',
    mutate: ({ rules }) => delete rules.groups[1].rules[0].for,
    at: inRules((t) => positionOf(t, 'alert: VllmKVCacheNearFull')),
  },
  {
    rule: 'duplicate-rules',
    mutate: ({ rules }) => rules.groups[0].rules.push({ ...rules.groups[0].rules[0] }),
    at: inRules((t) => positionOf(t, 'record: model_name:vllm_generation_tokens:rate5m', { occurrence: 1 })),
  },
  {
    rule: 'recording-rule-naming',
    mutate: ({ rules }) => (rules.groups[0].rules[1].record = 'job_model:vllm_e2e_request_latency_seconds:p95_rate5m'),
    at: inRules((t) => positionOf(t, 'job_model:vllm_e2e')),
  },
];

describe('lint rules on generated output', () => {
  it('the clean dashboard and rule file pass every check', () => {
    const { dashboard, rules } = fresh();
    expect(check(dashboard, rules).lines).toEqual([]);
  });

  it('every generated-output rule has a failing case below', () => {
    const covered = new Set(CASES.map((c) => c.rule));
    const untested = RULES.filter((r) => r.scope !== 'foreign' && !covered.has(r.id)).map((r) => r.id);
    expect(untested).toEqual([]);
  });

  for (const c of CASES) {
    it(`${c.rule}: reports the defect at its location`, () => {
      const f = fresh();
      c.mutate(f);
      const result = check(f.dashboard, f.rules, c.config);
      const findings = result.lines.map(parseFinding);
      const expected = c.at(result);
      expect(findings.map((x) => x.rule).sort(), result.lines.join('\n')).toEqual([c.rule, ...(c.also ?? [])].sort());
      const own = findings.find((x) => x.rule === c.rule)!;
      expect({ file: own.file, position: own.at }, result.lines.join('\n')).toEqual(expected);
    });
  }

  it('template-datasource-rule: a dashboard that queries nothing (text panels only) needs no data source variable; one that queries does', () => {
    const { dashboard, rules } = fresh();
    const text = { id: 1, type: 'text', title: 'Notes', gridPos: { x: 0, y: 0, w: 24, h: 4 }, options: { mode: 'markdown', content: 'hi' } };
    const textOnly = { ...dashboard, templating: { list: [] }, panels: [text] };
    expect(check(textOnly, rules).lines.filter((l) => l.includes('template-datasource-rule'))).toEqual([]);
    const queries = { ...dashboard, templating: { list: [] }, panels: [text, ...dashboard.panels] };
    expect(check(queries, rules).lines.filter((l) => l.includes('template-datasource-rule'))).toEqual([expect.stringMatching(/has no data source variable/)]);
  });

  it('metric-exists holds dashboards to the configured version: ITL before 0.11 is not there', () => {
    const { dashboard, rules } = fresh();
    editExpr(dashboard, 2, 'e2e_request_latency_seconds_bucket', 'inter_token_latency_seconds_bucket');
    const findings = check(dashboard, rules, { vllm: { version: '0.10' } }).lines;
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatch(/metric-exists: .*does not exist before vLLM 0\.11/);
    expect(check(dashboard, rules, { vllm: { version: '0.11' } }).lines).toEqual([]);
  });

  it('metric-exists accepts series the rules record, and DCGM metrics only with extraJobs.dcgm', () => {
    const { dashboard, rules } = fresh();
    dashboard.panels[3].targets.push({ refId: 'B', expr: 'avg(DCGM_FI_DEV_GPU_UTIL{job=~"$job", instance=~"$instance"})' });
    dashboard.panels[3].targets.push({ refId: 'C', expr: 'max(model_name:vllm_generation_tokens:rate5m{job=~"$job", instance=~"$instance"})' });
    const without = check(dashboard, rules).lines;
    expect(without).toHaveLength(1);
    expect(without[0]).toMatch(/metric-exists: panel "KV-cache usage" target B .*DCGM_FI_DEV_GPU_UTIL/);
    expect(check(dashboard, rules, { extraJobs: { dcgm: true } }).lines).toEqual([]);
  });

  it('an `or` of a concept\'s names for a mixed fleet passes', () => {
    const { dashboard, rules } = fresh();
    const setup = buildSetup(resolveConfig({ vllm: { version: '>=0.10 <0.13' } }));
    const itl = setup.catalog.concept('interTokenLatency');
    expect(itl.length).toBeGreaterThan(1);
    const arm = (name: string) => `rate(${name}_bucket{job=~"$job", instance=~"$instance"}[$__rate_interval])`;
    dashboard.panels[2].targets[0].expr = `histogram_quantile(0.5, sum by (le) (${itl.map(arm).join(' or ')}))`;
    expect(check(dashboard, rules, { vllm: { version: '>=0.10 <0.13' } }).lines).toEqual([]);
  });
});
