// Inhibit rules, derived from the alerts themselves: every alert that follows from another (its
// `relation` in src/rules/alerts.ts) is muted while that one fires at the same location, and an alert
// firing as critical mutes its own warning at the same location (a burn-rate page mutes the same
// SLO's ticket). `equal` holds the locating labels both alerts really carry.
import { LABEL } from '../model/index.js';
import { carriedLocation, type AlertKind } from './alerts.js';
import { eq, oneOf } from './matchers.js';
import type { InhibitRule } from './types.js';

function followsOf(kind: AlertKind): readonly string[] {
  return kind.relation && 'follows' in kind.relation ? kind.relation.follows : [];
}

/** Labels shared by both alerts' locations, in the cause's order. */
function sharedLocation(cause: AlertKind, follower: AlertKind): string[] {
  const followerLabels = new Set(carriedLocation(follower));
  return carriedLocation(cause).filter((label) => followerLabels.has(label));
}

/** A relation naming an alert the config left out (disabled, or unsupported by the fleet's vLLM)
 *  has no source, so it writes no rule. */
function followerRules(kinds: readonly AlertKind[]): InhibitRule[] {
  const rules: InhibitRule[] = [];
  for (const cause of kinds) {
    const followers = kinds.filter((kind) => followsOf(kind).includes(cause.name));
    const byEqual = new Map<string, AlertKind[]>();
    for (const follower of followers) {
      const equal = sharedLocation(cause, follower);
      if (!equal.includes(LABEL.instance)) {
        const shared = equal.join(', ') || 'no label';
        throw new Error(`${follower.name} follows ${cause.name}, but they share no instance to tell where (${shared})`);
      }
      const key = equal.join(',');
      byEqual.set(key, [...(byEqual.get(key) ?? []), follower]);
    }
    for (const [key, group] of byEqual) {
      rules.push({
        source: [eq('alertname', cause.name)],
        target: [oneOf('alertname', group.map((f) => f.name))],
        equal: key.split(','),
      });
    }
  }
  return rules;
}

function severityRules(kinds: readonly AlertKind[]): InhibitRule[] {
  return kinds
    .filter((kind) => kind.severities.includes('critical') && kind.severities.includes('warning'))
    .map((kind) => {
      if (carriedLocation(kind).length === 0) {
        throw new Error(`${kind.name} carries no label that locates it; its critical would mute every warning`);
      }
      return kind;
    })
    .map((kind) => ({
      source: [eq('alertname', kind.name), eq(LABEL.severity, 'critical')],
      target: [eq('alertname', kind.name), eq(LABEL.severity, 'warning')],
      equal: carriedLocation(kind),
    }));
}

export function inhibitRules(kinds: readonly AlertKind[]): InhibitRule[] {
  return [...followerRules(kinds), ...severityRules(kinds)];
}
