// Which events an SLO counts on the fleet's vLLM versions: the rules record them, the SLO dashboard
// names them and shows a row only for SLOs that can be measured.
import { SLO_LATENCY_CONCEPT } from '../config/semantics.js';
import type { SloConfig } from '../config/types.js';
import type { Concept } from '../catalog/index.js';
import type { Setup } from '../model/index.js';
import { HTTP_REQUESTS, hasErrorReason, hasHttpMetrics, namesOf } from './series.js';

/**
 * Availability counts finished requests (bad: finished_reason="error") where the fleet reports that
 * reason, HTTP responses (bad: 5xx) before it; latency counts a histogram's observations (bad: above
 * the threshold).
 */
export type SliEvents =
  | { readonly kind: 'finishedRequests'; readonly names: readonly string[] }
  | { readonly kind: 'httpResponses'; readonly names: readonly string[] }
  | { readonly kind: 'latency'; readonly concept: Concept; readonly names: readonly string[]; readonly threshold: number };

/** The events an SLO counts, or undefined where the fleet's vLLM versions expose none. */
export function sliEvents(setup: Setup, slo: SloConfig): SliEvents | undefined {
  if (slo.kind === 'latency') {
    const concept = SLO_LATENCY_CONCEPT[slo.latency];
    const names = namesOf(setup, concept);
    return names.length === 0 || slo.threshold === undefined ? undefined : { kind: 'latency', concept, names, threshold: slo.threshold };
  }
  if (hasErrorReason(setup)) return { kind: 'finishedRequests', names: namesOf(setup, 'requestSuccess') };
  return hasHttpMetrics(setup) ? { kind: 'httpResponses', names: [HTTP_REQUESTS] } : undefined;
}
