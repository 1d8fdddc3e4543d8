// Checks of the Alertmanager files that need no Alertmanager: every receiver a route or a test names
// exists; the routing tests point at the generated config; every inhibit rule mutes, for each alert
// its target matchers accept, a pair of real alerts (the promtool tests' alerts) at the same location,
// with every `equal` label present on both, since a rule whose labels never match is a bug; and the
// merge file holds exactly what alertmanager.yml holds. Rule id `alerting`.
import { posix } from 'node:path';
import { matchesAll, parseMatcher } from '../alerting/matchers.js';
import type { Matcher } from '../alerting/types.js';
import type { Artifact } from '../model/artifact.js';
import type { Labels } from '../rules/types.js';
import type { Finding } from './finding.js';
import { isObject } from './views.js';

type Json = Record<string, unknown>;

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const strings = (value: unknown): string[] => asArray(value).filter((v): v is string => typeof v === 'string');

function finding(file: string, pointer: string, message: string, subject?: string): Finding {
  return { rule: 'alerting', file, pointer, message, subject };
}

function matchersOf(value: unknown): Matcher[] | undefined {
  const parsed = strings(value).map(parseMatcher);
  return parsed.every((m): m is Matcher => m !== undefined) ? parsed : undefined;
}

interface RouteAt {
  readonly route: Json;
  readonly pointer: string;
}

function routesOf(route: unknown, pointer: string): RouteAt[] {
  if (!isObject(route)) return [];
  return [{ route, pointer }, ...asArray(route.routes).flatMap((child, i) => routesOf(child, `${pointer}/routes/${i}`))];
}

function receiverFindings(config: Artifact, data: Json, receivers: Set<string>): Finding[] {
  return routesOf(data.route, '/route')
    .filter(({ route }) => typeof route.receiver === 'string' && !receivers.has(route.receiver))
    .map(({ route, pointer }) => {
      const message = `receiver "${String(route.receiver)}" is not defined in receivers`;
      return finding(config.path, `${pointer}/receiver`, message);
    });
}

interface Case {
  readonly rule: number;
  readonly source: Labels;
  readonly target: Labels;
}

/** The alert names the routing tests cover: every generated alert. */
function generatedAlerts(tests: Json): string[] {
  const names = asArray(tests.routes).flatMap((c) =>
    isObject(c) && isObject(c.labels) && typeof c.labels.alertname === 'string' ? [c.labels.alertname] : [],
  );
  return [...new Set(names)];
}

function inhibitFindings(config: Artifact, data: Json, testsArtifact: Artifact, tests: Json): Finding[] {
  const cases = asArray(tests.inhibitions).filter(isObject) as unknown as Case[];
  const names = generatedAlerts(tests);
  return asArray(data.inhibit_rules).flatMap((rule, index) => {
    const at = `/inhibit_rules/${index}`;
    const subject = `inhibit rule ${index}`;
    if (!isObject(rule)) return [];
    const source = matchersOf(rule.source_matchers);
    const target = matchersOf(rule.target_matchers);
    if (!source || !target) return [finding(config.path, at, 'has a matcher vllm-obs cannot read back', subject)];
    const equal = strings(rule.equal);
    const own = cases.filter((c) => c.rule === index);
    const problems: Finding[] = [];
    for (const c of own) {
      const why = [
        ...(matchesAll(c.source, source) ? [] : ['the source alert does not match source_matchers']),
        ...(matchesAll(c.target, target) ? [] : ['the target alert does not match target_matchers']),
        ...equal.filter((l) => c.source[l] === undefined || c.target[l] === undefined).map((l) => `"${l}" is not carried by both alerts`),
        ...equal.filter((l) => c.source[l] !== c.target[l]).map((l) => `"${l}" differs`),
      ];
      if (why.length > 0) problems.push(finding(testsArtifact.path, `/inhibitions/${cases.indexOf(c)}`, why.join('; '), subject));
    }
    // every alert the target matchers accept must be muted in some case (alertname alone decides here)
    const targeted = names.filter((name) => matchesAll({ alertname: name }, target.filter((m) => m.name === 'alertname')));
    if (targeted.length === 0) {
      problems.push(finding(config.path, `${at}/target_matchers`, 'matches none of the generated alerts', subject));
    }
    const shared = equal.join(', ') || 'no label';
    for (const name of targeted.filter((n) => !own.some((c) => c.target.alertname === n))) {
      const message = `never mutes ${name}: no pair of generated alerts matches its matchers with ${shared} equal on both`;
      problems.push(finding(config.path, at, message, subject));
    }
    return problems;
  });
}

function mergeFindings(config: Artifact, data: Json, merge: Artifact | undefined): Finding[] {
  if (!merge || !isObject(merge.data) || !isObject(data.route)) return [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const m = merge.data;
  const differ = [
    ...(same(m.routes, asArray(data.route.routes)) ? [] : ['routes']),
    ...(same(m.inhibit_rules, data.inhibit_rules) ? [] : ['inhibit_rules']),
    ...(same(m.receivers, data.receivers) ? [] : ['receivers']),
  ];
  return differ.map((key) => finding(merge.path, `/${key}`, `differs from ${key === 'routes' ? 'route.routes' : key} in ${config.path}`));
}

export function alertingFindings(artifacts: readonly Artifact[]): Finding[] {
  const config = artifacts.find((a) => a.kind === 'alertmanager-config' && isObject(a.data));
  const testsArtifact = artifacts.find((a) => a.kind === 'alertmanager-tests' && isObject(a.data));
  if (!config) return [];
  const data = config.data as Json;
  const receivers = new Set(asArray(data.receivers).flatMap((r) => (isObject(r) && typeof r.name === 'string' ? [r.name] : [])));
  const merge = artifacts.find((a) => a.kind === 'alertmanager-route');
  const findings = [...receiverFindings(config, data, receivers), ...mergeFindings(config, data, merge)];
  if (!testsArtifact) return findings;
  const tests = testsArtifact.data as Json;
  const named =
    typeof tests.config_file === 'string' ? posix.normalize(posix.join(posix.dirname(testsArtifact.path), tests.config_file)) : '';
  if (named !== config.path) {
    findings.push(finding(testsArtifact.path, '/config_file', `names ${JSON.stringify(tests.config_file)}, not ${config.path}`));
  }
  asArray(tests.routes).forEach((c, i) => {
    for (const name of isObject(c) ? strings(c.receivers) : []) {
      if (receivers.has(name)) continue;
      findings.push(finding(testsArtifact.path, `/routes/${i}/receivers`, `receiver "${name}" is not defined in ${config.path}`));
    }
  });
  findings.push(...inhibitFindings(config, data, testsArtifact, tests));
  return findings;
}
