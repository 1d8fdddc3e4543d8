// Rows and lines the overview and the instance dashboard share; they differ in how they split.
import { lines, type Line, type Row } from './common.js';
import * as p from './panels.js';
import type { Split } from './queries.js';

/** Availability first, then one number per golden signal: the ten-second answer. */
export function glanceLines(ctx: p.PanelContext): Line[] {
  return [
    ...lines([p.targetsUpStat, p.targetsDownStat, p.healthFailingStat, p.enginesStat, p.restartsStat, p.metricsAbsentStat].map((panel) => panel(ctx)), 6, 4),
    ...lines(
      [
        p.requestRateStat(ctx),
        p.engineErrorRatioStat(ctx),
        p.http5xxRatioStat(ctx),
        p.latencyStat(ctx, 'e2eLatency'),
        p.latencyStat(ctx, 'timeToFirstToken'),
        p.kvCacheMaxStat(ctx),
        p.waitingStat(ctx),
      ],
      7,
      4,
    ),
  ];
}

export function latencyRow(ctx: p.PanelContext, split: Split): Row {
  return {
    title: 'Latency',
    lines: [...lines(p.LATENCY_CONCEPTS.map((c) => p.latencyPanel(ctx, c, split)), 2, 8), ...lines([p.latencyHeatmap(ctx)], 1, 8)],
  };
}

/** The engine's cache configuration, then rows only the enabled vLLM features fill. */
export function configRows(ctx: p.PanelContext, split: Split): Row[] {
  return [
    { title: 'Engine config', lines: lines([p.cacheConfigTable(ctx)], 1, 8) },
    { title: 'Speculative decoding', lines: lines(p.specDecodePanels(ctx, split), 3, 8) },
    { title: 'LoRA adapters', lines: lines([p.loraTable(ctx)], 1, 8) },
    { title: 'Multimodal cache', lines: lines(p.multimodalPanels(ctx, split), 2, 8) },
  ];
}
