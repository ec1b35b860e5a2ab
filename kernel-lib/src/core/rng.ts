import { requireFinite } from "./validate";

/** A seeded pseudo-random generator, so that every "random" number in a lesson reproduces exactly. */
export interface Random {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Uniform in [low, high). */
  uniformBetween(low: number, high: number): number;
  /** Standard normal (mean 0, standard deviation 1) by Box–Muller. */
  normal(mean?: number, standardDeviation?: number): number;
  /** A Float64Array of n normal samples. */
  normals(n: number, mean?: number, standardDeviation?: number): Float64Array;
  /** An integer in [0, n). */
  integer(n: number): number;
  /** A shuffled copy of an array (Fisher–Yates). */
  shuffled<T>(items: readonly T[]): T[];
}

/**
 * mulberry32: 32-bit state, fast, and good enough for initialising tiny networks and making toy data.
 * Not for cryptography.
 */
export function seededRandom(seed: number): Random {
  requireFinite("seededRandom", "seed", seed);
  if (!Number.isInteger(seed)) throw new RangeError(`seededRandom: seed must be an integer, got ${seed}`);
  let state = seed >>> 0;
  let spare: number | null = null;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const standardNormal = (): number => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = uniform();
    const v = uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
  const random: Random = {
    uniform,
    uniformBetween: (low, high) => low + (high - low) * uniform(),
    normal: (mean = 0, standardDeviation = 1) => mean + standardDeviation * standardNormal(),
    normals(n, mean = 0, standardDeviation = 1) {
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`normals: n must be a whole number ≥ 0, got ${n}`);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = random.normal(mean, standardDeviation);
      return out;
    },
    integer(n) {
      if (!Number.isInteger(n) || n <= 0) throw new RangeError(`integer: n must be a whole number ≥ 1, got ${n}`);
      return Math.floor(uniform() * n);
    },
    shuffled(items) {
      const copy = items.slice();
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(uniform() * (i + 1));
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy;
    },
  };
  return random;
}
