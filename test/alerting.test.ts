// The alert path after Prometheus: the alerting config keys, the inhibit rules derived from the
// alerts' relations, the routing and inhibition tests (run through the real amtool and against a real
// Alertmanager's API), prometheus.yml's alerting block and the Operator's AlertmanagerConfig.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { AlertingTests } from '../src/alerting/index.js';
import { NULL_RECEIVER } from '../src/alerting/index.js';
import { matcherText, matchesAll, parseMatcher } from '../src/alerting/matchers.js';
import { parseConfig } from '../src/config/load.js';
import { ALERT_NAMES } from '../src/config/schema.js';
import type { ConfigInput } from '../src/config/types.js';
import { InputError } from '../src/errors.js';
import { generate } from '../src/generate.js';
import { OUT } from '../src/model/index.js';
import type { Artifact } from '../src/model/artifact.js';
import { ALERTS, SLO_ALERT } from '../src/rules/index.js';
import { crdFindings } from '../src/validate/crd.js';
import { validateArtifacts } from '../src/validate/index.js';
import { runTools } from '../src/validate/promtool.js';
import { startAlertmanager, waitFor, type Server } from './helpers/servers.js';
import { toolOrSkip } from './helpers/tools.js';

const amtool = toolOrSkip('amtool');
const alertmanagerBin = toolOrSkip('prometheus-alertmanager');

type Json = any;

function problemsOf(yaml: string): string[] {
  try {
    parseConfig(yaml, 'vllm-obs.yaml');
  } catch (error) {
    if (error instanceof InputError) return [...error.problems];
    throw error;
  }
  throw new Error('config was accepted');
}

const build = (config: ConfigInput = {}) => generate(config, { validate: false });
const dataOf = (artifacts: readonly Artifact[], path: string): Json => artifacts.find((a) => a.path === path)!.data;
const testsOf = (artifacts: readonly Artifact[]) => dataOf(artifacts, OUT.alertmanagerTests) as AlertingTests;

/** A pager for critical, a ticket queue for warning, and a team that hears about its own alerts. */
const ROUTED: ConfigInput = {
  rules: { alerts: { VllmKVCacheNearFull: { labels: { team: 'ml-platform' } } } },
  alerting: {
    // no notification is due while the tests look at routing
    groupWait: '1h',
    receivers: [
      { name: 'oncall', webhookUrl: 'http://127.0.0.1:9/page', severities: ['critical'] },
      { name: 'tickets', webhookUrl: 'http://127.0.0.1:9/ticket', severities: ['warning'] },
      { name: 'ml-team', webhookUrl: 'http://127.0.0.1:9/ml', matchers: { team: 'ml-platform' } },
    ],
  },
};

