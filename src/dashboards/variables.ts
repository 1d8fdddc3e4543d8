// Template variables and the label matchers every query builds from them. The chain is
// datasource → cluster → job → namespace → model_name → instance → engine: each list is scoped by the
// variables before it, and every list comes from a vLLM metric, so other exporters' labels (node
// exporter's model_name, vllm-project/vllm #6136) never leak in.
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import { LABEL, levelLabels, SLO_RECORD, type Setup, type RecordLevel } from '../model/index.js';
import { eq, ne, re, selector, type Matcher } from '../promql/index.js';
import { DATASOURCE } from './common.js';

const VAR = {
  datasource: 'datasource',
  cluster: 'cluster',
  job: 'job',
  namespace: 'namespace',
  model: 'model_name',
  instance: 'instance',
  engine: 'engine',
} as const;

/** All values: absent labels must still match (`.*`: engine on V0, cluster and namespace outside
 *  Kubernetes or Thanos); model_name must be non-empty so the production-stack router's own `vllm:`
 *  series (labelled `server`, not model_name) stay out; job and instance, which every scraped series
 *  has, take dashboard-linter's `.+`. */
const MATCH_ANY = '.*';
const MATCH_NON_EMPTY = '.+';

/** Engine-level series carry `engine` (the data-parallel rank) on V1 from 0.8.3; a matcher on it
 *  with the `.*` all-value still matches series without it (V0, V1 before 0.8.3). */
export function hasEngineLabel(setup: Setup): boolean {
  return setup.catalog.anyEngineLabel;
}

/** Series get a namespace label from Kubernetes discovery or from deployments that name one. */
export function hasNamespaceLabel(setup: Setup): boolean {
  return setup.config.scrape.discovery === 'kubernetes' || setup.config.deployments.some((d) => d.namespace !== undefined);
}

const variableRef = (name: string) => `$${name}`;

/** One matcher per variable; namespace and engine are empty when the series lack those labels. */
function variableMatchers(setup: Setup) {
  return {
    cluster: re(setup.clusterLabel, variableRef(VAR.cluster)),
    job: re(LABEL.job, variableRef(VAR.job)),
    namespace: hasNamespaceLabel(setup) ? [re(LABEL.namespace, variableRef(VAR.namespace))] : [],
    model: re(LABEL.model, variableRef(VAR.model)),
    instance: re(LABEL.instance, variableRef(VAR.instance)),
    engine: hasEngineLabel(setup) ? [re(LABEL.engine, variableRef(VAR.engine))] : [],
  };
}

/** Label matchers for each kind of series a dashboard reads. */
export interface Filters {
  /** Series of any kind, scoped to the selected clusters only (SLO recordings). */
  readonly cluster: readonly Matcher[];
  /** vLLM engine series (model_name, engine). */
  readonly engine: readonly Matcher[];
  /** The engine variable alone (empty without an engine label), for per-target series that carry it. */
  readonly engineOnly: readonly Matcher[];
  /** Per-target series without model_name: up, process_*, http_*, cache_config_info, lora_requests_info.
   *  Every exporter has `up` and many have `http_*`, so these are pinned to the vLLM scrape job, the job
   *  every generated scrape config and monitor sets and the alerts read. */
  readonly target: readonly Matcher[];
  /** Blackbox probes of /health: the probe job's series of the same servers. */
  readonly probe: readonly Matcher[];
  /** Recorded series keep only the labels of their level. */
  recorded(level: RecordLevel): Matcher[];
}

export function filters(setup: Setup): Filters {
  const m = variableMatchers(setup);
  const byLabel: Record<string, Matcher> = { [setup.clusterLabel]: m.cluster, job: m.job, instance: m.instance, model_name: m.model };
  return {
    cluster: [m.cluster],
    engine: [m.cluster, m.job, ...m.namespace, m.model, m.instance, ...m.engine],
    engineOnly: m.engine,
    target: [m.cluster, eq(LABEL.job, setup.config.scrape.jobName), m.job, ...m.namespace, m.instance],
    // the probe job keeps the vLLM host:port as instance, so one instance matcher serves both
    probe: [m.cluster, eq(LABEL.job, setup.config.health.jobName), m.instance],
    // labels a recording splits by without a variable (finished_reason, status) stay unfiltered
    recorded: (level) => levelLabels(level, setup.clusterLabel).flatMap((label) => byLabel[label] ?? []),
  };
}

/** The vLLM series every variable list is read from: present in every version, one per engine. */
function anchorMetric(setup: Setup): string {
  return setup.catalog.concept('requestsRunning')[0];
}

type Variable = cog.Builder<dashboard.VariableModel>;

interface ListOptions {
  /** Regex sent for All. */
  allValue: string;
  /** Offer All and start there; without it the first value is selected. Default true. */
  includeAll?: boolean;
  hide?: dashboard.VariableHide;
}

