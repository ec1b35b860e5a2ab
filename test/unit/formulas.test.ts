/**
 * The formulas a lesson shows are the formulas the code computes. Each activation carries its function as a
 * mathjs expression (`info.expression`) and a hand-written derivative (`info.derivativeExpression`); here
 * mathjs differentiates the first symbolically and the three derivatives (symbolic, hand-written, numeric
 * `.derivative`) are compared at many points. ReLU and leaky ReLU use max and a conditional, which mathjs
 * cannot differentiate: for them the expressions are evaluated and compared with the code everywhere,
 * including at the kink.
 *
 * Tolerances are relative, ROUND = 8 eps (a few ulp) times the condition number of the expression being
 * evaluated, stated at each comparison.
 */
import { describe, expect, it } from "vitest";
import * as math from "mathjs";
import { activations, leakyRelu, linear, losses, relu, seededRandom, sigmoid, softmax, tanh, type Activation }
  from "../../kernel-lib/src/index";
import { expectEveryOp } from "../helpers/completeness";

const EPS = Number.EPSILON;
const ROUND = 8 * EPS;

/** What `sigma(z)` and `tanh(z)` mean in a derivativeExpression. */
const scope = (z: number) => ({ z, sigma: (t: number) => sigmoid(t), tanh: Math.tanh });

function points(lo: number, hi: number, seed: number): number[] {
  const rng = seededRandom(seed);
  const out: number[] = [];
  for (let i = 0; i <= 120; i++) out.push(lo + ((hi - lo) * i) / 120);
  for (let i = 0; i < 200; i++) out.push(rng.uniformBetween(lo, hi));
  return out;
}

function expectClose(actual: number, expected: number, relativeTolerance: number, what: string): void {
  expect(Number.isFinite(actual), `${what}: ${actual}`).toBe(true);
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(relativeTolerance * Math.abs(expected));
}

interface SmoothCase {
  f: Activation;
  lo: number;
  hi: number;
  /** Relative accuracy of evaluating the symbolic and the hand-written derivative in double at z. */
  accuracy: (z: number) => number;
}
const smoothCases: SmoothCase[] = [
  // mathjs gives exp(−z)/(exp(−z) + 1)², which has no cancellation: a few ulp. The hand-written
  // σ(z)(1 − σ(z)) computes 1 − σ(z) from a σ(z) rounded to eps/2, a relative error of up to
  // (eps/2)·σ/(1 − σ) ≤ eps(1 + e^z) in the factor 1 − σ.
  { f: sigmoid, lo: -20, hi: 10, accuracy: (z) => ROUND * (1 + Math.exp(z)) },
  // Both forms are 1 − tanh²(z) computed by subtraction (mathjs's as 1 + (e^−z − e^z)(e^z − e^−z)/(e^z + e^−z)²),
  // so rounding of tanh² (≤ 1) is amplified by 1/(1 − tanh²) = cosh²(z).
  { f: tanh, lo: -5, hi: 5, accuracy: (z) => ROUND * Math.cosh(z) ** 2 },
  { f: linear, lo: -1e6, hi: 1e6, accuracy: () => 0 },
];

describe("smooth activations: mathjs's derivative of info.expression = info.derivativeExpression = .derivative", () => {
  for (const c of smoothCases) {
    const { expression, derivativeExpression } = c.f.info;
    it(`${c.f.info.id}: d/dz [${expression}] vs ${derivativeExpression}`, () => {
      const symbolic = math.derivative(expression, "z").compile();
      const handWritten = math.compile(derivativeExpression);
      for (const z of points(c.lo, c.hi, 11)) {
        const numeric = c.f.derivative(z);
        const tol = c.accuracy(z);
        expectClose(symbolic.evaluate({ z }), numeric, tol, `mathjs derivative at z = ${z}`);
        expectClose(handWritten.evaluate(scope(z)), numeric, tol, `derivativeExpression at z = ${z}`);
      }
    });
  }

  it("the symbolic derivatives are what the lessons print", () => {
    // Structural checks on mathjs's result, independent of its numeric values.
    expect(math.derivative(sigmoid.info.expression, "z").toString()).toBe("exp(-z) / (exp(-z) + 1) ^ 2");
    expect(math.derivative(linear.info.expression, "z").toString()).toBe("1");
    expect(math.simplify(math.derivative(tanh.info.expression, "z")).toString()).not.toContain("undefined");
  });
});