describe('alerting config', () => {
  it('defaults: Prometheus sends to localhost:9093, Alertmanager 0.25 syntax, no receiver (nobody is notified)', () => {
    const config = parseConfig('');
    expect(config.alerting).toMatchObject({
      alertmanagers: ['localhost:9093'],
      scheme: 'http',
      pathPrefix: '/',
      timeout: '10s',
      alertmanagerVersion: '0.25',
      receivers: [],
    });
    expect(config.alerting).toMatchObject({ groupWait: '30s', groupInterval: '5m', repeatInterval: '4h' });
    expect(parseConfig('alerting:\n  receivers:\n    - name: oncall\n      webhookUrl: http://127.0.0.1:5001/\n').alerting.receivers[0]).toMatchObject({
      severities: ['critical', 'warning'],
      matchers: {},
      sendResolved: true,
    });
  });

  it.each([
    [
      'webhookUrlFile on Alertmanager 0.25, which has no webhook url_file',
      'alerting:\n  receivers:\n    - name: oncall\n      webhookUrlFile: /etc/am/url\n',
      /^vllm-obs\.yaml:4:\d+: alerting\.receivers\[0\]\.webhookUrlFile: Alertmanager 0\.25 has no url_file for webhooks \(added in 0\.26\); set alerting\.alertmanagerVersion: "0\.26"/,
    ],
    [
      'two receivers with one name',
      'alerting:\n  receivers:\n    - {name: a, webhookUrl: "http://h/"}\n    - {name: a, webhookUrl: "http://h/"}\n',
      /alerting\.receivers\[1\]\.name: "a" is already used by alerting\.receivers\[0\]/,
    ],
    [
      'the reserved name of the null receiver',
      'alerting:\n  receivers:\n    - {name: vllm-obs-null, webhookUrl: "http://h/"}\n',
      /"vllm-obs-null" is the receiver vllm-obs writes for info alerts/,
    ],
    [
      'a receiver that notifies nobody',
      'alerting:\n  receivers:\n    - name: quiet\n',
      /alerting\.receivers\[0\]: has no webhookUrl, webhookUrlFile, slack, pagerduty or email/,
    ],
    [
      'credentials in a webhook URL',
      'alerting:\n  receivers:\n    - {name: a, webhookUrl: "https://user:s3cret@hooks.example/x"}\n',
      /alerting\.receivers\[0\]\.webhookUrl: credentials in a URL \(user:password@\) are not allowed .*webhookBearerTokenFile.*webhookUrlFile/,
    ],
    [
      'a webhook URL that does not parse',
      'alerting:\n  receivers:\n    - {name: a, webhookUrl: "http://[x"}\n',
      /webhookUrl: "http:\/\/\[x" is not an absolute http\(s\) URL/,
    ],
    [
      'both PagerDuty keys',
      'alerting:\n  receivers:\n    - {name: a, pagerduty: {routingKeyFile: /k, serviceKeyFile: /s}}\n',
      /pagerduty: needs exactly one of routingKeyFile/,
    ],
    [
      'an SMTP password without a user',
      'alerting:\n  receivers:\n    - {name: a, email: {to: a@b.c, from: x@y.z, smarthost: "mail:25", passwordFile: /p}}\n',
      /email\.passwordFile: needs email\.username/,
    ],
    [
      'severity as a matcher',
      'alerting:\n  receivers:\n    - {name: a, webhookUrl: "http://h/", matchers: {severity: critical}}\n',
      /matchers\.severity: severity is chosen with severities/,
    ],
    [
      'an Alertmanager address that is not host:port',
      'alerting:\n  alertmanagers: ["http://am:9093"]\n',
      /alerting\.alertmanagers\[0\]: "http:\/\/am:9093" is not host:port/,
    ],
    [
      'info as a routed severity',
      'alerting:\n  receivers:\n    - {name: a, webhookUrl: "http://h/", severities: [info]}\n',
      /alerting\.receivers\[0\]\.severities\[0\]/,
    ],
    [
      'an inline SMTP password',
      'alerting:\n  receivers:\n    - {name: a, email: {to: a@b.c, from: x@y.z, smarthost: "mail:25", username: u, password: hunter2}}\n',
      /inline secrets are not allowed.*passwordFile/,
    ],
    [
      'an Alertmanager older than 0.25',
      'alerting:\n  alertmanagerVersion: "0.21"\n',
      /alertmanagerVersion: vllm-obs writes configs for Alertmanager 0\.25 or newer/,
    ],
  ])('refuses %s, naming the key', (_, yaml, message) => {
    const problems = problemsOf(yaml);
    expect(problems.some((p) => message.test(p)), problems.join('\n')).toBe(true);
    expect(problems.join('\n')).not.toMatch(/s3cret|hunter2/);
  });

  it('webhookUrlFile is written as url_file once alerting.alertmanagerVersion allows it', () => {
    const { artifacts } = build({ alerting: { alertmanagerVersion: '0.27', receivers: [{ name: 'hook', webhookUrlFile: '/etc/alertmanager/hook-url' }] } });
    const [receiver] = dataOf(artifacts, OUT.alertmanagerConfig).receivers;
    expect(receiver).toEqual({ name: 'hook', webhook_configs: [{ url_file: '/etc/alertmanager/hook-url', send_resolved: true }] });
  });

  it('every secret is a file reference in alertmanager.yml, with keys Alertmanager 0.25 knows', () => {
    const { artifacts } = build({
      alerting: {
        receivers: [
          { name: 'hook', webhookUrl: 'https://hooks.internal/vllm', webhookBearerTokenFile: '/run/secrets/hook-token' },
          { name: 'chat', slack: { apiUrlFile: '/run/secrets/slack-url', channel: '#vllm' } },
          { name: 'pager', pagerduty: { routingKeyFile: '/run/secrets/pd-key' }, severities: ['critical'] },
          { name: 'mail', email: { to: 'ml@corp.example', from: 'am@corp.example', smarthost: 'smtp.corp.example:587', username: 'am', passwordFile: '/run/secrets/smtp' } },
        ],
      },
    });
    expect(dataOf(artifacts, OUT.alertmanagerConfig).receivers).toEqual([
      {
        name: 'hook',
        webhook_configs: [
          { url: 'https://hooks.internal/vllm', send_resolved: true, http_config: { authorization: { type: 'Bearer', credentials_file: '/run/secrets/hook-token' } } },
        ],
      },
      { name: 'chat', slack_configs: [{ api_url_file: '/run/secrets/slack-url', channel: '#vllm', send_resolved: true }] },
      { name: 'pager', pagerduty_configs: [{ routing_key_file: '/run/secrets/pd-key', send_resolved: true }] },
      {
        name: 'mail',
        email_configs: [
          {
            to: 'ml@corp.example',
            from: 'am@corp.example',
            smarthost: 'smtp.corp.example:587',
            auth_username: 'am',
            auth_password_file: '/run/secrets/smtp',
            require_tls: true,
            send_resolved: true,
          },
        ],
      },
      { name: NULL_RECEIVER },
    ]);
  });
});

