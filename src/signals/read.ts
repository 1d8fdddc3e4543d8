// Reading a signal: the recording where the rules record it at a level that keeps every label the
// reader splits by, the expression otherwise. Alerts and recording rules read the expression in the
// recording scope, so an alert compares exactly the value its recording (and panel) shows.
import { RECORDING_WINDOW, levelLabels, recordName, type Setup, type RecordLevel } from '../model/index.js';
import { aggregate, selector, type Matcher } from '../promql/index.js';
import { engineMatchers, jobMatchers, vllmJob } from './series.js';
import type { Scope, Signal } from './signal.js';

/** The scope of recording rules and alerts: every vLLM series of the scrape job, over the recording window. */
export function recordingScope(setup: Setup): Scope {
  return { window: RECORDING_WINDOW, engine: engineMatchers(), target: jobMatchers(vllmJob(setup)) };
}

/** The name of a signal's recording at a level. */
export function recordingName(signal: Signal, level: RecordLevel): string {
  return recordName(level, signal.id);
}

/** The signal's expression as recorded at `level` (what an alert located at that level compares). */
export function atRecordedLevel(setup: Setup, signal: Signal, level: RecordLevel): string {
  return signal.expr(setup, recordingScope(setup), levelLabels(level, setup.clusterLabel));
}

/** The first level the signal is recorded at that keeps every label of `by`. */
export function coveringLevel(setup: Setup, signal: Signal, by: readonly string[]): RecordLevel | undefined {
  return signal.levels.find((level) => by.every((label) => levelLabels(level, setup.clusterLabel).includes(label)));
}

export interface Reading {
  readonly expr: string;
  /** The recordings the expression reads (none when it reads raw series). */
  readonly recordings: readonly string[];
}

export interface ReadOptions {
  /** Read recordings where one covers the split (fleet views trade the window for speed). */
  readonly recorded: boolean;
  /** Matchers for a recording at a level: recorded series keep only the labels of their level. */
  readonly recordedMatchers: (level: RecordLevel) => readonly Matcher[];
}

/** The signal split by `by`, from its recording when allowed and one covers the split. */
export function readSignal(setup: Setup, signal: Signal, scope: Scope, by: readonly string[], options: ReadOptions): Reading {
  const level = options.recorded ? coveringLevel(setup, signal, by) : undefined;
  if (level === undefined) return { expr: signal.expr(setup, scope, by), recordings: [] };
  const name = recordingName(signal, level);
  const expr = aggregate(signal.aggregation, selector(name, options.recordedMatchers(level)), [...by, ...signal.keeps]);
  return { expr, recordings: [name] };
}
