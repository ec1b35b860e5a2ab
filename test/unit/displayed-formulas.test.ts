/**
 * The loss formulas the lessons display are the losses the code computes. Every loss carries its formula
 * twice: LaTeX for the page (`info.latex`, `info.gradientLatex`) and a mathjs expression
 * (`info.expression`, `info.gradientExpression`, also the formula's text alternative). Here mathjs evaluates
 * the expressions on seeded random inputs — single examples, batches, one-hot and soft labels, kinks — and
 * the results are compared with the loss and its gradient (default reduction "mean"). The mathjs side uses
 * mathjs's own exp/log and a softmax written here in mathjs, never the library. A formula shown per example
 * while the code averages over N examples is off by a factor N and fails (the last describe proves it).
 *
 * Tolerance: relative, ROUND = 16 eps (a few ulp) times the sum of the absolute values of the terms being
 * added, stated as `scale` in each case: the library and the textbook formula round differently (the
 * library uses log1p, compensated sums and cancellation-free rewrites), so bit equality is not expected.
 */
import { describe, expect, it } from "vitest";
import * as mathjs from "mathjs";
import { losses, seededRandom } from "../../kernel-lib/src/index";

const ROUND = 16 * Number.EPSILON;
// Exact comparisons: under mathjs's default relTol, `y .* s < 1` is false for y·s = 1 − 1e-13.
const math = mathjs.create(mathjs.all, { relTol: 1e-300, absTol: 0 });

type Nested = number | Nested[];
/** Applies a scalar function to every entry of a nested array (mathjs 15 does not map exp/log itself). */
const each = (f: (x: number) => number) => (x: Nested): Nested => (Array.isArray(x) ? x.map(each(f)) : f(x));
const isRows = (x: Nested): x is number[][] => Array.isArray(x) && Array.isArray(x[0]);

/** The vocabulary of a loss expression (see LossInfo), built from mathjs alone. */
const vocabulary = {
  exp: each((x) => math.exp(x)),
  log: each((x) => math.log(x) as number),
  sigma: each((x) => 1 / (1 + math.exp(-x))),
  max: (floor: number, x: Nested) => each((v) => math.max(floor, v))(x),
  softmax: (z: Nested): Nested => {
    if (isRows(z)) return z.map((row) => vocabulary.softmax(row) as number[]);
    const e = math.map(z as number[], (v: number) => math.exp(v));
    return math.divide(e, math.sum(e)) as number[];
  },
};

const flat = (x: Nested | Float64Array | Float64Array[]): number[] =>
  x instanceof Float64Array ? Array.from(x) : Array.isArray(x) ? (x as Nested[]).flatMap(flat) : [x as number];

function expectClose(actual: number, expected: number, scale: number, what: string): void {
  expect(Number.isFinite(actual), `${what}: ${actual}`).toBe(true);
  expect(Math.abs(actual - expected), `${what}: formula ${actual} vs code ${expected}`).toBeLessThanOrEqual(ROUND * scale);
}

/** One random input: labels, the second argument, and N (examples, i.e. elements or rows). */
interface Sample {
  y: Nested;
  pred: Nested;
  n: number;
}

interface Case {
  id: keyof typeof losses;
  /** The name of the second argument in the expressions. */
  variable: "p" | "z" | "yhat" | "s";
  samples: (seed: number) => Sample[];
  /** Σ |terms| of the loss and of each gradient entry, for the tolerance. */
  lossScale: (s: Sample) => number;
  gradientScale: (s: Sample, entry: number) => number;
}

const rng = (seed: number) => seededRandom(seed);
const sizes = [1, 2, 3, 5, 17];

/** Elementwise losses: a number, then vectors of several lengths. */
function elementSamples(seed: number, label: (r: ReturnType<typeof rng>) => number, pred: (r: ReturnType<typeof rng>) => number): Sample[] {
  const r = rng(seed);
  const out: Sample[] = [{ y: label(r), pred: pred(r), n: 1 }];
  for (const n of sizes) {
    for (let trial = 0; trial < 6; trial++) {
      out.push({ y: Array.from({ length: n }, () => label(r)), pred: Array.from({ length: n }, () => pred(r)), n });
    }
  }
  return out;
}

/** Row losses: one row (N = 1), then batches of N rows of K classes; one-hot, exact soft and random soft labels. */
function rowSamples(seed: number, pred: (row: number[]) => number[]): Sample[] {
  const r = rng(seed);
  const label = (k: number, kind: number): number[] => {
    if (kind === 0) {
      const hot = r.integer(k);
      return Array.from({ length: k }, (_, i) => (i === hot ? 1 : 0));
    }
    if (kind === 1 && k >= 2) {
      // Dyadic fractions: the row sums to exactly 1.
      const row: number[] = Array.from({ length: k }, () => 0);
      row[0] = 0.25;
      row[k - 1] += 0.75;
      return row;
    }
    const w = Array.from({ length: k }, () => r.uniformBetween(0.05, 1));
    const total = w.reduce((a, b) => a + b, 0);
    return w.map((v) => v / total);
  };
  const logits = (k: number) => Array.from({ length: k }, () => r.uniformBetween(-6, 6));
  const out: Sample[] = [];
  for (const k of [2, 3, 5]) {
    out.push({ y: label(k, 0), pred: pred(logits(k)), n: 1 });
    for (const n of [2, 3, 8]) {
      for (let kind = 0; kind < 3; kind++) {
        out.push({ y: Array.from({ length: n }, () => label(k, kind)), pred: Array.from({ length: n }, () => pred(logits(k))), n });
      }
    }
  }
  return out;
}

