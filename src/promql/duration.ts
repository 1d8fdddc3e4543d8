// PromQL durations as Prometheus 2.42 reads them (model.ParseDuration behind the lexer): a unit on
// every number, units largest first and each once, at most what int64 nanoseconds hold.
import { durationMilliseconds, isDuration, MAX_DURATION_MS } from '../config/duration.js';

export function durationProblem(text: string): string | undefined {
  // model.ParseDuration takes "0", the PromQL lexer does not
  if (/^[0-9]+$/.test(text)) return 'missing unit character in duration';
  if (!isDuration(text)) return `not a valid duration string: "${text}"`;
  return durationMilliseconds(text) > MAX_DURATION_MS ? `duration out of range: ${text}` : undefined;
}

export function isZeroDuration(text: string): boolean {
  return isDuration(text) && durationMilliseconds(text) === 0n;
}
