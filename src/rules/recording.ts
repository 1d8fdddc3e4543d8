// Recording rules, one group per concern: each recorded signal (src/signals) at each level it is
// recorded at, named `level:id` by its stable id. The expressions read whatever names the fleet
// exposes, so dashboards read the same series on every vLLM version.
import { levelLabels, type Level, type Setup, type RecordLevel } from '../model/index.js';
import { ALL_SIGNALS, HISTOGRAMS, SIGNALS, recordingName, recordingScope, type HistogramSignals, type Signal } from '../signals/index.js';
import type { RecordingRule, RuleGroup } from './types.js';

/** Signals recorded together: their recordings are written level by level, each level all members. */
type Family = readonly Signal[];

const histogram = (h: HistogramSignals): Family => [...Object.values(h.quantile), h.mean];
const single = (signal: Signal): Family => [signal];

const GROUPS: readonly (readonly [name: string, families: readonly Family[]])[] = [
  [
    'vllm-latency',
    [
      HISTOGRAMS.e2eLatency,
      HISTOGRAMS.timeToFirstToken,
      HISTOGRAMS.interTokenLatency,
      HISTOGRAMS.queueTime,
      HISTOGRAMS.prefillTime,
      HISTOGRAMS.decodeTime,
    ].map(histogram),
  ],
  [
    'vllm-distributions',
    [
      histogram(HISTOGRAMS.iterationTokens),
      ...[SIGNALS.e2eLatencyBuckets, SIGNALS.promptLengthBuckets, SIGNALS.generationLengthBuckets].map(single),
    ],
  ],
  [
    'vllm-throughput',
    [SIGNALS.requestRate, SIGNALS.promptTokenRate, SIGNALS.generationTokenRate, SIGNALS.preemptionRate, SIGNALS.httpRequestRate].map(
      single,
    ),
  ],
  ['vllm-errors', [SIGNALS.engineErrorRatio, SIGNALS.http5xxRatio].map(single)],
  ['vllm-cache', [[SIGNALS.kvCacheUsageMax, SIGNALS.kvCacheUsageAvg], single(SIGNALS.prefixCacheHitRatio)]],
];

/** Levels that locate something (alerts read them) come first in a group; breakdowns by a label that
 *  locates nothing (finished_reason, status) after every family's located ones. */
const LOCATING: readonly RecordLevel[] = ['model', 'instance', 'job', 'instance_http'] satisfies Level[];
const isLocating = (level: RecordLevel) => LOCATING.includes(level);

function familyRules(setup: Setup, family: Family, levels: (level: RecordLevel) => boolean): RecordingRule[] {
  const scope = recordingScope(setup);
  const available = family.filter((s) => s.available(setup));
  const recordedAt = family[0].levels.filter(levels);
  return recordedAt.flatMap((level) =>
    available.map((signal) => ({
      record: recordingName(signal, level),
      expr: signal.expr(setup, scope, levelLabels(level, setup.clusterLabel)),
    })),
  );
}

function groupRules(setup: Setup, families: readonly Family[]): RecordingRule[] {
  return [
    ...families.flatMap((family) => familyRules(setup, family, isLocating)),
    ...families.flatMap((family) => familyRules(setup, family, (level) => !isLocating(level))),
  ];
}

/** A recorded signal left out of every group would silently record nothing. */
function checkEveryRecordedSignalPlaced(): void {
  const placed = new Set(GROUPS.flatMap(([, families]) => families.flat()));
  const unplaced = ALL_SIGNALS.filter((s) => s.levels.length > 0 && !placed.has(s));
  if (unplaced.length > 0) throw new Error(`recorded signals in no recording group: ${unplaced.map((s) => s.id).join(', ')}`);
}

export function recordingGroups(setup: Setup): RuleGroup[] {
  checkEveryRecordedSignalPlaced();
  const interval = setup.config.rules.evaluationInterval;
  const groups = GROUPS.map(([name, families]) => ({ name, interval, rules: groupRules(setup, families) }));
  return groups.filter((group) => group.rules.length > 0);
}
