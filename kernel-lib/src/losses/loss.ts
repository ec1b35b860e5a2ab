import { inputError } from "../core/errors";
import { type LossOptions, type Reduction } from "../core/reduction";
import {
  describe,
  isVectorLike,
  requireAllFinite,
  requireDistributionRows,
  requireSameLength,
  requireSameShape,
  toFloat64,
  toRows,
  type Rows,
  type Vector,
} from "../core/validate";

export type { LossOptions, Reduction };

/**
 * What the lessons and the cheat sheet display about a loss. Each LaTeX string has a machine-readable twin
 * (`expression`, `gradientExpression`) in mathjs syntax, which test/unit/displayed-formulas.test.ts evaluates
 * on random batches and compares with the loss and its gradient, so a displayed formula cannot drift from
 * the code (a missing 1/N fails). Their vocabulary: `y` are the labels or targets and `p`, `z`, `yhat` or `s`
 * the second argument (as `predictionKind` says), both whole arrays (N×K rows for the categorical losses);
 * `N` is the number of examples (rows); `.*`, `./`, `.^` and the functions `exp`, `log`, `abs`, `sign`,
 * `sigma` (the logistic sigmoid) and `max(0, x)` act element by element, `softmax` on each row, and `sum`
 * adds every entry.
 */
export interface LossInfo {
  readonly id: string;
  readonly title: string;
  /** LaTeX of the reduced loss (the default mean over the N examples). */
  readonly latex: string;
  /** LaTeX of its gradient with respect to the second argument, one entry per element. */
  readonly gradientLatex: string;
  /** The same loss as a mathjs expression (see the vocabulary above); also the formula's text alternative. */
  readonly expression: string;
  /** The same gradient as a mathjs expression, an array shaped like the second argument. */
  readonly gradientExpression: string;
  /** What the second argument is: "probability", "logit", "prediction" or "score". */
  readonly predictionKind: "probability" | "logit" | "prediction" | "score";
  readonly task: string;
  readonly outputActivation: string;
  /** How the gradient is defined where the loss has a kink, if it has one. */
  readonly kinkConvention?: string;
}

type Unreduced = { reduction: "none" };
type Reduced = { reduction?: "mean" | "sum" };

/** A loss over elements (binary and regression losses): numbers or equal-length vectors. */
export interface ElementwiseLoss {
  (yTrue: number | Vector, yPred: number | Vector, options?: Reduced): number;
  (yTrue: number | Vector, yPred: number | Vector, options: Unreduced): Float64Array;
  (yTrue: number | Vector, yPred: number | Vector, options?: LossOptions): number | Float64Array;
  /** ∂(reduced loss)/∂yPred, one entry per element; with reduction "none", each element's own derivative. */
  gradient(yTrue: number | Vector, yPred: number | Vector, options?: LossOptions): Float64Array;
  readonly info: LossInfo;
}

/** A loss over rows of class scores (categorical losses): one row, or a batch of rows averaged over rows. */
export interface RowLoss {
  (yTrue: Rows, yPred: Rows, options?: Reduced): number;
  (yTrue: Rows, yPred: Rows, options: Unreduced): Float64Array;
  (yTrue: Rows, yPred: Rows, options?: LossOptions): number | Float64Array;
  /** ∂(reduced loss)/∂yPred in the shape of yPred: one Float64Array for one row, an array of them for a batch. */
  gradient(yTrue: Vector, yPred: Vector, options?: LossOptions): Float64Array;
  gradient(yTrue: readonly Vector[], yPred: readonly Vector[], options?: LossOptions): Float64Array[];
  gradient(yTrue: Rows, yPred: Rows, options?: LossOptions): Float64Array | Float64Array[];
  readonly info: LossInfo;
}

/**
 * Builds a loss from its value and gradient functions and its info (docs/extending.md shows how to add one):
 * names both functions for error messages and stack traces, and freezes the info.
 */
export function defineLoss<L extends ElementwiseLoss | RowLoss>(
  value: (...args: never[]) => unknown,
  gradient: (...args: never[]) => unknown,
  info: LossInfo,
): L {
  Object.defineProperty(value, "name", { value: info.id });
  Object.defineProperty(gradient, "name", { value: `${info.id}.gradient` });
  return Object.assign(value, { gradient, info: Object.freeze(info) }) as unknown as L;
}

function toVector(fn: string, name: string, value: unknown): Float64Array {
  if (typeof value === "number") return Float64Array.of(value);
  if (!isVectorLike(value)) {
    throw inputError(TypeError, `${fn}: ${name} must be a number or an array of numbers, got ${describe(value)}`);
  }
  return toFloat64(fn, name, value);
}

/** Both arguments of an elementwise loss as Float64Arrays of one length (numbers become length 1). */
export function readPair(fn: string, yTrue: unknown, yPred: unknown, predName: string): { y: Float64Array; p: Float64Array } {
  const y = toVector(fn, "yTrue", yTrue);
  const p = toVector(fn, predName, yPred);
  requireSameLength(fn, "yTrue", y, predName, p);
  return { y, p };
}

/**
 * Called when a loss or gradient came out NaN or infinite: names the first non-finite input so the error is
 * about the student's data. Returns normally when every input is finite (a genuine float64 overflow).
 */
export function explainNonFinite(fn: string, y: Float64Array, p: Float64Array, predName: string): void {
  requireAllFinite(fn, "yTrue", y);
  requireAllFinite(fn, predName, p);
}

/**
 * Labels and predictions as rows of one shape, labels checked to be distributions; `batched` is false when
 * a single row was passed.
 */
export function readRowPair(fn: string, yTrue: unknown, yPred: unknown, predName: string) {
  const labels = toRows(fn, "yTrue", yTrue);
  const preds = toRows(fn, predName, yPred);
  if (labels.batched !== preds.batched) {
    throw inputError(RangeError,
      `${fn}: yTrue is ${labels.batched ? "a batch of rows" : "one row"} but ${predName} is ${preds.batched ? "a batch of rows" : "one row"}; they must have the same shape`,
    );
  }
  requireSameShape(fn, "yTrue", labels.rows, predName, preds.rows);
  requireDistributionRows(fn, "yTrue", labels.rows, labels.batched);
  return { y: labels.rows, p: preds.rows, batched: labels.batched };
}
