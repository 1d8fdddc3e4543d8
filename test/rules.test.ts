// The generated rule files and promtool tests, checked without binaries: every alert has a firing
// and a silent case, config overrides reach both the rule and its test, expressions read only
// metrics the configured vLLM exposes, and the naming and annotation conventions hold.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogFor, isAllowedExternal, NEWEST_VERSION } from '../src/catalog/index.js';
import { resolveConfig } from '../src/config/load.js';
import { ALERT_NAMES } from '../src/config/schema.js';
import type { ConfigInput } from '../src/config/types.js';
import { InputError } from '../src/errors.js';
import { buildSetup, QUANTILES, SLO_RECORD, type Setup } from '../src/model/index.js';
import { HISTOGRAMS, recordingName, SIGNALS } from '../src/signals/index.js';
import type { Artifact } from '../src/model/artifact.js';
import { analyzePromql } from '../src/promql/index.js';
import { ALERTS, BURN_ALERTS, buildRules, leRegex, ruleFilePath, ruleTestPath } from '../src/rules/index.js';
import type { AlertingRule, RecordingRule, RuleGroup, TestFile } from '../src/rules/types.js';

type Groups = { groups: RuleGroup[]; namespace?: string };

const VERSIONS = ['0.6.2', '0.7', '0.8.3', '0.10', '0.11', NEWEST_VERSION, '>=0.8 <0.9', '>=0.10 <0.13', '>=0.12 <0.14'] as const;

/** Multi-cluster, renamed prefix, overrides, and SLOs that read each other's series. */
const COMPLEX: ConfigInput = {
  vllm: { version: '>=0.10 <0.13', metricPrefix: 'vllm_' },
  cluster: { multi: true, name: 'us-east-1', label: 'region' },
  scrape: { jobName: 'llm.serving' },
  deployments: [{ name: 'd', model: 'org/m "quoted" name' }],
  rules: {
    evaluationInterval: '1m',
    labels: { team: 'ml-platform' },
    alerts: {
      VllmKVCacheNearFull: { threshold: 0.8, for: '5m', severity: 'critical', labels: { page: 'yes' } },
      VllmPreemptionsHigh: { enabled: false },
      VllmTargetDown: { for: '0s' },
    },
  },
  slos: [
    { name: 'availability', kind: 'availability', objective: 99.5, minRequests: 5000 },
    { name: 'e2e-fast', kind: 'latency', objective: 95, latency: 'e2e', threshold: 5, period: '28d' },
    { name: 'e2e-slow', kind: 'latency', objective: 99, latency: 'e2e', threshold: 20 },
  ],
};

const CONFIGS: [string, ConfigInput][] = [
  ['default', {}],
  ...VERSIONS.map((v): [string, ConfigInput] => [`vLLM ${v}`, { vllm: { version: v } }]),
  ['complex', COMPLEX],
];

function setupOf(config: ConfigInput): Setup {
  return buildSetup(resolveConfig(config));
}

function build(config: ConfigInput): Artifact[] {
  return buildRules(setupOf(config));
}

function artifact(artifacts: Artifact[], path: string): Artifact | undefined {
  return artifacts.find((a) => a.path === path);
}

function rulesOf(artifacts: Artifact[]): (RecordingRule | AlertingRule)[] {
  return artifacts.filter((a) => a.kind === 'rules').flatMap((a) => (a.data as Groups).groups.flatMap((g) => g.rules));
}

function alertRules(artifacts: Artifact[]): AlertingRule[] {
  return rulesOf(artifacts).filter((r): r is AlertingRule => 'alert' in r);
}

function recordingRules(artifacts: Artifact[]): RecordingRule[] {
  return rulesOf(artifacts).filter((r): r is RecordingRule => 'record' in r);
}

function testFiles(artifacts: Artifact[]): TestFile[] {
  return artifacts.filter((a) => a.kind === 'rule-tests').map((a) => a.data as TestFile);
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return [...error.problems];
    throw error;
  }
  throw new Error('no InputError was thrown');
}

