// Prometheus' target relabeling (replace, keep, drop), enough to follow what a scrape job or a
// Prometheus Operator monitor does to a discovered target. Regexes are anchored as Prometheus
// anchors them; `instance` defaults to `__address__` after relabeling, as Prometheus sets it.
export interface RelabelRule {
  source_labels?: readonly string[];
  sourceLabels?: readonly string[];
  separator?: string;
  regex?: string;
  target_label?: string;
  targetLabel?: string;
  replacement?: string;
  action?: string;
}

export type TargetLabels = Record<string, string>;

/** The labels after relabeling, or undefined when a keep/drop rule discards the target. */
export function relabel(labels: TargetLabels, rules: readonly RelabelRule[]): TargetLabels | undefined {
  let current: TargetLabels = { ...labels };
  for (const rule of rules) {
    const next = applyRule(current, rule);
    if (next === undefined) return undefined;
    current = next;
  }
  if (current.instance === undefined && current.__address__ !== undefined) current.instance = current.__address__;
  return current;
}

function applyRule(labels: TargetLabels, rule: RelabelRule): TargetLabels | undefined {
  const sources = rule.source_labels ?? rule.sourceLabels ?? [];
  const value = sources.map((name) => labels[name] ?? '').join(rule.separator ?? ';');
  const regex = new RegExp(`^(?:${rule.regex ?? '(.*)'})$`);
  const action = rule.action ?? 'replace';
  const match = regex.exec(value);
  if (action === 'keep') return match ? labels : undefined;
  if (action === 'drop') return match ? undefined : labels;
  if (action !== 'replace') throw new Error(`relabel action ${action} is not modelled`);
  if (!match) return labels;
  const target = rule.target_label ?? rule.targetLabel;
  if (target === undefined) throw new Error('replace without a target label');
  const replaced = (rule.replacement ?? '$1').replace(/\$\$|\$\{(\w+)\}|\$(\d+)/g, (whole, braced: string, plain: string) => {
    if (whole === '$$') return '$';
    return match[Number(braced ?? plain)] ?? '';
  });
  const out = { ...labels };
  if (replaced === '') delete out[target];
  else out[target] = replaced;
  return out;
}
