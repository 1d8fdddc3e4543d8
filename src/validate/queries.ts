// Every PromQL expression of a dashboard or rule file, parsed once: Grafana targets and annotation
// queries after macro and variable expansion, the selector inside a variable's label_values(), and
// rule expressions. Rules read the analysis; nothing parses an expression twice.
import { analyzePromql, type PromqlAnalysis } from '../promql/parse.js';
import { expandGrafana, parseVariableQuery, type VariableQuery, type VariableValues } from './grafana-vars.js';
import {
  isObject,
  ruleSubject,
  targetSubject,
  variableSubject,
  type DashboardView,
  type DatasourceRef,
  type PanelView,
  type RuleFileView,
  type RuleView,
  type TargetView,
  type VariableView,
} from './views.js';

export type QueryOrigin = 'target' | 'variable' | 'annotation' | 'alert' | 'record';

export interface Query {
  readonly file: string;
  /** Pointer of the string that holds the expression. */
  readonly pointer: string;
  readonly subject: string;
  readonly origin: QueryOrigin;
  /** The string as written. */
  readonly source: string;
  /** The PromQL that was parsed (expanded, or the inside of label_values). */
  readonly promql: string;
  readonly analysis: PromqlAnalysis;
  /** Offset in `promql` to offset in `source`. */
  toSource(offset: number): number;
  readonly dashboard?: DashboardView;
  readonly panel?: PanelView;
  readonly target?: TargetView;
  readonly variable?: VariableView;
  readonly variableQuery?: VariableQuery;
  readonly rule?: RuleView;
}

/** Parses each distinct expression text once per run. */
export class PromqlCache {
  private readonly analyses = new Map<string, PromqlAnalysis>();
  analyze(promql: string): PromqlAnalysis {
    let analysis = this.analyses.get(promql);
    if (!analysis) {
      analysis = analyzePromql(promql);
      this.analyses.set(promql, analysis);
    }
    return analysis;
  }
}

export function ruleFileQueries(view: RuleFileView, cache: PromqlCache): Query[] {
  return view.groups.flatMap((group) =>
    group.rules.flatMap((rule) =>
      rule.expr === undefined
        ? []
        : [
            {
              file: view.file,
              pointer: `${rule.pointer}/expr`,
              subject: ruleSubject(rule),
              origin: rule.kind,
              source: rule.expr,
              promql: rule.expr,
              analysis: cache.analyze(rule.expr),
              toSource: (offset: number) => offset,
              rule,
            } satisfies Query,
          ],
    ),
  );
}

export function dashboardQueries(view: DashboardView, cache: PromqlCache): Query[] {
  const values = variableValues(view);
  const expand = (text: string) => {
    const expansion = expandGrafana(text, values);
    return { promql: expansion.text, toSource: expansion.toOriginal, analysis: cache.analyze(expansion.text) };
  };
  const queries: Query[] = [];
  for (const variable of view.variables) {
    if (variable.type !== 'query' || !variable.query || !usesPrometheus(view, variable.datasource)) continue;
    const parsed = parseVariableQuery(variable.query.text);
    if (!parsed?.promql) continue;
    const inner = expand(parsed.promql.text);
    const at = parsed.promql.offset;
    queries.push({
      file: view.file,
      pointer: variable.query.pointer,
      subject: variableSubject(variable),
      origin: 'variable',
      source: variable.query.text,
      ...inner,
      toSource: (offset) => at + inner.toSource(offset),
      dashboard: view,
      variable,
      variableQuery: parsed,
    });
  }
  for (const panel of view.panels) {
    for (const target of panel.targets) {
      if (target.expr === undefined || !usesPrometheus(view, target.datasource ?? panel.datasource)) continue;
      queries.push({
        file: view.file,
        pointer: `${target.pointer}/expr`,
        subject: targetSubject(panel, target),
        origin: 'target',
        source: target.expr,
        ...expand(target.expr),
        dashboard: view,
        panel,
        target,
      });
    }
  }
  for (const annotation of view.annotations) {
    if (!annotation.expr || !usesPrometheus(view, annotation.datasource)) continue;
    queries.push({
      file: view.file,
      pointer: annotation.expr.pointer,
      subject: `annotation "${annotation.name}"`,
      origin: 'annotation',
      source: annotation.expr.text,
      ...expand(annotation.expr.text),
      dashboard: view,
    });
  }
  return queries;
}

/** The value Grafana would substitute first: current, else the first option. */
function variableValues(view: DashboardView): VariableValues {
  const first = (value: unknown): string | undefined => (Array.isArray(value) ? first(value[0]) : typeof value === 'string' ? value : undefined);
  const options = (raw: unknown) => (Array.isArray(raw) && isObject(raw[0]) ? raw[0].value : undefined);
  return new Map(view.variables.map((v) => [v.name, first(isObject(v.raw.current) ? v.raw.current.value : undefined) ?? first(options(v.raw.options))]));
}

const NOT_PROMETHEUS_UIDS = new Set(['-- Grafana --', 'grafana', '-- Dashboard --']);
const VARIABLE_REF = /^\$\{?(\w+)\}?$/;

/**
 * A query runs against Prometheus unless its data source says otherwise: a type other than
 * prometheus, Grafana's built-in sources, or a data source variable of another plugin type. With
 * no data source at all the dashboard default applies, which for a vLLM dashboard is Prometheus.
 */
export function usesPrometheus(view: DashboardView, datasource: DatasourceRef | undefined): boolean {
  if (!datasource) return true;
  if (datasource.type !== undefined && datasource.type !== 'datasource') return datasource.type === 'prometheus';
  const uid = datasource.uid ?? '';
  if (NOT_PROMETHEUS_UIDS.has(uid)) return false;
  const variable = VARIABLE_REF.exec(uid);
  if (!variable) return true;
  const ref = view.variables.find((v) => v.name === variable[1] && v.type === 'datasource');
  return ref?.query === undefined || ref.query.text === 'prometheus';
}
