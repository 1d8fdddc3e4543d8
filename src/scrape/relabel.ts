// Relabelings in one neutral shape. prometheus.yml spells the keys in snake_case; the Prometheus
// Operator's CRDs take this camelCase shape as it is.
export interface Relabel {
  readonly sourceLabels?: readonly string[];
  readonly regex?: string;
  readonly targetLabel?: string;
  readonly replacement?: string;
  readonly action?: 'replace' | 'keep' | 'drop';
}

export function prometheusRelabel(relabel: Relabel): Record<string, unknown> {
  const keys: [string, unknown][] = [
    ['source_labels', relabel.sourceLabels],
    ['regex', relabel.regex],
    ['target_label', relabel.targetLabel],
    ['replacement', relabel.replacement],
    ['action', relabel.action],
  ];
  return Object.fromEntries(keys.filter(([, value]) => value !== undefined));
}
