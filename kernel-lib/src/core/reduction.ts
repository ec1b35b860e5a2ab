import { describe } from "./validate";

export type Reduction = "mean" | "sum" | "none";

export interface LossOptions {
  /** How per-element (or per-row) losses are combined: "mean" (default), "sum", or "none" (one loss each). */
  reduction?: Reduction;
}

export function readReduction(fn: string, options: unknown): Reduction {
  if (options === undefined) return "mean";
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`${fn}: options must be an object such as { reduction: "sum" }, got ${describe(options)}`);
  }
  const r = (options as LossOptions).reduction;
  if (r === undefined) return "mean";
  if (r !== "mean" && r !== "sum" && r !== "none") {
    throw new RangeError(`${fn}: options.reduction must be "mean", "sum" or "none", got ${describe(r)}`);
  }
  return r;
}

/**
 * Compensated (Neumaier) summation: a plain running sum over 10⁶ terms can lose ~6 digits, and every
 * reduced loss a lesson prints should be correct to the last digit shown. A small class rather than a
 * closure so that V8 inlines `add` into each loss's loop.
 */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;
  add(x: number): void {
    const t = this.sum + x;
    this.compensation += Math.abs(this.sum) >= Math.abs(x) ? this.sum - t + x : x - t + this.sum;
    this.sum = t;
  }
  get value(): number {
    // Once an infinite term is in, the compensation is ∞ − ∞ = NaN; the sum itself is the answer.
    return Number.isFinite(this.sum) ? this.sum + this.compensation : this.sum;
  }
}

/** The reduced loss from a finished sum: "sum" as it is, "mean" divided by the count. */
export function finishReduction(total: CompensatedSum, count: number, reduction: Reduction, perItem: Float64Array | null): number | Float64Array {
  if (reduction === "none") return perItem as Float64Array;
  return reduction === "sum" ? total.value : total.value / count;
}

/** The factor each per-item gradient is scaled by: 1/count for "mean", 1 otherwise. */
export function gradientScale(count: number, reduction: Reduction): number {
  return reduction === "mean" ? 1 / count : 1;
}
