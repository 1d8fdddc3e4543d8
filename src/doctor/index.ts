// `vllm-obs doctor`: inspect a live vLLM server, and check dashboards against a live Prometheus.
export { diagnose, type Diagnosis, type DoctorOptions, type Finding, type Severity } from './diagnose.js';
export { configFor, configYaml } from './config.js';
export { formatDiagnosis } from './report.js';
export { ProbeError } from './probe.js';
export { parseExposition, ExpositionError, type Exposition, type ParsedFamily, type ParsedSample } from './exposition.js';
export { checkDashboards, formatPanelProblems, panelTargets, type PanelCheckOptions, type PanelResult, type PanelTarget } from './panels.js';
export { PrometheusClient, type RuleGroupState, type RuleState } from './prometheus.js';
