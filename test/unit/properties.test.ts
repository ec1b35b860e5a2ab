/**
 * Identities that hold exactly in real arithmetic, checked on random inputs with fast-check. Each tolerance
 * is derived from the float64 error of the two sides (stated next to it), never a loose relative tolerance;
 * where an identity needs an exact intermediate (z + c, a − b), the inputs are drawn so that it is exact.
 * The pointwise accuracy of each function is tested against mpmath in numerics.test.ts.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { binaryCrossEntropy, binaryCrossEntropyFromLogits, logSoftmax, sigmoid, softmax, tanh } from "../../kernel-lib/src/index";
import { ulp, ulpDistance } from "../helpers/ulp";

/** 2^-53: the unit roundoff, half an ulp of 1. */
const U = 2 ** -53;
const EPS = Number.EPSILON; // 2^-52, one ulp of 1

// PROPERTY_RUNS=200000 npx vitest run test/properties.test.ts for a longer search.
const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 2000) };

/** Finite logits of every scale: ordinary, large enough that e^z overflows, and extreme. */
const logit = fc.oneof(
  fc.double({ min: -50, max: 50, noNaN: true }),
  fc.double({ min: -1000, max: 1000, noNaN: true }),
  fc.double({ min: -1e308, max: 1e308, noNaN: true }),
  fc.constantFrom(0, -0, 1e-300, -1e-300, 36, -36, 37, 40, -40, 709, 710, -745, 800, -800),
);
const logits = fc.array(logit, { minLength: 1, maxLength: 12 });

/**
 * Numbers k·2^-20 with |k| < 2^31: the sum or difference of two of them needs at most 52 bits, so it is
 * exact, and an identity about z + c or a − b is about exactly those numbers.
 */
const dyadic = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((k) => k * 2 ** -20);
/** A shift with an integer part up to 2^20 as well: still exact when added to a `dyadic`. */
const shift = fc.tuple(fc.integer({ min: -(2 ** 20), max: 2 ** 20 }), dyadic).map(([j, f]) => j + f);

/** The rounding error of a + b (TwoSum); 0 exactly when a + b is a double. */
function additionError(a: number, b: number): number {
  const s = a + b;
  const bPart = s - a;
  return a - (s - bPart) + (b - bPart);
}

/** Σ x_i with compensated (Neumaier) summation, so the test's own rounding is negligible beside the bound. */
function accurateSum(xs: ArrayLike<number>): number {
  let sum = 0;
  let c = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const t = sum + x;
    c += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return sum + c;
}

function within(actual: number, expected: number, tolerance: number, what: string): void {
  if (!(Math.abs(actual - expected) <= tolerance)) {
    throw new Error(`${what}: ${actual} vs ${expected}, difference ${Math.abs(actual - expected)} > ${tolerance}`);
  }
}

describe("softmax", () => {
  // Each softmax_i is within ~2 ulp of the truth and the shared denominator adds ≤ (n − 1) roundings, so
  // |Σ softmax_i − 1| ≤ (2n − 1)·2^-53 < n ulp(1).
  test("sums to 1 within length × ulp(1)", () => {
    fc.assert(
      fc.property(logits, (z) => {
        const s = softmax(z);
        within(accurateSum(s), 1, z.length * EPS, `Σ softmax(${JSON.stringify(z)})`);
      }),
      RUNS,
    );
  });

  // softmax(z + c) = softmax(z) exactly in real arithmetic; with z_i + c exact (dyadic inputs), the only
  // difference left is each side's own error, ≤ 2 ulp (numerics.test.ts) each. Shifts reach 10^6, where
  // e^(z + c) overflows a hundred times over.
  test("is invariant under adding a constant (exact shifts up to 1e6)", () => {
    fc.assert(
      fc.property(fc.array(dyadic, { minLength: 1, maxLength: 10 }), shift, (z, c) => {
        for (const zi of z) expect(additionError(zi, c)).toBe(0);
        const a = softmax(z);
        const b = softmax(z.map((zi) => zi + c));
        for (let i = 0; i < z.length; i++) {
          expect(ulpDistance(a[i], b[i]), `softmax(z + ${c})[${i}] vs softmax(z)[${i}], z = ${JSON.stringify(z)}`).toBeLessThanOrEqual(4);
        }
      }),
      RUNS,
    );
  });

  // softmax([a, b])_0 = 1/(1 + e^(b − a)) = σ(a − b). With a − b exact, both sides approximate one real
  // number to ≤ 2 ulp each.
  test("of two logits is the sigmoid of their difference", () => {
    fc.assert(
      fc.property(dyadic, dyadic, (a, b) => {
        expect(additionError(a, -b)).toBe(0);
        const s = softmax([a, b]);
        expect(ulpDistance(s[0], sigmoid(a - b)), `softmax([${a}, ${b}])[0] vs σ(${a - b})`).toBeLessThanOrEqual(4);
        expect(ulpDistance(s[1], sigmoid(b - a)), `softmax([${a}, ${b}])[1] vs σ(${b - a})`).toBeLessThanOrEqual(4);
      }),
      RUNS,
    );
  });
});

