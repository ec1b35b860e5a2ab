import { additionError, combineLanes, finishReduction, gradientScale, readReduction } from "../core/reduction";
import { defineLoss, explainNonFinite, readPair, type ElementwiseLoss } from "./loss";

const FN = "meanAbsoluteError";

/** Σ |p_i − y_i|, compensated in four lanes (see combineLanes), storing each term in `perItem` if given. */
function sumOfAbsolutes(y: Float64Array, p: Float64Array, perItem: Float64Array | null): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
  const n = y.length;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const x0 = Math.abs(p[i] - y[i]);
    const x1 = Math.abs(p[i + 1] - y[i + 1]);
    const x2 = Math.abs(p[i + 2] - y[i + 2]);
    const x3 = Math.abs(p[i + 3] - y[i + 3]);
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
    const x = Math.abs(p[i] - y[i]);
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
  const sum = sumOfAbsolutes(y, p, perItem);
  // Validation costs a second pass, so it runs only when the result shows a NaN or ±Infinity got in.
  if (!Number.isFinite(sum)) explainNonFinite(FN, y, p, "yPred");
  return finishReduction(sum, 0, y.length, reduction, perItem);
}

function gradient(yTrue: unknown, yPred: unknown, options?: unknown): Float64Array {
  const reduction = readReduction(`${FN}.gradient`, options);
  const { y, p } = readPair(`${FN}.gradient`, yTrue, yPred, "yPred");
  explainNonFinite(`${FN}.gradient`, y, p, "yPred");
  const scale = gradientScale(y.length, reduction);
  const out = new Float64Array(y.length);
  // |ŷ − y| has no derivative where ŷ = y; 0 is the subgradient chosen (it lies in [−1, 1], and it is
  // what PyTorch's sign() gives), so a perfect prediction is left alone.
  for (let i = 0; i < y.length; i++) out[i] = p[i] > y[i] ? scale : p[i] < y[i] ? -scale : 0;
  return out;
}

/**
 * Mean absolute error, MAE = (1/N) Σ |ŷ_i − y_i|: a regression loss that outliers pull less than MSE. Its
 * gradient is sign(ŷ_i − y_i)/N, with the subgradient 0 where ŷ_i = y_i (info.kinkConvention).
 *
 * Syntax:
 *   meanAbsoluteError(yTrue, yPred)                       the mean over elements (numbers or equal-length arrays)
 *   meanAbsoluteError(yTrue, yPred, { reduction: "sum" })   or "none": one loss per element, as a Float64Array
 *   meanAbsoluteError.gradient(yTrue, yPred, options?)    ∂(reduced loss)/∂yPred, a Float64Array
 *
 * @example
 *   meanAbsoluteError([1, 2], [1, 3]);            // 0.5
 *   meanAbsoluteError.gradient([1, 2], [1, 3]);   // Float64Array [0, 0.5]
 *
 * See also: meanSquaredError, hinge, losses
 */
export const meanAbsoluteError = defineLoss<ElementwiseLoss>(value, gradient, {
  id: "meanAbsoluteError",
  title: "Mean absolute error",
  latex: "L = \\frac{1}{N}\\sum_{i=1}^{N} \\lvert y_i - \\hat{y}_i \\rvert",
  gradientLatex:
    "\\frac{\\partial L}{\\partial \\hat{y}_i} = \\frac{1}{N}\\begin{cases} 1 & \\hat{y}_i > y_i \\\\ 0 & \\hat{y}_i = y_i \\text{ (a subgradient)} \\\\ -1 & \\hat{y}_i < y_i \\end{cases}",
  expression: "(1/N) * sum(abs(y - yhat))",
  gradientExpression: "sign(yhat - y) / N",
  predictionKind: "prediction",
  task: "Regression (robust to outliers)",
  outputActivation: "linear",
  kinkConvention: "|ŷ − y| has no derivative at ŷ = y (the course notes' piecewise formula skips that case); kernel-lib returns the subgradient 0 there.",
});
