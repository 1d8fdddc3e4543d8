// The Alertmanager counterpart of the promtool tests. Routing: every alert, with the labels it really
// fires with, at its configured severity and at the other two, must reach exactly the receivers the
// config asks for (computed here from alerting.receivers, not from the routing tree, which amtool
// evaluates). Inhibition: for every inhibit rule, a pair of real alerts it must mute, found by
// searching the alerts with the rule's own matchers; a rule that finds none could never mute anything.
import type { Setup } from '../model/index.js';
import { LABEL } from '../model/index.js';
import type { Labels } from '../rules/types.js';
import type { AlertKind, Severity } from './alerts.js';
import { matchesAll } from './matchers.js';
import { NULL_RECEIVER } from './receivers.js';
import { defaultReceiver } from './routes.js';
import type { InhibitCase, InhibitRule, RouteCase } from './types.js';
import { compareText } from '../order.js';

const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

/** Who must get an alert with these labels, by the meaning of alerting.receivers. */
export function expectedReceivers(setup: Setup, labels: Labels): string[] {
  const severity = labels[LABEL.severity];
  if (severity === 'info') return [NULL_RECEIVER];
  const takers = setup.config.alerting.receivers.filter(
    (receiver) =>
      (receiver.severities as readonly string[]).includes(severity) &&
      Object.entries(receiver.matchers).every(([name, value]) => labels[name] === value),
  );
  return takers.length > 0 ? takers.map((receiver) => receiver.name) : [defaultReceiver(setup)];
}

function labelKey(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => compareText(a, b)));
}

function where(labels: Labels, setup: Setup): string {
  const located = [LABEL.instance, LABEL.model, LABEL.sloName, setup.clusterLabel].filter((label) => labels[label] !== undefined);
  return located.map((label) => `${label}=${labels[label]}`).join(' ');
}

/** Every alert at every severity: at its own with the labels it really fires with (the first of
 *  each severity it fires with), at the others with those labels and the severity a
 *  `rules.alerts.<Name>.severity` override would give; then each receiver's extra matchers added to a
 *  real alert, so a receiver that only listens for `team` is tested too. */
export function routeCases(setup: Setup, kinds: readonly AlertKind[]): RouteCase[] {
  const cases = new Map<string, RouteCase>();
  const add = (labels: Labels, why: string) => {
    const key = labelKey(labels);
    if (cases.has(key)) return;
    const name = `${labels.alertname} ${labels[LABEL.severity]} ${where(labels, setup)}${why}`.trim();
    cases.set(key, { name, labels, receivers: expectedReceivers(setup, labels) });
  };
  for (const kind of kinds) {
    const [first] = kind.examples;
    if (first === undefined) continue;
    for (const severity of SEVERITIES) {
      const real = kind.examples.find((labels) => labels[LABEL.severity] === severity);
      add(real ?? { ...first, [LABEL.severity]: severity }, real ? '' : ' (severity override)');
    }
  }
  const sample = kinds.find((kind) => kind.examples.length > 0)?.examples[0];
  for (const receiver of setup.config.alerting.receivers) {
    if (sample === undefined || Object.keys(receiver.matchers).length === 0) continue;
    for (const severity of receiver.severities) {
      add({ ...sample, ...receiver.matchers, [LABEL.severity]: severity }, ` (with ${receiver.name}'s matchers)`);
    }
  }
  return [...cases.values()];
}

/** A source and a target alert at the same location: every `equal` label present and the same. */
function sameLocation(rule: InhibitRule, source: Labels, target: Labels): boolean {
  return rule.equal.every((label) => source[label] !== undefined && source[label] === target[label]);
}

export function inhibitCases(rules: readonly InhibitRule[], kinds: readonly AlertKind[]): InhibitCase[] {
  const alerts = kinds.flatMap((kind) => kind.examples);
  return rules.flatMap((rule, index) => {
    const sources = alerts.filter((labels) => matchesAll(labels, rule.source));
    const targets = alerts.filter((labels) => matchesAll(labels, rule.target));
    const targetNames = [...new Set(targets.map((labels) => labels.alertname))];
    return targetNames.flatMap((name) => {
      for (const target of targets.filter((labels) => labels.alertname === name)) {
        const source = sources.find((labels) => labels !== target && sameLocation(rule, labels, target));
        if (source === undefined) continue;
        const at = rule.equal.map((label) => `${label}=${target[label]}`).join(' ');
        const muted = `${source.alertname} (${source[LABEL.severity]}) mutes ${name} (${target[LABEL.severity]}) at ${at}`;
        return [{ name: muted, rule: index, source, target }];
      }
      return [];
    });
  });
}