describe('matchers', () => {
  it('round-trip through Alertmanager quoting, and match like Alertmanager (anchored, missing = empty)', () => {
    const hostile = 'a "q" \\ b\nc, d=~e';
    const matcher = { name: 'model_name', type: '=' as const, value: hostile };
    expect(parseMatcher(matcherText(matcher))).toEqual(matcher);
    expect(matchesAll({ model_name: hostile }, [matcher])).toBe(true);
    const regex = parseMatcher('alertname=~"VllmA|VllmB"')!;
    expect(matchesAll({ alertname: 'VllmA' }, [regex])).toBe(true);
    expect(matchesAll({ alertname: 'VllmAB' }, [regex])).toBe(false);
    expect(matchesAll({}, [parseMatcher('team=""')!])).toBe(true);
  });
});

describe('inhibition, derived from the alerts', () => {
  it('every alert states how it relates to the others, and every cause it names is an alert', () => {
    expect(ALERTS.map((a) => a.name)).toEqual([...ALERT_NAMES]);
    for (const alert of ALERTS) {
      expect(alert.relation, alert.name).toBeDefined();
      if ('follows' in alert.relation) {
        expect(alert.relation.follows.length, alert.name).toBeGreaterThan(0);
        for (const cause of alert.relation.follows) expect(ALERT_NAMES, `${alert.name} follows ${cause}`).toContain(cause);
        expect(alert.relation.follows, alert.name).not.toContain(alert.name);
      } else expect(alert.relation.independent.length, alert.name).toBeGreaterThan(10);
    }
  });

  it('the relations have no cycle (two alerts muting each other would both go silent)', () => {
    const follows = new Map(ALERTS.map((a) => [a.name as string, 'follows' in a.relation ? [...a.relation.follows] : []]));
    const visit = (name: string, path: string[]): void => {
      expect(path, `cycle ${[...path, name].join(' -> ')}`).not.toContain(name);
      for (const cause of follows.get(name) ?? []) visit(cause, [...path, name]);
    };
    for (const name of follows.keys()) visit(name, []);
  });

  it('default config: target down and dead engine mute their followers on the instance; a burn-rate page mutes its ticket', () => {
    const rules = dataOf(build().artifacts, OUT.alertmanagerConfig).inhibit_rules;
    expect(rules).toEqual([
      {
        source_matchers: ['alertname="VllmTargetDown"'],
        target_matchers: ['alertname=~"VllmMetricsAbsent|VllmHealthCheckFailing|VllmKVCacheNearFull|VllmRequestQueueBacklog|VllmPreemptionsHigh|VllmNoThroughput"'],
        equal: ['instance'],
      },
      {
        source_matchers: ['alertname="VllmHealthCheckFailing"'],
        target_matchers: ['alertname=~"VllmMetricsAbsent|VllmKVCacheNearFull|VllmRequestQueueBacklog|VllmPreemptionsHigh|VllmNoThroughput"'],
        equal: ['instance'],
      },
      { source_matchers: ['alertname="VllmNoThroughput"'], target_matchers: ['alertname="VllmRequestQueueBacklog"'], equal: ['instance', 'model_name'] },
      {
        source_matchers: ['alertname="VllmErrorBudgetBurn"', 'severity="critical"'],
        target_matchers: ['alertname="VllmErrorBudgetBurn"', 'severity="warning"'],
        equal: ['slo'],
      },
    ]);
  });

  it('every follower of every relation is the target of a rule whose source is its cause', () => {
    const rules = dataOf(build().artifacts, OUT.alertmanagerConfig).inhibit_rules as Json[];
    for (const alert of ALERTS) {
      if (!('follows' in alert.relation)) continue;
      for (const cause of alert.relation.follows) {
        const rule = rules.find((r) => r.source_matchers[0] === `alertname="${cause}"`);
        expect(rule && matchesAll({ alertname: alert.name }, [parseMatcher(rule.target_matchers[0])!]), `${cause} mutes ${alert.name}`).toBe(true);
      }
    }
  });

  it('equal names the cluster label where the alerts carry one: multi-cluster, or an external label', () => {
    const equalOf = (config: ConfigInput) => (dataOf(build(config).artifacts, OUT.alertmanagerConfig).inhibit_rules as Json[]).map((r) => r.equal);
    expect(equalOf({ cluster: { multi: true, label: 'region' } })[0]).toEqual(['region', 'instance']);
    expect(equalOf({ cluster: { name: 'us-east-1' } })[0]).toEqual(['cluster', 'instance']);
    expect(equalOf({ cluster: { name: 'us-east-1' } }).at(-1)).toEqual(['cluster', 'slo']);
    const groupBy = dataOf(build({ cluster: { multi: true, label: 'region' } }).artifacts, OUT.alertmanagerConfig).route.group_by;
    expect(groupBy).toEqual(['alertname', 'region', 'model_name', 'instance', 'slo']);
  });

  it('an alert left out writes no rule for it: no health probing, no VllmHealthCheckFailing source or target', () => {
    const { artifacts } = build({ health: { enabled: false }, rules: { alerts: { VllmNoThroughput: { enabled: false } } } });
    const rules = dataOf(artifacts, OUT.alertmanagerConfig).inhibit_rules as Json[];
    const text = JSON.stringify(rules);
    expect(text).not.toContain('VllmHealthCheckFailing');
    expect(text).not.toContain('VllmNoThroughput');
    expect(rules[0].source_matchers).toEqual(['alertname="VllmTargetDown"']);
  });

  it('a rule whose labels never meet on real alerts is reported: a follower relabelled to another instance', () => {
    // the config refuses `instance` as an alert label now, so the follower is moved in the routing
    // tests' alerts, which the check reads, as a relabelling in Prometheus would move it
    const built = build({});
    const artifacts = built.artifacts.map((artifact) => {
      if (!artifact.path.startsWith('alertmanager/tests/')) return artifact;
      const data = structuredClone(artifact.data) as Json;
      for (const c of data.inhibitions) if (c.target.alertname === 'VllmNoThroughput') c.target.instance = 'pinned:1';
      return { ...artifact, data };
    });
    const findings = validateArtifacts(artifacts, built.setup);
    const never = /^alertmanager\/tests\/vllm-routing\.yml:\d+:\d+: alerting: inhibit rule 0 \(\/inhibitions\/\d+\): "instance" differs/;
    expect(findings.some((f) => never.test(f)), findings.join('\n')).toBe(true);
  });

  it('every inhibition case names a real source and target alert at one location, for every alert a rule targets', () => {
    const { artifacts, setup } = build(ROUTED);
    expect(validateArtifacts(artifacts, setup).filter((f) => f.includes('alerting:'))).toEqual([]);
    const tests = testsOf(artifacts);
    const targets = new Set(tests.inhibitions.map((c) => `${c.rule}:${c.target.alertname}`));
    expect([...targets].sort()).toEqual(
      [
        ...['VllmMetricsAbsent', 'VllmHealthCheckFailing', 'VllmKVCacheNearFull', 'VllmRequestQueueBacklog', 'VllmPreemptionsHigh', 'VllmNoThroughput'].map((n) => `0:${n}`),
        ...['VllmMetricsAbsent', 'VllmKVCacheNearFull', 'VllmRequestQueueBacklog', 'VllmPreemptionsHigh', 'VllmNoThroughput'].map((n) => `1:${n}`),
        '2:VllmRequestQueueBacklog',
        `3:${SLO_ALERT}`,
      ].sort(),
    );
  });
});