const softmaxRow = (z: number[]) => {
  const e = z.map(Math.exp);
  const t = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / t);
};
const bit = (r: ReturnType<typeof rng>) => r.integer(2);
const sigmoidOf = (z: number) => 1 / (1 + Math.exp(-z));

const cases: Case[] = [
  {
    id: "binaryCrossEntropy",
    variable: "p",
    // Hard and soft labels; probabilities away from 0 and 1, where the textbook form would be ∞·0.
    samples: (seed) => [
      ...elementSamples(seed, bit, (r) => r.uniformBetween(0.001, 0.999)),
      ...elementSamples(seed + 1, (r) => r.uniformBetween(0, 1), (r) => r.uniformBetween(0.001, 0.999)),
    ],
    lossScale: (s) => flat(s.y).reduce((a, y, i) => a + Math.abs(y * Math.log(flat(s.pred)[i])) + Math.abs((1 - y) * Math.log1p(-flat(s.pred)[i])), 0) / s.n,
    gradientScale: (s, i) => (flat(s.y)[i] / flat(s.pred)[i] + (1 - flat(s.y)[i]) / (1 - flat(s.pred)[i])) / s.n,
  },
  {
    id: "binaryCrossEntropyFromLogits",
    variable: "z",
    samples: (seed) => [
      ...elementSamples(seed, bit, (r) => r.uniformBetween(-8, 8)),
      ...elementSamples(seed + 1, (r) => r.uniformBetween(0, 1), (r) => r.uniformBetween(-8, 8)),
    ],
    lossScale: (s) => flat(s.pred).reduce((a, z) => a + Math.abs(z) + 1, 0) / s.n,
    gradientScale: (s, i) => (sigmoidOf(flat(s.pred)[i]) + flat(s.y)[i]) / s.n,
  },
  {
    id: "categoricalCrossEntropy",
    variable: "p",
    samples: (seed) => rowSamples(seed, softmaxRow),
    lossScale: (s) => flat(s.y).reduce((a, y, i) => a + Math.abs(y * Math.log(flat(s.pred)[i])), 0) / s.n,
    gradientScale: (s, i) => flat(s.y)[i] / flat(s.pred)[i] / s.n,
  },
  {
    id: "categoricalCrossEntropyFromLogits",
    variable: "z",
    samples: (seed) => rowSamples(seed, (z) => z),
    // log Σ e^z − z_i over entries in [−6, 6] with K ≤ 5: every term below 14.
    lossScale: (s) => (14 * flat(s.y).reduce((a, y) => a + y, 0)) / s.n,
    gradientScale: (s, i) => (1 + flat(s.y)[i]) / s.n,
  },
  {
    id: "meanSquaredError",
    variable: "yhat",
    samples: (seed) => elementSamples(seed, (r) => r.uniformBetween(-10, 10), (r) => r.uniformBetween(-10, 10)),
    lossScale: (s) => flat(s.y).reduce((a, y, i) => a + (y - flat(s.pred)[i]) ** 2 + Math.abs(y) + Math.abs(flat(s.pred)[i]), 0) / s.n,
    gradientScale: (s, i) => (2 * (Math.abs(flat(s.y)[i]) + Math.abs(flat(s.pred)[i]))) / s.n,
  },
  {
    id: "meanAbsoluteError",
    variable: "yhat",
    // Small integers, so ŷ = y (the kink, subgradient 0) occurs often.
    samples: (seed) => [
      ...elementSamples(seed, (r) => r.integer(3), (r) => r.integer(3)),
      ...elementSamples(seed + 1, (r) => r.uniformBetween(-10, 10), (r) => r.uniformBetween(-10, 10)),
    ],
    lossScale: (s) => flat(s.y).reduce((a, y, i) => a + Math.abs(y) + Math.abs(flat(s.pred)[i]), 0) / s.n,
    gradientScale: (s) => 1 / s.n,
  },
  {
    id: "hinge",
    variable: "s",
    // Scores in {−2, −1, 0, 1, 2} hit margin exactly 1 (the kink) and the flat part; then continuous scores.
    samples: (seed) => [
      ...elementSamples(seed, (r) => 2 * r.integer(2) - 1, (r) => r.integer(5) - 2),
      ...elementSamples(seed + 1, (r) => 2 * r.integer(2) - 1, (r) => r.uniformBetween(-3, 3)),
    ],
    lossScale: (s) => flat(s.pred).reduce((a, v) => a + 1 + Math.abs(v), 0) / s.n,
    gradientScale: (s) => 1 / s.n,
  },
];

