import { additionError, combineLanes, finishReduction, gradientScale, readReduction } from "../core/reduction";
import { defineLoss, explainNonFinite, readPair, type ElementwiseLoss } from "./loss";

const FN = "meanSquaredError";

const square = (d: number) => d * d;

/** Σ (p_i − y_i)², compensated in four lanes (see combineLanes), storing each term in `perItem` if given. */
function sumOfSquares(y: Float64Array, p: Float64Array, perItem: Float64Array | null): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
  const n = y.length;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const x0 = square(p[i] - y[i]);
    const x1 = square(p[i + 1] - y[i + 1]);
    const x2 = square(p[i + 2] - y[i + 2]);
    const x3 = square(p[i + 3] - y[i + 3]);
    if (perItem) {
      perItem[i] = x0;
      perItem[i + 1] = x1;
      perItem[i + 2] = x2;
      perItem[i + 3] = x3;
    }
    let t = s0 + x0;
    c0 += additionError(s0, x0, t);
    s0 = t;
    t = s1 + x1;
    c1 += additionError(s1, x1, t);
    s1 = t;
    t = s2 + x2;
    c2 += additionError(s2, x2, t);
    s2 = t;
    t = s3 + x3;
    c3 += additionError(s3, x3, t);
    s3 = t;
  }
  for (; i < n; i++) {
    const x = square(p[i] - y[i]);
    if (perItem) perItem[i] = x;
    const t = s0 + x;
    c0 += additionError(s0, x, t);
    s0 = t;
  }
  return combineLanes([s0, s1, s2, s3], [c0, c1, c2, c3]);
}

function value(yTrue: unknown, yPred: unknown, options?: unknown): number | Float64Array {
  const reduction = readReduction(FN, options);
  const { y, p } = readPair(FN, yTrue, yPred, "yPred");
  const perItem = reduction === "none" ? new Float64Array(y.length) : null;
  const sum = sumOfSquares(y, p, perItem);
  // Validation costs a second pass, so it runs only when the result shows a NaN or ±Infinity got in.
  if (!Number.isFinite(sum)) explainNonFinite(FN, y, p, "yPred");
  return finishReduction(sum, 0, y.length, reduction, perItem);
}

function gradient(yTrue: unknown, yPred: unknown, options?: unknown): Float64Array {
  const reduction = readReduction(`${FN}.gradient`, options);
  const { y, p } = readPair(`${FN}.gradient`, yTrue, yPred, "yPred");
  const scale = 2 * gradientScale(y.length, reduction);
  const out = new Float64Array(y.length);
  let check = 0;
  for (let i = 0; i < y.length; i++) {
    const g = (p[i] - y[i]) * scale;
    out[i] = g;
    check += g;
  }
  if (!Number.isFinite(check)) explainNonFinite(`${FN}.gradient`, y, p, "yPred");
  return out;
}

/**
 * Mean squared error, MSE = (1/N) Σ (ŷ_i − y_i)²: the regression loss (paired with a linear output). Its
 * gradient is 2(ŷ_i − y_i)/N. Compensated summation keeps the mean correct to the last digit; the result is
 * +Infinity only if a squared error overflows float64.
 *
 * Syntax:
 *   meanSquaredError(yTrue, yPred)                       the mean over elements (numbers or equal-length arrays)
 *   meanSquaredError(yTrue, yPred, { reduction: "sum" })   or "none": one loss per element, as a Float64Array
 *   meanSquaredError.gradient(yTrue, yPred, options?)    ∂(reduced loss)/∂yPred, a Float64Array
 *
 * @example
 *   meanSquaredError([1, 2, 3], [1.5, 2, 2]);                  // 0.4166666666666667
 *   meanSquaredError.gradient([1, 2, 3], [1.5, 2, 2]);         // Float64Array [0.3333333333333333, 0, -0.6666666666666666]
 *   meanSquaredError([1, 2], [1, 3], { reduction: "none" });   // Float64Array [0, 1]
 *
 * See also: meanAbsoluteError, linear, losses
 */
export const meanSquaredError = defineLoss<ElementwiseLoss>(value, gradient, {
  id: "meanSquaredError",
  title: "Mean squared error",
  latex: "L = \\frac{1}{N}\\sum_{i=1}^{N} (y_i - \\hat{y}_i)^2",
  gradientLatex: "\\frac{\\partial L}{\\partial \\hat{y}_i} = \\frac{2(\\hat{y}_i - y_i)}{N}",
  expression: "(1/N) * sum((y - yhat) .^ 2)",
  gradientExpression: "2 * (yhat - y) / N",
  predictionKind: "prediction",
  task: "Regression",
  outputActivation: "linear",
});
