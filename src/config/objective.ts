// SLO objectives as users write them: 99.5, "99.5%" and 0.995 all mean 99.5 %. A number below 1 is a
// fraction, a number from 50 up to 100 a percent; in between the reading is not certain (is 5 meant
// as 5 %, or as 0.95 mistyped?), and no useful SLO promises less than half its events, so those are
// refused with a suggestion rather than guessed. Objectives are stored as percents from here on.
import type { ConfigProblem } from '../errors.js';

/** The lowest objective, in percent, an SLO may promise. */
const LOWEST_PERCENT = 50;
const PERCENT_TEXT = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/;

type Reading = { percent: number } | { problem: string };

export function readObjective(value: unknown): Reading | undefined {
  if (typeof value === 'string') {
    const match = PERCENT_TEXT.exec(value);
    if (!match) return { problem: `${JSON.stringify(value)} is not an objective; write a percent such as 99.5 or "99.5%", or a fraction such as 0.995` };
    return inRange(Number(match[1]), JSON.stringify(value));
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  if (value > 0 && value < 1) return inRange(Number((value * 100).toPrecision(12)), String(value), true);
  if (value >= 1 && value < LOWEST_PERCENT) {
    return {
      problem: `${value} is ambiguous as an objective: write a percent from ${LOWEST_PERCENT} to under 100 (e.g. 99.5 or "99.5%") or a fraction below 1 (e.g. 0.995)${guess(value)}`,
    };
  }
  return inRange(value, String(value));
}

function inRange(percent: number, written: string, fraction = false): Reading {
  if (percent >= 100) return { problem: `${written} means ${percent} %: an objective must be below 100 % (no service meets 100 %; its error budget would be zero)` };
  if (percent < LOWEST_PERCENT) {
    const meaning = fraction ? ` reads as ${percent} %,` : ' is';
    return { problem: `${written}${meaning} below ${LOWEST_PERCENT} %: an SLO objective promises most events good, e.g. 99.5 or 0.995` };
  }
  return { percent };
}

/** 9 → "99"? 1 → "0.99"? Only where one reading is likely: a single digit 9 is a truncated 99. */
function guess(value: number): string {
  return value === 9 ? '; did you mean 99?' : '';
}

/** Turns every readable `slos[].objective` into a percent in place; the rest become problems. */
export function normaliseObjectives(raw: Record<string, unknown>): ConfigProblem[] {
  const slos = raw.slos;
  if (!Array.isArray(slos)) return [];
  const problems: ConfigProblem[] = [];
  slos.forEach((slo, i) => {
    if (typeof slo !== 'object' || slo === null || Array.isArray(slo)) return;
    const entry = slo as Record<string, unknown>;
    const reading = readObjective(entry.objective);
    if (reading === undefined) return;
    if ('problem' in reading) problems.push({ path: ['slos', i, 'objective'], message: reading.problem });
    else entry.objective = reading.percent;
  });
  return problems;
}
