// Summaries of a batch of numbers that the gradient-flow lab reads per layer: norms, moments, histograms.
import { describe } from "../core/validate";
import { inputError } from "../core/errors";

/**
 * The Euclidean (Frobenius, for a matrix given as rows) norm √(Σ x²), without overflow or underflow:
 * entries are divided by the largest |x| first, as Math.hypot and LAPACK's dnrm2 do, so
 * norm([[3e200, 4e200]]) = 5e200 (a plain sum of squares gives Infinity) and norm([[3e-200, 4e-200]]) = 5e-200.
 * See also: LayerStats.weightGradientNorm.
 */
export function norm(rows: readonly ArrayLike<number>[]): number {
  let largest = 0;
  for (const row of rows) for (let i = 0; i < row.length; i++) largest = Math.max(largest, Math.abs(row[i]));
  if (largest === 0 || !Number.isFinite(largest)) return largest;
  let sum = 0;
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const scaled = row[i] / largest;
      sum += scaled * scaled;
    }
  }
  return largest * Math.sqrt(sum);
}

/** Mean and population standard deviation of every entry of `rows` (two passes: no cancellation). */
export function moments(rows: readonly ArrayLike<number>[]): { mean: number; std: number } {
  let count = 0;
  let sum = 0;
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) sum += row[i];
    count += row.length;
  }
  const mean = sum / count;
  let squares = 0;
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const d = row[i] - mean;
      squares += d * d;
    }
  }
  return { mean, std: Math.sqrt(squares / count) };
}

/** Counts of values per bin: bin i holds edges[i] ≤ v < edges[i + 1], the last bin also holds v = edges[bins]. */
export interface Histogram {
  edges: number[];
  counts: number[];
}

/**
 * A histogram of every entry of `rows` in `bins` equal bins over `range` (default: the entries' own
 * [min, max], widened by ±0.5 when all are equal). Entries outside the range are not counted; give a
 * common range to compare layers. Example: histogram([[0, 0.5, 1]], 2) → edges [0, 0.5, 1], counts [1, 2].
 */
export function histogram(rows: readonly ArrayLike<number>[], bins: number, range?: readonly [number, number], fn = "histogram"): Histogram {
  if (!Number.isInteger(bins) || bins < 1) throw inputError(RangeError, `${fn}: bins must be a whole number ≥ 1, got ${describe(bins)}`);
  let [low, high] = range ?? [Infinity, -Infinity];
  if (!range) {
    for (const row of rows) for (let i = 0; i < row.length; i++) (low = Math.min(low, row[i])), (high = Math.max(high, row[i]));
    if (low === high) (low -= 0.5), (high += 0.5);
  }
  const width = (high - low) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? high : low + i * width));
  const counts = new Array<number>(bins).fill(0);
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      if (!(v >= low && v <= high)) continue;
      // The division can land one bin off at an edge after rounding: settle it against the edges themselves.
      let k = Math.min(bins - 1, Math.floor((v - low) / width));
      if (k > 0 && v < edges[k]) k--;
      else if (k < bins - 1 && v >= edges[k + 1]) k++;
      counts[k]++;
    }
  }
  return { edges, counts };
}
