// Read-only views of a Grafana dashboard and a Prometheus rule file, each part with its JSON pointer,
// so rules speak about "panel X" or "alert Y" and findings land on the right line. Views accept any
// JSON: a foreign dashboard may miss keys a generated one always has.
import { InputError } from '../errors.js';
import { printable } from '../text.js';
import { pointerJoin } from './finding.js';

type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export interface DatasourceRef {
  readonly type?: string;
  readonly uid?: string;
}

export interface VariableView {
  readonly pointer: string;
  readonly name: string;
  readonly type: string;
  readonly label?: string;
  readonly raw: Json;
  /** The query text (`query`, or `query.query` in newer Grafana) and its pointer. */
  readonly query?: { text: string; pointer: string };
  readonly datasource?: DatasourceRef;
}

export interface TargetView {
  readonly pointer: string;
  readonly index: number;
  readonly refId?: string;
  readonly expr?: string;
  readonly datasource?: DatasourceRef;
  readonly raw: Json;
}

export interface PanelView {
  readonly pointer: string;
  readonly type: string;
  readonly title: string;
  readonly raw: Json;
  readonly datasource?: DatasourceRef;
  readonly targets: TargetView[];
}

export interface AnnotationView {
  readonly pointer: string;
  readonly name: string;
  readonly raw: Json;
  readonly expr?: { text: string; pointer: string };
  readonly datasource?: DatasourceRef;
}

export interface DashboardView {
  readonly file: string;
  /** Pointer of the dashboard object in the file ('' or `/dashboard` for an API export). */
  readonly pointer: string;
  readonly title: string;
  readonly raw: Json;
  readonly variables: VariableView[];
  /** Every panel, rows and the panels inside collapsed rows included, in document order. */
  readonly panels: PanelView[];
  readonly annotations: AnnotationView[];
}

/** `{type, uid}`, or the legacy string form (a data source name or `$datasource`). */
function datasourceOf(value: unknown): DatasourceRef | undefined {
  if (typeof value === 'string') return { uid: value };
  if (!isObject(value)) return undefined;
  return { type: asString(value.type), uid: asString(value.uid) };
}

export function dashboardView(file: string, pointer: string, raw: Json): DashboardView {
  const templating = isObject(raw.templating) ? raw.templating : {};
  const annotations = isObject(raw.annotations) ? raw.annotations : {};
  return {
    file,
    pointer,
    title: asString(raw.title) ?? '',
    raw,
    variables: asArray(templating.list).flatMap((v, i) => (isObject(v) ? [variableView(pointerJoin(pointer, 'templating', 'list', i), v)] : [])),
    panels: panelViews(file, pointer, raw),
    annotations: asArray(annotations.list).flatMap((a, i) => (isObject(a) ? [annotationView(pointerJoin(pointer, 'annotations', 'list', i), a)] : [])),
  };
}

function variableView(pointer: string, raw: Json): VariableView {
  const query = raw.query;
  const text = typeof query === 'string' ? query : isObject(query) ? asString(query.query) : undefined;
  const queryPointer = typeof query === 'string' ? pointerJoin(pointer, 'query') : pointerJoin(pointer, 'query', 'query');
  return {
    pointer,
    name: asString(raw.name) ?? '',
    type: asString(raw.type) ?? '',
    label: asString(raw.label),
    raw,
    query: text === undefined ? undefined : { text, pointer: queryPointer },
    datasource: datasourceOf(raw.datasource),
  };
}

/** Grafana nests panels one level (a row holds panels); far deeper is not a dashboard, and its
 *  pointers alone would grow with the square of the depth. */
export const MAX_PANEL_DEPTH = 64;

/** Panels of `panels` (and of old-style `rows`), each followed by the panels a row holds, in document
 *  order. Walked with an explicit stack, so no nesting overflows it. */
function panelViews(file: string, pointer: string, raw: Json): PanelView[] {
  const out: PanelView[] = [];
  const lists: [unknown, string][] = [[raw.panels, pointerJoin(pointer, 'panels')]];
  asArray(raw.rows).forEach((row, i) => isObject(row) && lists.push([row.panels, pointerJoin(pointer, 'rows', i, 'panels')]));
  // pending panels, last on top; a row's children go on top so they come right after it
  const stack: [Json, string, number][] = [];
  const pushList = (list: unknown, base: string, depth: number) => {
    const panels = asArray(list);
    if (panels.length > 0 && depth > MAX_PANEL_DEPTH) {
      throw new InputError([`${printable(file)}: panels nested more than ${MAX_PANEL_DEPTH} levels deep (Grafana nests one level, panels in rows); not a dashboard lint can read`]);
    }
    for (let i = panels.length - 1; i >= 0; i--) {
      const panel = panels[i];
      if (isObject(panel)) stack.push([panel, pointerJoin(base, i), depth]);
    }
  };
  for (let l = lists.length - 1; l >= 0; l--) pushList(lists[l][0], lists[l][1], 1);
  while (stack.length > 0) {
    const [panel, here, depth] = stack.pop()!;
    out.push(panelView(here, panel));
    pushList(panel.panels, pointerJoin(here, 'panels'), depth + 1);
  }
  return out;
}

