import { posix } from 'node:path';
import { yamlArtifact } from '../emit/artifacts.js';
import { ConfigError } from '../errors.js';
import { OUT, type Setup } from '../model/index.js';
import type { Artifact } from '../model/artifact.js';
import { resolveAlerts } from './alerts.js';
import { flavoured } from './flavour.js';
import { recordingGroups } from './recording.js';
import { resolveSlos, sloGroups } from './slo.js';
import { alertTestGroups, recordingTestGroups, sloTestEvaluation, sloTestGroups } from './tests.js';
import type { Labels, RuleFile, TestFile, TestGroup } from './types.js';
import type { ResolvedAlert } from './alerts.js';
import type { ResolvedSlo } from './slo.js';

export { ALERTS, alertThreshold, resolveAlerts, type Relation, type ResolvedAlert } from './alerts.js';
export { BURN_ALERTS, BURN_WINDOWS, SLO_ALERT, leRegex, resolveSlos } from './slo.js';

/** Rule files (and promtool test files) by kind; a kind with no rules writes no file. */
export const RULE_KINDS = ['recording', 'alerts', 'slo'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export function ruleFilePath(kind: RuleKind): string {
  return `${OUT.rules}/vllm-${kind}${OUT.ruleFileSuffix}`;
}

export function ruleTestPath(kind: RuleKind): string {
  return `${OUT.ruleTests}/vllm-${kind}.test.yml`;
}

interface Built {
  readonly file: RuleFile & { readonly kind: RuleKind };
  readonly tests: readonly TestGroup[];
  /** promtool's evaluation step for the tests (the rules' own interval unless stated). */
  readonly testEvaluation?: string;
}

/** Everything the rules builder resolved, for the builders downstream (Alertmanager routing). */
export interface RuleSet {
  readonly artifacts: Artifact[];
  readonly alerts: readonly ResolvedAlert[];
  readonly slos: readonly ResolvedSlo[];
  /** Every alert the promtool tests expect to fire, with all its labels (alertname included), in any
   *  flavour: the Alertmanager routing tests route exactly these. */
  readonly firing: readonly Labels[];
}

/** Recording, alert and SLO rule files and their promtool tests. */
export function buildRules(setup: Setup): Artifact[] {
  return buildRuleSet(setup).artifacts;
}

export function buildRuleSet(setup: Setup): RuleSet {
  const { alerts, problems: alertProblems } = resolveAlerts(setup);
  const { slos, problems: sloProblems } = resolveSlos(setup);
  const problems = [...alertProblems, ...sloProblems];
  if (problems.length > 0) throw new ConfigError(problems);
  const interval = setup.config.rules.evaluationInterval;
  const built: Built[] = [
    { file: { kind: 'recording', groups: recordingGroups(setup) }, tests: recordingTestGroups(setup) },
    {
      file: { kind: 'alerts', groups: alerts.length > 0 ? [{ name: 'vllm-alerts', interval, rules: alerts.map((a) => a.rule) }] : [] },
      tests: alertTestGroups(setup, alerts),
    },
    { file: { kind: 'slo', groups: sloGroups(setup, slos) }, tests: sloTestGroups(setup, slos), testEvaluation: sloTestEvaluation(setup) },
  ];
  const written = built.filter((b) => b.file.groups.length > 0);
  return { artifacts: written.flatMap((b) => artifactsOf(setup, b)), alerts, slos, firing: firingLabels(written.flatMap((b) => b.tests)) };
}

/** The labels of each alert a test expects, once per distinct label set, in test order. */
function firingLabels(tests: readonly TestGroup[]): Labels[] {
  const seen = new Map<string, Labels>();
  for (const test of tests.flatMap((group) => group.alert_rule_test ?? [])) {
    for (const expected of test.exp_alerts) {
      const labels = { alertname: test.alertname, ...expected.exp_labels };
      seen.set(JSON.stringify(Object.entries(labels).sort()), labels);
    }
  }
  return [...seen.values()];
}

/** promtool cannot read Thanos or Mimir rule files (unknown keys), so tests exist for the
 *  prometheus flavour only; the groups are the same in every flavour. */
function artifactsOf(setup: Setup, { file, tests, testEvaluation }: Built): Artifact[] {
  const rules = yamlArtifact(ruleFilePath(file.kind), 'rules', flavoured(setup, file));
  if (setup.config.rules.flavour !== 'prometheus' || tests.length === 0) return [rules];
  const testFile: TestFile = {
    // promtool resolves rule_files against the test file's directory
    rule_files: [posix.relative(OUT.ruleTests, ruleFilePath(file.kind))],
    evaluation_interval: testEvaluation ?? setup.config.rules.evaluationInterval,
    group_eval_order: file.groups.map((g) => g.name),
    tests,
  };
  return [rules, yamlArtifact(ruleTestPath(file.kind), 'rule-tests', testFile)];
}
