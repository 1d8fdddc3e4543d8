// Every lint rule, one file each, named after its id.
import { alertDescriptionMissing } from './alert-description-missing.js';
import { alertDescriptionTemplating } from './alert-description-templating.js';
import { alertForMissing } from './alert-for-missing.js';
import { alertNameCamelcase } from './alert-name-camelcase.js';
import { alertRunbookUrlMissing } from './alert-runbook-url-missing.js';
import { alertSeverity } from './alert-severity.js';
import { alertSummaryMissing } from './alert-summary-missing.js';
import { alertSummaryStyle } from './alert-summary-style.js';
import { counterRate } from './counter-rate.js';
import { duplicateRules } from './duplicate-rules.js';
import { gaugeRate } from './gauge-rate.js';
import { histogramLe } from './histogram-le.js';
import { metricExists } from './metric-exists.js';
import { panelDatasourceRule } from './panel-datasource-rule.js';
import { panelNoTargetsRule } from './panel-no-targets-rule.js';
import { panelTitleDescriptionRule } from './panel-title-description-rule.js';
import { panelUnitsRule } from './panel-units-rule.js';
import { recordingRuleNaming } from './recording-rule-naming.js';
import { ruleExprPromql } from './rule-expr-promql.js';
import { targetCounterAggRule } from './target-counter-agg-rule.js';
import { targetInstanceRule } from './target-instance-rule.js';
import { targetJobRule } from './target-job-rule.js';
import { targetPromqlRule } from './target-promql-rule.js';
import { targetRateIntervalRule } from './target-rate-interval-rule.js';
import { templateDatasourceRule } from './template-datasource-rule.js';
import { templateInstanceRule } from './template-instance-rule.js';
import { templateJobRule } from './template-job-rule.js';
import { templateLabelPromqlRule } from './template-label-promql-rule.js';
import { templateOnTimeChangeReloadRule } from './template-on-time-change-reload-rule.js';
import type { Rule } from './types.js';
import { uneditableDashboard } from './uneditable-dashboard.js';
import { vllmCounterTotalSuffix } from './vllm-counter-total-suffix.js';
import { vllmMetricDeprecated } from './vllm-metric-deprecated.js';
import { vllmMetricUnavailable } from './vllm-metric-unavailable.js';
import { vllmRouterMetric } from './vllm-router-metric.js';
import { vllmModelVariableScope } from './vllm-model-variable-scope.js';
import { vllmRatioSum } from './vllm-ratio-sum.js';
import { vllmSumRateAsLatency } from './vllm-sum-rate-as-latency.js';

export type { Rule, RuleContext } from './types.js';

export const RULES: readonly Rule[] = [
  // grafana/dashboard-linter
  templateDatasourceRule,
  templateJobRule,
  templateInstanceRule,
  templateLabelPromqlRule,
  templateOnTimeChangeReloadRule,
  panelDatasourceRule,
  panelTitleDescriptionRule,
  panelUnitsRule,
  panelNoTargetsRule,
  targetPromqlRule,
  targetRateIntervalRule,
  targetJobRule,
  targetInstanceRule,
  targetCounterAggRule,
  uneditableDashboard,
  // alert and recording rules (mixtool, promtool, vllm-obs conventions)
  ruleExprPromql,
  alertNameCamelcase,
  alertSeverity,
  alertSummaryMissing,
  alertSummaryStyle,
  alertDescriptionMissing,
  alertDescriptionTemplating,
  alertRunbookUrlMissing,
  alertForMissing,
  duplicateRules,
  recordingRuleNaming,
  // series and their types
  metricExists,
  counterRate,
  gaugeRate,
  histogramLe,
  // vLLM upgrade safety
  vllmMetricUnavailable,
  vllmMetricDeprecated,
  vllmRouterMetric,
  vllmCounterTotalSuffix,
  vllmRatioSum,
  vllmSumRateAsLatency,
  vllmModelVariableScope,
];

export function rulesFor(mode: 'generated' | 'foreign'): Rule[] {
  return RULES.filter((rule) => rule.scope === 'all' || rule.scope === mode);
}