describe("smooth activations: info.expression evaluated by mathjs is the function", () => {
  it("sigmoid: 1/(1 + e^(−z)) agrees to a few ulp on [−30, 30] (no cancellation in that form)", () => {
    const expression = math.compile(sigmoid.info.expression);
    for (const z of points(-30, 30, 12)) expectClose(expression.evaluate({ z }), sigmoid(z), ROUND, `z = ${z}`);
  });

  it("tanh: (e^z − e^(−z))/(e^z + e^(−z)) agrees up to the cancellation in its numerator near 0", () => {
    const expression = math.compile(tanh.info.expression);
    expect(expression.evaluate({ z: 0 })).toBe(0);
    expect(tanh(0)).toBe(0);
    for (const z of points(-20, 20, 13)) {
      if (z === 0) continue;
      // e^z − e^(−z) loses about log2(cosh z / |sinh z|) bits: relative error ≲ eps·coth|z|.
      expectClose(expression.evaluate({ z }), tanh(z), ROUND * (1 + 1 / Math.abs(Math.tanh(z))), `z = ${z}`);
    }
  });

  it("linear: z is z", () => {
    for (const z of points(-1e6, 1e6, 14)) expect(math.evaluate(linear.info.expression, { z })).toBe(linear(z));
  });
});

/** Activations with a kink: their expressions are evaluated, not differentiated. */
const kinked = [relu, leakyRelu, leakyRelu.withSlope(0.2), leakyRelu.withSlope(0), leakyRelu.withSlope(1e-7), leakyRelu.withSlope(3)];

describe("relu and leakyRelu: mathjs cannot differentiate them, so the expressions are checked as functions", () => {
  // Many points, and the kink and its neighbourhood explicitly.
  const zs = [...points(-100, 100, 15), 0, 1e-300, -1e-300, 5e-324, -5e-324, 1e-9, -1e-9, 1e300, -1e300];

  // mathjs compares with tolerances by default (relTol 1e-12, absTol 1e-15), so under the default config
  // `z > 0` is false for 0 < z < 1e-15 and the conditional takes the wrong branch there. relTol 1e-300 with
  // absTol 0 makes every comparison of distinct doubles exact (distinct doubles differ by ≥ 2⁻⁵³ relative).
  const exact = math.create(math.all, { relTol: 1e-300, absTol: 0 });

  it("math.derivative refuses max and the conditional (why the checks below are needed)", () => {
    expect(() => math.derivative(relu.info.expression, "z")).toThrow(/max/);
    expect(() => math.derivative(leakyRelu.info.expression, "z")).toThrow();
  });

  it("default mathjs treats a tiny positive z as 0 in a comparison (why `exact` is used)", () => {
    expect(math.evaluate(relu.info.derivativeExpression, { z: 1e-300 })).toBe(0);
    expect(exact.evaluate(relu.info.derivativeExpression, { z: 1e-300 })).toBe(1);
    expect(exact.evaluate(relu.info.derivativeExpression, { z: 5e-324 })).toBe(1);
  });

  for (const f of kinked) {
    it(`${f.info.title}: expression "${f.info.expression}" = the function, "${f.info.derivativeExpression}" = .derivative, exactly`, () => {
      const expression = exact.compile(f.info.expression);
      const derivative = exact.compile(f.info.derivativeExpression);
      for (const z of zs) {
        // Both sides do the same IEEE operations (a comparison and at most one multiplication), so they agree
        // bit for bit; `+ 0` folds −0 into 0, a sign mathjs and the library may choose differently for 0·(−z).
        expect(expression.evaluate({ z }) + 0, `f(${z})`).toBe(f(z) + 0);
        expect(derivative.evaluate({ z }), `f′(${z})`).toBe(f.derivative(z));
      }
      expect(derivative.evaluate({ z: 0 })).toBe(f === relu ? 0 : (f as typeof leakyRelu).slope);
    });
  }

  it("the kink conventions are documented", () => {
    expect(relu.info.kinkConvention).toMatch(/0/);
    expect(leakyRelu.info.kinkConvention).toMatch(/0\.01/);
    expect(leakyRelu.withSlope(0.2).info.kinkConvention).toMatch(/0\.2/);
  });
});

