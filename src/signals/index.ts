// One place that owns each signal: recording rules, alerts and dashboards all read from here.
export * from './series.js';
export { sourcesOf, type Aggregation, type Scope, type Signal } from './signal.js';
export { ALL_SIGNALS, HISTOGRAMS, SIGNALS, type HistogramSignals } from './table.js';
export { atRecordedLevel, coveringLevel, readSignal, recordingName, recordingScope, type ReadOptions, type Reading } from './read.js';
export { sliEvents, type SliEvents } from './sli.js';