describe("logSoftmax", () => {
  // log(s(1 + δ)) = log s + δ: softmax's relative error |δ| ≤ 2 ulp ≤ 4·2^-53 becomes an absolute error
  // in log(softmax), which Math.log rounds once more; logSoftmax itself is within 2 ulp. Where softmax is
  // tiny (below 1e-300 here) or 0, log(softmax) has lost everything and there is nothing to compare.
  test("equals log(softmax) where softmax is not tiny", () => {
    fc.assert(
      fc.property(logits, (z) => {
        const ls = logSoftmax(z);
        const s = softmax(z);
        for (let i = 0; i < z.length; i++) {
          if (!(s[i] >= 1e-300)) continue;
          const logS = Math.log(s[i]);
          within(ls[i], logS, 4 * U + ulp(logS) + 2 * ulp(ls[i]), `logSoftmax(${JSON.stringify(z)})[${i}]`);
        }
      }),
      RUNS,
    );
  });
});

describe("sigmoid", () => {
  // For z ≥ 0, σ(z) ∈ [1/2, 1] so σ(z) − 1 is exact (Sterbenz) and the sum below is the true
  // σ(z) + σ(−z) − 1 up to a rounding far below 2^-53 · |result|. What is left is the two functions'
  // errors: σ(z) within 2 ulp of size 2^-53, σ(−z) ≤ 1/2 within 2 ulp of size ≤ 2^-54. (1/(1 + e^(−z))
  // alone can be 1.5 ulp off: 1 + e^(−z) rounds by up to 2^-53, so 2^-53 itself is exceeded, e.g. at
  // z = 6.654811504609586.)
  test("σ(−z) + σ(z) = 1 to within 3·2^-53", () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: 0, max: 40, noNaN: true }), fc.double({ min: 0, max: 1e308, noNaN: true })), (z) => {
        const residual = sigmoid(z) - 1 + sigmoid(-z);
        within(residual, 0, 3 * U, `σ(${z}) + σ(${-z}) − 1`);
      }),
      RUNS,
    );
  });
});

describe("tanh", () => {
  // tanh(z) = 2σ(2z) − 1 exactly (2z is exact, and so is 2σ). Math.tanh is within an ulp, ≤ 2^-53 for
  // |tanh| < 1. For σ ≥ 1/2, 1/(1 + e^(−z)) is off by at most 1.5·2^-53 (1 + e^(−z) rounds by ≤ 2^-53,
  // the division by half an ulp), so 2σ(2z) by 3·2^-53, and subtracting 1 is then exact (Sterbenz). For
  // σ < 1/2 both errors are smaller. The sum, 4·2^-53, is 2 ulp of 1.
  test("tanh(z) = 2σ(2z) − 1 within 2 ulp of 1", () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: -20, max: 20, noNaN: true }), fc.double({ min: -1e300, max: 1e300, noNaN: true })), (z) => {
        within(tanh(z), 2 * sigmoid(2 * z) - 1, 2 * EPS, `tanh(${z}) vs 2σ(${2 * z}) − 1`);
      }),
      RUNS,
    );
  });
});

describe("binaryCrossEntropyFromLogits", () => {
  // BCE(y, σ(z)) = y·softplus(−z) + (1 − y)·softplus(z) exactly. σ(z) is computed with relative error
  // |δ| ≤ 4·2^-53; −log(σ(1 + δ)) moves by δ and −log(1 − σ(1 + δ)) by δ·σ/(1 − σ) = δ·e^z, so the
  // probability route is off by up to 4·2^-53·(y + (1 − y)e^z); each side then rounds within 2 ulp of L.
  // |z| ≤ 10 keeps σ(z) away from 0 and 1, where the probability route has nothing left to compare.
  test("equals binaryCrossEntropy on sigmoid(z) where sigmoid(z) is not near 0 or 1", () => {
    const label = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 0.5));
    fc.assert(
      fc.property(label, fc.double({ min: -10, max: 10, noNaN: true }), (y, z) => {
        const fromLogits = binaryCrossEntropyFromLogits(y, z);
        const fromProbability = binaryCrossEntropy(y, sigmoid(z));
        const conditioning = y + (1 - y) * Math.exp(z);
        within(fromLogits, fromProbability, 4 * U * conditioning + 4 * ulp(fromLogits), `BCE(y = ${y}, z = ${z})`);
      }),
      RUNS,
    );
  });
});
