/**
 * Every derivative and gradient against finite differences of the function it differentiates, plus the
 * exact kink conventions and the pairings the lessons teach (BCE-from-logits gives σ(z) − y, CCE-from-logits
 * gives softmax(z) − y, MSE gives 2(ŷ − y)/N, and the chain rule through the sigmoid).
 *
 * Tolerances. A central difference D(h) = (f(z + h) − f(z − h)) / 2h differs from f′(z) by
 *   truncation:  |f‴(ξ)|·h²/6 for some ξ within h of z (Taylor's theorem), and
 *   rounding:    each f value is computed with relative error ≤ ROUND (a few ulp), so the numerator is off by
 *                at most ROUND·(|f(z + h)| + |f(z − h)|), which the division by 2h amplifies: ~eps/h.
 * The derivative under test may itself carry a few ulp (ROUND·|f′|). Each comparison uses the sum of these
 * three terms with a bound on |f‴| stated per function, so the tolerance is as tight as double precision
 * allows at that point and never a fudge factor. h = 1e-6·max(1, |z|) balances the two error terms near
 * their minimum (h ≈ eps^(1/3) ≈ 6e-6 for O(1) functions). Every block also asserts that the tolerance it used
 * was small (≤ 1e-5 relative), so a check cannot pass by being vacuous.
 */
import { describe, expect, it } from "vitest";
import * as math from "mathjs";
import { binaryCrossEntropy, binaryCrossEntropyFromLogits, categoricalCrossEntropy,
  categoricalCrossEntropyFromLogits, hinge, leakyRelu, linear, meanAbsoluteError, meanSquaredError, relu,
  seededRandom, sigmoid, softmax, tanh, type Activation, type Reduction } from "../../kernel-lib/src/index";
import { expectEveryOp } from "../helpers/completeness";

const EPS = Number.EPSILON;
/** Relative error allowed in one computed value: a few ulp (exp and log are < 1 ulp in V8, plus a few roundings). */
const ROUND = 8 * EPS;

interface Difference {
  estimate: number;
  /** Half the step actually taken: (z + h) − (z − h) is used, so the rounding of z ± h is not an error. */
  h: number;
  fPlus: number;
  fMinus: number;
}

function centralDifference(f: (z: number) => number, z: number, h = 1e-6 * Math.max(1, Math.abs(z))): Difference {
  const zPlus = z + h;
  const zMinus = z - h;
  const step = zPlus - zMinus;
  const fPlus = f(zPlus);
  const fMinus = f(zMinus);
  return { estimate: (fPlus - fMinus) / step, h: step / 2, fPlus, fMinus };
}

/** Truncation + rounding bound of a central difference, plus the allowed rounding of the derivative itself. */
function tolerance(d: Difference, thirdDerivativeBound: number, derivative: number): number {
  return (
    (thirdDerivativeBound * d.h * d.h) / 6 + (ROUND * (Math.abs(d.fPlus) + Math.abs(d.fMinus))) / (2 * d.h) + ROUND * Math.abs(derivative)
  );
}

