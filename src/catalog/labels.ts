// Label values that changed across versions.
import { compareVersions } from './versions.js';

/** `finished_reason` values of `request_success_total`, in vLLM's FINISH_REASON_STRINGS order
 *  (vllm/v1/engine/__init__.py). error: FinishReason.ERROR, PR #26813 merged 2025-12-10, so v0.13.0
 *  (2025-12-19) is the first release with it; repetition: repetition detection (0.17.0). */
const FINISHED_REASONS: ReadonlyArray<readonly [reason: string, since: string]> = [
  ['stop', '0.6'],
  ['length', '0.6'],
  ['abort', '0.6'],
  ['error', '0.13'],
  ['repetition', '0.17'],
];

export function finishedReasons(version: string): string[] {
  return FINISHED_REASONS.filter(([, since]) => compareVersions(version, since) >= 0).map(([r]) => r);
}

/** Union over versions, in canonical order. */
export function finishedReasonsOver(versions: readonly string[]): string[] {
  const seen = new Set(versions.flatMap(finishedReasons));
  return FINISHED_REASONS.map(([r]) => r).filter((r) => seen.has(r));
}

/** The reason that marks an engine-side failure; versions before it report failures as nothing. */
export const ERROR_REASON = 'error';

/** The first catalog version whose servers report `finished_reason="error"`. */
export const ERROR_REASON_SINCE = FINISHED_REASONS.find(([r]) => r === ERROR_REASON)![1];
