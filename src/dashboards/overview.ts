// The fleet overview: is it up, erroring, slow, saturated, and which model or instance. Fleet- and
// model-level signals read the rules' recordings; per-instance panels open the instance dashboard.
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { Setup } from '../model/index.js';
import type { AlertThresholds } from './alerts.js';
import { lines, type Row } from './common.js';
import { instanceDrilldownUrl, vllmDashboard } from './dashboard.js';
import * as p from './panels.js';
import { configRows, glanceLines, latencyRow } from './rows.js';

export function overviewDashboard(setup: Setup, thresholds: AlertThresholds): dashboard.Dashboard {
  const ctx = p.panelContext(setup, thresholds, true, instanceDrilldownUrl(setup));
  const { model: byModel, instance: byInstance, job: byJob } = ctx.split;
  const rows: Row[] = [
    { title: 'Health', lines: [...glanceLines(ctx), ...lines([p.targetsUpTimeseries(ctx, byInstance), p.healthStatusTimeseries(ctx, byInstance)], 2, 8)] },
    {
      title: 'Traffic and errors',
      lines: [
        ...lines([p.requestRatePanel(ctx, byModel), p.finishedByReasonPanel(ctx)], 2, 8),
        ...lines([p.engineErrorRatioPanel(ctx, byModel), p.http5xxRatioPanel(ctx, byJob), p.httpStatusPanel(ctx)], 3, 8),
      ],
    },
    latencyRow(ctx, byModel),
    {
      title: 'Throughput',
      lines: [
        ...lines([p.tokenThroughputPanel(ctx, byModel), p.requestRatePanel(ctx, byInstance)], 2, 8),
        ...lines([p.promptLengthHeatmap(ctx), p.generationLengthHeatmap(ctx)], 2, 8),
      ],
    },
    {
      title: 'Saturation',
      lines: lines(
        [
          p.queuePanel(ctx, byInstance),
          p.waitingByReasonPanel(ctx),
          p.kvCacheByPanel(ctx, byInstance),
          p.kvCacheByPanel(ctx, byModel),
          p.preemptionsPanel(ctx, byModel),
          p.prefixCacheHitRatioPanel(ctx, byModel),
          p.iterationTokensPanel(ctx, byModel),
          p.batchSizePanel(ctx, byModel),
        ],
        2,
        8,
      ),
    },
    ...configRows(ctx, byModel),
  ];
  return vllmDashboard(setup, 'overview', 'fleet', 'vLLM fleet overview: health, traffic and errors, latency, throughput and saturation.', rows);
}