/** Alert names that lack a firing or a silent promtool case. */
function uncovered(artifacts: Artifact[]): string[] {
  const cases = testFiles(artifacts).flatMap((f) => f.tests.flatMap((t) => t.alert_rule_test ?? []));
  const fires = (name: string) => cases.some((c) => c.alertname === name && c.exp_alerts.length > 0);
  const silent = (name: string) => cases.some((c) => c.alertname === name && c.exp_alerts.length === 0);
  const names = [...new Set(alertRules(artifacts).map((r) => r.alert))];
  return names.flatMap((n) => [...(fires(n) ? [] : [`${n}: no firing case`]), ...(silent(n) ? [] : [`${n}: no silent case`])]);
}

describe.each(CONFIGS)('rules for %s', (_, config) => {
  const setup = setupOf(config);
  const artifacts = build(config);
  const records = new Set(recordingRules(artifacts).map((r) => r.record));

  it('gives every emitted alert a firing and a silent promtool case', () => {
    expect(alertRules(artifacts).length).toBeGreaterThan(0);
    expect(uncovered(artifacts)).toEqual([]);
  });

  it('parses every expression and reads only metrics of the configured vLLM, allowed externals or own recordings', () => {
    const unknown: string[] = [];
    for (const rule of rulesOf(artifacts)) {
      const analysis = analyzePromql(rule.expr);
      expect(analysis.errors, rule.expr).toEqual([]);
      for (const selector of analysis.selectors) {
        const name = selector.metric!;
        if (!setup.catalog.exposes(name) && !isAllowedExternal(name) && !records.has(name)) unknown.push(`${name} in ${rule.expr}`);
        if (selector.matchers.some((m) => m.name === 'le' && m.op === '=')) unknown.push(`exact le matcher in ${rule.expr}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('feeds the tests with series names of the configured vLLM', () => {
    const names = testFiles(artifacts).flatMap((f) => f.tests.flatMap((t) => t.input_series.map((s) => s.series.split('{')[0])));
    expect(names.length).toBeGreaterThan(0);
    expect([...new Set(names)].filter((n) => !setup.catalog.exposes(n) && !isAllowedExternal(n))).toEqual([]);
  });

  it('names recordings level:metric:operation and alerts Vllm… with severity, summary, description and links', () => {
    for (const record of records) expect(record.split(':'), record).toHaveLength(3);
    for (const rule of alertRules(artifacts)) {
      expect(rule.alert).toMatch(/^Vllm([A-Z]+[a-z0-9]+)+$/);
      expect(['critical', 'warning', 'info']).toContain(rule.labels.severity);
      expect(rule.annotations.summary).toMatch(/^[A-Z][^{}]+\.$/);
      expect(rule.annotations.description).toContain('{{ $labels.');
      expect(rule.annotations.runbook_url).toBe(setup.runbookUrl(rule.alert));
      expect(rule.annotations.dashboard_url).toMatch(/^http:\/\/localhost:3000\/d\/vllm-(overview|instance|slo)$/);
    }
  });

  it('keeps the labels that locate a problem in every alert test', () => {
    const located = testFiles(artifacts)
      .flatMap((f) => f.tests.flatMap((t) => t.alert_rule_test ?? []))
      .flatMap((c) => c.exp_alerts.map((a) => ({ name: c.alertname, labels: a.exp_labels })));
    for (const { name, labels } of located) {
      expect(labels.job ?? labels.slo, name).toBeDefined();
      if (setup.config.cluster.multi) expect(labels[setup.clusterLabel], name).toBe('us-east-1');
      if (['VllmTargetDown', 'VllmHealthCheckFailing', 'VllmKVCacheNearFull'].includes(name)) expect(labels.instance, name).toBeDefined();
      for (const [k, v] of Object.entries(setup.config.rules.labels)) expect(labels[k], name).toBe(v);
    }
  });

  it('is byte-identical when built twice', () => {
    expect(build(config).map((a) => [a.path, a.content])).toEqual(artifacts.map((a) => [a.path, a.content]));
  });
});

describe('coverage check', () => {
  it('reports an alert whose firing case is missing', () => {
    const artifacts = build({});
    const tests = artifact(artifacts, ruleTestPath('alerts'))!.data as TestFile;
    const stripped = { ...tests, tests: tests.tests.filter((t) => !t.name.startsWith('VllmKVCacheNearFull fires')) };
    const mutated = artifacts.map((a) => (a.path === ruleTestPath('alerts') ? { ...a, data: stripped } : a));
    expect(uncovered(mutated)).toEqual(['VllmKVCacheNearFull: no firing case']);
  });
});

describe('alert overrides', () => {
  const alertsTest = (artifacts: Artifact[]) => artifact(artifacts, ruleTestPath('alerts'))!.data as TestFile;
  const rule = (artifacts: Artifact[], name: string) => alertRules(artifacts).find((r) => r.alert === name);
  const firingGroup = (artifacts: Artifact[], name: string) => alertsTest(artifacts).tests.find((t) => t.name.startsWith(`${name} fires`))!;

  it('changes the rule, its test series and its expected annotation with the threshold', () => {
    const before = build({});
    const after = build({ rules: { alerts: { VllmKVCacheNearFull: { threshold: 0.8 } } } });
    expect(rule(before, 'VllmKVCacheNearFull')!.expr).toMatch(/ > 0\.9$/);
    expect(rule(after, 'VllmKVCacheNearFull')!.expr).toMatch(/ > 0\.8$/);
    expect(firingGroup(after, 'VllmKVCacheNearFull').input_series).not.toEqual(firingGroup(before, 'VllmKVCacheNearFull').input_series);
    const expected = firingGroup(after, 'VllmKVCacheNearFull').alert_rule_test!.at(-1)!.exp_alerts[0];
    expect(expected.exp_annotations.description).toContain('threshold 80%');
    // nothing else moved
    expect(rule(after, 'VllmTargetDown')).toEqual(rule(before, 'VllmTargetDown'));
  });

  it('applies for, severity and labels to the rule and its expected alert', () => {
    const artifacts = build({ rules: { labels: { team: 'ml' }, alerts: { VllmHighE2ELatencyP95: { for: '1h', severity: 'critical', labels: { page: 'yes' } } } } });
    const r = rule(artifacts, 'VllmHighE2ELatencyP95')!;
    expect(r.for).toBe('1h');
    expect(r.labels).toEqual({ page: 'yes', severity: 'critical', team: 'ml' });
    const cases = firingGroup(artifacts, 'VllmHighE2ELatencyP95').alert_rule_test!;
    expect(cases.map((c) => c.eval_time)).toEqual(['59m30s', '1h10m']);
    expect(cases[1].exp_alerts[0].exp_labels).toMatchObject({ page: 'yes', severity: 'critical', team: 'ml' });
  });

  it('removes a disabled alert and all its tests', () => {
    const artifacts = build({ rules: { alerts: { VllmPreemptionsHigh: { enabled: false } } } });
    expect(rule(artifacts, 'VllmPreemptionsHigh')).toBeUndefined();
    expect(JSON.stringify(alertsTest(artifacts))).not.toContain('VllmPreemptionsHigh');
    expect(rule(build({}), 'VllmPreemptionsHigh')).toBeDefined();
  });

  it('defines every alert the config schema accepts overrides for', () => {
    expect(ALERTS.map((a) => a.name)).toEqual([...ALERT_NAMES]);
  });

  it('leaves out alerts the configured vLLM cannot express', () => {
    const names = (config: ConfigInput) => alertRules(build(config)).map((r) => r.alert);
    expect(names({ vllm: { version: '0.7' } })).not.toContain('VllmHighHTTP5xxRatio');
    expect(names({ vllm: { version: '0.10' } })).not.toContain('VllmHighErrorRatio');
    // finished_reason="error" arrived in 0.13; HTTP metrics are on by default from 0.8.5
    expect(names({ vllm: { version: '0.12' } })).not.toContain('VllmHighErrorRatio');
    expect(names({ vllm: { version: '0.13' } })).toContain('VllmHighErrorRatio');
    expect(names({ vllm: { version: '0.8.4' } })).not.toContain('VllmHighHTTP5xxRatio');
    expect(names({ vllm: { version: '0.8.5' } })).toContain('VllmHighHTTP5xxRatio');
    expect(names({ health: { enabled: false } })).not.toContain('VllmHealthCheckFailing');
    expect(names({}).filter((n) => n !== 'VllmErrorBudgetBurn')).toEqual(ALERTS.map((a) => a.name));
  });

  it('rejects thresholds that could never fire or always fire', () => {
    expect(problemsOf(() => build({ rules: { alerts: { VllmHighE2ELatencyP95: { threshold: 9000 } } } }))).toEqual([
      expect.stringMatching(/^rules\.alerts\.VllmHighE2ELatencyP95\.threshold: 9000 is at or above the largest p95 .* could never fire \(did you mean 9\? thresholds are in seconds, not milliseconds\)$/),
    ]);
    expect(problemsOf(() => build({ vllm: { version: '0.7' }, rules: { alerts: { VllmHighTimeToFirstToken: { threshold: 12 } } } }))).toHaveLength(1);
    expect(problemsOf(() => build({ rules: { alerts: { VllmHighTimeToFirstToken: { threshold: 0.0001 } } } }))[0]).toContain('below the smallest bucket bound');
    expect(problemsOf(() => build({ rules: { alerts: { VllmHighE2ELatencyP95: { threshold: 90000000 } } } }))[0]).not.toContain('did you mean');
    expect(problemsOf(() => build({ rules: { alerts: { VllmHighErrorRatio: { threshold: 5 } } } }))).toEqual([
      'rules.alerts.VllmHighErrorRatio.threshold: must be a ratio from 0 up to (not including) 1; did you mean 0.05 (5%)?',
    ]);
    expect(problemsOf(() => build({ rules: { alerts: { VllmKVCacheNearFull: { threshold: 1.2 } } } }))[0]).toContain('must be a ratio');
    expect(problemsOf(() => build({ rules: { alerts: { VllmTargetDown: { threshold: 1 } } } }))).toEqual([
      'rules.alerts.VllmTargetDown.threshold: this alert compares no value; remove threshold',
    ]);
  });
});

// What an alert says must hold for the versions the fleet runs (audit: /health codes, the error reason).
describe('version-dependent alert text', () => {
  const description = (version: string, alert: string) =>
    alertRules(build({ vllm: { version } })).find((r) => r.alert === alert)?.annotations.description ?? '';

  it.each([
    ['0.10', 'the engine died (vLLM up to 0.10 answers HTTP 500 once and then the server exits, so the probe sees refused connections) or the server is down'],
    ['0.11', 'the engine is dead (HTTP 503) or the server refuses connections'],
    ['>=0.10 <0.12', 'the engine is dead (HTTP 503 from vLLM 0.11; up to 0.10 it answers HTTP 500 once and then the server exits, so the probe sees refused connections) or the server is down'],
  ])('VllmHealthCheckFailing on %s says what a failing probe means', (version, text) => {
    expect(description(version, 'VllmHealthCheckFailing')).toContain(`: ${text}.`);
  });

  it('says the engine error ratio leaves out servers too old to report finished_reason="error"', () => {
    expect(description('0.13', 'VllmHighErrorRatio')).not.toContain('Only servers');
    expect(description('>=0.12 <0.14', 'VllmHighErrorRatio')).toContain(
      'Only servers on vLLM 0.13 or newer report finished_reason="error"; older ones are left out (VllmHighHTTP5xxRatio covers them).',
    );
  });

  it('counts, in a fleet that crosses 0.13, only the engines that report the error reason', () => {
    const rules = recordingRules(build({ vllm: { version: '>=0.12 <0.14' } }));
    const ratio = rules.find((r) => r.record === 'model_name:vllm_request_success:error_ratio_rate5m')!.expr;
    expect(ratio).toContain('and on (cluster, job, instance, model_name, engine) (rate(vllm:request_success_total{model_name!="", finished_reason="error"}[5m]))');
    const newest = recordingRules(build({ vllm: { version: '0.13' } })).find((r) => r.record === 'model_name:vllm_request_success:error_ratio_rate5m')!.expr;
    expect(newest).not.toContain(' and on ');
  });
});

describe('recording names', () => {
  it('are the same whichever prefix the fleet writes (vllm:, vllm_, ray_vllm_)', () => {
    const names = (metricPrefix: 'vllm:' | 'vllm_' | 'ray_vllm_') => recordingRules(build({ vllm: { metricPrefix } })).map((r) => r.record);
    expect(names('ray_vllm_')).toEqual(names('vllm:'));
    expect(names('vllm_')).toEqual(names('vllm:'));
    expect(recordingRules(build({ vllm: { metricPrefix: 'ray_vllm_' } })).some((r) => r.expr.includes('ray_vllm_request_success_total'))).toBe(true);
  });
});

describe('recordings the dashboards read', () => {
  /** The recordings the dashboards read in every version, by the signals' stable ids. */
  function expectedNames(): string[] {
    return [
      ...(['e2eLatency', 'timeToFirstToken', 'interTokenLatency', 'queueTime'] as const).flatMap((c) =>
        (['model', 'instance'] as const).flatMap((level) => [
          ...QUANTILES.map((q) => recordingName(HISTOGRAMS[c].quantile[q], level)),
          recordingName(HISTOGRAMS[c].mean, level),
        ]),
      ),
      ...[SIGNALS.requestRate, SIGNALS.promptTokenRate, SIGNALS.generationTokenRate, SIGNALS.preemptionRate].flatMap((signal) =>
        (['model', 'instance'] as const).map((level) => recordingName(signal, level)),
      ),
      recordingName(SIGNALS.kvCacheUsageMax, 'model'),
      recordingName(SIGNALS.kvCacheUsageAvg, 'model'),
    ];
  }

  it('records every quantile, mean, rate and ratio under the agreed names', () => {
    const setup = setupOf({});
    const records = recordingRules(buildRules(setup)).map((r) => r.record);
    expect(records).toEqual(expect.arrayContaining(expectedNames()));
    expect(records).toEqual(
      expect.arrayContaining([
        'model_name:vllm_e2e_request_latency_seconds:p95_rate5m',
        'model_name:vllm_request_success:error_ratio_rate5m',
        'instance_model_name:vllm_prefix_cache_hits:ratio_rate5m',
        'job:http_requests:5xx_ratio_rate5m',
        'instance:http_requests:5xx_ratio_rate5m',
      ]),
    );
  });

  it('keeps the names on old vLLM and skips what it lacks', () => {
    const setup = setupOf({ vllm: { version: '0.7' } });
    const rules = recordingRules(buildRules(setup));
    const records = rules.map((r) => r.record);
    expect(records).toEqual(expect.arrayContaining(expectedNames()));
    expect(records.filter((r) => /prefix_cache|http_requests|error_ratio/.test(r))).toEqual([]);
    // TPOT stands in for inter-token latency before 0.11
    const itl = rules.find((r) => r.record === 'model_name:vllm_inter_token_latency_seconds:p95_rate5m')!;
    expect(itl.expr).toContain('vllm:time_per_output_token_seconds_bucket');
  });

  it('reads both names across a mixed fleet', () => {
    const rules = recordingRules(build({ vllm: { version: '>=0.10 <0.13' } }));
    const itl = rules.find((r) => r.record === 'model_name:vllm_inter_token_latency_seconds:p99_rate5m')!;
    expect(itl.expr).toContain('vllm:inter_token_latency_seconds_bucket');
    expect(itl.expr).toContain(' or rate(vllm:time_per_output_token_seconds_bucket');
  });

  it('evaluates at the configured interval, one group per concern', () => {
    const data = artifact(build({ rules: { evaluationInterval: '1m' } }), ruleFilePath('recording'))!.data as Groups;
    expect(data.groups.map((g) => [g.name, g.interval])).toEqual([
      ['vllm-latency', '1m'],
      ['vllm-distributions', '1m'],
      ['vllm-throughput', '1m'],
      ['vllm-errors', '1m'],
      ['vllm-cache', '1m'],
    ]);
  });
});

describe('SLO rules', () => {
  const sloRules = (config: ConfigInput) => (artifact(build(config), ruleFilePath('slo'))?.data as Groups | undefined)?.groups ?? [];
  const alertsOf = (groups: RuleGroup[]) => groups.flatMap((g) => g.rules).filter((r): r is AlertingRule => 'alert' in r);

  it('pages at 14.4x/1h+5m and 6x/6h+30m and tickets at 3x/1d+2h and 1x/3d+6h over 30d', () => {
    const alerts = alertsOf(sloRules({ slos: [{ name: 'a', kind: 'availability', objective: 99.9 }] }));
    expect(alerts.map((a) => [a.labels.severity, a.labels.long, a.labels.short, a.for, a.expr.match(/> ([0-9.]+)/)![1]])).toEqual([
      ['critical', '1h', '5m', '2m', '14.4'],
      ['critical', '6h', '30m', '15m', '6'],
      ['warning', '1d', '2h', '1h', '3'],
      ['warning', '3d', '6h', '3h', '1'],
    ]);
  });

  it('scales the factors with the period', () => {
    const alerts = alertsOf(sloRules({ slos: [{ name: 'a', kind: 'availability', objective: 99.9, period: '28d' }] }));
    const factors = alerts.map((a) => Number(a.expr.match(/> ([0-9.]+)/)![1]));
    expect(factors).toEqual(BURN_ALERTS.map((b) => Number(((b.budgetConsumed * 28 * 24) / (Number.parseInt(b.long) * (b.long.endsWith('d') ? 24 : 1))).toPrecision(12))));
    expect(factors[0]).toBe(13.44);
  });

  it('keeps the window in a label, records totals and the meta series, and guards low traffic on request', () => {
    const groups = sloRules({ slos: [{ name: 'a', kind: 'availability', objective: 99.5, minRequests: 100 }] });
    const records = groups.flatMap((g) => g.rules).filter((r): r is RecordingRule => 'record' in r);
    expect(new Set(records.map((r) => r.record))).toEqual(new Set(Object.values(SLO_RECORD)));
    const windows = records.filter((r) => r.record === SLO_RECORD.burnRate).map((r) => r.labels!.window);
    expect(windows).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d']);
    // constants per cluster with events (a dashboard narrowed to one cluster finds them), one series before
    expect(records.find((r) => r.record === SLO_RECORD.errorBudget)!.expr).toBe(
      '0.005 + 0 * max by (cluster) (slo:sli_requests:total_increase{slo="a", window="30d"}) or on () vector(0.005)',
    );
    expect(records.find((r) => r.record === SLO_RECORD.objective)!.labels).toEqual({ slo: 'a', slo_title: 'a: 99.5% of requests succeed over 30d' });
    expect(records.find((r) => r.record === SLO_RECORD.requests && r.labels!.window === '30d')!.expr).toContain('avg_over_time(');
    for (const alert of alertsOf(groups)) expect(alert.expr).toMatch(/ >= 100$/);
    expect(alertsOf(sloRules({ slos: [{ name: 'a', kind: 'availability', objective: 99.5 }] }))[0].expr).not.toContain('>=');
  });

  it('counts latency SLO events from the threshold bucket with a Prometheus-3-proof le matcher', () => {
    const groups = sloRules({ slos: [{ name: 't', kind: 'latency', latency: 'ttft', threshold: 1, objective: 99 }] });
    const errors = groups.flatMap((g) => g.rules).find((r) => 'record' in r && r.record === SLO_RECORD.errors)!;
    expect(errors.expr).toContain('vllm:time_to_first_token_seconds_bucket{model_name!="", le=~"1(\\\\.0)?"}');
  });

  it('measures availability with what each vLLM exposes', () => {
    const availability = [{ name: 'a', kind: 'availability' as const, objective: 99 }];
    const errorsExpr = (version: string) =>
      sloRules({ vllm: { version }, slos: availability })
        .flatMap((g) => g.rules)
        .find((r) => 'record' in r && r.record === SLO_RECORD.errors)?.expr;
    expect(errorsExpr('0.13')).toContain('finished_reason="error"');
    expect(errorsExpr('0.12')).toContain('http_requests_total{job="vllm", status="5xx"}');
    expect(errorsExpr('0.10')).toContain('http_requests_total{job="vllm", status="5xx"}');
    expect(errorsExpr('0.8.4')).toBeUndefined();
    expect(errorsExpr('0.7')).toBeUndefined();
    expect(problemsOf(() => build({ vllm: { version: '0.10' }, slos: [{ ...availability[0], model: 'm' }] }))[0]).toMatch(/^slos\[0\]\.model: /);
  });

  it('drops burn-rate alerts that would need an error ratio above 100%', () => {
    const alerts = alertsOf(sloRules({ slos: [{ name: 'a', kind: 'availability', objective: 90 }] }));
    // a 10% budget: 14.4x would need 144% errors
    expect(alerts.map((a) => a.labels.long)).toEqual(['6h', '1d', '3d']);
  });
});

describe('le matcher', () => {
  const matches = (bound: number, le: string) => new RegExp(`^(?:${leRegex(bound)})$`).test(le);

  it('accepts the Prometheus 2 and 3 spellings of a bound and nothing else', () => {
    expect([matches(1, '1'), matches(1, '1.0'), matches(1, '10'), matches(1, '1.5')]).toEqual([true, true, false, false]);
    expect([matches(2.5, '2.5'), matches(2.5, '2x5'), matches(20, '20.0'), matches(20, '20')]).toEqual([true, false, true, true]);
  });
});

describe('latency SLO thresholds', () => {
  const latency = (version: string | undefined, threshold: number) => ({
    ...(version ? { vllm: { version } } : {}),
    slos: [{ name: 't', kind: 'latency' as const, latency: 'ttft' as const, objective: 99, threshold }],
  });

  it('are config errors off the bucket boundaries, naming the valid values', () => {
    const [problem] = problemsOf(() => resolveConfig(latency(undefined, 2.6)));
    const buckets = catalogFor(NEWEST_VERSION).buckets('vllm:time_to_first_token_seconds')!;
    expect(problem).toContain('slos[0].threshold: 2.6 is not a bucket boundary');
    expect(problem).toContain(`valid values: ${buckets.join(', ')}`);
  });

  it('follow the buckets of the configured version', () => {
    expect(() => resolveConfig(latency(undefined, 20))).not.toThrow();
    expect(problemsOf(() => resolveConfig(latency('0.7', 20)))[0]).toContain('valid values: 0.001,');
  });
});

describe('flavours', () => {
  const prometheusFiles = build({});

  it('adds partial_response_strategy to every Thanos group and writes no promtool tests', () => {
    const thanos = build({ rules: { flavour: 'thanos' } });
    expect(thanos.filter((a) => a.kind === 'rule-tests')).toEqual([]);
    for (const file of thanos) {
      const data = file.data as Groups;
      expect(data.groups.every((g) => (g as RuleGroup & { partial_response_strategy?: string }).partial_response_strategy === 'warn')).toBe(true);
      const stripped = data.groups.map(({ partial_response_strategy: _, ...g }: RuleGroup & { partial_response_strategy?: string }) => g);
      expect(stripped).toEqual((artifact(prometheusFiles, file.path)!.data as Groups).groups);
    }
  });

  it('gives every Mimir file its own namespace', () => {
    const mimir = build({ rules: { flavour: 'mimir', mimirNamespace: 'llm' } });
    const namespaces = mimir.map((a) => (a.data as Groups).namespace);
    expect(namespaces).toEqual(['llm-recording', 'llm-alerts', 'llm-slo']);
    for (const file of mimir) expect((file.data as Groups).groups).toEqual((artifact(prometheusFiles, file.path)!.data as Groups).groups);
  });
});

describe('sources', () => {
  it('spell no vLLM metric name: they come from the catalog', () => {
    const dir = join(import.meta.dirname, '../src/rules');
    for (const file of readdirSync(dir)) expect(readFileSync(join(dir, file), 'utf8'), file).not.toMatch(/vllm[:_][a-z]/);
  });

  it('have a runbook section for every alert', () => {
    const runbook = readFileSync(join(import.meta.dirname, '../docs/runbook.md'), 'utf8');
    for (const name of [...ALERTS.map((a) => a.name), 'VllmErrorBudgetBurn']) expect(runbook).toMatch(new RegExp(`^## ${name}$`, 'm'));
  });
});