describe('routing', () => {
  it('the routing tests expect what the receivers ask for: pages, tickets, the team, and info for nobody', () => {
    const { routes } = testsOf(build(ROUTED).artifacts);
    const receiversOf = (alertname: string, severity: string) => routes.find((c) => c.labels.alertname === alertname && c.labels.severity === severity)!.receivers;
    expect(receiversOf('VllmTargetDown', 'critical')).toEqual(['oncall']);
    expect(receiversOf('VllmHighTimeToFirstToken', 'warning')).toEqual(['tickets']);
    expect(receiversOf('VllmKVCacheNearFull', 'warning')).toEqual(['tickets', 'ml-team']);
    expect(receiversOf('VllmKVCacheNearFull', 'critical')).toEqual(['oncall', 'ml-team']);
    expect(receiversOf(SLO_ALERT, 'critical')).toEqual(['oncall']);
    for (const c of routes.filter((r) => r.labels.severity === 'info')) expect(c.receivers).toEqual([NULL_RECEIVER]);
    // every alert at every severity
    for (const name of [...ALERT_NAMES, SLO_ALERT]) {
      expect(new Set(routes.filter((c) => c.labels.alertname === name).map((c) => c.labels.severity)), name).toEqual(new Set(['critical', 'warning', 'info']));
    }
  });

  it('what no receiver takes falls to the first one: a warning with only a pager configured still pages', () => {
    const { routes } = testsOf(build({ alerting: { receivers: [{ name: 'pager', webhookUrl: 'http://127.0.0.1:9/', severities: ['critical'] }] } }).artifacts);
    expect(routes.find((c) => c.labels.alertname === 'VllmKVCacheNearFull' && c.labels.severity === 'warning')!.receivers).toEqual(['pager']);
  });

  it('the labels routed are the alerts the promtool tests expect, plus the external labels Prometheus adds', () => {
    const { artifacts } = build({ cluster: { name: 'us-east-1' }, externalLabels: { region: 'us' } });
    const fired = (dataOf(artifacts, 'prometheus/tests/vllm-alerts.test.yml').tests as Json[])
      .flatMap((t) => (t.alert_rule_test ?? []) as Json[])
      .flatMap((c) => (c.exp_alerts as Json[]).map((e) => ({ alertname: c.alertname, ...e.exp_labels })));
    const routed = testsOf(artifacts).routes.map((c) => c.labels);
    for (const labels of fired) expect(routed, JSON.stringify(labels)).toContainEqual({ cluster: 'us-east-1', region: 'us', ...labels });
  });

  it.skipIf(!amtool)('amtool routes every case to exactly its receivers, and check-config accepts the config', () => {
    const { artifacts, setup } = build(ROUTED);
    const report = runTools(artifacts, setup, { find: (name) => (name === 'amtool' ? amtool : undefined), ci: false });
    expect(report.problems).toEqual([]);
    expect(report.ran).toEqual(['amtool check-config', `amtool config routes test (${testsOf(artifacts).routes.length} cases)`]);
  });

  /** The routing tests cut down to the cases for which `keep` holds, so amtool runs only those. */
  const onlyCases = (artifacts: readonly Artifact[], keep: (labels: Record<string, string>) => boolean) =>
    artifacts.map((a) => {
      if (a.kind !== 'alertmanager-tests') return a;
      return { ...a, data: { ...(a.data as Json), routes: testsOf(artifacts).routes.filter((c) => keep(c.labels)) } };
    });

  it.skipIf(!amtool)('amtool 0.25 knows every key the receivers are written with (webhook with token, Slack, PagerDuty, email)', () => {
    const receivers = [
      { name: 'hook', webhookUrl: 'https://hooks.internal/vllm', webhookBearerTokenFile: '/run/secrets/hook-token' },
      { name: 'chat', slack: { apiUrlFile: '/run/secrets/slack-url', channel: '#vllm' } },
      { name: 'pager', pagerduty: { routingKeyFile: '/run/secrets/pd-key' } },
      { name: 'pager-v1', pagerduty: { serviceKeyFile: '/run/secrets/pd-v1-key' } },
      { name: 'mail', email: { to: 'ml@corp.example', from: 'am@corp.example', smarthost: 'smtp.corp.example:587', username: 'am', passwordFile: '/run/secrets/smtp' } },
    ];
    const { artifacts, setup } = build({ alerting: { receivers } });
    const config = artifacts.filter((a) => a.kind === 'alertmanager-config');
    const report = runTools(config, setup, { find: (name) => (name === 'amtool' ? amtool : undefined), ci: false });
    expect(report.ran).toEqual(['amtool check-config']);
    expect(report.problems).toEqual([]);
  });

  it.skipIf(!amtool)('an amtool that predates webhook url_file checks a copy with a stand-in URL, and says so', () => {
    const { artifacts, setup } = build({ alerting: { alertmanagerVersion: '0.27', receivers: [{ name: 'hook', webhookUrlFile: '/run/secrets/hook-url' }] } });
    const config = artifacts.filter((a) => a.kind === 'alertmanager-config');
    const report = runTools(config, setup, { find: (name) => (name === 'amtool' ? amtool : undefined), ci: false });
    expect(report.problems).toEqual([]);
    // Debian 12's amtool is 0.25; a newer one reads url_file itself and says nothing
    const minor = Number(/version 0\.(\d+)/.exec(execFileSync(amtool!, ['--version'], { encoding: 'utf8' }))?.[1]);
    expect(report.skipped.filter((line) => line.startsWith('amtool'))).toEqual(minor < 26 ? [expect.stringMatching(/^amtool 0\.\d+ predates webhook url_file .*checked a copy of alertmanager\/alertmanager\.yml/)] : []);
  });

  it.skipIf(!amtool)('amtool reports a case the routing tree sends elsewhere (the tests can fail)', () => {
    const { artifacts: all, setup } = build(ROUTED);
    const artifacts = onlyCases(all, (labels) => labels.alertname === 'VllmTargetDown');
    const swapped = artifacts.map((a) => {
      if (a.kind !== 'alertmanager-config') return a;
      const data = structuredClone(a.data) as Json;
      const [oncall, tickets] = data.route.routes[0].routes.slice(1);
      [oncall.receiver, tickets.receiver] = [tickets.receiver, oncall.receiver];
      return { ...a, data, content: `# tampered\n${JSON.stringify(data)}\n` };
    });
    const report = runTools(swapped, setup, { find: (name) => (name === 'amtool' ? amtool : undefined), ci: false });
    expect(report.problems).toContainEqual(expect.stringMatching(/^amtool config routes test: VllmTargetDown critical instance=10\.0\.0\.1:8000: routed to tickets; expected oncall$/));
  });

  it.skipIf(!amtool)('hostile label values reach amtool intact', () => {
    const model = 'llama "q" \\ $x, {a}=~b é🙂';
    const { artifacts: all, setup: m } = build({ ...ROUTED, deployments: [{ name: 'd', model, targets: ['10.0.0.9:8000'] }] });
    const artifacts = onlyCases(all, (labels) => labels.model_name === model);
    expect(testsOf(artifacts).routes.length).toBeGreaterThan(3);
    const report = runTools(artifacts, m, { find: (name) => (name === 'amtool' ? amtool : undefined), ci: false });
    expect(report.problems).toEqual([]);
    expect(report.ran).toContain(`amtool config routes test (${testsOf(artifacts).routes.length} cases)`);
  });
});

