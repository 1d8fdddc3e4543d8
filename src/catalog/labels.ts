// Label values that changed across versions.
import { compareVersions } from './versions.js';

/** `finished_reason` values of `request_success_total`, in vLLM's FINISH_REASON_STRINGS order
 *  (vllm/v1/engine/__init__.py). error: KV-load-failure path, PR #19330/#26813 (≈0.11);
 *  repetition: repetition detection (0.17.0). */
const FINISHED_REASONS: ReadonlyArray<readonly [reason: string, since: string]> = [
  ['stop', '0.6'],
  ['length', '0.6'],
  ['abort', '0.6'],
  ['error', '0.11'],
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
