// The generated recording rules, read back from the rule files vllm-obs wrote.
import { parse } from 'yaml';
import { metricNames } from './promql.mjs';

/**
 * Recording rules of every `*.rules.yml` among `files` (path → content), each with its group's
 * evaluation interval (or `defaultInterval`). Returns them in file order plus a record-name index.
 */
export function recordingRules(files, { ruleDir, suffix, defaultInterval }) {
  const rules = [];
  for (const [path, content] of files) {
    if (!path.startsWith(`${ruleDir}/`) || !path.endsWith(suffix)) continue;
    for (const group of parse(content)?.groups ?? []) {
      for (const rule of group.rules ?? []) {
        if (rule.record === undefined) continue;
        rules.push({ file: path, group: group.name, interval: group.interval ?? defaultInterval, record: rule.record, expr: rule.expr, labels: rule.labels ?? {} });
      }
    }
  }
  const byRecord = new Map();
  for (const rule of rules) byRecord.set(rule.record, [...(byRecord.get(rule.record) ?? []), rule]);
  return { rules, byRecord };
}

/** The rules needed to answer `exprs`: every rule whose record they read, transitively. */
export function rulesNeededBy(exprs, byRecord) {
  const needed = new Set();
  const visit = (expr) => {
    for (const name of metricNames(expr)) {
      for (const rule of byRecord.get(name) ?? []) {
        if (needed.has(rule)) continue;
        needed.add(rule);
        visit(rule.expr);
      }
    }
  };
  exprs.forEach(visit);
  return [...needed];
}

/**
 * Rules split into evaluation levels: level 0 reads only raw series, level n reads recordings of
 * levels below n. promtool's rule backfill evaluates against stored data only, so each level must be
 * in storage before the next is backfilled.
 */
export function ruleLevels(rules) {
  const recorded = new Map();
  for (const rule of rules) recorded.set(rule.record, [...(recorded.get(rule.record) ?? []), rule]);
  const level = new Map();
  const levelOf = (rule, path = []) => {
    if (level.has(rule)) return level.get(rule);
    if (path.includes(rule)) throw new Error(`recording rules form a cycle: ${[...path, rule].map((r) => r.record).join(' → ')}`);
    const deps = metricNames(rule.expr).flatMap((name) => recorded.get(name) ?? []);
    const value = deps.length === 0 ? 0 : 1 + Math.max(...deps.map((dep) => levelOf(dep, [...path, rule])));
    level.set(rule, value);
    return value;
  };
  const levels = [];
  for (const rule of rules) (levels[levelOf(rule)] ??= []).push(rule);
  return levels;
}

/** A rule file holding `rules`, grouped as they were generated. */
export function ruleFile(rules) {
  const groups = new Map();
  for (const rule of rules) {
    const key = `${rule.file}|${rule.group}`;
    if (!groups.has(key)) groups.set(key, { name: `${rule.group} (${rule.file})`, interval: rule.interval, rules: [] });
    groups.get(key).rules.push({ record: rule.record, expr: rule.expr, ...(Object.keys(rule.labels).length > 0 ? { labels: rule.labels } : {}) });
  }
  return { groups: [...groups.values()] };
}