describe.skipIf(!alertmanagerBin)('a real Alertmanager on the generated config', () => {
  let server: Server;
  const { artifacts } = build(ROUTED);
  const tests = testsOf(artifacts);
  const config = artifacts.find((a) => a.path === OUT.alertmanagerConfig)!.content;

  beforeAll(async () => {
    server = await startAlertmanager(alertmanagerBin!, config);
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function post(alerts: readonly Record<string, string>[]): Promise<void> {
    const startsAt = new Date().toISOString();
    const res = await fetch(`${server.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts.map((labels) => ({ labels, startsAt }))),
    });
    expect(res.status, await res.text()).toBe(200);
  }

  interface ApiAlert {
    labels: Record<string, string>;
    receivers: { name: string }[];
    status: { state: string; inhibitedBy: string[] };
  }

  async function alerts(): Promise<ApiAlert[]> {
    return (await (await fetch(`${server.url}/api/v2/alerts`)).json()) as ApiAlert[];
  }

  const sameLabels = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

  it('routes every case to the receivers the test expects (Alertmanager agrees with amtool)', async () => {
    await post(tests.routes.map((c) => c.labels));
    const live = await waitFor('every alert received', async () => {
      const all = await alerts();
      return all.length >= tests.routes.length && all;
    }, 20_000);
    for (const c of tests.routes) {
      const alert = live.find((a) => sameLabels(a.labels, c.labels));
      expect(alert, c.name).toBeDefined();
      expect(alert!.receivers.map((r) => r.name).sort(), c.name).toEqual([...c.receivers].sort());
    }
  });

  it('mutes every inhibition case\'s target while its source fires, and the same alert elsewhere not', async () => {
    expect(tests.inhibitions.length).toBeGreaterThan(0);
    const rules = parse(config).inhibit_rules as Json[];
    // each moved to a location of its own: a moved target may be another rule's source
    const elsewhere = tests.inhibitions.map((c, i) => ({
      ...c.target,
      ...Object.fromEntries((rules[c.rule].equal as string[]).map((label) => [label, `${c.target[label]}-elsewhere-${i}`])),
    }));
    await post([...tests.inhibitions.flatMap((c) => [c.source, c.target]), ...elsewhere]);
    const inhibited = (labels: Record<string, string>, all: ApiAlert[]) => (all.find((a) => sameLabels(a.labels, labels))?.status.inhibitedBy.length ?? 0) > 0;
    const all = await waitFor('every case muted', async () => {
      const now = await alerts();
      return tests.inhibitions.every((c) => inhibited(c.target, now)) && now;
    }, 20_000).catch(async () => alerts());
    for (const c of tests.inhibitions) expect(inhibited(c.target, all), c.name).toBe(true);
    for (const labels of elsewhere) {
      expect(all.find((a) => sameLabels(a.labels, labels)), JSON.stringify(labels)).toBeDefined();
      expect(inhibited(labels, all), `${labels.alertname} elsewhere`).toBe(false);
    }
  });
});

describe('prometheus.yml alerting block', () => {
  it('sends to the configured Alertmanagers with scheme, path prefix, timeout and API v2', () => {
    const alerting = { alertmanagers: ['am-1:9093', 'am-2:9093'], scheme: 'https' as const, pathPrefix: '/am', timeout: '5s' };
    const prom = parse(build({ alerting }).files.get(OUT.prometheusConfig)!);
    expect(prom.alerting).toEqual({
      alertmanagers: [{ scheme: 'https', path_prefix: '/am', timeout: '5s', api_version: 'v2', static_configs: [{ targets: ['am-1:9093', 'am-2:9093'] }] }],
    });
  });

  it('none without Alertmanagers, and none when a Thanos or Mimir ruler evaluates the alerts', () => {
    expect(parse(build({ alerting: { alertmanagers: [] } }).files.get(OUT.prometheusConfig)!).alerting).toBeUndefined();
    expect(parse(build({ rules: { flavour: 'thanos' } }).files.get(OUT.prometheusConfig)!).alerting).toBeUndefined();
    // alertmanager.yml is still written for the Alertmanager those rulers send to
    expect(build({ rules: { flavour: 'mimir' } }).files.has(OUT.alertmanagerConfig)).toBe(true);
  });
});

describe('the merge file', () => {
  it('holds the vLLM subtree, inhibit rules and receivers of alertmanager.yml; a drift is reported', () => {
    const { artifacts, setup } = build(ROUTED);
    const full = dataOf(artifacts, OUT.alertmanagerConfig);
    const merge = dataOf(artifacts, OUT.alertmanagerRoute);
    expect(merge).toEqual({ routes: full.route.routes, inhibit_rules: full.inhibit_rules, receivers: full.receivers });
    expect(merge.routes[0].matchers[0]).toMatch(/^alertname=~"Vllm/);
    const drifted = artifacts.map((a) => (a.path === OUT.alertmanagerRoute ? { ...a, data: { ...merge, receivers: merge.receivers.slice(1) } } : a));
    expect(validateArtifacts(drifted, setup)).toContainEqual(expect.stringMatching(/^alertmanager\/vllm-obs-route\.yml:\d+:\d+: alerting: \(\/receivers\): differs from receivers in alertmanager\/alertmanager\.yml$/));
  });
});

describe('Kubernetes: AlertmanagerConfig', () => {
  const receivers = [
    { name: 'hook', webhookUrl: 'https://hooks.internal/vllm', webhookBearerTokenFile: '/t' },
    { name: 'chat', slack: { apiUrlFile: '/s', channel: '#vllm' } },
    { name: 'pager', pagerduty: { routingKeyFile: '/p' }, severities: ['critical' as const] },
    { name: 'mail', email: { to: 'a@b.example', from: 'c@d.example', smarthost: 'smtp.example:587', username: 'u', passwordFile: '/m' } },
  ];
  const object = () => {
    const { artifacts } = build({ kubernetes: { enabled: true, alertingSecret: 'vllm-alerting', namespace: 'obs' }, alerting: { receivers } });
    return artifacts.find((a) => a.kind === 'kubernetes' && (a.data as Json).kind === 'AlertmanagerConfig')!;
  };

  it('passes the Operator CRD schema (v1alpha1)', async () => {
    const artifact = object();
    expect(artifact.path).toBe('kubernetes/alertmanagerconfig-vllm-obs.yaml');
    expect(await crdFindings([artifact])).toEqual([]);
  });

  it('reads every URL and key from the configured Secret, never inline; camelCase keys and matcher objects', () => {
    const spec = (object().data as Json).spec;
    const ref = (key: string) => ({ name: 'vllm-alerting', key });
    expect(spec.receivers).toEqual([
      {
        name: 'hook',
        webhookConfigs: [
          { urlSecret: ref('hook-webhook-url'), sendResolved: true, httpConfig: { authorization: { type: 'Bearer', credentials: ref('hook-webhook-bearer-token') } } },
        ],
      },
      { name: 'chat', slackConfigs: [{ apiURL: ref('chat-slack-api-url'), channel: '#vllm', sendResolved: true }] },
      { name: 'pager', pagerdutyConfigs: [{ routingKey: ref('pager-pagerduty-routing-key'), sendResolved: true }] },
      {
        name: 'mail',
        emailConfigs: [
          {
            to: 'a@b.example',
            from: 'c@d.example',
            smarthost: 'smtp.example:587',
            authUsername: 'u',
            authPassword: ref('mail-email-password'),
            requireTLS: true,
            sendResolved: true,
          },
        ],
      },
      { name: NULL_RECEIVER },
    ]);
    expect(JSON.stringify(spec)).not.toMatch(/https?:\/\//);
    expect(spec.route).toMatchObject({ receiver: 'hook', groupBy: ['alertname', 'model_name', 'instance', 'slo'], groupWait: '30s' });
    expect(spec.route.matchers[0]).toMatchObject({ name: 'alertname', matchType: '=~' });
    expect(spec.route.routes[1]).toEqual({ receiver: 'hook', matchers: [{ name: 'severity', matchType: '=~', value: 'critical|warning' }], continue: true });
    expect(spec.inhibitRules[0]).toEqual({
      sourceMatch: [{ name: 'alertname', matchType: '=', value: 'VllmTargetDown' }],
      targetMatch: [expect.objectContaining({ name: 'alertname', matchType: '=~' })],
      equal: ['instance'],
    });
  });

  it('a broken AlertmanagerConfig is caught by the CRD check', async () => {
    const artifact = object();
    const data = structuredClone(artifact.data) as Json;
    // the CRD of the Node-20-compatible @kubernetes-models release checks enums and required keys,
    // not duration patterns (the config schema checks those durations before they get here)
    data.spec.route.matchers[0].matchType = 'like';
    expect((await crdFindings([{ ...artifact, data }])).join('\n')).toMatch(/AlertmanagerConfig vllm-obs: .*matchType/);
  });

  it('not written when kubernetes.enabled is false', () => {
    expect([...build({ kubernetes: { enabled: false } }).files.keys()].filter((p) => p.includes('alertmanagerconfig'))).toEqual([]);
  });
});
