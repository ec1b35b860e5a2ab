import { inputError } from "./errors";
import { describe } from "./validate";

/** How a loss combines per-element (or per-row) losses: "mean" (the default), "sum", or "none" (one each). */
export type Reduction = "mean" | "sum" | "none";

/** The options every loss and loss gradient takes, e.g. `meanSquaredError(y, p, { reduction: "sum" })`. */
export interface LossOptions {
  /** How per-element (or per-row) losses are combined: "mean" (default), "sum", or "none" (one loss each). */
  reduction?: Reduction;
}

/** The reduction named in a loss's options ("mean" when absent); a named error for anything else. */
export function readReduction(fn: string, options: unknown): Reduction {
  if (options === undefined) return "mean";
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw inputError(TypeError, `${fn}: options must be an object such as { reduction: "sum" }, got ${describe(options)}`);
  }
  const r = (options as LossOptions).reduction;
  if (r === undefined) return "mean";
  if (r !== "mean" && r !== "sum" && r !== "none") {
    throw inputError(RangeError, `${fn}: options.reduction must be "mean", "sum" or "none", got ${describe(r)}`);
  }
  return r;
}

/**
 * Compensated (Neumaier) summation, written into each loss's loop as
 *   const t = sum + loss; compensation += additionError(sum, loss, t); sum = t;
 * A plain running sum over 10⁶ terms can lose ~6 digits, and every reduced loss a lesson prints should be
 * correct to the last digit shown. Local variables and a small pure function (inlined by V8) cost almost
 * nothing; an accumulator object's fields went through memory on every element and made MSE 1.6× slower.
 */
export function additionError(a: number, b: number, t: number): number {
  return Math.abs(a) >= Math.abs(b) ? a - t + b : b - t + a;
}

/** The reduced loss from a compensated sum: "sum" as it is, "mean" divided by the count, "none" the items. */
export function finishReduction(
  sum: number,
  compensation: number,
  count: number,
  reduction: Reduction,
  perItem: Float64Array | null,
): number | Float64Array {
  if (reduction === "none") return perItem as Float64Array;
  // Once an infinite term is in, the compensation is ∞ − ∞ = NaN; the sum itself is the answer.
  const total = Number.isFinite(sum) ? sum + compensation : sum;
  return reduction === "sum" ? total : total / count;
}

/** The factor each per-item gradient is scaled by: 1/count for "mean", 1 otherwise. */
export function gradientScale(count: number, reduction: Reduction): number {
  return reduction === "mean" ? 1 / count : 1;
}

/**
 * Adds up four Neumaier lanes (sums and their compensations). MSE and MAE cost ~1 ns per element, so one
 * running sum's latency chain was their whole cost (1.35× the naive loop); their loops keep four
 * independent sums instead and finish here. (A shared loop taking the per-element term as a function or a
 * flag was 25%–600% slower: V8 does not inline it.)
 */
export function combineLanes(sums: readonly number[], compensations: readonly number[]): number {
  let total = 0;
  let compensation = 0;
  for (let i = 0; i < sums.length; i++) {
    const t = total + sums[i];
    compensation += additionError(total, sums[i], t) + compensations[i];
    total = t;
  }
  return Number.isFinite(total) ? total + compensation : total;
}
