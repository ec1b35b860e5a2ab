/**
 * Bad input: every mistake a student can make with an activation or a loss is a TypeError (wrong kind of
 * value) or a RangeError (right kind, wrong value) whose message names the function, the argument (with the
 * index of the offending entry) and the bad value itself, so a notebook user can fix it without a stack
 * trace. Activations follow IEEE 754 instead: NaN propagates and ±Infinity give the limits.
 */
import { describe, expect, it } from "vitest";
import { binaryCrossEntropy, binaryCrossEntropyFromLogits, categoricalCrossEntropy,
  categoricalCrossEntropyFromLogits, hinge, leakyRelu, linear, logSoftmax, meanAbsoluteError, meanSquaredError,
  relu, seededRandom, sigmoid, softmax, tanh } from "../../kernel-lib/src/index";
import { expectEveryOp } from "../helpers/completeness";

// Bad inputs deliberately break the declared types.
type AnyFn = (...args: any[]) => any;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** How a bad value should appear in a message: a student must be able to recognise what they passed. */
function rendered(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return "an object";
}

/**
 * Runs `thunk`, which must throw exactly `errorClass` with a message matching `pattern`. Every message is
 * also checked for being helpful: it names the bad value when one is given, it never prints JavaScript's
 * "[object Object]", and it says "undefined" only when undefined is what was passed.
 */