describe("LaTeX is produced from the expressions", () => {
  const all: Activation[] = [sigmoid, tanh, relu, leakyRelu, leakyRelu.withSlope(0.2), linear];

  it.each(all.map((f) => [f.info.title, f] as const))("%s: latex and derivativeLatex are non-empty, stable strings", (_title, f) => {
    for (const latex of [f.latex, f.derivativeLatex]) {
      expect(typeof latex).toBe("string");
      expect(latex.trim().length).toBeGreaterThan(0);
      expect(latex).not.toMatch(/undefined|NaN|\[object/);
    }
    // Computed once and kept: the same string on every access.
    expect(f.latex).toBe(f.latex);
    expect(f.derivativeLatex).toBe(f.derivativeLatex);
  });

  it("sigmoid: a fraction with \\exp; its derivative is written with \\sigma", () => {
    expect(sigmoid.latex).toContain("\\frac");
    expect(sigmoid.latex).toContain("\\exp");
    expect(sigmoid.derivativeLatex).toContain("\\sigma");
    expect(sigmoid.derivativeLatex).not.toContain("sigma(");
  });

  it("tanh: \\exp in the function, \\tanh squared in the derivative", () => {
    expect(tanh.latex).toContain("\\exp");
    expect(tanh.latex).toContain("\\frac");
    expect(tanh.derivativeLatex).toContain("\\tanh");
    expect(tanh.derivativeLatex).toContain("^{2}");
  });

  it("relu: \\max for the function, cases for the derivative", () => {
    expect(relu.latex).toContain("\\max");
    expect(relu.derivativeLatex).toContain("\\begin{cases}");
  });

  it("leakyRelu: cases for both, with the slope in them", () => {
    for (const [f, slope] of [[leakyRelu, "0.01"], [leakyRelu.withSlope(0.2), "0.2"]] as const) {
      expect(f.latex).toContain("\\begin{cases}");
      expect(f.latex).toContain(slope);
      expect(f.derivativeLatex).toContain("\\begin{cases}");
      expect(f.derivativeLatex).toContain(slope);
    }
  });

  it("linear: z and 1", () => {
    expect(linear.latex.trim()).toBe("z");
    expect(linear.derivativeLatex.trim()).toBe("1");
  });
});

describe("softmax's formula", () => {
  it("has info and hand-written LaTeX with a sum and a Kronecker delta", () => {
    expect(softmax.info.id).toBe("softmax");
    expect(softmax.info.title).toBe("Softmax");
    expect(softmax.latex).toContain("\\sum");
    expect(softmax.latex).toContain("e^{z_i}");
    expect(softmax.derivativeLatex).toContain("\\delta_{ij}");
  });

  it("info.expression, read with exp applied elementwise, is softmax", () => {
    // mathjs 15 will not apply exp to a vector itself, so exp is given that meaning in the scope.
    const expression = math.compile(softmax.info.expression);
    const exp = (x: number | number[]) => (Array.isArray(x) ? x.map(Math.exp) : Math.exp(x));
    const rng = seededRandom(16);
    for (let trial = 0; trial < 20; trial++) {
      const z = Array.from({ length: 1 + rng.integer(6) }, () => rng.uniformBetween(-5, 5));
      const s = softmax(z);
      // Σ e^(z_j) of terms in [e^−5, e^5] has no cancellation: a few ulp.
      z.forEach((zi, i) => expectClose(expression.evaluate({ z, z_i: zi, exp }), s[i], ROUND, `softmax(${z})[${i}]`));
    }
  });

  it("info.derivativeExpression is softmax.jacobian", () => {
    const expression = math.compile(softmax.info.derivativeExpression);
    const z = [0.3, -1.2, 2.5, 0];
    const s = softmax(z);
    const jacobian = softmax.jacobian(z);
    for (let i = 0; i < z.length; i++) {
      for (let j = 0; j < z.length; j++) {
        const value = expression.evaluate({ s_i: s[i], s_j: s[j], i, j });
        expectClose(value, jacobian[i][j], ROUND, `J[${i}][${j}]`);
      }
    }
  });
});

describe("activation and loss catalogues", () => {
  it("every activation's info.id is its key", () => {
    for (const [key, f] of Object.entries(activations)) {
      expect(f.info.id).toBe(key);
      expect(f.info.title.length).toBeGreaterThan(0);
      expect(f.info.range.length).toBeGreaterThan(0);
      expect(f.info.layers.length).toBeGreaterThan(0);
    }
  });

  it.each(Object.entries(losses))("%s has info with latex, gradientLatex, task and outputActivation", (key, loss) => {
    const info = loss.info;
    expect(info.id).toBe(key);
    expect(Object.isFrozen(info)).toBe(true);
    for (const field of [info.title, info.latex, info.gradientLatex, info.task, info.outputActivation]) {
      expect(typeof field).toBe("string");
      expect(field.trim().length).toBeGreaterThan(0);
    }
    expect(info.latex).toMatch(/^L = /);
    expect(info.gradientLatex).toContain("\\partial L");
    expect(["probability", "logit", "prediction", "score"]).toContain(info.predictionKind);
    // The output activation names one of the library's activations, so a lesson can link them.
    const first = info.outputActivation.split(/[\s(]/)[0];
    expect(Object.keys(activations)).toContain(first);
  });

  it("the pairings in the catalogue match the lessons", () => {
    expect(losses.binaryCrossEntropy.info.outputActivation).toBe("sigmoid");
    expect(losses.binaryCrossEntropyFromLogits.info.outputActivation).toMatch(/^sigmoid .*inside the loss/);
    expect(losses.categoricalCrossEntropy.info.outputActivation).toBe("softmax");
    expect(losses.categoricalCrossEntropyFromLogits.info.outputActivation).toMatch(/^softmax .*inside the loss/);
    expect(losses.meanSquaredError.info.outputActivation).toBe("linear");
    expect(losses.meanAbsoluteError.info.outputActivation).toBe("linear");
    expect(losses.hinge.info.outputActivation).toMatch(/^linear/);
    expect(losses.binaryCrossEntropyFromLogits.info.gradientLatex).toContain("\\sigma(z_i) - y_i");
    expect(losses.categoricalCrossEntropyFromLogits.info.gradientLatex).toContain("\\mathrm{softmax}(z_n)_i - y_{n,i}");
    expect(losses.meanAbsoluteError.info.kinkConvention).toMatch(/0/);
    expect(losses.hinge.info.kinkConvention).toMatch(/0/);
  });
});

describe("completeness: every activation and loss has its formula checked here", () => {
  it("activations: smoothCases, kinked, and softmax's own block", () => {
    expectEveryOp(
      "activations",
      [...smoothCases, ...kinked.map((f) => ({ f }))].map((c) => c.f.info.id).concat(softmax.info.id),
      "formula table",
      "the activation to smoothCases (mathjs can differentiate it) or kinked (it has a kink) in test/unit/formulas.test.ts",
    );
  });

  it("losses: the catalogue block checks every entry of `losses` by iterating it", () => {
    expectEveryOp("losses", Object.keys(losses), "formula table", "nothing: the catalogue block iterates `losses`");
  });
});
