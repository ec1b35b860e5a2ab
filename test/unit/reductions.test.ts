/**
 * Reductions and result shapes: "mean" (the default), "sum" and "none" for every loss; numbers, arrays,
 * typed arrays and batches of rows in, numbers / Float64Arrays / arrays of Float64Array rows out; the
 * binary cross-entropy conventions at p = 0 and 1; and compensated summation.
 *
 * Reference values are chosen so that they are exact binary fractions or simple multiples of ln 2, written
 * out here rather than computed by the library's formulas.
 */
import { describe, expect, it } from "vitest";
import {
  binaryCrossEntropy,
  binaryCrossEntropyFromLogits,
  categoricalCrossEntropy,
  categoricalCrossEntropyFromLogits,
  hinge,
  losses,
  meanAbsoluteError,
  meanSquaredError,
} from "../../kernel-lib/src/index";

const EPS = Number.EPSILON;
const LN2 = Math.LN2;

/**
 * |actual − expected| ≤ ulps·eps·|expected|. Used only where the reference involves Math.log, which ECMAScript
 * does not require to be correctly rounded (V8's is, in practice, within 1 ulp).
 */
function expectWithinUlps(actual: number, expected: number, ulps: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(ulps * EPS * Math.abs(expected));
}

type AnyLoss = ((y: unknown, p: unknown, options?: unknown) => number | Float64Array) & {
  gradient: (y: unknown, p: unknown, options?: unknown) => Float64Array | Float64Array[];
};

interface ReductionCase {
  name: keyof typeof losses;
  yTrue: unknown;
  yPred: unknown;
  /** The loss of each element (or row), worked out by hand. */
  perItem: number[];
  /** Whether the per-item values are exact binary fractions (else they are multiples of ln 2 and checked to 2 ulp). */
  exact: boolean;
}

const cases: ReductionCase[] = [
  // (ŷ − y)² = 0.25, 0, 1, 4.
  { name: "meanSquaredError", yTrue: [1, 2, 3, 4], yPred: [1.5, 2, 2, 6], perItem: [0.25, 0, 1, 4], exact: true },
  // |ŷ − y| = 0.5, 0, 1, 2.
  { name: "meanAbsoluteError", yTrue: [1, 2, 3, 4], yPred: [1.5, 2, 2, 6], perItem: [0.5, 0, 1, 2], exact: true },
  // Margins y·s = 0.5, 2, 3, −0.25, so max(0, 1 − m) = 0.5, 0, 0, 1.25.
  { name: "hinge", yTrue: [1, -1, 1, -1], yPred: [0.5, -2, 3, 0.25], perItem: [0.5, 0, 0, 1.25], exact: true },
  // −log 0.5 = ln 2, −log(1 − 0.5) = ln 2, −log 0.25 = 2 ln 2, −log(1 − 0.75) = 2 ln 2.
  { name: "binaryCrossEntropy", yTrue: [1, 0, 1, 0], yPred: [0.5, 0.5, 0.25, 0.75], perItem: [LN2, LN2, 2 * LN2, 2 * LN2], exact: false },
  // softplus(0) = ln 2 for either label, so soft labels give ln 2 as well; y = 1 at z = −1000 costs 1000 (+ e^−1000,
  // which underflows); y = 0 at z = −1000 costs e^−1000 → 0.
  { name: "binaryCrossEntropyFromLogits", yTrue: [1, 0, 0.25, 1, 0], yPred: [0, 0, 0, -1000, -1000], perItem: [LN2, LN2, LN2, 1000, 0], exact: false },
  // One row each: −log 0.5 = ln 2, −log 0.5 = ln 2, −log 0.25 = 2 ln 2.
  {
    name: "categoricalCrossEntropy",
    yTrue: [[0, 1, 0], [1, 0, 0], [0, 0, 1]],
    yPred: [[0.25, 0.5, 0.25], [0.5, 0.25, 0.25], [0.375, 0.375, 0.25]],
    perItem: [LN2, LN2, 2 * LN2],
    exact: false,
  },
  // Four equal logits: −log(1/4) = 2 ln 2 for any labels. [1000, 0, 0, 0]: class 0 costs log(1 + 3e^−1000) → 0,
  // class 1 costs 1000 + log(1 + 3e^−1000) → 1000.
  {
    name: "categoricalCrossEntropyFromLogits",
    yTrue: [[1, 0, 0, 0], [0.5, 0.5, 0, 0], [0, 1, 0, 0], [1, 0, 0, 0]],
    yPred: [[0, 0, 0, 0], [7, 7, 7, 7], [1000, 0, 0, 0], [1000, 0, 0, 0]],
    perItem: [2 * LN2, 2 * LN2, 1000, 0],
    exact: false,
  },
];

