// The shapes of Prometheus rule files and promtool test files, as rulefmt and promtool's unittest
// read them. Key order here is the order written to YAML.

export type Labels = Readonly<Record<string, string>>;

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Labels;
}

export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels: Labels;
  readonly annotations: Labels;
}

export type Rule = RecordingRule | AlertingRule;

export interface RuleGroup {
  readonly name: string;
  readonly interval: string;
  readonly rules: readonly Rule[];
}

/** One rule file before the flavour adds ruler-specific keys. */
export interface RuleFile {
  /** What the file holds: `recording`, `alerts` or `slo`; names the file and its Mimir namespace. */
  readonly kind: string;
  readonly groups: readonly RuleGroup[];
}

export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

export interface ExpectedAlert {
  readonly exp_labels: Labels;
  readonly exp_annotations: Labels;
}

export interface AlertTestCase {
  readonly eval_time: string;
  readonly alertname: string;
  readonly exp_alerts: readonly ExpectedAlert[];
}

export interface ExpectedSample {
  readonly labels: string;
  readonly value: number;
}

export interface ExprTestCase {
  readonly expr: string;
  readonly eval_time: string;
  readonly exp_samples: readonly ExpectedSample[];
}

export interface TestGroup {
  readonly name: string;
  readonly interval: string;
  readonly input_series: readonly InputSeries[];
  readonly alert_rule_test?: readonly AlertTestCase[];
  readonly promql_expr_test?: readonly ExprTestCase[];
}

export interface TestFile {
  readonly rule_files: readonly string[];
  readonly evaluation_interval: string;
  /** promtool otherwise evaluates groups in random order, and alerts may read recordings one step old. */
  readonly group_eval_order: readonly string[];
  readonly tests: readonly TestGroup[];
}
