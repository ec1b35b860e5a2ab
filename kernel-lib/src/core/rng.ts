import { inputError } from "./errors";
import { portableCos, portableLog, portableSin } from "./portable-math";
import { describe, requireFinite } from "./validate";

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

const FN = "seededRandom(…)";

/** A RangeError unless `n` is a whole number ≥ `least`. */
function requireCount(fn: string, n: unknown, least: number): number {
  const x = requireFinite(fn, "n", n);
  if (!Number.isInteger(x) || x < least) throw inputError(RangeError, `${fn}: n must be a whole number ≥ ${least}, got ${x}`);
  return x;
}

/**
 * A seeded pseudo-random generator (mulberry32: 32-bit state, fast, good enough for initialising tiny
 * networks and making toy data; not for cryptography). The same seed gives the same numbers, so every
 * "random" number a lesson prints reproduces exactly.
 *
 * Syntax:
 *   const random = seededRandom(seed)      seed: an integer
 *   random.uniform()                       uniform in [0, 1)
 *   random.uniformBetween(low, high)       uniform in [low, high)
 *   random.normal(mean?, standardDeviation?)
 *   random.normals(n, mean?, standardDeviation?)   a Float64Array of n samples
 *   random.integer(n)                      an integer in [0, n)
 *   random.shuffled(items)                 a shuffled copy
 *
 * @example
 *   const random = seededRandom(42);
 *   random.integer(6);                                          // 3
 *   seededRandom(7).normal() === seededRandom(7).normal();      // true: the same seed, the same numbers
 *
 * See also: createNetwork (its `seed` initialises the weights)
 */
export function seededRandom(seed: number): Random {
  requireFinite("seededRandom", "seed", seed);
  if (!Number.isInteger(seed)) throw inputError(RangeError, `seededRandom: seed must be an integer, got ${seed}`);
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
    // portable log/sin/cos, not Math's: the same seed must draw the same numbers on every kernel (Node 20
    // and Deno's V8 round Math.sin/cos differently in the last bit; see portable-math.ts).
    const radius = Math.sqrt(-2 * portableLog(u));
    spare = radius * portableSin(2 * Math.PI * v);
    return radius * portableCos(2 * Math.PI * v);
  };
  /** Checks a mean and a standard deviation once, so that no sample can silently be NaN. */
  const readNormal = (fn: string, mean: unknown, standardDeviation: unknown): [number, number] => {
    const m = requireFinite(fn, "mean", mean);
    const sd = requireFinite(fn, "standardDeviation", standardDeviation);
    if (sd < 0) throw inputError(RangeError, `${fn}: standardDeviation must be ≥ 0, got ${sd}`);
    return [m, sd];
  };
  const random: Random = {
    uniform,
    uniformBetween(low, high) {
      const fn = `${FN}.uniformBetween`;
      requireFinite(fn, "low", low);
      requireFinite(fn, "high", high);
      return low + (high - low) * uniform();
    },
    normal(mean = 0, standardDeviation = 1) {
      const [m, sd] = readNormal(`${FN}.normal`, mean, standardDeviation);
      return m + sd * standardNormal();
    },
    normals(n, mean = 0, standardDeviation = 1) {
      const fn = `${FN}.normals`;
      const count = requireCount(fn, n, 0);
      const [m, sd] = readNormal(fn, mean, standardDeviation);
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = m + sd * standardNormal();
      return out;
    },
    integer(n) {
      const count = requireCount(`${FN}.integer`, n, 1);
      return Math.floor(uniform() * count);
    },
    shuffled(items) {
      if (!Array.isArray(items) && !ArrayBuffer.isView(items)) throw inputError(TypeError, `${FN}.shuffled: items must be an array, got ${describe(items)}`);
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