describe("reductions", () => {
  for (const c of cases) {
    const loss = losses[c.name] as unknown as AnyLoss;
    const n = c.perItem.length;
    // Summing a few doubles exactly rounded (compensated sum), written out in order here.
    const sum = c.perItem.reduce((a, b) => a + b, 0);

    describe(c.name, () => {
      it('"none" gives one loss per element (or row) as a Float64Array', () => {
        const none = loss(c.yTrue, c.yPred, { reduction: "none" }) as Float64Array;
        expect(none).toBeInstanceOf(Float64Array);
        expect(none.length).toBe(n);
        none.forEach((v, i) => (c.exact ? expect(v).toBe(c.perItem[i]) : expectWithinUlps(v, c.perItem[i], 2)));
      });

      it('"sum" is the sum of the "none" losses, as a number', () => {
        const total = loss(c.yTrue, c.yPred, { reduction: "sum" });
        expect(typeof total).toBe("number");
        if (c.exact) expect(total).toBe(sum);
        else expectWithinUlps(total as number, sum, 2);
      });

      it('"mean" is the sum over the count, and the default', () => {
        const mean = loss(c.yTrue, c.yPred, { reduction: "mean" });
        expect(typeof mean).toBe("number");
        if (c.exact) expect(mean).toBe(sum / n);
        else expectWithinUlps(mean as number, sum / n, 2);
        expect(loss(c.yTrue, c.yPred)).toBe(mean);
        expect(loss(c.yTrue, c.yPred, {})).toBe(mean);
        expect(loss(c.yTrue, c.yPred, { reduction: undefined })).toBe(mean);
        // Mean and sum differ by the count: exactly when the count is a power of two, else within one rounding.
        const total = loss(c.yTrue, c.yPred, { reduction: "sum" }) as number;
        if ((n & (n - 1)) === 0) expect(total).toBe((mean as number) * n);
        else expectWithinUlps((mean as number) * n, total, 1);
      });

      it("the gradient has the shape of the predictions, for every reduction", () => {
        for (const reduction of ["mean", "sum", "none"] as const) {
          const g = loss.gradient(c.yTrue, c.yPred, { reduction });
          if (Array.isArray((c.yPred as unknown[])[0])) {
            // A batch of rows gives an array of Float64Array rows.
            expect(Array.isArray(g)).toBe(true);
            const rows = g as Float64Array[];
            expect(rows.length).toBe(n);
            rows.forEach((row, r) => {
              expect(row).toBeInstanceOf(Float64Array);
              expect(row.length).toBe((c.yPred as number[][])[r].length);
            });
          } else {
            expect(g).toBeInstanceOf(Float64Array);
            expect((g as Float64Array).length).toBe(n);
          }
        }
      });

      it('the "mean" gradient is the "sum" gradient divided by the count', () => {
        const mean = loss.gradient(c.yTrue, c.yPred, { reduction: "mean" });
        const total = loss.gradient(c.yTrue, c.yPred, { reduction: "sum" });
        const flat = (g: Float64Array | Float64Array[]): number[] => (Array.isArray(g) ? g.flatMap((r) => Array.from(r)) : Array.from(g));
        const m = flat(mean);
        const s = flat(total);
        // Scaling by 1/n is exact when n is a power of two. Otherwise the library multiplies by fl(1/n) and the
        // reference divides by n: each is within 1 eps relative of the exact quotient, so within 2 eps of each other.
        m.forEach((v, i) => {
          if ((n & (n - 1)) === 0) expect(v).toBe(s[i] / n);
          else expect(Math.abs(v - s[i] / n)).toBeLessThanOrEqual(2 * EPS * Math.abs(s[i] / n));
        });
      });
    });
  }
});

describe("shapes of categorical results", () => {
  const y = [0, 1, 0];
  const p = [0.25, 0.5, 0.25];

  it("one row: a number, or a Float64Array of one loss with \"none\"; its gradient is one Float64Array", () => {
    for (const loss of [categoricalCrossEntropy, categoricalCrossEntropyFromLogits]) {
      expect(typeof loss(y, p)).toBe("number");
      const none = loss(y, p, { reduction: "none" });
      expect(none).toBeInstanceOf(Float64Array);
      expect(none.length).toBe(1);
      const g = loss.gradient(y, p);
      expect(g).toBeInstanceOf(Float64Array);
      expect(g.length).toBe(3);
    }
  });

  it("a batch of one row is still a batch: its gradient is an array holding one row", () => {
    for (const loss of [categoricalCrossEntropy, categoricalCrossEntropyFromLogits]) {
      const g = loss.gradient([y], [p]);
      expect(Array.isArray(g)).toBe(true);
      expect(g.length).toBe(1);
      expect(g[0]).toBeInstanceOf(Float64Array);
      expect(Array.from(g[0])).toEqual(Array.from(loss.gradient(y, p)));
      expect(loss([y], [p])).toBe(loss(y, p));
    }
  });

  it("the categorical cross-entropy gradient is −y/p, and the batch mean divides by the number of rows", () => {
    expect(Array.from(categoricalCrossEntropy.gradient(y, p))).toEqual([0, -2, 0]);
    const g = categoricalCrossEntropy.gradient([y, [1, 0, 0]], [p, [0.5, 0.25, 0.25]]);
    expect(g.map((r) => Array.from(r))).toEqual([[0, -1, 0], [-1, 0, 0]]);
  });
});

