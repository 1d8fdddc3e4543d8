// The alert path after Prometheus: alertmanager.yml, the merge file for an existing Alertmanager, and
// the routing and inhibition tests `vllm-obs validate` runs with amtool (and the test suite against a
// real Alertmanager). The AlertmanagerConfig for the Operator is built from the same plan.
import { posix } from 'node:path';
import { yamlArtifact } from '../emit/artifacts.js';
import { OUT, type Setup } from '../model/index.js';
import type { Artifact } from '../model/artifact.js';
import type { RuleSet } from '../rules/index.js';
import { alertKinds } from './alerts.js';
import { alertmanagerYaml, mergeYaml } from './render.js';
import { alertingPlan } from './routes.js';
import { inhibitCases, routeCases } from './tests.js';
import type { AlertingPlan, AlertingTests } from './types.js';

export { alertmanagerConfig } from './kubernetes.js';
export { NULL_RECEIVER, secretKeys } from './receivers.js';
export type { AlertingPlan, AlertingTests, InhibitCase, RouteCase } from './types.js';

export interface Alerting {
  readonly plan: AlertingPlan;
  readonly artifacts: Artifact[];
}

export function buildAlerting(setup: Setup, rules: RuleSet): Alerting {
  const kinds = alertKinds(setup, rules);
  const plan = alertingPlan(setup, kinds);
  const tests: AlertingTests = {
    // amtool resolves nothing against the test file; the path says which config the cases are for
    config_file: posix.relative(posix.dirname(OUT.alertmanagerTests), OUT.alertmanagerConfig),
    routes: routeCases(setup, kinds),
    inhibitions: inhibitCases(plan.inhibitRules, kinds),
  };
  return {
    plan,
    artifacts: [
      yamlArtifact(OUT.alertmanagerConfig, 'alertmanager-config', alertmanagerYaml(plan)),
      yamlArtifact(OUT.alertmanagerRoute, 'alertmanager-route', mergeYaml(plan)),
      yamlArtifact(OUT.alertmanagerTests, 'alertmanager-tests', tests),
    ],
  };
}
