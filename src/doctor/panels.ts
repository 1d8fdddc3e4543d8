// Does every dashboard panel show data? Each target's expression is sent to a live Prometheus the way
// Grafana would send it: template variables resolved from the data (label_values and query_result
// queries with their regex, "All" values, the first option of single-select variables), repeated rows
// expanded once per option, and macros replaced by concrete windows. With `eachValue`, the dashboard
// is checked again with each variable narrowed to one value at a time, because a recording that
// lacks a label a variable filters on shows data under "All" and nothing once a value is picked.
import { durationSeconds } from '../config/duration.js';
import { printable } from '../text.js';
import { exactRegex } from '../promql/index.js';
import { PrometheusClient, type InstantSample } from './prometheus.js';

export interface PanelTarget {
  /** Dashboard uid (or title when it has none). */
  readonly dashboard: string;
  /** The variable a repeated row repeats over, for targets inside one. */
  readonly repeat?: string;
  readonly panelId: number;
  readonly panelTitle: string;
  readonly refId: string;
  /** The expression as written in the dashboard. */
  readonly expr: string;
}

export interface PanelResult extends PanelTarget {
  /** The expression as sent, variables and macros substituted. */
  readonly query: string;
  /** Variables narrowed to one value for this run (`cluster=us-east-1`), and the repeated row's value. */
  readonly selection?: string;
  /** data: at least one non-NaN sample; empty: no series or only NaN; error: Prometheus rejected it. */
  readonly status: 'data' | 'empty' | 'error';
  readonly error?: string;
}

export interface PanelCheckOptions {
  /** Substituted for $__rate_interval; Grafana uses at least 4 x the scrape interval. */
  readonly rateInterval?: string;
  readonly interval?: string;
  /** The dashboard time range, substituted for $__range. */
  readonly rangeSeconds?: number;
  /** The queries cover [now - lookback, now]. */
  readonly lookbackSeconds?: number;
  readonly stepSeconds?: number;
  /** Unix seconds; default now. */
  readonly now?: number;
  readonly concurrency?: number;
  /** Also check with each variable narrowed to each of its values (at most `valuesPerVariable`). */
  readonly eachValue?: boolean;
  readonly valuesPerVariable?: number;
}

interface DashboardJson {
  uid?: string;
  title?: string;
  panels?: PanelJson[];
  templating?: { list?: VariableJson[] };
}

interface PanelJson {
  id?: number;
  type?: string;
  repeat?: string;
  title?: string;
  targets?: { refId?: string; expr?: string; hide?: boolean }[];
  panels?: PanelJson[];
}

interface VariableJson {
  name: string;
  type: string;
  query?: string | { query?: string };
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string | null;
  regex?: string;
  sort?: number;
  current?: { value?: string | string[] };
}

interface Resolved {
  readonly values: readonly string[];
  readonly all: boolean;
  readonly allValue?: string;
  readonly multi: boolean;
}

const ALL = '$__all';

/** Every visible target with an expression, rows' nested panels included, in dashboard order. A
 *  panel belongs to the repeated row above it (or inside it, when the row is collapsed). */
export function panelTargets(dashboard: unknown): PanelTarget[] {
  const d = dashboard as DashboardJson;
  const name = d.uid ?? d.title ?? '?';
  const targetsOf = (p: PanelJson, repeat: string | undefined): PanelTarget[] =>
    (p.targets ?? [])
      .filter((t) => !t.hide && typeof t.expr === 'string' && t.expr.trim() !== '')
      .map((t) => ({ dashboard: name, ...(repeat ? { repeat } : {}), panelId: p.id ?? 0, panelTitle: p.title ?? '', refId: t.refId ?? '', expr: t.expr! }));
  const out: PanelTarget[] = [];
  let rowRepeat: string | undefined;
  for (const panel of d.panels ?? []) {
    if (panel.type === 'row') rowRepeat = panel.repeat || undefined;
    const repeat = panel.type === 'row' ? rowRepeat : (panel.repeat || rowRepeat);
    out.push(...targetsOf(panel, repeat));
    for (const nested of panel.panels ?? []) out.push(...targetsOf(nested, nested.repeat || repeat));
  }
  return out;
}