/** Calls the library with what a sample holds: a number, a vector, one row or a batch of rows. */
function library(id: Case["id"], s: Sample): { value: number; gradient: number[] } {
  const loss = losses[id] as unknown as ((y: unknown, p: unknown) => number) & { gradient: (y: unknown, p: unknown) => Nested };
  return { value: loss(s.y, s.pred), gradient: flat(loss.gradient(s.y, s.pred) as Nested) };
}

function formula(expression: string, c: Case, s: Sample, n: number): Nested {
  const scope = { ...vocabulary, y: s.y, [c.variable]: s.pred, N: n };
  const result = math.evaluate(expression, scope);
  return typeof result === "number" ? result : (math.isMatrix(result) ? (result.toArray() as Nested) : (result as Nested));
}

describe("each loss's displayed formula, evaluated by mathjs, is the loss and its gradient", () => {
  for (const c of cases) {
    const info = losses[c.id].info;
    it(`${c.id}: L = ${info.expression}; ∂L/∂${c.variable} = ${info.gradientExpression}`, () => {
      const samples = c.samples(1000 + c.id.length);
      expect(samples.some((s) => s.n > 1), "batches are tested").toBe(true);
      for (const s of samples) {
        const code = library(c.id, s);
        const what = `${c.id}(${JSON.stringify(s.y)}, ${JSON.stringify(s.pred)})`;
        expectClose(formula(info.expression, c, s, s.n) as number, code.value, c.lossScale(s), what);
        const g = flat(formula(info.gradientExpression, c, s, s.n));
        expect(g.length, `${what}: gradient length`).toBe(code.gradient.length);
        g.forEach((gi, i) => expectClose(gi, code.gradient[i], c.gradientScale(s, i), `${what}: gradient[${i}]`));
      }
    });
  }

  it("the kinks take the library's subgradient: MAE at ŷ = y and hinge at margin 1 give 0", () => {
    const mae = cases.find((c) => c.id === "meanAbsoluteError")!;
    expect(flat(formula(losses.meanAbsoluteError.info.gradientExpression, mae, { y: [2, 2], pred: [2, 3], n: 2 }, 2))).toEqual([0, 0.5]);
    const hingeCase = cases.find((c) => c.id === "hinge")!;
    expect(flat(formula(losses.hinge.info.gradientExpression, hingeCase, { y: [1, -1, 1], pred: [1, -1, 0.5], n: 3 }, 3)).map((v) => v + 0))
      .toEqual([0, 0, -1 / 3]);
    expect(Array.from(losses.hinge.gradient([1, -1, 1], [1, -1, 0.5]), (v) => v + 0)).toEqual([0, 0, -1 / 3]);
  });
});

describe("the LaTeX shows what the expression computes", () => {
  /** Whether a formula divides by N: "(1/N)" or "/ N" in mathjs, "\frac{1}{N}" or "…}{N…}" in LaTeX. */
  const dividesByN = (s: string) => /\(1\/N\)|\/ N\b|\/ \(N \*/.test(s) || /\\frac\{[^{}]*(\{[^{}]*\}[^{}]*)*\}\{N/.test(s);

  it.each(Object.entries(losses))("%s: 1/N in the loss and in the gradient, in both forms", (_id, loss) => {
    const { latex, gradientLatex, expression, gradientExpression } = loss.info;
    // Every loss is a mean by default, so every displayed formula must carry the 1/N.
    expect(dividesByN(expression), expression).toBe(true);
    expect(dividesByN(gradientExpression), gradientExpression).toBe(true);
    expect(dividesByN(latex), latex).toBe(true);
    expect(dividesByN(gradientLatex), gradientLatex).toBe(true);
  });

  it("the categorical formulas sum over the N rows as well as the K classes", () => {
    for (const loss of [losses.categoricalCrossEntropy, losses.categoricalCrossEntropyFromLogits]) {
      expect(loss.info.latex).toContain("\\sum_{n=1}^{N}");
      expect(loss.info.latex).toContain("\\sum_{i=1}^{K}");
      expect(loss.info.gradientLatex).toMatch(/_\{n,i\}/);
    }
  });
});

describe("the comparison is sensitive: a formula without its 1/N fails", () => {
  for (const c of cases) {
    it(`${c.id}: evaluated with N = 1 on a batch, the formula no longer matches the code`, () => {
      const s = c.samples(7).find((x) => x.n >= 2 && Math.abs(library(c.id, x).value) > 1e-3)!;
      const code = library(c.id, s);
      const wrongValue = formula(losses[c.id].info.expression, c, s, 1) as number;
      expect(Math.abs(wrongValue - code.value)).toBeGreaterThan(ROUND * c.lossScale(s) * 1e6);
      const wrongGradient = flat(formula(losses[c.id].info.gradientExpression, c, s, 1));
      const worst = Math.max(...wrongGradient.map((g, i) => Math.abs(g - code.gradient[i])));
      expect(worst).toBeGreaterThan(1e-6);
    });
  }
});
