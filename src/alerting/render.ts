// The plan as Alertmanager reads it: alertmanager.yml (a complete config whose root route holds the
// vLLM subtree) and the merge file (the same subtree, inhibit rules and receivers, to append to an
// Alertmanager of your own). Key order is the order written.
import { matcherText } from './matchers.js';
import { receiverYaml } from './receivers.js';
import type { AlertingPlan, InhibitRule, Route, Timers } from './types.js';

function timersYaml(timers: Timers): Record<string, string> {
  return { group_wait: timers.groupWait, group_interval: timers.groupInterval, repeat_interval: timers.repeatInterval };
}

function routeYaml(route: Route): Record<string, unknown> {
  return {
    receiver: route.receiver,
    matchers: route.matchers.map(matcherText),
    ...(route.continue ? { continue: true } : {}),
    ...(route.routes && route.routes.length > 0 ? { routes: route.routes.map(routeYaml) } : {}),
  };
}

/** The vLLM subtree carries its own grouping and timers, so it keeps them when merged elsewhere. */
export function subtreeYaml(plan: AlertingPlan): Record<string, unknown> {
  const { receiver, matchers, routes } = routeYaml(plan.route);
  return { receiver, matchers, group_by: plan.groupBy, ...timersYaml(plan.timers), routes };
}

function inhibitYaml(rule: InhibitRule): Record<string, unknown> {
  return { source_matchers: rule.source.map(matcherText), target_matchers: rule.target.map(matcherText), equal: rule.equal };
}

export function alertmanagerYaml(plan: AlertingPlan): Record<string, unknown> {
  return {
    route: { receiver: plan.route.receiver, group_by: plan.groupBy, ...timersYaml(plan.timers), routes: [subtreeYaml(plan)] },
    inhibit_rules: plan.inhibitRules.map(inhibitYaml),
    receivers: plan.receivers.map(receiverYaml),
  };
}

/** Append each list to the same list of your alertmanager.yml (the route first in route.routes). */
export function mergeYaml(plan: AlertingPlan): Record<string, unknown> {
  return {
    routes: [subtreeYaml(plan)],
    inhibit_rules: plan.inhibitRules.map(inhibitYaml),
    receivers: plan.receivers.map(receiverYaml),
  };
}