/** Evenly spaced points in [lo, hi] plus seeded uniform ones, so the check is reproducible but not grid-aligned. */
function points(lo: number, hi: number, seed: number, count = 200): number[] {
  const rng = seededRandom(seed);
  const out: number[] = [];
  for (let i = 0; i <= 100; i++) out.push(lo + ((hi - lo) * i) / 100);
  for (let i = 0; i < count; i++) out.push(rng.uniformBetween(lo, hi));
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Activations
// ---------------------------------------------------------------------------------------------------------

interface ActivationCase {
  name: string;
  f: Activation;
  lo: number;
  hi: number;
  /** Bound on |f‴| over the stencil [z − h, z + h], given the derivative there (estimated by the difference). */
  thirdDerivativeBound: (derivative: number) => number;
  /** Points too close to a kink: the stencil must not straddle it. */
  skip?: (z: number) => boolean;
}

const activationCases: ActivationCase[] = [
  // σ‴ = σ′(1 − 6σ + 6σ²) and |1 − 6σ + 6σ²| ≤ 1, so |σ‴| ≤ σ′, which changes by at most a factor e^h ≈ 1
  // across the stencil; 2σ′ is a safe bound. Range: beyond z ≈ 8 σ(z) rounds near 1 and the rounding term
  // (eps/h against σ′ ≈ e^(−z)) exceeds 1e-6 relative; the far negative side stays accurate (σ ≈ e^z there).
  { name: "sigmoid", f: sigmoid, lo: -30, hi: 8, thirdDerivativeBound: (d) => 2 * Math.abs(d) },
  // tanh‴ = −2 sech²(z)(1 − 3 tanh²(z)), |1 − 3 tanh²| ≤ 2, so |tanh‴| ≤ 4 sech² = 4 tanh′; 5 tanh′ covers the
  // stencil. tanh(z) rounds near ±1 on both sides, so the useful range is symmetric and narrower.
  { name: "tanh", f: tanh, lo: -4, hi: 4, thirdDerivativeBound: (d) => 5 * Math.abs(d) },
  // Piecewise linear: f‴ = 0 on each side; the kink at 0 is skipped (the stencil half-width is ≤ 5e-5).
  { name: "relu", f: relu, lo: -50, hi: 50, thirdDerivativeBound: () => 0, skip: (z) => Math.abs(z) < 1e-3 },
  { name: "leakyRelu", f: leakyRelu, lo: -50, hi: 50, thirdDerivativeBound: () => 0, skip: (z) => Math.abs(z) < 1e-3 },
  { name: "leakyRelu.withSlope(0.2)", f: leakyRelu.withSlope(0.2), lo: -50, hi: 50, thirdDerivativeBound: () => 0, skip: (z) => Math.abs(z) < 1e-3 },
  { name: "leakyRelu.withSlope(0)", f: leakyRelu.withSlope(0), lo: -50, hi: 50, thirdDerivativeBound: () => 0, skip: (z) => Math.abs(z) < 1e-3 },
  { name: "linear", f: linear, lo: -1000, hi: 1000, thirdDerivativeBound: () => 0 },
];

describe("activation derivatives against central differences", () => {
  for (const c of activationCases) {
    it(`${c.name}.derivative on [${c.lo}, ${c.hi}]`, () => {
      let checked = 0;
      for (const z of points(c.lo, c.hi, 1000 + c.name.length)) {
        if (c.skip?.(z)) continue;
        const d = centralDifference((t) => c.f(t), z);
        const derivative = c.f.derivative(z);
        const tol = tolerance(d, c.thirdDerivativeBound(d.estimate), derivative);
        expect(Math.abs(d.estimate - derivative), `${c.name}′(${z}): difference ${d.estimate}, derivative ${derivative}`).toBeLessThanOrEqual(tol);
        if (derivative !== 0) expect(tol / Math.abs(derivative), `tolerance at z = ${z}`).toBeLessThan(1e-6);
        checked++;
      }
      expect(checked).toBeGreaterThan(290);
    });
  }

  it("vector inputs give the same derivatives as scalars", () => {
    const zs = points(-6, 6, 7, 50);
    for (const c of activationCases) {
      const vector = c.f.derivative(zs);
      zs.forEach((z, i) => expect(vector[i]).toBe(c.f.derivative(z)));
    }
  });
});

describe("activation derivatives in the tails, where finite differences cannot resolve them", () => {
  // In double precision σ(z) rounds to 1 for z ≳ 37, so no difference quotient of σ can see σ′(40) = 4.2e-18.
  // The reference is the textbook σ(1 − σ) and 1 − tanh² evaluated with 350 significant digits, where the
  // cancellation that ruins them in double (1 − σ ≈ e^(−700) ≈ 1e-304) costs nothing.
  const big = math.create(math.all, { number: "BigNumber", precision: 350 });
  const sigmoidPrime = big.compile("1 / (1 + exp(-z)) * (1 - 1 / (1 + exp(-z)))");
  const tanhPrime = big.compile("1 - ((exp(z) - exp(-z)) / (exp(z) + exp(-z)))^2");
  const reference = (expr: math.EvalFunction, z: number): number => Number(expr.evaluate({ z: big.bignumber(z) }).toString());

  it.each([-700, -300, -40, -19.5, -5, -0.5, 0, 0.5, 5, 19.5, 37, 40, 300, 700])("sigmoid.derivative(%s) to a few ulp", (z) => {
    const ref = reference(sigmoidPrime, z);
    expect(Math.abs(sigmoid.derivative(z) - ref)).toBeLessThanOrEqual(ROUND * ref);
  });

  it.each([-350, -40, -19, -3, -0.25, 0, 0.25, 3, 19, 40, 350])("tanh.derivative(%s) to a few ulp", (z) => {
    const ref = reference(tanhPrime, z);
    expect(Math.abs(tanh.derivative(z) - ref)).toBeLessThanOrEqual(ROUND * ref);
  });
});

describe("kink conventions, exactly", () => {
  it("relu.derivative(0) is 0 (the left slope), as in PyTorch", () => {
    expect(relu.derivative(0)).toBe(0);
    expect(relu.derivative(-0)).toBe(0);
    expect(Array.from(relu.derivative([-1e-300, 0, 1e-300]))).toEqual([0, 0, 1]);
  });

  it("leakyRelu.derivative(0) is the slope", () => {
    expect(leakyRelu.derivative(0)).toBe(0.01);
    expect(leakyRelu.withSlope(0.2).derivative(0)).toBe(0.2);
    expect(leakyRelu.withSlope(0).derivative(0)).toBe(0);
    expect(Array.from(leakyRelu.withSlope(0.2).derivative([-1e-300, 0, 1e-300]))).toEqual([0.2, 0.2, 1]);
  });

  it("meanAbsoluteError.gradient is 0 where the prediction equals the target", () => {
    // mean over 4 elements: ±1/4 where they differ, 0 where equal.
    expect(Array.from(meanAbsoluteError.gradient([1, 2.5, -3, 0], [1, 3, -3, -1]))).toEqual([0, 0.25, 0, -0.25]);
    expect(Array.from(meanAbsoluteError.gradient([7], [7], { reduction: "sum" }))).toEqual([0]);
  });

  it("hinge.gradient is 0 at margin exactly 1, and −y/N just inside it", () => {
    expect(Array.from(hinge.gradient([1, -1], [1, -1]))).toEqual([0, 0]);
    const justInside = 1 - 2 ** -52; // the largest double below 1
    expect(Array.from(hinge.gradient([1, -1, 1, -1], [1, -1, justInside, -justInside]))).toEqual([0, 0, -0.25, 0.25]);
    expect(hinge([1, -1], [1, -1])).toBe(0);
  });
});

describe("softmax.jacobian against central differences of softmax", () => {
  // As a function of z_j alone, s_j = σ(z_j − c) with c = log Σ_{k≠j} e^(z_k), and for i ≠ j,
  // s_i = (s_i / (1 − s_j))·(1 − s_j) where the first factor does not depend on z_j and is ≤ 1. So every
  // ∂³s_i/∂z_j³ is bounded by max|σ‴| = 1/8.
  const rng = seededRandom(31);
  for (const k of [1, 2, 3, 5, 8]) {
    it(`rows of ${k} logits`, () => {
      for (let trial = 0; trial < 10; trial++) {
        const z = Array.from({ length: k }, () => rng.uniformBetween(-5, 5));
        const jacobian = softmax.jacobian(z);
        expect(jacobian.length).toBe(k);
        let maxTol = 0;
        let maxEntry = 0;
        for (let j = 0; j < k; j++) {
          for (let i = 0; i < k; i++) {
            const d = centralDifference((t) => softmax(z.map((v, m) => (m === j ? t : v)))[i], z[j]);
            const tol = tolerance(d, 1 / 8, jacobian[i][j]);
            expect(Math.abs(d.estimate - jacobian[i][j]), `J[${i}][${j}] at z = [${z}]`).toBeLessThanOrEqual(tol);
            maxTol = Math.max(maxTol, tol);
            maxEntry = Math.max(maxEntry, Math.abs(jacobian[i][j]));
          }
        }
        if (k > 1) expect(maxTol).toBeLessThan(1e-5 * maxEntry);
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------------------
// Losses
// ---------------------------------------------------------------------------------------------------------

type Elementwise = typeof meanSquaredError;

interface ElementwiseGradientCase {
  name: string;
  loss: Elementwise;
  /** One (label, prediction) pair, away from any kink. */
  sample: (rng: ReturnType<typeof seededRandom>) => [number, number];
  /** Bound on |∂³(one element's loss)/∂p³| over [p − h, p + h]. */
  thirdDerivativeBound: (y: number, p: number, h: number) => number;
}

const label01 = (rng: ReturnType<typeof seededRandom>): number => {
  const u = rng.uniform();
  return u < 1 / 3 ? 0 : u < 2 / 3 ? 1 : rng.uniform();
};

const elementwiseGradientCases: ElementwiseGradientCase[] = [
  {
    name: "binaryCrossEntropy",
    loss: binaryCrossEntropy,
    sample: (rng) => [label01(rng), rng.uniformBetween(0.05, 0.95)],
    // d³/dp³ [−y log p − (1 − y) log(1 − p)] = −2y/p³ + 2(1 − y)/(1 − p)³, largest at the stencil's ends.
    thirdDerivativeBound: (y, p, h) => (2 * y) / (p - h) ** 3 + (2 * (1 - y)) / (1 - p - h) ** 3,
  },
  {
    name: "binaryCrossEntropyFromLogits",
    loss: binaryCrossEntropyFromLogits,
    sample: (rng) => [label01(rng), rng.uniformBetween(-8, 8)],
    // d³/dz³ softplus(±z) = ±σ″(±z) and |σ″| ≤ 1/(6√3) < 0.1; the weights y and 1 − y sum to 1.
    thirdDerivativeBound: () => 0.1,
  },
  {
    name: "meanSquaredError",
    loss: meanSquaredError,
    sample: (rng) => [rng.uniformBetween(-5, 5), rng.uniformBetween(-5, 5)],
    thirdDerivativeBound: () => 0, // a quadratic: the central difference is exact up to rounding
  },
  {
    name: "meanAbsoluteError",
    loss: meanAbsoluteError,
    sample: (rng) => {
      const y = rng.uniformBetween(-5, 5);
      let p = rng.uniformBetween(-5, 5);
      while (Math.abs(p - y) < 1e-3) p = rng.uniformBetween(-5, 5); // keep the stencil off the kink
      return [y, p];
    },
    thirdDerivativeBound: () => 0,
  },
  {
    name: "hinge",
    loss: hinge,
    sample: (rng) => {
      const y = rng.uniform() < 0.5 ? -1 : 1;
      let s = rng.uniformBetween(-3, 3);
      while (Math.abs(y * s - 1) < 1e-3) s = rng.uniformBetween(-3, 3); // keep the stencil off the kink
      return [y, s];
    },
    thirdDerivativeBound: () => 0,
  },
];

describe("elementwise loss gradients against central differences of the loss", () => {
  // The losses are compensated sums of non-negative terms, each within a few ulp, so each computed loss is
  // within ROUND of the true one (relative) and the tolerance() reasoning above applies unchanged.
  for (const c of elementwiseGradientCases) {
    for (const reduction of ["mean", "sum"] as const) {
      for (const n of [1, 2, 7, 64]) {
        it(`${c.name}.gradient, reduction ${reduction}, ${n} element${n === 1 ? "" : "s"}`, () => {
          const rng = seededRandom(n * 17 + c.name.length);
          const pairs = Array.from({ length: n }, () => c.sample(rng));
          const y = pairs.map(([a]) => a);
          const p = pairs.map(([, b]) => b);
          const gradient = c.loss.gradient(y, p, { reduction });
          expect(gradient).toBeInstanceOf(Float64Array);
          expect(gradient.length).toBe(n);
          const scale = reduction === "mean" ? 1 / n : 1;
          let maxTol = 0;
          let maxGradient = 0;
          for (let i = 0; i < n; i++) {
            const d = centralDifference((t) => c.loss(y, p.map((v, j) => (j === i ? t : v)), { reduction }) as number, p[i]);
            const tol = tolerance(d, scale * c.thirdDerivativeBound(y[i], p[i], d.h), gradient[i]);
            expect(Math.abs(d.estimate - gradient[i]), `element ${i}: y = ${y[i]}, prediction = ${p[i]}`).toBeLessThanOrEqual(tol);
            maxTol = Math.max(maxTol, tol);
            maxGradient = Math.max(maxGradient, Math.abs(gradient[i]));
          }
          expect(maxGradient).toBeGreaterThan(0);
          expect(maxTol).toBeLessThan(1e-5 * maxGradient);
        });
      }
    }

    it(`${c.name}.gradient with reduction "none" equals the "sum" gradient`, () => {
      const rng = seededRandom(99);
      const pairs = Array.from({ length: 13 }, () => c.sample(rng));
      const y = pairs.map(([a]) => a);
      const p = pairs.map(([, b]) => b);
      expect(c.loss.gradient(y, p, { reduction: "none" })).toEqual(c.loss.gradient(y, p, { reduction: "sum" }));
    });
  }
});

type RowLossFn = typeof categoricalCrossEntropy;

/** A row of `k` probabilities from weights in [lo, 1], normalised; its sum is 1 within a few ulp. */
function distribution(rng: ReturnType<typeof seededRandom>, k: number, lo: number): number[] {
  const w = Array.from({ length: k }, () => rng.uniformBetween(lo, 1));
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / total);
}

/** One-hot half the time, soft labels otherwise. */
function labelRow(rng: ReturnType<typeof seededRandom>, k: number): number[] {
  if (rng.uniform() < 0.5) {
    const hot = rng.integer(k);
    return Array.from({ length: k }, (_, i) => (i === hot ? 1 : 0));
  }
  return distribution(rng, k, 0);
}

interface RowGradientCase {
  name: string;
  loss: RowLossFn;
  predictionRow: (rng: ReturnType<typeof seededRandom>, k: number) => number[];
  /** Step for the difference: probability rows must keep summing to 1 within the 1e-6 the loss accepts. */
  step: (p: number) => number;
  thirdDerivativeBound: (y: number, p: number, h: number) => number;
}

const rowGradientCases: RowGradientCase[] = [
  {
    name: "categoricalCrossEntropy",
    loss: categoricalCrossEntropy,
    predictionRow: (rng, k) => distribution(rng, k, 0.2),
    // Moving one probability by 1e-7 leaves the row summing to 1 ± 1e-7, inside the accepted 1e-6.
    step: () => 1e-7,
    // d³/dp³ (−y log p) = −2y/p³.
    thirdDerivativeBound: (y, p, h) => (2 * y) / (p - h) ** 3,
  },
  {
    name: "categoricalCrossEntropyFromLogits",
    loss: categoricalCrossEntropyFromLogits,
    predictionRow: (rng, k) => Array.from({ length: k }, () => rng.uniformBetween(-6, 6)),
    step: (z) => 1e-6 * Math.max(1, Math.abs(z)),
    // Per row, L = (Σy)·logΣe^z − y·z and ∂³/∂z_j³ logΣe^z = s_j(1 − s_j)(1 − 2s_j), bounded by 1/(6√3) < 0.1.
    thirdDerivativeBound: () => 0.1,
  },
];

describe("categorical loss gradients against central differences of the loss", () => {
  for (const c of rowGradientCases) {
    for (const reduction of ["mean", "sum"] as const) {
      for (const [rows, k, batched] of [[1, 2, false], [1, 3, false], [1, 10, false], [1, 5, true], [4, 3, true], [6, 5, true]] as const) {
        it(`${c.name}.gradient, reduction ${reduction}, ${batched ? `a batch of ${rows}` : "one row"} of ${k} classes`, () => {
          const rng = seededRandom(rows * 100 + k + c.name.length);
          const y = Array.from({ length: rows }, () => labelRow(rng, k));
          const p = Array.from({ length: rows }, () => c.predictionRow(rng, k));
          const evaluate = (pp: number[][]): number => (batched ? c.loss(y, pp, { reduction }) : c.loss(y[0], pp[0], { reduction })) as number;
          const raw = batched ? c.loss.gradient(y, p, { reduction }) : [c.loss.gradient(y[0], p[0], { reduction })];
          if (batched) expect(Array.isArray(raw)).toBe(true);
          const gradient = raw as Float64Array[];
          const scale = reduction === "mean" ? 1 / rows : 1;
          let maxTol = 0;
          let maxGradient = 0;
          for (let r = 0; r < rows; r++) {
            expect(gradient[r]).toBeInstanceOf(Float64Array);
            for (let i = 0; i < k; i++) {
              const d = centralDifference(
                (t) => evaluate(p.map((row, rr) => (rr === r ? row.map((v, j) => (j === i ? t : v)) : row))),
                p[r][i],
                c.step(p[r][i]),
              );
              const tol = tolerance(d, scale * c.thirdDerivativeBound(y[r][i], p[r][i], d.h), gradient[r][i]);
              expect(Math.abs(d.estimate - gradient[r][i]), `row ${r}, class ${i}`).toBeLessThanOrEqual(tol);
              maxTol = Math.max(maxTol, tol);
              maxGradient = Math.max(maxGradient, Math.abs(gradient[r][i]));
            }
          }
          expect(maxTol).toBeLessThan(1e-5 * maxGradient);
        });
      }
    }

    it(`${c.name}.gradient with reduction "none" equals the "sum" gradient, for one row and a batch`, () => {
      const rng = seededRandom(5);
      const y = Array.from({ length: 3 }, () => labelRow(rng, 4));
      const p = Array.from({ length: 3 }, () => c.predictionRow(rng, 4));
      expect(c.loss.gradient(y, p, { reduction: "none" })).toEqual(c.loss.gradient(y, p, { reduction: "sum" }));
      expect(c.loss.gradient(y[0], p[0], { reduction: "none" })).toEqual(c.loss.gradient(y[0], p[0], { reduction: "sum" }));
    });
  }
});

// ---------------------------------------------------------------------------------------------------------
// The pairings the lessons teach
// ---------------------------------------------------------------------------------------------------------

/** The textbook sigmoid, written out here so the reference does not share code with the library. */
const textbookSigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

describe("the pairings the lessons teach", () => {
  const rng = seededRandom(2024);

  it.each([1, 5, 64])("binaryCrossEntropyFromLogits.gradient = (σ(z) − y)/N, N = %s", (n) => {
    const y = Array.from({ length: n }, () => label01(rng));
    const z = Array.from({ length: n }, () => rng.uniformBetween(-20, 20));
    for (const reduction of ["mean", "sum"] as Reduction[]) {
      const scale = reduction === "mean" ? 1 / n : 1;
      const gradient = binaryCrossEntropyFromLogits.gradient(y, z, { reduction });
      for (let i = 0; i < n; i++) {
        // Both σ(z) − y and the library's (1 − y)σ(z) − yσ(−z) are within ~3 eps of the truth in absolute
        // terms (every quantity involved is in [0, 1]); the scale adds one rounding.
        const reference = (textbookSigmoid(z[i]) - y[i]) * scale;
        expect(Math.abs(gradient[i] - reference), `y = ${y[i]}, z = ${z[i]}`).toBeLessThanOrEqual(8 * EPS * scale);
      }
    }
  });

  it("categoricalCrossEntropyFromLogits.gradient = softmax(z) − y per row, divided by the number of rows for a batch mean", () => {
    // An independent softmax: e^(z_i − max) / Σ e^(z_j − max), entries within a few ulp, all in [0, 1].
    const referenceSoftmax = (z: number[]): number[] => {
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const total = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / total);
    };
    for (const k of [2, 3, 7]) {
      const y = Array.from({ length: 5 }, () => labelRow(rng, k));
      const z = Array.from({ length: 5 }, () => Array.from({ length: k }, () => rng.uniformBetween(-10, 10)));
      // One row at a time.
      for (let r = 0; r < 5; r++) {
        const g = categoricalCrossEntropyFromLogits.gradient(y[r], z[r]);
        const s = referenceSoftmax(z[r]);
        for (let i = 0; i < k; i++) expect(Math.abs(g[i] - (s[i] - y[r][i]))).toBeLessThanOrEqual(8 * EPS);
      }
      // The batch mean divides each row by the number of rows; "sum" does not.
      for (const [reduction, scale] of [["mean", 1 / 5], ["sum", 1]] as const) {
        const g = categoricalCrossEntropyFromLogits.gradient(y, z, { reduction });
        expect(g.length).toBe(5);
        for (let r = 0; r < 5; r++) {
          const s = referenceSoftmax(z[r]);
          for (let i = 0; i < k; i++) expect(Math.abs(g[r][i] - (s[i] - y[r][i]) * scale)).toBeLessThanOrEqual(8 * EPS * scale);
        }
      }
    }
  });

  it.each([1, 2, 3, 7, 64])("meanSquaredError.gradient = 2(ŷ − y)/N, N = %s", (n) => {
    const y = Array.from({ length: n }, () => rng.uniformBetween(-10, 10));
    const p = Array.from({ length: n }, () => rng.uniformBetween(-10, 10));
    const gradient = meanSquaredError.gradient(y, p);
    const sum = meanSquaredError.gradient(y, p, { reduction: "sum" });
    for (let i = 0; i < n; i++) {
      const reference = (2 * (p[i] - y[i])) / n;
      // Both are fl(ŷ − y) times 2/N, rounded once or twice: within 2 eps relative. For N a power of two
      // every step is exact and they agree bit for bit.
      if ((n & (n - 1)) === 0) expect(gradient[i]).toBe(reference);
      else expect(Math.abs(gradient[i] - reference)).toBeLessThanOrEqual(2 * EPS * Math.abs(reference));
      expect(sum[i]).toBe(2 * (p[i] - y[i]));
    }
  });

  it("chain rule: binaryCrossEntropy.gradient(y, σ(z))·σ′(z) ≈ binaryCrossEntropyFromLogits.gradient(y, z)", () => {
    const z = points(-8, 8, 77, 100);
    for (const label of [0, 1]) {
      const y = z.map(() => label);
      const throughProbabilities = binaryCrossEntropy.gradient(y, sigmoid(z));
      const direct = binaryCrossEntropyFromLogits.gradient(y, z);
      const derivative = sigmoid.derivative(z);
      for (let i = 0; i < z.length; i++) {
        const chained = throughProbabilities[i] * derivative[i];
        // Going through p = fl(σ(z)) costs accuracy where 1 − p or p is tiny: 1/(1 − p) carries the rounding of
        // p (eps/2) relative to 1 − σ(z) ≈ e^(−z), an amplification of up to 1 + e^|z|. Hard labels avoid any
        // further cancellation between the two terms.
        const tol = 8 * EPS * (1 + Math.exp(Math.abs(z[i]))) * Math.abs(direct[i]);
        expect(Math.abs(chained - direct[i]), `y = ${label}, z = ${z[i]}`).toBeLessThanOrEqual(tol);
      }
    }
  });
});

describe("completeness: every activation and loss has a gradient check here", () => {
  it("activations: activationCases, plus softmax through softmax.jacobian above", () => {
    expectEveryOp(
      "activations",
      [...activationCases.map((c) => c.f.info.id), softmax.info.id],
      "gradient table",
      "an ActivationCase to activationCases in test/unit/gradients.test.ts (a vector function: a block like softmax.jacobian's)",
    );
  });

  it("losses: elementwiseGradientCases and rowGradientCases", () => {
    expectEveryOp(
      "losses",
      [...elementwiseGradientCases, ...rowGradientCases].map((c) => c.loss.info.id),
      "gradient table",
      "a case to elementwiseGradientCases (elementwise losses) or rowGradientCases (categorical losses) in test/unit/gradients.test.ts",
    );
  });
});
