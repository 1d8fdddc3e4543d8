const UNIT_SECONDS: Record<string, number> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  y: 31536000,
};

// Prometheus' grammar (model.ParseDuration): each unit at most once, largest first.
const DURATION = /^(?!$)([0-9]+y)?([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?$/;

const UNIT_MILLISECONDS: Record<string, bigint> = { ms: 1n, s: 1000n, m: 60_000n, h: 3_600_000n, d: 86_400_000n, w: 604_800_000n, y: 31_536_000_000n };

/** Prometheus keeps durations as int64 nanoseconds: about 292 years. */
export const MAX_DURATION_MS = (2n ** 63n - 1n) / 1_000_000n;

export function isDuration(text: string): boolean {
  return DURATION.test(text);
}

/** Exact milliseconds of a duration (however many digits it has); throws on anything else. */
export function durationMilliseconds(text: string): bigint {
  if (!isDuration(text)) throw new Error(`"${text}" is not a duration (e.g. 15s, 1m)`);
  let total = 0n;
  for (const [, amount, unit] of text.matchAll(/([0-9]+)(ms|s|m|h|d|w|y)/g)) total += BigInt(amount) * UNIT_MILLISECONDS[unit];
  return total;
}

/** Why Prometheus would refuse this duration, or undefined. */
export function durationRangeProblem(text: string): string | undefined {
  return durationMilliseconds(text) > MAX_DURATION_MS ? `${text} is out of range: Prometheus durations end at about 292 years (292y)` : undefined;
}

/** Seconds in a Prometheus duration such as `1h30m`; throws on anything else. */
export function durationSeconds(text: string): number {
  if (!isDuration(text)) throw new Error(`"${text}" is not a duration (e.g. 15s, 1m)`);
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/([0-9]+)(ms|s|m|h|d|w|y)/g)) total += Number(amount) * UNIT_SECONDS[unit];
  return total;
}

/** The shortest Prometheus spelling of a number of seconds: 90 -> 1m30s, 86400 -> 1d. */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  let rest = Math.round(seconds * 1000);
  let out = '';
  for (const [unit, size] of [['d', 86400000], ['h', 3600000], ['m', 60000], ['s', 1000], ['ms', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
