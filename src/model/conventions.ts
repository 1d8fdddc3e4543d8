// Every name the output shares between artifacts lives here (as Sloth's conventions package does):
// label names, recording-rule names, dashboard uids and file paths. Dashboards read the series the
// rules record, so both sides must take names from this file.

export const LABEL = {
  model: 'model_name',
  engine: 'engine',
  instance: 'instance',
  job: 'job',
  namespace: 'namespace',
  pod: 'pod',
  container: 'container',
  /** Target label naming the deployments[] entry a vLLM server belongs to. */
  deployment: 'deployment',
  finishedReason: 'finished_reason',
  /** prometheus-fastapi-instrumentator's grouped HTTP status ("2xx" … "5xx"). */
  httpStatus: 'status',
  le: 'le',
  sloName: 'slo',
  sloWindow: 'window',
  /** On the objective recording: what the SLO promises, in words (the SLO dashboard's row title). */
  sloTitle: 'slo_title',
  /** Long and short window of a burn-rate alert. */
  sloLong: 'long',
  sloShort: 'short',
  severity: 'severity',
} as const;

/** Window of every recorded rate. Dashboards that read recordings trade $__rate_interval for speed. */
export const RECORDING_WINDOW = '5m';

export const QUANTILES = [0.5, 0.9, 0.95, 0.99] as const;
export type Quantile = (typeof QUANTILES)[number];

/**
 * Aggregation level of a recording: the label set it keeps. `cluster` and `job` are always kept so a
 * Thanos/Mimir fleet stays apart; a label the series lack is simply absent.
 *  - model:    cluster, job, model_name
 *  - instance: cluster, job, instance, model_name
 *  - job:      cluster, job                    (HTTP metrics carry no model_name)
 *  - instance_http: cluster, job, instance
 */
export type Level = 'model' | 'instance' | 'job' | 'instance_http';

/**
 * Levels that also keep a label which locates nothing, for dashboard breakdowns only (no alert is
 * located by them):
 *  - model_reason: cluster, job, model_name, finished_reason
 *  - job_status:   cluster, job, status       (HTTP responses by status class)
 */
export type RecordLevel = Level | 'model_reason' | 'job_status';

export function levelLabels(level: RecordLevel, clusterLabel: string): string[] {
  switch (level) {
    case 'model':
      return [clusterLabel, LABEL.job, LABEL.model];
    case 'instance':
      return [clusterLabel, LABEL.job, LABEL.instance, LABEL.model];
    case 'job':
      return [clusterLabel, LABEL.job];
    case 'instance_http':
      return [clusterLabel, LABEL.job, LABEL.instance];
    case 'model_reason':
      return [clusterLabel, LABEL.job, LABEL.model, LABEL.finishedReason];
    case 'job_status':
      return [clusterLabel, LABEL.job, LABEL.httpStatus];
  }
}

const LEVEL_PREFIX: Record<RecordLevel, string> = {
  model: 'model_name',
  instance: 'instance_model_name',
  job: 'job',
  instance_http: 'instance',
  model_reason: 'model_name_finished_reason',
  job_status: 'job_status',
};

/**
 * Recording-rule names: `level:signal`, where the signal's stable id (src/signals) is itself
 * `metric:operation`, so every name has exactly two colons. The id never follows a vLLM rename.
 *
 *   model_name:vllm_e2e_request_latency_seconds:p95_rate5m
 *   instance_model_name:vllm_generation_tokens:rate5m
 *   model_name:vllm_kv_cache_usage_perc:max
 */
export function recordName(level: RecordLevel, signalId: string): string {
  return `${LEVEL_PREFIX[level]}:${signalId}`;
}

/** SLO recordings carry the SLO name and the window as labels (the window is not in the name). */
export const SLO_RECORD = {
  errorRatio: 'slo:sli_error:ratio_rate',
  requests: 'slo:sli_requests:total_increase',
  errors: 'slo:sli_errors:total_increase',
  objective: 'slo:objective:ratio',
  errorBudget: 'slo:error_budget:ratio',
  burnRate: 'slo:burn_rate:ratio',
  budgetRemaining: 'slo:period_error_budget_remaining:ratio',
} as const;

/**
 * Labels a recorded series keeps, from its level prefix; undefined for names that are not recordings.
 * Lint rules use it so they demand `instance=~"$instance"` only where the series has an instance.
 */
export function recordedSeriesLabels(name: string, clusterLabel = 'cluster'): string[] | undefined {
  const prefix = name.split(':')[0];
  if (name.split(':').length !== 3) return undefined;
  if (prefix === SLO_RECORD.objective.split(':')[0]) return [LABEL.sloName, LABEL.sloWindow];
  const level = (Object.keys(LEVEL_PREFIX) as RecordLevel[]).find((l) => LEVEL_PREFIX[l] === prefix);
  return level === undefined ? undefined : levelLabels(level, clusterLabel);
}

/** The level part every recorded series starts with: an aggregation level, or `slo`. */
export const RECORD_LEVELS: readonly string[] = [
  ...new Set([...Object.values(LEVEL_PREFIX), ...Object.values(SLO_RECORD).map((name) => name.split(':')[0])]),
];

export const DASHBOARD = {
  overview: { file: 'vllm-overview.json', title: 'vLLM overview', slug: 'overview' },
  instance: { file: 'vllm-instance.json', title: 'vLLM instance', slug: 'instance' },
  slo: { file: 'vllm-slo.json', title: 'vLLM SLO', slug: 'slo' },
} as const;
export type DashboardKey = keyof typeof DASHBOARD;

/** The alert runbook as a dashboard of text panels (docs/runbook.md); alerts link to its panels. */
export const RUNBOOK_DASHBOARD = { file: 'vllm-runbook.json', title: 'vLLM alert runbook', slug: 'runbook' } as const;

/** Output paths, relative to output.dir: a fixed contract other tools rely on. */
export const OUT = {
  dashboards: 'grafana/dashboards',
  provisioningDashboards: 'grafana/provisioning/dashboards',
  provisioningDatasources: 'grafana/provisioning/datasources',
  prometheusConfig: 'prometheus/prometheus.yml',
  rules: 'prometheus/rules',
  /** Rule files end in this, so prometheus.yml can load `rules/*.rules.yml` and nothing else. */
  ruleFileSuffix: '.rules.yml',
  ruleTests: 'prometheus/tests',
  targets: 'prometheus/targets',
  blackbox: 'prometheus/blackbox.yml',
  kubernetes: 'kubernetes',
  stack: 'stack',
  stackCompose: 'stack/docker-compose.yml',
  alertmanagerConfig: 'alertmanager/alertmanager.yml',
  /** The route subtree, inhibit rules and receivers to merge into an Alertmanager of your own. */
  alertmanagerRoute: 'alertmanager/vllm-obs-route.yml',
  /** Not `*.test.yml`: that is the promtool test files' suffix, and amtool runs these. */
  alertmanagerTests: 'alertmanager/tests/vllm-routing.yml',
  /** The compose stack's own datasource file: same datasource, URL of the compose Prometheus. */
  stackDatasources: 'stack/grafana/datasources',
  /** File name of each Grafana provisioning file (datasources/ and dashboards/). */
  provisioningFile: 'vllm-obs.yaml',
  manifest: '.vllm-obs-manifest.json',
} as const;

/** Job names of the optional extra scrape jobs (extraJobs.*); dashboards may select on them. */
export const EXTRA_JOB = {
  prometheus: 'prometheus',
  dcgm: 'dcgm-exporter',
} as const;