describe("number arguments for elementwise losses", () => {
  it("meanSquaredError(3, 2.5) is 0.25", () => {
    expect(meanSquaredError(3, 2.5)).toBe(0.25);
  });

  it("every elementwise loss takes numbers and returns a number", () => {
    expect(meanAbsoluteError(3, 2.5)).toBe(0.5);
    expect(hinge(1, 0.5)).toBe(0.5);
    expect(hinge(-1, 0.5)).toBe(1.5);
    expectWithinUlps(binaryCrossEntropy(1, 0.5), LN2, 2);
    expectWithinUlps(binaryCrossEntropyFromLogits(0, 0), LN2, 2);
    // A number is a vector of one: every reduction gives the same value, "none" wraps it.
    expect(meanSquaredError(3, 2.5, { reduction: "sum" })).toBe(0.25);
    const none = meanSquaredError(3, 2.5, { reduction: "none" });
    expect(none).toBeInstanceOf(Float64Array);
    expect(Array.from(none)).toEqual([0.25]);
  });

  it("gradients of numbers are Float64Arrays of one entry", () => {
    expect(Array.from(meanSquaredError.gradient(3, 2.5))).toEqual([-1]);
    expect(Array.from(meanAbsoluteError.gradient(3, 2.5))).toEqual([-1]);
    expect(Array.from(hinge.gradient(1, 0.5))).toEqual([-1]);
    expect(Array.from(binaryCrossEntropyFromLogits.gradient(1, 0))).toEqual([-0.5]);
    expect(Array.from(binaryCrossEntropy.gradient(1, 0.5))).toEqual([-2]);
  });

  it("a number may pair with a one-element array", () => {
    expect(meanSquaredError(3, [2.5])).toBe(0.25);
    expect(meanSquaredError([3], 2.5)).toBe(0.25);
  });
});

describe("typed-array inputs", () => {
  it("Float64Array and Float32Array give the same result as plain arrays when the values are representable", () => {
    // 0.5, 1.5, 0.25, −2.75 are exact in float32: (0.25)² + (4.25)² = 0.0625 + 18.0625, mean 9.0625.
    expect(meanSquaredError(Float32Array.of(0.5, 1.5), Float64Array.of(0.25, -2.75))).toBe(9.0625);
    expect(meanSquaredError(Float64Array.of(0.5, 1.5), Float32Array.of(0.25, -2.75))).toBe(9.0625);
    expect(meanSquaredError([0.5, 1.5], [0.25, -2.75])).toBe(9.0625);
    expect(meanAbsoluteError(Float32Array.of(0.5, 1.5), Float32Array.of(0.25, -2.75), { reduction: "sum" })).toBe(4.5);
    expect(hinge(Int8Array.of(1, -1), Float32Array.of(0.5, 0.5))).toBe(1);
    expectWithinUlps(binaryCrossEntropy(Uint8Array.of(1, 0), Float32Array.of(0.5, 0.5)), LN2, 2);
    expectWithinUlps(binaryCrossEntropyFromLogits(Float32Array.of(1, 0), Float64Array.of(0, 0)), LN2, 2);
  });

  it("a Float32Array is used as stored: float32(0.1) is not 0.1", () => {
    // float32(0.1) = 13421773/2^27 and double 0.1 = 3602879701896397/2^55; their difference, worked out in
    // exact rational arithmetic, is 1.4901161138336505e-9 (and representable, so the subtraction is exact).
    expect(meanAbsoluteError(Float32Array.of(0.1), [0.1])).toBe(1.4901161138336505e-9);
  });

  it("rows may be typed arrays, for one row or a batch", () => {
    expectWithinUlps(categoricalCrossEntropy(Float64Array.of(0, 1), Float32Array.of(0.75, 0.25)), 2 * LN2, 2);
    const batch = categoricalCrossEntropy([Float32Array.of(0, 1), Float64Array.of(1, 0)], [Float64Array.of(0.5, 0.5), [0.75, 0.25]], { reduction: "none" });
    expectWithinUlps(batch[0], LN2, 2);
    // −log 0.75 = log(4/3): the reference uses log1p(1/3), a different route from the library's log(0.75).
    expectWithinUlps(batch[1], Math.log1p(1 / 3), 4);
    const g = categoricalCrossEntropyFromLogits.gradient([Float32Array.of(0, 1)], [Float32Array.of(0, 0)]);
    expect(g.map((r) => Array.from(r))).toEqual([[0.5, -0.5]]);
  });

  it("typed-array inputs are not modified", () => {
    const y = Float64Array.of(1, 0, 1);
    const p = Float64Array.of(0.25, 0.5, 0.75);
    const z = Float64Array.of(-1, 0, 2);
    for (const loss of [meanSquaredError, meanAbsoluteError, binaryCrossEntropy, binaryCrossEntropyFromLogits]) {
      loss(y, loss === binaryCrossEntropyFromLogits ? z : p, { reduction: "none" });
      loss.gradient(y, loss === binaryCrossEntropyFromLogits ? z : p);
    }
    expect(Array.from(y)).toEqual([1, 0, 1]);
    expect(Array.from(p)).toEqual([0.25, 0.5, 0.75]);
    expect(Array.from(z)).toEqual([-1, 0, 2]);
  });
});

