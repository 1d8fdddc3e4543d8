// Panel factories with the house defaults, and the grid layout. Every panel reads the `datasource`
// variable, shows its legend (the SDK hides it by default), has a unit and a description that names
// the metrics it reads, and links to the runbook of the alert that watches it.
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as heatmap from '@grafana/grafana-foundation-sdk/heatmap';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import type { AlertName } from '../config/types.js';

export const DATASOURCE: common.DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

/** A PromQL expression and what it reads, so descriptions name exactly the metrics queried. */
export interface Query {
  readonly expr: string;
  /** Metric families the series come from: catalog names or allowed externals. */
  readonly metrics: readonly string[];
  /** Recording rules read instead of raw series. */
  readonly recordings: readonly string[];
}

export interface Target {
  readonly query: Query;
  readonly legend: string;
}

/** The alert that watches a panel's signal: its runbook and, where it compares a value, the level. */
export interface Watch {
  readonly alert: AlertName;
  readonly runbookUrl: string;
  readonly threshold?: number;
}

export interface PanelSpec {
  readonly title: string;
  /** What it shows and what good and bad look like; the metrics read are appended. */
  readonly description: string;
  readonly unit: string;
  readonly targets: readonly Target[];
  readonly watch?: Watch;
  readonly min?: number;
  readonly max?: number;
  /** Drill-down from a series to another dashboard (Grafana data-link URL). */
  readonly drilldown?: { readonly title: string; readonly url: string };
}

/** Any SDK panel builder: layout sets its id and position. */
export interface PanelBuilder {
  id(id: number): this;
  gridPos(gridPos: dashboard.GridPos): this;
  build(): dashboard.Panel;
}

const code = (names: readonly string[]) => names.map((n) => `\`${n}\``).join(', ');

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function describe(spec: PanelSpec): string {
  const queries = spec.targets.map((t) => t.query);
  const metrics = unique(queries.flatMap((q) => q.metrics));
  const recordings = unique(queries.flatMap((q) => q.recordings));
  const parts = [spec.description];
  if (metrics.length > 0) parts.push(`${metrics.length > 1 ? 'Metrics' : 'Metric'}: ${code(metrics)}.`);
  if (recordings.length > 0) parts.push(`Reads the recording rule${recordings.length > 1 ? 's' : ''} ${code(recordings)}.`);
  if (spec.watch) {
    const level = spec.watch.threshold === undefined ? '' : ` (threshold ${spec.watch.threshold})`;
    parts.push(`Alert: ${spec.watch.alert}${level}.`);
  }
  return parts.join(' ');
}

const REF_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** `instant`: one value at the end of the range, for numbers that show the last value or reduce
 *  over the whole range ($__range): a range query would recompute them at every step. */
type Format = 'range' | 'instant' | 'instant-table' | 'heatmap';

function target(t: Target, index: number, format: Format): prometheus.DataqueryBuilder {
  const query = new prometheus.DataqueryBuilder()
    .datasource(DATASOURCE)
    .editorMode(prometheus.QueryEditorMode.Code)
    .expr(t.query.expr)
    .legendFormat(t.legend)
    .refId(REF_IDS[index]);
  if (format === 'instant') return query.instant().format(prometheus.PromQueryFormat.TimeSeries);
  if (format === 'instant-table') return query.instant().format(prometheus.PromQueryFormat.Table);
  if (format === 'heatmap') return query.range().format(prometheus.PromQueryFormat.Heatmap);
  return query.range().format(prometheus.PromQueryFormat.TimeSeries);
}

function runbookLinks(spec: PanelSpec): dashboard.DashboardLinkBuilder[] {
  if (!spec.watch) return [];
  return [new dashboard.DashboardLinkBuilder(`Runbook: ${spec.watch.alert}`).url(spec.watch.runbookUrl).targetBlank(true)];
}

export type Steps = readonly dashboard.Threshold[];

/** Green below the alert level, red from it; neutral when no alert compares a value. */
function alertSteps(watch: Watch | undefined): Steps {
  if (watch?.threshold === undefined) return [{ value: null, color: 'text' }];
  return [
    { value: null, color: 'green' },
    { value: watch.threshold, color: 'red' },
  ];
}

function thresholds(steps: Steps): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps([...steps]);
}

/** The settings every panel kind shares; the SDK's builders share no base type, hence the generic. */
function withDefaults<B extends SharedSetters>(builder: B, spec: PanelSpec, format: Format): B {
  builder
    .title(spec.title)
    .description(describe(spec))
    .datasource(DATASOURCE)
    .unit(spec.unit)
    .links(runbookLinks(spec))
    .targets(spec.targets.map((t, i) => target(t, i, format)));
  if (spec.min !== undefined) builder.min(spec.min);
  if (spec.max !== undefined) builder.max(spec.max);
  if (spec.drilldown) builder.dataLinks([new dashboard.DashboardLinkBuilder(spec.drilldown.title).url(spec.drilldown.url)]);
  return builder;
}

interface SharedSetters {
  title(title: string): this;
  description(description: string): this;
  datasource(datasource: common.DataSourceRef): this;
  unit(unit: string): this;
  min(min: number): this;
  max(max: number): this;
  links(links: dashboard.DashboardLinkBuilder[]): this;
  dataLinks(links: dashboard.DashboardLinkBuilder[]): this;
  targets(targets: prometheus.DataqueryBuilder[]): this;
}

