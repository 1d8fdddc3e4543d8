// Output is byte-identical across runs and machines, so everything vLLM-obs sorts compares UTF-16
// code units (JavaScript's `<`), never the locale.

/** Code-unit order: `B` before `a`, `a10` before `a9`. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The same labels with their names in code-unit order, as Prometheus prints them. */
export function sortedLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => compareText(a, b)));
}
