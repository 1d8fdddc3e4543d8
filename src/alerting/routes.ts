// The routing tree of the vLLM alerts. One subtree matches exactly the generated alert names, so it
// can be merged into an Alertmanager that routes other alerts too: `info` goes to the null receiver,
// every receiver gets the severities (and extra label matchers) it asked for, and what no receiver
// takes falls to the first one, so no critical alert is lost. Groups follow the labels that locate a
// problem, as the alerts really carry them.
import type { Setup } from '../model/index.js';
import { LABEL } from '../model/index.js';
import { carriedLocation, type AlertKind } from './alerts.js';
import { inhibitRules } from './inhibit.js';
import { eq, oneOf } from './matchers.js';
import { NULL_RECEIVER, receiverOf } from './receivers.js';
import type { AlertingPlan, Matcher, Route } from './types.js';

type ReceiverConfig = Setup['config']['alerting']['receivers'][number];

/** Every label some alert is located by, in a fixed order after alertname. */
export function groupBy(setup: Setup, kinds: readonly AlertKind[]): string[] {
  const carried = new Set(kinds.flatMap(carriedLocation));
  const order = [setup.clusterLabel, LABEL.model, LABEL.instance, LABEL.sloName];
  return ['alertname', ...order.filter((label) => carried.has(label))];
}

/** The receiver of everything no other route takes. */
export function defaultReceiver(setup: Setup): string {
  return setup.config.alerting.receivers[0]?.name ?? NULL_RECEIVER;
}

function receiverMatchers(receiver: ReceiverConfig): Matcher[] {
  return [oneOf(LABEL.severity, receiver.severities), ...Object.entries(receiver.matchers).map(([name, value]) => eq(name, value))];
}

function vllmRoute(setup: Setup, kinds: readonly AlertKind[]): Route {
  const receivers = setup.config.alerting.receivers;
  return {
    receiver: defaultReceiver(setup),
    matchers: [oneOf('alertname', kinds.map((kind) => kind.name))],
    routes: [
      { receiver: NULL_RECEIVER, matchers: [eq(LABEL.severity, 'info')] },
      ...receivers.map((receiver) => ({ receiver: receiver.name, matchers: receiverMatchers(receiver), continue: true })),
    ],
  };
}

export function alertingPlan(setup: Setup, kinds: readonly AlertKind[]): AlertingPlan {
  const { alerting } = setup.config;
  return {
    route: vllmRoute(setup, kinds),
    groupBy: groupBy(setup, kinds),
    timers: { groupWait: alerting.groupWait, groupInterval: alerting.groupInterval, repeatInterval: alerting.repeatInterval },
    inhibitRules: inhibitRules(kinds),
    receivers: [...alerting.receivers.map(receiverOf), { name: NULL_RECEIVER, sendResolved: false }],
    secretName: setup.config.kubernetes.alertingSecret,
  };
}