function expectBadInput(thunk: () => unknown, errorClass: typeof TypeError | typeof RangeError, pattern: RegExp, badValue?: unknown): Error {
  let caught: unknown;
  try {
    thunk();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${errorClass.name} matching ${pattern}`).toBeInstanceOf(errorClass);
  const error = caught as Error;
  // A RangeError is not a TypeError and vice versa, so the class check above is exact.
  expect(error.constructor).toBe(errorClass);
  expect(error.message).toMatch(pattern);
  expect(error.message).not.toContain("[object");
  // The stack is the student's: it starts with the message and holds no frame inside kernel-lib (core/errors.ts).
  expect(error.stack?.split("\n")[0]).toBe(`${errorClass.name}: ${error.message}`);
  expect(error.stack).not.toMatch(/kernel-lib[\\/]src[\\/]/);
  expect(error.stack).toMatch(/bad-input\.test\.ts/);
  if (arguments.length >= 4) {
    expect(error.message).toContain(rendered(badValue));
    if (badValue !== undefined) expect(error.message).not.toMatch(/undefined/);
  } else {
    expect(error.message).not.toMatch(/undefined/);
  }
  return error;
}

// ---------------------------------------------------------------------------------------------------------
// Elementwise losses
// ---------------------------------------------------------------------------------------------------------

interface ElementwiseCase {
  name: string;
  loss: AnyFn & { gradient: AnyFn };
  /** The name of the second argument in messages. */
  pred: string;
  yTrue: number[];
  yPred: number[];
  /** Labels must lie in [0, 1] (binary cross-entropies). */
  unitLabels?: boolean;
  /** Predictions must lie in [0, 1] (probabilities). */
  unitPredictions?: boolean;
  /** Labels must be exactly -1 or 1. */
  signLabels?: boolean;
}

const elementwiseCases: ElementwiseCase[] = [
  { name: "binaryCrossEntropy", loss: binaryCrossEntropy, pred: "p", yTrue: [1, 0, 1], yPred: [0.9, 0.2, 0.6], unitLabels: true, unitPredictions: true },
  { name: "binaryCrossEntropyFromLogits", loss: binaryCrossEntropyFromLogits, pred: "z", yTrue: [1, 0, 1], yPred: [2, -1, 0.5], unitLabels: true },
  { name: "meanSquaredError", loss: meanSquaredError, pred: "yPred", yTrue: [1, 2, 3], yPred: [1.5, 2, 2] },
  { name: "meanAbsoluteError", loss: meanAbsoluteError, pred: "yPred", yTrue: [1, 2, 3], yPred: [1.5, 2, 2] },
  { name: "hinge", loss: hinge, pred: "scores", yTrue: [1, -1, 1], yPred: [0.5, -2, 3], signLabels: true },
];

/** With one entry replaced. */
const withEntry = <T>(values: readonly T[], index: number, value: unknown): unknown[] => values.map((v, i) => (i === index ? value : v));

for (const c of elementwiseCases) {
  for (const which of ["value", "gradient"] as const) {
    const fnName = which === "value" ? c.name : `${c.name}.gradient`;
    const call: AnyFn = which === "value" ? c.loss : c.loss.gradient;
    const fn = escape(fnName);
    const pred = escape(c.pred);

    describe(`${fnName} rejects bad input`, () => {
      it("accepts the valid baseline (so every failure below is caused by the one bad value)", () => {
        expect(() => call(c.yTrue, c.yPred)).not.toThrow();
      });

      it("rejects a length mismatch, naming both arguments and both lengths", () => {
        expectBadInput(() => call(c.yTrue, c.yPred.slice(0, 2)), RangeError, new RegExp(`^${fn}: yTrue has 3 values but ${pred} has 2; they must have the same length`));
        expectBadInput(() => call(c.yTrue.slice(0, 1), c.yPred), RangeError, new RegExp(`^${fn}: yTrue has 1 value but ${pred} has 3`));
        // A number is one value, so it cannot pair with a vector of three.
        expectBadInput(() => call(c.yTrue[0], c.yPred), RangeError, new RegExp(`^${fn}: yTrue has 1 value but ${pred} has 3`));
      });

      it("rejects empty arrays", () => {
        expectBadInput(() => call([], []), RangeError, new RegExp(`^${fn}: yTrue is empty`));
        expectBadInput(() => call(c.yTrue, []), RangeError, new RegExp(`^${fn}: ${pred} is empty`));
        expectBadInput(() => call(new Float64Array(0), new Float64Array(0)), RangeError, new RegExp(`^${fn}: yTrue is empty`));
      });

      it.each([["a string", "0.5"], ["undefined", undefined], ["null", null], ["an object", { values: [1] }]])(
        "rejects %s in place of a whole argument with a TypeError",
        (_label, bad) => {
          expectBadInput(() => call(bad, c.yPred), TypeError, new RegExp(`^${fn}: yTrue must be a number or an array of numbers, got `), bad);
          expectBadInput(() => call(c.yTrue, bad), TypeError, new RegExp(`^${fn}: ${pred} must be a number or an array of numbers, got `), bad);
        },
      );

      it("rejects a missing second argument, saying it got undefined", () => {
        expectBadInput(() => call(c.yTrue), TypeError, new RegExp(`^${fn}: ${pred} must be .* got undefined$`), undefined);
      });

      it.each([["a string", "0.2"], ["undefined", undefined], ["null", null], ["an object", {}], ["a nested array", [0.2]], ["a nested string array", ["x", "y"]]])(
        "rejects %s as an entry, naming its index",
        (_label, bad) => {
          expectBadInput(() => call(c.yTrue, withEntry(c.yPred, 1, bad)), TypeError, new RegExp(`^${fn}: ${pred}\\[1\\] must be a number, got `), bad);
          expectBadInput(() => call(withEntry(c.yTrue, 2, bad), c.yPred), TypeError, new RegExp(`^${fn}: yTrue\\[2\\] must be a number, got `), bad);
        },
      );

      it("rejects a typed array of bigints", () => {
        expectBadInput(() => call(BigInt64Array.of(1n, 0n, 1n), c.yPred), TypeError, new RegExp(`^${fn}: yTrue must hold numbers, got a BigInt64Array of length 3 of bigints`));
      });

      it.each([NaN, Infinity, -Infinity])("rejects %s among the predictions, naming the index and the value", (bad) => {
        expectBadInput(() => call(c.yTrue, withEntry(c.yPred, 2, bad)), RangeError, new RegExp(`^${fn}: ${pred}\\[2\\] `), bad);
        // Also when it arrives in a typed array, which skips the per-element type check.
        expectBadInput(() => call(Float64Array.from(c.yTrue), Float64Array.from(withEntry(c.yPred, 2, bad) as number[])), RangeError, new RegExp(`^${fn}: ${pred}\\[2\\] `), bad);
      });

      it.each([NaN, Infinity, -Infinity])("rejects %s among the labels, naming the index and the value", (bad) => {
        expectBadInput(() => call(withEntry(c.yTrue, 1, bad), c.yPred), RangeError, new RegExp(`^${fn}: yTrue\\[1\\] `), bad);
      });

      it("rejects NaN passed as a bare number", () => {
        expectBadInput(() => call(NaN, c.yPred[0]), RangeError, new RegExp(`^${fn}: yTrue\\[0\\] .*NaN`), NaN);
        expectBadInput(() => call(c.yTrue[0], NaN), RangeError, new RegExp(`^${fn}: ${pred}\\[0\\] .*NaN`), NaN);
      });

      if (c.unitLabels) {
        it.each([2, -0.5, 1.0000001])("rejects the label %s outside [0, 1]", (bad) => {
          expectBadInput(() => call(withEntry(c.yTrue, 1, bad), c.yPred), RangeError, new RegExp(`^${fn}: yTrue\\[1\\] is ${escape(String(bad))}, but a binary label \\(or soft label\\) must lie in \\[0, 1\\]`), bad);
        });
      }

      if (c.unitPredictions) {
        it.each([1.5, -0.1, -1e-300])("rejects the probability %s outside [0, 1]", (bad) => {
          expectBadInput(() => call(c.yTrue, withEntry(c.yPred, 0, bad)), RangeError, new RegExp(`^${fn}: p\\[0\\] is ${escape(String(bad))}, but a probability must lie in \\[0, 1\\]`), bad);
        });
      }

      if (c.signLabels) {
        it("rejects 0/1 labels with a message pointing to -1 and 1", () => {
          const error = expectBadInput(() => call([1, 0, 1], c.yPred), RangeError, /^hinge(\.gradient)?: yTrue\[1\] is 0, but hinge labels must be -1 or 1/, 0);
          expect(error.message).toContain("not 0 and 1");
        });
        it.each([2, 0.5, -0.999])("rejects the label %s", (bad) => {
          expectBadInput(() => call(withEntry(c.yTrue, 2, bad), c.yPred), RangeError, new RegExp(`^${fn}: yTrue\\[2\\] is ${escape(String(bad))}, but hinge labels must be -1 or 1`), bad);
        });
      }

      it("rejects a misspelt reduction with a RangeError listing the valid ones", () => {
        expectBadInput(() => call(c.yTrue, c.yPred, { reduction: "avg" }), RangeError, new RegExp(`^${fn}: options.reduction must be "mean", "sum" or "none", got "avg"`), "avg");
        expectBadInput(() => call(c.yTrue, c.yPred, { reduction: "Mean" }), RangeError, new RegExp(`^${fn}: options.reduction must be`), "Mean");
      });

      it.each([["a number", 5], ["a string", "sum"], ["null", null], ["an array", ["sum"]]])("rejects %s as options with a TypeError", (_label, bad) => {
        expectBadInput(() => call(c.yTrue, c.yPred, bad), TypeError, new RegExp(`^${fn}: options must be an object such as \\{ reduction: "sum" \\}, got `), bad);
      });
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Categorical losses
// ---------------------------------------------------------------------------------------------------------

interface RowCase {
  name: string;
  loss: AnyFn & { gradient: AnyFn };
  pred: string;
  row: number[];
  batch: number[][];
  /** Predictions must be probability distributions. */
  probabilities: boolean;
}

const rowCases: RowCase[] = [
  { name: "categoricalCrossEntropy", loss: categoricalCrossEntropy, pred: "p", row: [0.2, 0.7, 0.1], batch: [[0.2, 0.7, 0.1], [0.5, 0.25, 0.25]], probabilities: true },
  { name: "categoricalCrossEntropyFromLogits", loss: categoricalCrossEntropyFromLogits, pred: "z", row: [0.5, 2, -1], batch: [[0.5, 2, -1], [3, 0, 0]], probabilities: false },
];
const labelRow = [0, 1, 0];
const labelBatch = [[0, 1, 0], [1, 0, 0]];

for (const c of rowCases) {
  for (const which of ["value", "gradient"] as const) {
    const fnName = which === "value" ? c.name : `${c.name}.gradient`;
    const call: AnyFn = which === "value" ? c.loss : c.loss.gradient;
    const fn = escape(fnName);
    const pred = escape(c.pred);

    describe(`${fnName} rejects bad input`, () => {
      it("accepts the valid baselines", () => {
        expect(() => call(labelRow, c.row)).not.toThrow();
        expect(() => call(labelBatch, c.batch)).not.toThrow();
      });

      it("rejects a class-count mismatch in one row", () => {
        expectBadInput(() => call(labelRow, c.row.slice(0, 2)), RangeError, new RegExp(`^${fn}: yTrue has 3 classes but ${pred} has 2; they must have the same shape`));
      });

      it("rejects batches of different sizes or widths", () => {
        expectBadInput(() => call(labelBatch, c.batch.slice(0, 1)), RangeError, new RegExp(`^${fn}: yTrue has 2 rows but ${pred} has 1; they must have the same shape`));
        expectBadInput(
          () => call(labelBatch, c.batch.map((r) => r.slice(0, 2))),
          RangeError,
          new RegExp(`^${fn}: yTrue has 3 classes but ${pred} has 2 in row 0; they must have the same shape`),
        );
        expectBadInput(() => call(labelBatch, [c.batch[0], c.batch[1].slice(0, 2)]), RangeError, new RegExp(`^${fn}: ${pred}\\[1\\] has 2 values but ${pred}\\[0\\] has 3; all rows must have the same length`));
        expectBadInput(() => call([[0, 1, 0], [1, 0]], c.batch), RangeError, new RegExp(`^${fn}: yTrue\\[1\\] has 2 values but yTrue\\[0\\] has 3`));
      });

      it("rejects one row paired with a batch of rows, either way round", () => {
        expectBadInput(() => call(labelRow, [c.row]), RangeError, new RegExp(`^${fn}: yTrue is one row but ${pred} is a batch of rows; they must have the same shape`));
        expectBadInput(() => call([labelRow], c.row), RangeError, new RegExp(`^${fn}: yTrue is a batch of rows but ${pred} is one row`));
      });

      it("rejects empty rows and empty batches", () => {
        expectBadInput(() => call([], []), RangeError, new RegExp(`^${fn}: yTrue is empty`));
        expectBadInput(() => call(labelRow, []), RangeError, new RegExp(`^${fn}: ${pred} is empty`));
        expectBadInput(() => call([[]], [[]]), RangeError, new RegExp(`^${fn}: yTrue\\[0\\] is empty`));
      });

      it.each([["a string", "abc"], ["undefined", undefined], ["null", null], ["an object", { 0: 1, 1: 0 }], ["a number", 1]])(
        "rejects %s in place of a whole argument with a TypeError",
        (_label, bad) => {
          expectBadInput(() => call(bad, c.row), TypeError, new RegExp(`^${fn}: yTrue must be an array of numbers \\(one example\\) or an array of rows, got `), bad);
          expectBadInput(() => call(labelRow, bad), TypeError, new RegExp(`^${fn}: ${pred} must be an array of numbers \\(one example\\) or an array of rows, got `), bad);
        },
      );

      it.each([["a string", "0.7"], ["undefined", undefined], ["null", null], ["an object", {}]])("rejects %s inside a row, naming row and column", (_label, bad) => {
        expectBadInput(() => call(labelRow, withEntry(c.row, 1, bad)), TypeError, new RegExp(`^${fn}: ${pred}\\[1\\] must be a number, got `), bad);
        expectBadInput(() => call(labelBatch, [c.batch[0], withEntry(c.batch[1], 2, bad)]), TypeError, new RegExp(`^${fn}: ${pred}\\[1\\]\\[2\\] must be a number, got `), bad);
        expectBadInput(() => call([labelBatch[0], withEntry(labelBatch[1], 0, bad)], c.batch), TypeError, new RegExp(`^${fn}: yTrue\\[1\\]\\[0\\] must be a number, got `), bad);
      });

      it.each([["a string", "row"], ["null", null], ["a number", 3], ["an object", {}]])("rejects %s where a row of a batch should be", (_label, bad) => {
        expectBadInput(() => call(labelBatch, [c.batch[0], bad]), TypeError, new RegExp(`^${fn}: ${pred}\\[1\\] must be a row of numbers, got `), bad);
      });

      it("rejects rows nested one level too deep", () => {
        expectBadInput(() => call(labelBatch, [[c.batch[0]], [c.batch[1]]]), TypeError, new RegExp(`^${fn}: ${pred}\\[0\\]\\[0\\] must be a number, got an array of length 3`), c.batch[0]);
        expectBadInput(() => call([labelBatch], [c.batch]), TypeError, new RegExp(`^${fn}: yTrue\\[0\\]\\[0\\] must be a number, got an array of length 3`), [0, 1, 0]);
      });

      it.each([NaN, Infinity, -Infinity])("rejects %s in the predictions, naming row and column", (bad) => {
        expectBadInput(() => call(labelRow, withEntry(c.row, 2, bad)), RangeError, new RegExp(`^${fn}: ${pred}\\[2\\] `), bad);
        expectBadInput(() => call(labelBatch, [c.batch[0], withEntry(c.batch[1], 0, bad)]), RangeError, new RegExp(`^${fn}: ${pred}\\[1\\]\\[0\\] `), bad);
      });

      it.each([NaN, Infinity, -Infinity])("rejects %s in the labels", (bad) => {
        expectBadInput(() => call(withEntry(labelRow, 0, bad), c.row), RangeError, new RegExp(`^${fn}: yTrue\\[0\\] is ${escape(String(bad))}, but a probability must lie in \\[0, 1\\]`), bad);
      });

      it("rejects labels outside [0, 1] even when the row sums to 1", () => {
        expectBadInput(() => call([1.5, -0.5, 0], c.row), RangeError, new RegExp(`^${fn}: yTrue\\[0\\] is 1.5, but a probability must lie in \\[0, 1\\]`), 1.5);
        expectBadInput(() => call([[0, 1, 0], [0, -0.25, 1.25]], c.batch), RangeError, new RegExp(`^${fn}: yTrue\\[1\\]\\[1\\] is -0.25`), -0.25);
      });

      it("rejects label rows that do not sum to 1, and accepts rows within the 1e-6 tolerance", () => {
        expectBadInput(() => call([0.5, 0.4, 0], c.row), RangeError, new RegExp(`^${fn}: yTrue sums to 0.9, but a probability distribution must sum to 1`), 0.9);
        expectBadInput(() => call([[0, 1, 0], [0.5, 0.4, 0]], c.batch), RangeError, new RegExp(`^${fn}: yTrue\\[1\\] sums to 0.9`), 0.9);
        expectBadInput(() => call([0.5, 0.5 + 2e-6, 0], c.row), RangeError, new RegExp(`^${fn}: yTrue sums to 1.00000(19|2)`));
        expectBadInput(() => call([0.5, 0.5 - 2e-6, 0], c.row), RangeError, new RegExp(`^${fn}: yTrue sums to 0.99999(8|79)`));
        expect(() => call([0.5, 0.5 + 9e-7, 0], c.row)).not.toThrow();
        expect(() => call([0.5, 0.5 - 9e-7, 0], c.row)).not.toThrow();
        expect(() => call([1 / 3, 1 / 3, 1 / 3], c.row)).not.toThrow();
      });

      if (c.probabilities) {
        it("rejects probabilities outside [0, 1]", () => {
          expectBadInput(() => call(labelRow, [1.2, -0.2, 0]), RangeError, /^categoricalCrossEntropy(\.gradient)?: p\[0\] is 1.2, but a probability must lie in \[0, 1\]/, 1.2);
          expectBadInput(() => call(labelBatch, [[0.2, 0.7, 0.1], [0.5, 0.6, -0.1]]), RangeError, /^categoricalCrossEntropy(\.gradient)?: p\[1\]\[2\] is -0.1/, -0.1);
        });

        it("rejects probability rows that do not sum to 1, and accepts rows within tolerance", () => {
          expectBadInput(() => call(labelRow, [0.25, 0.75, 0.25]), RangeError, new RegExp(`^${fn}: p sums to 1.25, but a probability distribution must sum to 1`), 1.25);
          expectBadInput(() => call(labelBatch, [[0.2, 0.7, 0.1], [0.25, 0.25, 0.25]]), RangeError, new RegExp(`^${fn}: p\\[1\\] sums to 0.75`), 0.75);
          expect(() => call(labelRow, [0.2, 0.7 + 9e-7, 0.1])).not.toThrow();
          expect(() => call(labelBatch, [[0.2, 0.7 - 9e-7, 0.1], [0.5, 0.25, 0.25]])).not.toThrow();
        });
      } else {
        it("takes logits of any finite size: they need not be probabilities", () => {
          expect(() => call(labelRow, [-50, 1e3, 7])).not.toThrow();
        });
      }

      it("rejects bad options", () => {
        expectBadInput(() => call(labelRow, c.row, { reduction: "avg" }), RangeError, new RegExp(`^${fn}: options.reduction must be "mean", "sum" or "none", got "avg"`), "avg");
        expectBadInput(() => call(labelRow, c.row, 5), TypeError, new RegExp(`^${fn}: options must be an object such as \\{ reduction: "sum" \\}, got 5`), 5);
        expectBadInput(() => call(labelRow, c.row, "none"), TypeError, new RegExp(`^${fn}: options must be an object`), "none");
        expectBadInput(() => call(labelRow, c.row, null), TypeError, new RegExp(`^${fn}: options must be an object`), null);
      });
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Activations
// ---------------------------------------------------------------------------------------------------------

const elementwiseActivations: [string, AnyFn][] = [
  ["sigmoid", sigmoid],
  ["sigmoid.derivative", sigmoid.derivative],
  ["tanh", tanh],
  ["tanh.derivative", tanh.derivative],
  ["relu", relu],
  ["relu.derivative", relu.derivative],
  ["leakyRelu", leakyRelu],
  ["leakyRelu.derivative", leakyRelu.derivative],
  ["leakyRelu", leakyRelu.withSlope(0.2)],
  ["leakyRelu.derivative", leakyRelu.withSlope(0.2).derivative],
  ["linear", linear],
  ["linear.derivative", linear.derivative],
];

describe("elementwise activations and derivatives reject non-numbers with a TypeError naming z", () => {
  for (const [name, f] of elementwiseActivations) {
    const fn = escape(name);
    it(`${name}`, () => {
      expectBadInput(() => f("abc"), TypeError, new RegExp(`^${fn}: z must be a number or an array of numbers, got "abc" \\(a string\\)`), "abc");
      expectBadInput(() => f({ z: 1 }), TypeError, new RegExp(`^${fn}: z must be a number or an array of numbers, got an object`), {});
      expectBadInput(() => f(undefined), TypeError, new RegExp(`^${fn}: z must be .* got undefined`), undefined);
      expectBadInput(() => f(null), TypeError, new RegExp(`^${fn}: z must be .* got null`), null);
      expectBadInput(() => f([1, "2", 3]), TypeError, new RegExp(`^${fn}: z\\[1\\] must be a number, got "2" \\(a string\\)`), "2");
      expectBadInput(() => f([1, 2, [3]]), TypeError, new RegExp(`^${fn}: z\\[2\\] must be a number, got an array of length 1`), [3]);
      expectBadInput(() => f([null]), TypeError, new RegExp(`^${fn}: z\\[0\\] must be a number, got null`), null);
    });
  }
});

describe("activations follow IEEE 754 for NaN and ±Infinity (documented behaviour)", () => {
  it.each(elementwiseActivations)("%s propagates NaN, as a number and inside arrays", (_name, f) => {
    expect(f(NaN)).toBeNaN();
    const out = f([1, NaN, -1]) as Float64Array;
    expect(out).toBeInstanceOf(Float64Array);
    expect(out[1]).toBeNaN();
    expect(Number.isNaN(out[0])).toBe(false);
    expect(Number.isNaN(out[2])).toBe(false);
  });

  // [name, f(+∞), f(−∞), function]: the limits as z → ±∞.
  const limits: [string, number, number, AnyFn][] = [
    ["sigmoid", 1, 0, sigmoid],
    ["sigmoid.derivative", 0, 0, sigmoid.derivative],
    ["tanh", 1, -1, tanh],
    ["tanh.derivative", 0, 0, tanh.derivative],
    ["relu", Infinity, 0, relu],
    ["relu.derivative", 1, 0, relu.derivative],
    ["leakyRelu", Infinity, -Infinity, leakyRelu],
    ["leakyRelu.derivative", 1, 0.01, leakyRelu.derivative],
    ["leakyRelu.withSlope(0.2)", Infinity, -Infinity, leakyRelu.withSlope(0.2)],
    ["leakyRelu.withSlope(0)", Infinity, 0, leakyRelu.withSlope(0)],
    ["leakyRelu.withSlope(0).derivative", 1, 0, leakyRelu.withSlope(0).derivative],
    ["linear", Infinity, -Infinity, linear],
    ["linear.derivative", 1, 1, linear.derivative],
  ];
  it.each(limits)("%s at +Infinity and -Infinity is %s and %s", (_name, atPlus, atMinus, f) => {
    expect(f(Infinity)).toBe(atPlus);
    expect(f(-Infinity)).toBe(atMinus);
    expect(Array.from(f([Infinity, -Infinity]) as Float64Array)).toEqual([atPlus, atMinus]);
  });

  it("sigmoid saturates exactly at the ends of the double range without NaN", () => {
    expect(sigmoid(800)).toBe(1);
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid.derivative(800)).toBe(0);
    expect(sigmoid.derivative(-800)).toBe(0);
  });

  it("an empty array gives an empty Float64Array", () => {
    for (const [, f] of elementwiseActivations) {
      const out = f([]);
      expect(out).toBeInstanceOf(Float64Array);
      expect(out.length).toBe(0);
    }
  });
});

describe("softmax and logSoftmax: bad rows", () => {
  it("rejects an empty row or batch with a RangeError", () => {
    expectBadInput(() => softmax([]), RangeError, /^softmax: z is empty/);
    expectBadInput(() => softmax([[]]), RangeError, /^softmax: z\[0\] is empty/);
    expectBadInput(() => logSoftmax([]), RangeError, /^logSoftmax: z is empty/);
    expectBadInput(() => softmax.jacobian([]), RangeError, /^softmax\.jacobian: z is empty/);
  });

  it("rejects +Infinity, and a row of only -Infinity, with a RangeError naming the row", () => {
    expectBadInput(() => softmax([1, Infinity, 0]), RangeError, /^softmax: z contains \+Infinity/);
    expectBadInput(() => softmax([-Infinity, -Infinity]), RangeError, /^softmax: z contains only -Infinity/);
    expectBadInput(() => softmax([[0, 1], [Infinity, 0]]), RangeError, /^softmax: z\[1\] contains \+Infinity/);
    expectBadInput(() => softmax([[0, 1], [-Infinity, -Infinity]]), RangeError, /^softmax: z\[1\] contains only -Infinity/);
    expectBadInput(() => logSoftmax([Infinity]), RangeError, /^logSoftmax: z contains \+Infinity/);
    expectBadInput(() => softmax.jacobian([0, Infinity]), RangeError, /^softmax\.jacobian: z contains \+Infinity/);
  });

  it("rejects non-numbers with a TypeError naming z", () => {
    expectBadInput(() => softmax("abc" as never), TypeError, /^softmax: z must be an array of numbers \(one example\) or an array of rows, got "abc"/, "abc");
    expectBadInput(() => softmax([1, "2"] as never), TypeError, /^softmax: z\[1\] must be a number, got "2"/, "2");
    expectBadInput(() => softmax([[1, 2], [3, "x"]] as never), TypeError, /^softmax: z\[1\]\[1\] must be a number, got "x"/, "x");
    expectBadInput(() => softmax({} as never), TypeError, /^softmax: z must be .* got an object/, {});
    expectBadInput(() => softmax(undefined as never), TypeError, /^softmax: z must be .* got undefined/, undefined);
    expectBadInput(() => softmax(3 as never), TypeError, /^softmax: z must be .* got 3/, 3);
    expectBadInput(() => softmax([[1, 2], [3]]), RangeError, /^softmax: z\[1\] has 1 value but z\[0\] has 2/);
  });

  it("softmax.jacobian takes one row, not a batch", () => {
    expectBadInput(() => softmax.jacobian([[1, 2]] as never), TypeError, /^softmax\.jacobian: z must be one row of logits, got a batch of rows/);
  });

  it("a NaN makes its own row NaN and leaves the other rows alone", () => {
    for (const row of [[1, NaN, 2], [NaN, 1], [1, NaN], [NaN, Infinity], [Infinity, NaN], [NaN]]) {
      const out = softmax(row);
      expect(out.length).toBe(row.length);
      for (const x of out) expect(x).toBeNaN();
    }
    const batch = softmax([[0, 0], [NaN, 0], [Math.log(3), 0]]);
    expect(Array.from(batch[0])).toEqual([0.5, 0.5]);
    expect(batch[1][0]).toBeNaN();
    expect(batch[1][1]).toBeNaN();
    // e^(ln 3) / (e^(ln 3) + 1) = 3/4 up to the rounding of ln 3 (relative error ≲ 1e-16 · ln 3).
    expect(Math.abs(batch[2][0] - 0.75)).toBeLessThan(4 * Number.EPSILON);
    expect(logSoftmax([NaN, 0])[1]).toBeNaN();
  });

  it("a -Infinity entry among finite ones gets probability exactly 0 (and log-probability -Infinity)", () => {
    expect(Array.from(softmax([0, -Infinity, 0]))).toEqual([0.5, 0, 0.5]);
    expect(Array.from(softmax([-Infinity, 5]))).toEqual([0, 1]);
    expect(Array.from(logSoftmax([-Infinity, 5]))).toEqual([-Infinity, 0]);
    const jacobian = softmax.jacobian([0, -Infinity]);
    // softmax is [1, 0], so every entry s_i(δ_ij − s_j) is ±0; `+ 0` folds −0 into 0 for the comparison.
    expect(jacobian.map((r) => Array.from(r, (x) => x + 0))).toEqual([[0, 0], [0, 0]]);
  });
});

describe("parameters: leakyRelu.withSlope and seededRandom", () => {
  it("withSlope rejects a negative slope with a RangeError", () => {
    expectBadInput(() => leakyRelu.withSlope(-1), RangeError, /^leakyRelu\.withSlope: slope must be ≥ 0, got -1$/, -1);
    expectBadInput(() => leakyRelu.withSlope(-1e-9), RangeError, /^leakyRelu\.withSlope: slope must be ≥ 0, got -1e-9$/, -1e-9);
  });

  it("withSlope rejects NaN and ±Infinity with a RangeError", () => {
    expectBadInput(() => leakyRelu.withSlope(NaN), RangeError, /^leakyRelu\.withSlope: slope must be finite, got NaN$/, NaN);
    expectBadInput(() => leakyRelu.withSlope(Infinity), RangeError, /^leakyRelu\.withSlope: slope must be finite, got Infinity$/, Infinity);
  });

  it("withSlope rejects a non-number with a TypeError", () => {
    expectBadInput(() => leakyRelu.withSlope("a" as never), TypeError, /^leakyRelu\.withSlope: slope must be a number, got "a" \(a string\)$/, "a");
    expectBadInput(() => leakyRelu.withSlope(undefined as never), TypeError, /^leakyRelu\.withSlope: slope must be a number, got undefined$/, undefined);
  });

  it("seededRandom rejects a fractional, non-finite or non-number seed", () => {
    expectBadInput(() => seededRandom(1.5), RangeError, /^seededRandom: seed must be an integer, got 1.5$/, 1.5);
    expectBadInput(() => seededRandom(NaN), RangeError, /^seededRandom: seed must be finite, got NaN$/, NaN);
    expectBadInput(() => seededRandom("7" as never), TypeError, /^seededRandom: seed must be a number, got "7" \(a string\)$/, "7");
  });

  it("seededRandom's helpers reject bad counts", () => {
    const rng = seededRandom(1);
    expectBadInput(() => rng.normals(-1), RangeError, /^seededRandom\(…\)\.normals: n must be a whole number ≥ 0, got -1$/, -1);
    expectBadInput(() => rng.normals(NaN), RangeError, /^seededRandom\(…\)\.normals: n must be finite, got NaN$/, NaN);
    expectBadInput(() => rng.integer(0), RangeError, /^seededRandom\(…\)\.integer: n must be a whole number ≥ 1, got 0$/, 0);
    expectBadInput(() => rng.integer(2.5), RangeError, /^seededRandom\(…\)\.integer: n must be a whole number ≥ 1, got 2.5$/, 2.5);
  });

  it("seededRandom's samplers reject a mean, spread or bound that would make NaN", () => {
    const rng = seededRandom(1);
    expectBadInput(() => rng.normal("1" as never), TypeError, /^seededRandom\(…\)\.normal: mean must be a number, got "1" \(a string\)$/, "1");
    expectBadInput(() => rng.normal(0, -1), RangeError, /^seededRandom\(…\)\.normal: standardDeviation must be ≥ 0, got -1$/, -1);
    expectBadInput(() => rng.normal(0, NaN), RangeError, /^seededRandom\(…\)\.normal: standardDeviation must be finite, got NaN$/, NaN);
    expectBadInput(() => rng.normals(2, Infinity), RangeError, /^seededRandom\(…\)\.normals: mean must be finite, got Infinity$/, Infinity);
    expectBadInput(() => rng.uniformBetween(0, undefined as never), TypeError, /^seededRandom\(…\)\.uniformBetween: high must be a number, got undefined$/, undefined);
    expectBadInput(() => rng.shuffled("abc" as never), TypeError, /^seededRandom\(…\)\.shuffled: items must be an array, got "abc" \(a string\)$/, "abc");
  });

  it("a rejected call does not advance the generator", () => {
    const a = seededRandom(3);
    const b = seededRandom(3);
    expect(() => a.integer(0)).toThrow(RangeError);
    expect(() => a.normals(-1)).toThrow(RangeError);
    expect(a.uniform()).toBe(b.uniform());
  });
});

describe("completeness: every activation and loss has bad-input checks here", () => {
  it("activations: elementwiseActivations, plus softmax's own block above", () => {
    expectEveryOp(
      "activations",
      [...elementwiseActivations.map(([name]) => name.split(".")[0]), softmax.name],
      "bad-input table",
      "the function and its derivative to elementwiseActivations in test/unit/bad-input.test.ts (a vector function: a block like softmax's)",
    );
  });

  it("losses: elementwiseCases and rowCases", () => {
    expectEveryOp(
      "losses",
      [...elementwiseCases, ...rowCases].map((c) => c.loss.name),
      "bad-input table",
      "an entry to elementwiseCases (elementwise losses) or rowCases (categorical losses) in test/unit/bad-input.test.ts",
    );
  });
});
