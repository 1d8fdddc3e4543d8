const UNIT_SECONDS: Record<string, number> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  y: 31536000,
};

const DURATION = /^(?:[0-9]+(?:ms|s|m|h|d|w|y))+$/;

export function isDuration(text: string): boolean {
  return DURATION.test(text);
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
