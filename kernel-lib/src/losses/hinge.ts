import { inputError } from "../core/errors";
import { additionError, finishReduction, gradientScale, readReduction } from "../core/reduction";
import { defineLoss, explainNonFinite, readPair, type ElementwiseLoss } from "./loss";

const FN = "hinge";

function requireSignLabels(fn: string, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) {
    // |y| ≠ 1 rather than y ≠ 1 && y ≠ −1: one comparison, and no branch to mispredict on random labels.
    if (Math.abs(y[i]) !== 1) {
      throw inputError(RangeError, `${fn}: yTrue[${i}] is ${y[i]}, but hinge labels must be -1 or 1 (not 0 and 1)`);
    }
  }
}

function value(yTrue: unknown, scores: unknown, options?: unknown): number | Float64Array {
  const reduction = readReduction(FN, options);
  const { y, p: s } = readPair(FN, yTrue, scores, "scores");
  requireSignLabels(FN, y);
  const perItem = reduction === "none" ? new Float64Array(y.length) : null;
  let sum = 0;
  let compensation = 0;
  let finiteCheck = 0;
  for (let i = 0; i < y.length; i++) {
    const shortfall = 1 - y[i] * s[i];
    // max(0, shortfall) without a branch; halves first so that shortfalls near 1e308 do not overflow.
    const loss = 0.5 * shortfall + 0.5 * Math.abs(shortfall);
    finiteCheck += s[i] - s[i];
    if (perItem) perItem[i] = loss;
    const t = sum + loss;
    compensation += additionError(sum, loss, t);
    sum = t;
  }
  // NaN unless every score is finite (x − x is 0 only for finite x): then find and name the bad one.
  if (finiteCheck !== 0) explainNonFinite(FN, y, s, "scores");
  return finishReduction(sum, compensation, y.length, reduction, perItem);
}

function gradient(yTrue: unknown, scores: unknown, options?: unknown): Float64Array {
  const fn = `${FN}.gradient`;
  const reduction = readReduction(fn, options);
  const { y, p: s } = readPair(fn, yTrue, scores, "scores");
  requireSignLabels(fn, y);
  explainNonFinite(fn, y, s, "scores");
  const scale = gradientScale(y.length, reduction);
  const out = new Float64Array(y.length);
  // At margin exactly 1 the loss has a kink and any value between −y and 0 is a subgradient. 0 is chosen,
  // so an example that has reached the margin contributes nothing (scikit-learn's SGD picks −y instead).
  for (let i = 0; i < y.length; i++) out[i] = y[i] * s[i] < 1 ? -y[i] * scale : 0;
  return out;
}

/**
 * Hinge loss, (1/N) Σ max(0, 1 − y_i·s_i), with labels y_i ∈ {−1, 1} and raw scores s_i (a linear
 * output): the max-margin loss of support vector machines. Only examples inside the margin (y·s < 1) cost
 * anything; at the kink y·s = 1 the gradient is taken to be 0 (info.kinkConvention).
 *
 * Syntax:
 *   hinge(yTrue, scores)                       the mean over elements (numbers or equal-length arrays)
 *   hinge(yTrue, scores, { reduction: "sum" })   or "none": one loss per element, as a Float64Array
 *   hinge.gradient(yTrue, scores, options?)    ∂(reduced loss)/∂scores, a Float64Array
 *
 * @example
 *   hinge([1, -1], [0.3, -2]);            // 0.35
 *   hinge.gradient([1, -1], [0.3, -2]);   // Float64Array [-0.5, 0]
 *
 * See also: meanAbsoluteError, linear, losses
 */
export const hinge = defineLoss<ElementwiseLoss>(value, gradient, {
  id: "hinge",
  title: "Hinge",
  latex: "L = \\frac{1}{N}\\sum_{i=1}^{N} \\max(0,\\ 1 - y_i s_i), \\quad y_i \\in \\{-1, 1\\}",
  gradientLatex: "\\frac{\\partial L}{\\partial s_i} = \\frac{1}{N}\\begin{cases} -y_i & y_i s_i < 1 \\\\ 0 & y_i s_i \\ge 1 \\end{cases}",
  expression: "(1/N) * sum(max(0, 1 - y .* s))",
  gradientExpression: "-y .* (y .* s < 1) / N",
  predictionKind: "score",
  task: "Max-margin classification",
  outputActivation: "linear (raw scores)",
  kinkConvention: "max(0, 1 − m) has no derivative at margin m = 1; kernel-lib returns 0 there.",
});
