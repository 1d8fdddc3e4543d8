// A seeded PRNG: the same seed and the same clock readings give byte-identical /metrics, so tests
// can assert exact values and a demo can be replayed.

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Normal with mean 0 and standard deviation 1. */
  normal(): number;
  /** Log-normal around `median`; `spread` is the standard deviation of the logarithm. */
  logNormal(median: number, spread: number): number;
  /** Poisson-distributed count with mean `mean` (small means only: the arrivals of one tick). */
  poisson(mean: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One of `items`, picked with the given weights (uniform when omitted). */
  pick<T>(items: readonly T[], weights?: readonly number[]): T;
}

/** mulberry32: 32-bit state, good enough for traffic noise and fast in plain JavaScript. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seededRandom(seed: number): Random {
  const next = mulberry32(seed);
  const normal = () => {
    // Box-Muller; 1 - next() keeps the logarithm finite
    const u = 1 - next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return {
    next,
    normal,
    logNormal: (median, spread) => median * Math.exp(spread * normal()),
    poisson: (mean) => {
      // Knuth's method: exact and cheap for the per-tick means used here (well below 30)
      const limit = Math.exp(-mean);
      let k = 0;
      for (let p = next(); p > limit; p *= next()) k++;
      return k;
    },
    chance: (p) => next() < p,
    pick: (items, weights) => {
      const w = weights ?? items.map(() => 1);
      const total = w.reduce((a, b) => a + b, 0);
      let r = next() * total;
      for (let i = 0; i < items.length; i++) {
        r -= w[i];
        if (r < 0) return items[i];
      }
      return items[items.length - 1];
    },
  };
}

/** A stable 32-bit seed from a string, so each engine of each model gets its own stream. */
export function seedOf(text: string, base: number): number {
  let h = (base ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