function panelView(pointer: string, raw: Json): PanelView {
  return {
    pointer,
    type: asString(raw.type) ?? '',
    title: asString(raw.title) ?? '',
    raw,
    datasource: datasourceOf(raw.datasource),
    targets: asArray(raw.targets).flatMap((t, index) =>
      isObject(t)
        ? [{ pointer: pointerJoin(pointer, 'targets', index), index, refId: asString(t.refId), expr: asString(t.expr), datasource: datasourceOf(t.datasource), raw: t }]
        : [],
    ),
  };
}

function annotationView(pointer: string, raw: Json): AnnotationView {
  const target = isObject(raw.target) ? raw.target : {};
  const direct = asString(raw.expr);
  const nested = asString(target.expr);
  const expr = direct !== undefined ? { text: direct, pointer: pointerJoin(pointer, 'expr') } : nested !== undefined ? { text: nested, pointer: pointerJoin(pointer, 'target', 'expr') } : undefined;
  return { pointer, name: asString(raw.name) ?? '', raw, expr, datasource: datasourceOf(raw.datasource) };
}

export function panelSubject(panel: PanelView): string {
  return `panel "${panel.title}"`;
}

export function targetSubject(panel: PanelView, target: TargetView): string {
  return `${panelSubject(panel)} target ${target.refId ?? target.index}`;
}

export function variableSubject(variable: VariableView): string {
  return `variable "${variable.name}"`;
}

/** Data source variables (type `datasource`); their `query` is the plugin type, e.g. `prometheus`. */
export function datasourceVariables(view: DashboardView): VariableView[] {
  return view.variables.filter((v) => v.type === 'datasource');
}

/** dashboard-linter runs its Prometheus rules only on dashboards with a Prometheus data source variable. */
export function hasPrometheusVariable(view: DashboardView): boolean {
  return datasourceVariables(view).some((v) => v.query?.text === 'prometheus');
}

export function dashboardSubject(view: DashboardView): string {
  return `dashboard "${view.title}"`;
}

/** Panel types dashboard-linter's panel rules look at (the ones that plot query results). */
export const QUERY_PANEL_TYPES: ReadonlySet<string> = new Set(['stat', 'singlestat', 'graph', 'table', 'table-old', 'timeseries', 'gauge']);

// Rule files (a Prometheus rule file, or a PrometheusRule's spec)


export interface RuleView {
  readonly pointer: string;
  readonly kind: 'alert' | 'record';
  readonly name: string;
  readonly expr?: string;
  readonly for?: string;
  readonly labels: Readonly<Record<string, unknown>>;
  readonly annotations: Readonly<Record<string, unknown>>;
  readonly raw: Json;
}

export interface GroupView {
  readonly pointer: string;
  readonly name: string;
  readonly rules: RuleView[];
}

export interface RuleFileView {
  readonly file: string;
  /** Pointer of the object holding `groups` ('' for a rule file, `/spec` for a PrometheusRule). */
  readonly pointer: string;
  readonly groups: GroupView[];
}

export function ruleFileView(file: string, pointer: string, raw: Json): RuleFileView {
  return {
    file,
    pointer,
    groups: asArray(raw.groups).flatMap((g, i) => (isObject(g) ? [groupView(pointerJoin(pointer, 'groups', i), g)] : [])),
  };
}

function groupView(pointer: string, raw: Json): GroupView {
  return {
    pointer,
    name: asString(raw.name) ?? '',
    rules: asArray(raw.rules).flatMap((r, i) => {
      if (!isObject(r)) return [];
      const kind = typeof r.alert === 'string' ? 'alert' : 'record';
      return [
        {
          pointer: pointerJoin(pointer, 'rules', i),
          kind,
          name: asString(kind === 'alert' ? r.alert : r.record) ?? '',
          expr: typeof r.expr === 'number' ? String(r.expr) : asString(r.expr),
          for: asString(r.for),
          labels: isObject(r.labels) ? r.labels : {},
          annotations: isObject(r.annotations) ? r.annotations : {},
          raw: r,
        } satisfies RuleView,
      ];
    }),
  };
}

export function ruleSubject(rule: RuleView): string {
  return `${rule.kind} "${rule.name}"`;
}
