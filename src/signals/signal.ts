// What a signal is: one quantity vLLM operators watch, computed the same way wherever it is read.
// Recording rules store it per level, alerts compare it, panels draw it; each reads the same
// expression builder, with the window, matchers and grouping of the place that reads it.
import type { Concept } from '../catalog/index.js';
import type { Setup, RecordLevel } from '../model/index.js';
import type { Matcher } from '../promql/index.js';
import { hasConcept, namesOf } from './series.js';

/** Where a signal is read: the range of its rates and the matchers of each kind of series. */
export interface Scope {
  /** Range of rate() and the like: the recording window, or Grafana's $__rate_interval. */
  readonly window: string;
  /** vLLM engine series (model_name, engine). */
  readonly engine: readonly Matcher[];
  /** Series of the vLLM scrape targets without model_name (http_*). */
  readonly target: readonly Matcher[];
}

/** How series of a signal combine into fewer: rates add up; ratios, quantiles and gauges of one
 *  engine do not, so a coarser view shows their worst (max) or typical (avg) value. */
export type Aggregation = 'sum' | 'max' | 'avg';

export interface Signal {
  /**
   * Stable id, and the name of its recordings after the level (`<level>:<id>`). Frozen: users keep
   * series history and queries under it, so it never follows a vLLM rename. Ids of signals that
   * were recorded before this table existed are the names those recordings had then.
   */
  readonly id: string;
  /** Catalog concepts the expression reads; the signal exists where the fleet exposes all of them. */
  readonly concepts: readonly Concept[];
  /** Series outside the vLLM catalog concepts that it reads (prometheus-fastapi-instrumentator's). */
  readonly externals: readonly string[];
  readonly aggregation: Aggregation;
  /** Labels every series of it keeps beyond the grouping asked for (`le` of bucket rates). */
  readonly keeps: readonly string[];
  /** Levels the recording rules record it at, coarsest first; empty when it is never recorded. */
  readonly levels: readonly RecordLevel[];
  /** Whether the fleet's vLLM versions can express it. */
  available(setup: Setup): boolean;
  /** The PromQL, aggregated to `by` plus `keeps`. */
  expr(setup: Setup, scope: Scope, by: readonly string[]): string;
}

export interface SignalSpec {
  readonly id: string;
  readonly concepts: readonly Concept[];
  readonly externals?: readonly string[];
  readonly aggregation: Aggregation;
  readonly keeps?: readonly string[];
  readonly levels: readonly RecordLevel[];
  /** A condition beyond the concepts being exposed (a label value some versions lack). */
  readonly requires?: (setup: Setup) => boolean;
  readonly expr: Signal['expr'];
}

export function signal(spec: SignalSpec): Signal {
  const externals = spec.externals ?? [];
  return {
    id: spec.id,
    concepts: spec.concepts,
    externals,
    aggregation: spec.aggregation,
    keeps: spec.keeps ?? [],
    levels: spec.levels,
    expr: spec.expr,
    available: (setup) =>
      spec.concepts.every((c) => hasConcept(setup, c)) &&
      externals.every((name) => setup.catalog.exposes(name)) &&
      (spec.requires?.(setup) ?? true),
  };
}

/** The raw series a signal reads in the fleet's versions, as panel descriptions name them. */
export function sourcesOf(setup: Setup, s: Signal): string[] {
  return [...s.concepts.flatMap((c) => namesOf(setup, c)), ...s.externals];
}