function legend(calcs: readonly string[] = []): common.VizLegendOptionsBuilder {
  return new common.VizLegendOptionsBuilder()
    .showLegend(true)
    .displayMode(calcs.length > 0 ? common.LegendDisplayMode.Table : common.LegendDisplayMode.List)
    .placement(common.LegendPlacement.Bottom)
    .calcs([...calcs]);
}

export interface TimeseriesOptions {
  /** Legend as a table with these reductions (e.g. mean, max), for panels compared by number. */
  legendCalcs?: readonly string[];
  stack?: boolean;
}

export function timeseriesPanel(spec: PanelSpec, options: TimeseriesOptions = {}): timeseries.PanelBuilder {
  const panel = withDefaults(new timeseries.PanelBuilder(), spec, 'range')
    .legend(legend(options.legendCalcs))
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending))
    .lineWidth(1)
    .fillOpacity(10)
    .thresholds(thresholds(alertSteps(spec.watch)));
  if (spec.watch?.threshold !== undefined) {
    panel.thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed));
  }
  if (options.stack) panel.stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal)).fillOpacity(40);
  return panel;
}

export interface StatOptions {
  /** Colour steps; default: the watching alert's level. */
  steps?: Steps;
  /** Shown instead of "No data", e.g. when a ratio has no traffic to divide by. */
  noValue?: string;
}

export function statPanel(spec: PanelSpec, options: StatOptions = {}): stat.PanelBuilder {
  const steps = options.steps ?? alertSteps(spec.watch);
  // the number is the last value, so one instant query; a sparkline would need the whole range
  const panel = withDefaults(new stat.PanelBuilder(), spec, 'instant')
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .graphMode(common.BigValueGraphMode.None)
    .colorMode(steps.length > 1 ? common.BigValueColorMode.Background : common.BigValueColorMode.Value)
    .textMode(common.BigValueTextMode.Auto)
    .thresholds(thresholds(steps));
  if (options.noValue !== undefined) panel.noValue(options.noValue);
  return panel;
}

/** Bucket counts per interval over time; `yUnit` is the unit of the histogram's buckets. */
export function heatmapPanel(spec: PanelSpec, yUnit: string): heatmap.PanelBuilder {
  return withDefaults(new heatmap.PanelBuilder(), spec, 'heatmap')
    .calculate(false)
    .yAxis(new heatmap.YAxisConfigBuilder().unit(yUnit))
    .cellValues(new heatmap.CellValuesBuilder().unit(spec.unit))
    .color(
      new heatmap.HeatmapColorOptionsBuilder()
        .mode(heatmap.HeatmapColorMode.Scheme)
        .scheme('Spectral')
        .scale(heatmap.HeatmapColorScale.Exponential)
        .exponent(0.5)
        .steps(64),
    )
    .tooltip(new heatmap.HeatmapTooltipBuilder().mode(common.TooltipDisplayMode.Single).yHistogram(true))
    .showLegend();
}

/** One row per series of an instant query, one column per label; Time and Value are noise here. */
export function tablePanel(spec: PanelSpec): table.PanelBuilder {
  return withDefaults(new table.PanelBuilder(), spec, 'instant-table').withTransformation({
    id: 'organize',
    options: { excludeByName: { Time: true, Value: true, __name__: true }, renameByName: {} },
  });
}

/** Panels side by side, sharing the full width evenly. */
export interface Line {
  readonly height: number;
  readonly panels: readonly PanelBuilder[];
}

export interface Row {
  readonly title: string;
  readonly lines: readonly Line[];
}

const GRID_WIDTH = 24;

/** Lines of at most `perLine` panels; a short last line widens its panels. */
export function lines(panels: readonly (PanelBuilder | undefined)[], perLine: number, height: number): Line[] {
  const present = panels.filter((p): p is PanelBuilder => p !== undefined);
  const out: Line[] = [];
  for (let i = 0; i < present.length; i += perLine) out.push({ height, panels: present.slice(i, i + perLine) });
  return out;
}

function widths(count: number): number[] {
  const base = Math.floor(GRID_WIDTH / count);
  return Array.from({ length: count }, (_, i) => base + (i < GRID_WIDTH % count ? 1 : 0));
}

/**
 * Expanded rows with their panels after them, positioned line by line and numbered in reading order,
 * so positions never overlap and ids are stable. Empty rows are left out.
 */
export function placeRows(builder: dashboard.DashboardBuilder, rows: readonly Row[]): dashboard.DashboardBuilder {
  let y = 0;
  let id = 1;
  for (const row of rows) {
    const filled = row.lines.filter((l) => l.panels.length > 0);
    if (filled.length === 0) continue;
    builder.withRow(new dashboard.RowBuilder(row.title).id(id++).gridPos({ x: 0, y, w: GRID_WIDTH, h: 1 }));
    y += 1;
    for (const line of filled) {
      let x = 0;
      widths(line.panels.length).forEach((w, i) => {
        builder.withPanel(line.panels[i].id(id++).gridPos({ x, y, w, h: line.height }));
        x += w;
      });
      y += line.height;
    }
  }
  return builder;
}
