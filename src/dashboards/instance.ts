// One server (or the few selected), split by engine (data-parallel rank). Computed from raw series
// over $__rate_interval, since the recordings stop at instance level.
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { Setup } from '../model/index.js';
import type { AlertThresholds } from './alerts.js';
import { lines, type Row } from './common.js';
import { vllmDashboard } from './dashboard.js';
import * as p from './panels.js';
import { configRows, glanceLines, latencyRow } from './rows.js';

export function instanceDashboard(setup: Setup, thresholds: AlertThresholds): dashboard.Dashboard {
  const ctx = p.panelContext(setup, thresholds, false);
  const { engine: byEngine, instance: byInstance } = ctx.split;
  const rows: Row[] = [
    { title: 'Health', lines: [...glanceLines(ctx), ...lines([p.targetsUpTimeseries(ctx, byInstance), p.healthStatusTimeseries(ctx, byInstance)], 2, 8)] },
    {
      title: 'Traffic and errors',
      lines: [
        ...lines([p.requestRatePanel(ctx, byEngine), p.finishedByReasonPanel(ctx)], 2, 8),
        // HTTP metrics belong to the API server, which has no engine label
        ...lines([p.engineErrorRatioPanel(ctx, byEngine), p.http5xxRatioPanel(ctx, byInstance), p.httpStatusPanel(ctx)], 3, 8),
      ],
    },
    latencyRow(ctx, byEngine),
    {
      title: 'Throughput',
      lines: [...lines([p.tokenThroughputPanel(ctx, byEngine)], 1, 8), ...lines([p.promptLengthHeatmap(ctx), p.generationLengthHeatmap(ctx)], 2, 8)],
    },
    {
      title: 'Saturation',
      lines: lines(
        [
          p.queuePanel(ctx, byEngine),
          p.waitingByReasonPanel(ctx),
          p.kvCacheByPanel(ctx, byEngine),
          p.preemptionsPanel(ctx, byEngine),
          p.prefixCacheHitRatioPanel(ctx, byEngine),
          p.iterationTokensPanel(ctx, byEngine),
        ],
        2,
        8,
      ),
    },
    ...configRows(ctx, byEngine),
  ];
  return vllmDashboard(setup, 'instance', 'instance', 'One vLLM server in detail, split by engine (data-parallel rank).', rows);
}
