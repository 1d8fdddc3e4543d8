// Does every dashboard panel show data? Each target's expression is sent to a live Prometheus the way
// Grafana would send it: template variables resolved from the data (label_values queries, "All"
// values, the first option of single-select variables) and macros replaced by concrete windows.
import { durationSeconds } from '../config/duration.js';
import { printable } from '../text.js';
import { exactRegex } from '../promql/index.js';
import { PrometheusClient } from './prometheus.js';

export interface PanelTarget {
  /** Dashboard uid (or title when it has none). */
  readonly dashboard: string;
  readonly panelId: number;
  readonly panelTitle: string;
  readonly refId: string;
  /** The expression as written in the dashboard. */
  readonly expr: string;
}

export interface PanelResult extends PanelTarget {
  /** The expression as sent, variables and macros substituted. */
  readonly query: string;
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
}

interface DashboardJson {
  uid?: string;
  title?: string;
  panels?: PanelJson[];
  templating?: { list?: VariableJson[] };
}

interface PanelJson {
  id?: number;
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

/** Every visible target with an expression, rows' nested panels included, in dashboard order. */
export function panelTargets(dashboard: unknown): PanelTarget[] {
  const d = dashboard as DashboardJson;
  const name = d.uid ?? d.title ?? '?';
  const walk = (panels: readonly PanelJson[]): PanelTarget[] =>
    panels.flatMap((p) => [
      ...(p.targets ?? [])
        .filter((t) => !t.hide && typeof t.expr === 'string' && t.expr.trim() !== '')
        .map((t) => ({ dashboard: name, panelId: p.id ?? 0, panelTitle: p.title ?? '', refId: t.refId ?? '', expr: t.expr! })),
      ...walk(p.panels ?? []),
    ]);
  return walk(d.panels ?? []);
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

async function optionsOf(client: PrometheusClient, v: VariableJson, resolved: ReadonlyMap<string, Resolved>, replacements: readonly [RegExp, string][]): Promise<string[]> {
  const query = substitute(queryOf(v), resolved, replacements).trim();
  if (v.type === 'custom') return query.split(',').map((s) => s.trim()).filter(Boolean);
  if (v.type !== 'query') return currentValues(v);
  const withSelector = /^label_values\(\s*(.+)\s*,\s*(\w+)\s*\)$/s.exec(query);
  const bare = /^label_values\(\s*(\w+)\s*\)$/.exec(query);
  const values = withSelector
    ? await client.labelValues(withSelector[2], withSelector[1])
    : bare
      ? await client.labelValues(bare[1])
      : [];
  const filter = v.regex ? new RegExp(v.regex.replace(/^\/(.*)\/$/, '$1')) : undefined;
  return naturalSort(values.filter((x) => filter?.test(x) ?? true), v.sort);
}

/** Variables in list order (Grafana's dependency order), each with the values Grafana would pick. */
async function resolveVariables(client: PrometheusClient, dashboard: DashboardJson, replacements: readonly [RegExp, string][]): Promise<Map<string, Resolved>> {
  const resolved = new Map<string, Resolved>();
  for (const v of dashboard.templating?.list ?? []) {
    if (v.type === 'datasource') continue;
    const options = await optionsOf(client, v, resolved, replacements);
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
  return resolved;
}

async function inBatches<T, R>(items: readonly T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return out;
}

function hasData(series: readonly { values: readonly (readonly [number, string])[] }[]): boolean {
  return series.some((s) => s.values.some(([, v]) => !Number.isNaN(Number(v))));
}

/** Runs every panel target of the dashboards against Prometheus at `prometheusUrl`. */
export async function checkDashboards(prometheusUrl: string, dashboards: readonly unknown[], options: PanelCheckOptions = {}): Promise<PanelResult[]> {
  const client = new PrometheusClient(prometheusUrl);
  const replacements = macros({ rateInterval: options.rateInterval ?? '1m', interval: options.interval ?? '15s', rangeSeconds: options.rangeSeconds ?? 3600 });
  const end = options.now ?? Date.now() / 1000;
  const start = end - (options.lookbackSeconds ?? 60);
  const step = options.stepSeconds ?? 5;
  const results: PanelResult[] = [];
  for (const dashboard of dashboards) {
    const variables = await resolveVariables(client, dashboard as DashboardJson, replacements);
    results.push(
      ...(await inBatches(panelTargets(dashboard), options.concurrency ?? 4, async (target): Promise<PanelResult> => {
        const query = substitute(target.expr, variables, replacements);
        try {
          const series = await client.queryRange(query, start, end, step);
          return { ...target, query, status: hasData(series) ? 'data' : 'empty' };
        } catch (error) {
          return { ...target, query, status: 'error', error: (error as Error).message };
        }
      })),
    );
  }
  return results;
}

/** One line per target without data, e.g. `vllm-overview #13 "KV-cache usage (max)" A: empty`. */
export function formatPanelProblems(results: readonly PanelResult[]): string[] {
  return results
    .filter((r) => r.status !== 'data')
    .map((r) => printable(`${r.dashboard} #${r.panelId} "${r.panelTitle}" ${r.refId}: ${r.status}${r.error ? ` (${printable(r.error, 300)})` : ''}: ${r.query}`));
}