function naturalSort(values: string[], sort: number | undefined): string[] {
  if (!sort) return values;
  const sorted = [...values].sort((a, b) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' }));
  return sort % 2 === 0 ? sorted.reverse() : sorted;
}

/** Grafana's Prometheus interpolation: single-select values as they are; multi-value and "All"
 *  variables regex-escaped (doubled backslashes, as they sit in a PromQL string) and OR-ed. */
function formatVariable(v: Resolved, format: string | undefined): string {
  if (v.all && v.allValue !== undefined) return v.allValue;
  switch (format) {
    case 'pipe':
      return v.values.join('|');
    case 'csv':
    case 'raw':
    case 'text':
      return v.values.join(',');
    case 'regex': {
      const escaped = v.values.map(exactRegex);
      return escaped.length === 1 ? escaped[0] : `(${escaped.join('|')})`;
    }
  }
  if (!v.multi && !v.all) return (v.values[0] ?? '').replace(/\\/g, '\\\\').replace(/'/g, "\\'");
  const escaped = v.values.map((value) => exactRegex(value).replace(/\\/g, '\\\\'));
  return escaped.length === 1 ? escaped[0] : `(${escaped.join('|')})`;
}

function macros(options: Required<Pick<PanelCheckOptions, 'rateInterval' | 'interval' | 'rangeSeconds'>>): [RegExp, string][] {
  const intervalMs = String(durationSeconds(options.interval) * 1000);
  const range = options.rangeSeconds;
  return [
    [/\$__rate_interval\b|\$\{__rate_interval\}/g, options.rateInterval],
    [/\$__interval_ms\b|\$\{__interval_ms\}/g, intervalMs],
    [/\$__interval\b|\$\{__interval\}/g, options.interval],
    [/\$__range_ms\b|\$\{__range_ms\}/g, String(range * 1000)],
    [/\$__range_s\b|\$\{__range_s\}/g, String(range)],
    [/\$__range\b|\$\{__range\}/g, `${range}s`],
  ];
}

const VARIABLE_REF = /\$\{(\w+)(?::(\w+))?\}|\[\[(\w+)(?::(\w+))?\]\]|\$(\w+)/g;

/** Substitutes macros, then the resolved variables; unknown `$names` stay for Prometheus to reject. */
export function substitute(expr: string, variables: ReadonlyMap<string, Resolved>, replacements: readonly [RegExp, string][]): string {
  const withMacros = replacements.reduce((text, [pattern, value]) => text.replace(pattern, value), expr);
  return withMacros.replace(VARIABLE_REF, (whole, braced?: string, bracedFormat?: string, old?: string, oldFormat?: string, plain?: string) => {
    const variable = variables.get(braced ?? old ?? plain ?? '');
    return variable === undefined ? whole : formatVariable(variable, bracedFormat ?? oldFormat);
  });
}

function queryOf(v: VariableJson): string {
  return typeof v.query === 'string' ? v.query : (v.query?.query ?? '');
}

function currentValues(v: VariableJson): string[] {
  const value = v.current?.value;
  return value === undefined ? [] : [value].flat();
}

/** Grafana's query_result() option text: `name{label="value",…} value timestamp`, labels as sent. */
function queryResultLine(sample: InstantSample): string {
  const { __name__: name = '', ...labels } = sample.metric;
  const body = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',');
  return `${name}{${body}} ${sample.value[1]} ${Math.round(sample.value[0] * 1000)}`;
}

/** Grafana's variable regex: named `value` (and `text`) groups pick the value, else the first group,
 *  else the whole option; options that do not match are dropped. */
function applyRegex(options: readonly string[], regex: string | undefined): string[] {
  if (!regex) return [...options];
  const pattern = new RegExp(regex.replace(/^\/(.*)\/[a-z]*$/s, '$1'));
  return options.flatMap((option) => {
    const match = pattern.exec(option);
    if (!match) return [];
    return [match.groups?.value ?? match.groups?.text ?? match[1] ?? match[0]];
  });
}

async function optionsOf(client: PrometheusClient, v: VariableJson, resolved: ReadonlyMap<string, Resolved>, replacements: readonly [RegExp, string][]): Promise<string[]> {
  const query = substitute(queryOf(v), resolved, replacements).trim();
  if (v.type === 'custom') return query.split(',').map((s) => s.trim()).filter(Boolean);
  if (v.type !== 'query') return currentValues(v);
  const withSelector = /^label_values\(\s*(.+)\s*,\s*(\w+)\s*\)$/s.exec(query);
  const bare = /^label_values\(\s*(\w+)\s*\)$/.exec(query);
  const queryResult = /^query_result\(([\s\S]+)\)$/.exec(query);
  const raw = withSelector
    ? await client.labelValues(withSelector[2], withSelector[1])
    : bare
      ? await client.labelValues(bare[1])
      : queryResult
        ? (await client.query(queryResult[1])).map(queryResultLine)
        : [];
  return naturalSort([...new Set(applyRegex(raw, v.regex))], v.sort);
}

/** One variable narrowed to one value; the variables after it are resolved again under it. */
interface Pin {
  readonly name: string;
  readonly value: string;
}

function single(value: string): Resolved {
  return { values: [value], all: false, multi: false };
}

/** Variables in list order (Grafana's dependency order), each with the values Grafana would pick. */
async function resolveVariables(
  client: PrometheusClient,
  dashboard: DashboardJson,
  replacements: readonly [RegExp, string][],
  pin?: Pin,
): Promise<{ resolved: Map<string, Resolved>; options: Map<string, string[]> }> {
  const resolved = new Map<string, Resolved>();
  const optionLists = new Map<string, string[]>();
  for (const v of dashboard.templating?.list ?? []) {
    if (v.type === 'datasource') continue;
    const options = await optionsOf(client, v, resolved, replacements);
    optionLists.set(v.name, options);
    if (pin?.name === v.name) {
      resolved.set(v.name, single(pin.value));
      continue;
    }
    const current = currentValues(v);
    const all = v.includeAll === true && (current.length === 0 || current.includes(ALL));
    // a saved selection survives while the data still has it; else Grafana falls back to the first option
    const kept = current.filter((c) => v.type !== 'query' || options.includes(c));
    const picked = all ? options : kept.length > 0 ? kept : options.slice(0, 1);
    resolved.set(v.name, {
      values: picked,
      all,
      allValue: v.allValue ?? undefined,
      multi: v.multi === true,
    });
  }
  return { resolved, options: optionLists };
}

async function inBatches<T, R>(items: readonly T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return out;
}

function hasData(series: readonly { values: readonly (readonly [number, string])[] }[]): boolean {
  return series.some((s) => s.values.some(([, v]) => !Number.isNaN(Number(v))));
}

interface Run {
  readonly target: PanelTarget;
  readonly variables: ReadonlyMap<string, Resolved>;
  readonly selection?: string;
  /** Why the panel cannot show: its repeated row has no value to repeat over, so Grafana draws none. */
  readonly missing?: string;
}

/** Targets in repeated rows run once per value the repeat variable has (Grafana draws one row each). */
function expandRepeats(targets: readonly PanelTarget[], variables: ReadonlyMap<string, Resolved>, selection: string | undefined): Run[] {
  return targets.flatMap((target): Run[] => {
    const repeat = target.repeat === undefined ? undefined : variables.get(target.repeat);
    if (repeat === undefined) return [{ target, variables, selection }];
    if (repeat.values.length === 0) return [{ target, variables, selection, missing: `the row repeats over $${target.repeat}, which lists no values` }];
    return repeat.values.map((value) => ({
      target,
      variables: new Map([...variables, [target.repeat!, single(value)]]),
      selection: [selection, `${target.repeat}=${value}`].filter(Boolean).join(' '),
    }));
  });
}

/** Runs every panel target of the dashboards against Prometheus at `prometheusUrl`. */
export async function checkDashboards(prometheusUrl: string, dashboards: readonly unknown[], options: PanelCheckOptions = {}): Promise<PanelResult[]> {
  const client = new PrometheusClient(prometheusUrl);
  const replacements = macros({ rateInterval: options.rateInterval ?? '1m', interval: options.interval ?? '15s', rangeSeconds: options.rangeSeconds ?? 3600 });
  const end = options.now ?? Date.now() / 1000;
  const start = end - (options.lookbackSeconds ?? 60);
  const step = options.stepSeconds ?? 5;
  const runs: Run[] = [];
  for (const dashboard of dashboards) {
    const d = dashboard as DashboardJson;
    const targets = panelTargets(dashboard);
    const { resolved, options: optionLists } = await resolveVariables(client, d, replacements);
    runs.push(...expandRepeats(targets, resolved, undefined));
    if (!options.eachValue) continue;
    for (const v of d.templating?.list ?? []) {
      if (v.type === 'datasource') continue;
      for (const value of (optionLists.get(v.name) ?? []).slice(0, options.valuesPerVariable ?? 3)) {
        const pinned = await resolveVariables(client, d, replacements, { name: v.name, value });
        const narrowed = dependents(d, v.name);
        const affected = targets.filter((t) => [...narrowed].some((n) => referencesVariable(t.expr, n) || t.repeat === n));
        runs.push(...expandRepeats(affected, pinned.resolved, `${v.name}=${value}`));
      }
    }
  }
  return inBatches(runs, options.concurrency ?? 4, async ({ target, variables, selection, missing }): Promise<PanelResult> => {
    const query = substitute(target.expr, variables, replacements);
    const base = { ...target, query, ...(selection ? { selection } : {}) };
    if (missing !== undefined) return { ...base, status: 'empty', error: missing };
    try {
      const series = await client.queryRange(query, start, end, step);
      return { ...base, status: hasData(series) ? 'data' : 'empty' };
    } catch (error) {
      return { ...base, status: 'error', error: (error as Error).message };
    }
  });
}

function referencesVariable(expr: string, name: string): boolean {
  return new RegExp(`\\$(\\{${name}(:\\w+)?\\}|${name}\\b)|\\[\\[${name}(:\\w+)?\\]\\]`).test(expr);
}

/** `name` and every variable whose options depend on it, directly or through another one. */
function dependents(d: DashboardJson, name: string): Set<string> {
  const names = new Set([name]);
  for (const v of d.templating?.list ?? []) {
    if ([...names].some((n) => referencesVariable(queryOf(v), n))) names.add(v.name);
  }
  return names;
}

/** One line per target without data, e.g. `vllm-overview #13 "KV-cache usage (max)" A: empty`. */
export function formatPanelProblems(results: readonly PanelResult[]): string[] {
  return results
    .filter((r) => r.status !== 'data')
    .map((r) => printable(`${r.dashboard} #${r.panelId} "${r.panelTitle}" ${r.refId}${r.selection ? ` [${r.selection}]` : ''}: ${r.status}${r.error ? ` (${printable(r.error, 300)})` : ''}: ${r.query}`));
}