/** Values of a label on the anchor metric; model_name must be set (router series lack it). */
function labelValues(setup: Setup, label: string, scope: readonly Matcher[]): string {
  const nonEmptyModel = scope.some((m) => m.label === LABEL.model) ? [] : [ne(LABEL.model, '')];
  return `label_values(${selector(anchorMetric(setup), [...scope, ...nonEmptyModel])}, ${label})`;
}

/** Multi-select everywhere, as dashboard-linter wants; panels split by the labels they select. */
function listVariable(name: string, label: string, query: string, options: ListOptions): dashboard.QueryVariableBuilder {
  const includeAll = options.includeAll ?? true;
  const variable = new dashboard.QueryVariableBuilder(name)
    .label(label)
    .datasource(DATASOURCE)
    .query(query)
    .definition(query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.NaturalAsc)
    .multi(true)
    .includeAll(includeAll)
    .allValue(options.allValue);
  if (includeAll) variable.current({ selected: true, text: 'All', value: '$__all' });
  if (options.hide !== undefined) variable.hide(options.hide);
  return variable;
}

function datasourceVariable(setup: Setup): Variable {
  const { datasourceName, datasourceUid } = setup.config.grafana;
  return new dashboard.DatasourceVariableBuilder(VAR.datasource)
    .label('Data source')
    .type('prometheus')
    .current({ selected: true, text: datasourceName, value: datasourceUid });
}

function clusterVariable(setup: Setup): Variable {
  return listVariable(VAR.cluster, 'Cluster', labelValues(setup, setup.clusterLabel, []), {
    allValue: MATCH_ANY,
    hide: setup.config.cluster.multi ? dashboard.VariableHide.DontHide : dashboard.VariableHide.HideVariable,
  });
}

/** Which variables a dashboard has: the SLO dashboard reads fleet-wide SLO recordings only. */
export type VariableSet = 'fleet' | 'instance' | 'slo';

/** The variables of a dashboard. */
export function variables(setup: Setup, set: VariableSet): Variable[] {
  if (set === 'slo') return [datasourceVariable(setup), clusterVariable(setup)];
  const m = variableMatchers(setup);
  const list: Variable[] = [
    datasourceVariable(setup),
    clusterVariable(setup),
    listVariable(VAR.job, 'Job', labelValues(setup, LABEL.job, [m.cluster]), { allValue: MATCH_NON_EMPTY }),
  ];
  if (hasNamespaceLabel(setup)) {
    list.push(listVariable(VAR.namespace, 'Namespace', labelValues(setup, LABEL.namespace, [m.cluster, m.job]), { allValue: MATCH_ANY }));
  }
  list.push(
    listVariable(VAR.model, 'Model', labelValues(setup, LABEL.model, [m.cluster, m.job, ...m.namespace]), { allValue: MATCH_NON_EMPTY }),
    // the instance dashboard opens on one server (the first, or the one a drill-down link names)
    listVariable(VAR.instance, 'Instance', labelValues(setup, LABEL.instance, [m.cluster, m.job, ...m.namespace, m.model]), {
      allValue: MATCH_NON_EMPTY,
      includeAll: set === 'fleet',
    }),
  );
  if (hasEngineLabel(setup)) {
    const scope = [m.cluster, m.job, ...m.namespace, m.model, m.instance];
    list.push(listVariable(VAR.engine, 'Engine', labelValues(setup, LABEL.engine, scope), { allValue: MATCH_ANY }));
  }
  return list;
}

/** The SLO dashboard's row repeats over this variable. */
export const SLO_VARIABLE = LABEL.sloName;

/** The SLO names, as the recordings label them, scoped to the selected clusters; All by default.
 *  Only a dashboard with SLO rows carries it: without SLO rules its query would name no series. */
/**
 * The SLOs with recordings in the selected clusters. Each option's value is the SLO's name (what the
 * row's queries match) and its text what the SLO promises (the row's title), both read from the
 * objective recording by Grafana's named capture groups (Grafana 7.4+).
 */
export function sloVariable(setup: Setup): dashboard.VariableModel {
  const objective = selector(SLO_RECORD.objective, filters(setup).cluster);
  const query = `query_result(max by (${LABEL.sloName}, ${LABEL.sloTitle}) (${objective}))`;
  return listVariable(SLO_VARIABLE, 'SLO', query, { allValue: '.+' }).regex(SLO_OPTION_REGEX).build();
}

/** query_result prints `{slo="…",slo_title="…"} value time`, labels sorted by name. */
export const SLO_OPTION_REGEX = `/${LABEL.sloName}="(?<value>[^"]+)",${LABEL.sloTitle}="(?<text>[^"]+)"/`;
