// The kinds of signal vLLM's metrics give, each an expression builder over a Scope. Every recording,
// alert expression and panel query of a signal comes from these, so they agree by construction.
import type { Concept } from '../catalog/index.js';
import { LABEL, type RecordLevel } from '../model/index.js';
import { aggregate, eq, histogramMean, histogramQuantile, overNames, rate, safeDiv, selector, type Matcher } from '../promql/index.js';
import {
  ERROR_REASON,
  HTTP_REQUESTS,
  HTTP_SERVER_ERROR,
  HTTP_STATUS_LABEL,
  hasErrorReason,
  namesOf,
  onErrorReporting,
  ratio,
} from './series.js';
import { signal, type Aggregation, type Scope, type Signal } from './signal.js';
import type { Setup } from '../model/index.js';

/** What a table entry states; the kind of signal supplies the expression and how it aggregates. */
export interface Entry<C = Concept> {
  readonly id: string;
  readonly concept: C;
  readonly levels?: readonly RecordLevel[];
}

function rateOf(names: readonly string[], scope: Scope, extra: readonly Matcher[] = []): string {
  return overNames(names, [...scope.engine, ...extra], (s) => rate(s, scope.window));
}

function summedRate(setup: Setup, concept: Concept, scope: Scope, by: readonly string[], extra: readonly Matcher[] = []): string {
  return aggregate('sum', rateOf(namesOf(setup, concept), scope, extra), by);
}

/** Events per second of a vLLM counter. */
export function counterRate({ id, concept, levels = [] }: Entry): Signal {
  return signal({ id, concepts: [concept], aggregation: 'sum', levels, expr: (setup, scope, by) => summedRate(setup, concept, scope, by) });
}

/** Observations per second in each bucket of a histogram (cumulative, `le` kept): what a heatmap draws. */
export function bucketRate({ id, concept, levels = [] }: Entry): Signal {
  return signal({
    id,
    concepts: [concept],
    aggregation: 'sum',
    keeps: [LABEL.le],
    levels,
    expr: (setup, scope, by) => aggregate('sum', rateOf(namesOf(setup, concept).map((name) => `${name}_bucket`), scope), [...by, LABEL.le]),
  });
}

/** A histogram's quantile, from its buckets. */
export function quantile({ id, concept, levels = [] }: Entry, q: number): Signal {
  return signal({
    id,
    concepts: [concept],
    aggregation: 'max',
    levels,
    expr: (setup, scope, by) => histogramQuantile(q, namesOf(setup, concept), scope.engine, scope.window, by),
  });
}

/** Rate of a histogram's _sum over rate of its _count. */
export function mean({ id, concept, levels = [] }: Entry): Signal {
  return signal({
    id,
    concepts: [concept],
    aggregation: 'max',
    levels,
    expr: (setup, scope, by) => histogramMean(namesOf(setup, concept), scope.engine, scope.window, by),
  });
}

/** A gauge aggregated over engines; fractions take max or avg, never sum. */
export function gauge({ id, concept, levels = [] }: Entry, op: Aggregation): Signal {
  return signal({
    id,
    concepts: [concept],
    aggregation: op,
    levels,
    expr: (setup, scope, by) => aggregate(op, overNames(namesOf(setup, concept), scope.engine, (s) => s), by),
  });
}

/** Rate of one counter over another (acceptance rates, cache hits), absent without traffic. */
export function counterRatio({ id, concept: [part, whole], levels = [] }: Entry<readonly [Concept, Concept]>): Signal {
  return signal({
    id,
    concepts: [part, whole],
    aggregation: 'avg',
    levels,
    expr: (setup, scope, by) => safeDiv(summedRate(setup, part, scope, by), summedRate(setup, whole, scope, by)),
  });
}

/** Like counterRatio, but 0 rather than absent before the first counted event (hits, failures). */
export function zeroSafeRatio({ id, concept: [part, whole], levels = [] }: Entry<readonly [Concept, Concept]>): Signal {
  return signal({
    id,
    concepts: [part, whole],
    aggregation: 'avg',
    levels,
    expr: (setup, scope, by) => ratio(summedRate(setup, part, scope, by), summedRate(setup, whole, scope, by)),
  });
}

/** Share of finished requests with finished_reason="error"; servers too old to report it are left out. */
export function engineErrorRatio({ id, levels = [] }: Omit<Entry, 'concept'>): Signal {
  return signal({
    id,
    concepts: ['requestSuccess'],
    aggregation: 'max',
    levels,
    requires: hasErrorReason,
    expr: (setup, scope, by) => {
      const names = namesOf(setup, 'requestSuccess');
      const errors = summedRate(setup, 'requestSuccess', scope, by, [eq(LABEL.finishedReason, ERROR_REASON)]);
      const finished = onErrorReporting(setup, rateOf(names, scope), scope.engine, scope.window);
      return ratio(errors, aggregate('sum', finished, by));
    },
  });
}

function httpRequests(scope: Scope, by: readonly string[], extra: readonly Matcher[] = []): string {
  return aggregate('sum', rate(selector(HTTP_REQUESTS, [...scope.target, ...extra]), scope.window), by);
}

/** HTTP requests per second (prometheus-fastapi-instrumentator; no model_name). */
export function httpRate({ id, levels = [] }: Omit<Entry, 'concept'>): Signal {
  return signal({
    id,
    concepts: [],
    externals: [HTTP_REQUESTS],
    aggregation: 'sum',
    levels,
    expr: (_, scope, by) => httpRequests(scope, by),
  });
}

/** Share of HTTP responses with a 5xx status. */
export function http5xxRatio({ id, levels = [] }: Omit<Entry, 'concept'>): Signal {
  return signal({
    id,
    concepts: [],
    externals: [HTTP_REQUESTS],
    aggregation: 'max',
    levels,
    expr: (_, scope, by) => ratio(httpRequests(scope, by, [eq(HTTP_STATUS_LABEL, HTTP_SERVER_ERROR)]), httpRequests(scope, by)),
  });
}
