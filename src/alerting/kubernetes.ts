// The plan as a Prometheus Operator AlertmanagerConfig (monitoring.coreos.com/v1alpha1): camelCase
// keys, matchers as objects, and every URL and key read from one Secret (never inline). The Operator
// nests this route under its root and, by default, adds a `namespace="<this namespace>"` matcher;
// the README says how to turn that off for alerts that carry no such label.
import type { Setup } from '../model/index.js';
import { NAME_PREFIX, objectMeta, type KubernetesObject } from '../kubernetes/objects.js';
import { receiverCrd } from './receivers.js';
import type { AlertingPlan, InhibitRule, Matcher, Route } from './types.js';

function matcherCrd(matcher: Matcher): Record<string, string> {
  return { name: matcher.name, matchType: matcher.type, value: matcher.value };
}

function routeCrd(route: Route): Record<string, unknown> {
  return {
    receiver: route.receiver,
    matchers: route.matchers.map(matcherCrd),
    ...(route.continue ? { continue: true } : {}),
    ...(route.routes && route.routes.length > 0 ? { routes: route.routes.map(routeCrd) } : {}),
  };
}

function inhibitCrd(rule: InhibitRule): Record<string, unknown> {
  return { sourceMatch: rule.source.map(matcherCrd), targetMatch: rule.target.map(matcherCrd), equal: rule.equal };
}

export function alertmanagerConfig(setup: Setup, plan: AlertingPlan): KubernetesObject {
  const { receiver, matchers, routes } = routeCrd(plan.route);
  return {
    apiVersion: 'monitoring.coreos.com/v1alpha1',
    kind: 'AlertmanagerConfig',
    metadata: objectMeta(setup, NAME_PREFIX),
    spec: {
      route: {
        receiver,
        matchers,
        groupBy: plan.groupBy,
        groupWait: plan.timers.groupWait,
        groupInterval: plan.timers.groupInterval,
        repeatInterval: plan.timers.repeatInterval,
        routes,
      },
      inhibitRules: plan.inhibitRules.map(inhibitCrd),
      receivers: plan.receivers.map((r) => receiverCrd(r, plan.secretName)),
    },
  };
}