describe("binary cross-entropy conventions at p = 0 and p = 1", () => {
  it("a confident wrong prediction costs +Infinity, not a clamped value", () => {
    expect(binaryCrossEntropy([1], [0])).toBe(Infinity);
    expect(binaryCrossEntropy([0], [1])).toBe(Infinity);
    expect(binaryCrossEntropy([1, 0], [0, 0.5])).toBe(Infinity);
    const none = binaryCrossEntropy([1, 0], [0, 0.5], { reduction: "none" });
    expect(none[0]).toBe(Infinity);
    expectWithinUlps(none[1], LN2, 2);
  });

  it("a confident right prediction costs exactly 0 (0·log 0 is taken as 0, not NaN)", () => {
    expect(binaryCrossEntropy([0], [0])).toBe(0);
    expect(binaryCrossEntropy([1], [1])).toBe(0);
    expect(binaryCrossEntropy([0, 1, 0], [0, 1, 0], { reduction: "sum" })).toBe(0);
  });

  it("the gradient at y = 0, p = 0 (and y = 1, p = 1) is finite", () => {
    // ∂/∂p of −log(1 − p) at p = 0 is 1; of −log p at p = 1 it is −1. Mean over 2 elements halves them.
    expect(Array.from(binaryCrossEntropy.gradient([0], [0]))).toEqual([1]);
    expect(Array.from(binaryCrossEntropy.gradient([1], [1]))).toEqual([-1]);
    expect(Array.from(binaryCrossEntropy.gradient([0, 1], [0, 1]))).toEqual([0.5, -0.5]);
  });

  it("the gradient of a confident wrong prediction is infinite, with the right sign", () => {
    expect(Array.from(binaryCrossEntropy.gradient([1, 0], [0, 1], { reduction: "sum" }))).toEqual([-Infinity, Infinity]);
  });

  it("categorical cross-entropy follows the same conventions", () => {
    expect(categoricalCrossEntropy([1, 0], [0, 1])).toBe(Infinity);
    expect(categoricalCrossEntropy([0, 1], [0, 1])).toBe(0);
    expect(Array.from(categoricalCrossEntropy.gradient([0, 1], [0, 1]))).toEqual([0, -1]);
  });
});

describe("compensated summation", () => {
  it("the mean of 10⁶ copies of 0.1 (meanAbsoluteError against zeros) is exactly 0.1", () => {
    const n = 1_000_000;
    const zeros = new Float64Array(n);
    const tenths = new Float64Array(n).fill(0.1);
    // The exact sum of 10⁶ copies of double(0.1) is 100000.0000000000055511151231257827…, whose nearest double
    // is 100000 (worked out in exact rational arithmetic); a plain running sum gives 100000.00000133288.
    expect(meanAbsoluteError(zeros, tenths, { reduction: "sum" })).toBe(100000);
    expect(meanAbsoluteError(zeros, tenths)).toBe(0.1);
    expect(meanSquaredError(zeros, new Float64Array(n).fill(0.5))).toBe(0.25);
  });

  it("small terms after a large one are not lost", () => {
    // Squared errors 1e16, 1, 1, 1, 1: the exact sum 1e16 + 4 is a double, but 1e16 + 1 rounds back to 1e16,
    // so a plain running sum returns 1e16.
    expect(meanSquaredError([0, 0, 0, 0, 0], [1e8, 1, 1, 1, 1], { reduction: "sum" })).toBe(1e16 + 4);
    expect(meanAbsoluteError([0, 0, 0, 0, 0], [1e16, 1, 1, 1, 1], { reduction: "sum" })).toBe(1e16 + 4);
    expect(hinge([1, 1, 1, 1, 1], [1 - 1e16, 0, 0, 0, 0], { reduction: "sum" })).toBe(1e16 + 4);
  });
});
