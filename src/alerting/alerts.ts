// What the alert path needs to know of each generated alert: its name, the severities it fires with,
// the labels that locate it, its relation to the others, and the labels it really reaches
// Alertmanager with (the promtool tests' expected alerts plus Prometheus' external labels).
import { LABEL, levelLabels, type Setup } from '../model/index.js';
import type { RuleSet, Relation } from '../rules/index.js';
import { SLO_ALERT } from '../rules/index.js';
import type { Labels } from '../rules/types.js';

export type Severity = 'critical' | 'warning' | 'info';

export interface AlertKind {
  readonly name: string;
  readonly severities: readonly Severity[];
  /** Labels that locate one firing alert (job aside: the probe job differs from the scrape job). */
  readonly location: readonly string[];
  readonly relation?: Relation;
  /** Every label set the alert fires with in its promtool tests, as Alertmanager receives it. */
  readonly examples: readonly Labels[];
}

/** The burn-rate alert of every SLO is located by its SLO. */
const SLO_LOCATION = [LABEL.sloName];

/** Labels Prometheus adds to every alert it sends (external_labels), unless the alert has them. */
export function externalLabels(setup: Setup): Labels {
  const { config } = setup;
  return { ...config.externalLabels, ...(config.cluster.name ? { [setup.clusterLabel]: config.cluster.name } : {}) };
}

export function alertKinds(setup: Setup, rules: RuleSet): AlertKind[] {
  const external = externalLabels(setup);
  const examplesOf = (name: string) =>
    rules.firing.filter((labels) => labels.alertname === name).map((labels) => ({ ...external, ...labels }));
  const withoutJob = (labels: readonly string[]) => labels.filter((label) => label !== LABEL.job);
  const kinds: AlertKind[] = rules.alerts.map((alert) => ({
    name: alert.name,
    severities: [alert.rule.labels[LABEL.severity] as Severity],
    location: withoutJob(levelLabels(alert.level, setup.clusterLabel)),
    relation: alert.relation,
    examples: examplesOf(alert.name),
  }));
  const burnSeverities = [...new Set(rules.slos.flatMap((slo) => slo.alerts.map((a) => a.severity)))];
  if (burnSeverities.length > 0) {
    kinds.push({
      name: SLO_ALERT,
      severities: burnSeverities,
      location: [setup.clusterLabel, ...SLO_LOCATION],
      examples: examplesOf(SLO_ALERT),
    });
  }
  return kinds;
}

/** The locating labels an alert really carries: a cluster label only where the fleet has one. */
export function carriedLocation(kind: AlertKind): string[] {
  return kind.location.filter((label) => kind.examples.some((labels) => labels[label] !== undefined));
}
