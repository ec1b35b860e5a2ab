import { additionError, finishReduction, gradientScale, readReduction } from "../core/reduction";
import { requireUnitInterval } from "../core/validate";
import { defineLoss, readPair, type ElementwiseLoss } from "./loss";

const FN = "binaryCrossEntropy";

/** Throws the RangeError naming the first label or probability outside [0, 1]. */
function rejectOutOfRange(fn: string, y: Float64Array, p: Float64Array): never {
  requireUnitInterval(fn, "yTrue", y, "a binary label (or soft label)");
  requireUnitInterval(fn, "p", p, "a probability");
  throw new Error(`${fn}: internal error: a value outside [0, 1] was not found again`);
}

function value(yTrue: unknown, p: unknown, options?: unknown): number | Float64Array {
  const reduction = readReduction(FN, options);
  const { y, p: prob } = readPair(FN, yTrue, p, "p");
  const perItem = reduction === "none" ? new Float64Array(y.length) : null;
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < y.length; i++) {
    const yi = y[i];
    const pi = prob[i];
    // The range check rides along in the main loop (a branch never taken) instead of two extra passes.
    if (!(yi >= 0 && yi <= 1 && pi >= 0 && pi <= 1)) rejectOutOfRange(FN, y, prob);
    // A term whose weight is 0 is skipped, not computed as 0·log(0) = NaN. log1p(−p) keeps log(1 − p)
    // exact for small p, where 1 − p would round away the digits that matter.
    const loss = (yi > 0 ? -yi * Math.log(pi) : 0) + (yi < 1 ? -(1 - yi) * Math.log1p(-pi) : 0);
    if (perItem) perItem[i] = loss;
    const t = sum + loss;
    compensation += additionError(sum, loss, t);
    sum = t;
  }
  return finishReduction(sum, compensation, y.length, reduction, perItem);
}

function gradient(yTrue: unknown, p: unknown, options?: unknown): Float64Array {
  const reduction = readReduction(`${FN}.gradient`, options);
  const { y, p: prob } = readPair(`${FN}.gradient`, yTrue, p, "p");
  const scale = gradientScale(y.length, reduction);
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const yi = y[i];
    const pi = prob[i];
    if (!(yi >= 0 && yi <= 1 && pi >= 0 && pi <= 1)) rejectOutOfRange(`${FN}.gradient`, y, prob);
    // −y/p + (1 − y)/(1 − p) written as (p − y)/(p(1 − p)): near p = y the two terms cancel and their sum
    // is mostly rounding (y = 0.3, p = 0.30000000000000004 gave 2.2e-16 for 2.64e-16), while p − y is then
    // exact. The denominator is 0 only at p = 0 or 1: there p ≠ y gives ±Infinity as before, and p = y is
    // the 0/0 where the term with weight 0 drops out: 1/(1 − p) = 1 at y = p = 0, −y/p = −1 at y = p = 1.
    const denominator = pi * (1 - pi);
    out[i] = (denominator === 0 && pi === yi ? 1 - 2 * pi : (pi - yi) / denominator) * scale;
  }
  return out;
}

/**
 * Binary cross-entropy, BCE = −(1/N) Σ [y log p + (1 − y) log(1 − p)], on probabilities p ∈ [0, 1] (a
 * sigmoid output) and labels y ∈ [0, 1]: the loss of binary and multi-label classification. A confident
 * wrong prediction costs what it truly costs: binaryCrossEntropy([1], [0]) is +Infinity, not a clamped 36.8.
 * Use binaryCrossEntropyFromLogits when you have logits.
 *
 * Syntax:
 *   binaryCrossEntropy(yTrue, p)                       the mean over elements (numbers or equal-length arrays)
 *   binaryCrossEntropy(yTrue, p, { reduction: "sum" })   or "none": one loss per element, as a Float64Array
 *   binaryCrossEntropy.gradient(yTrue, p, options?)    ∂(reduced loss)/∂p, a Float64Array
 *
 * @example
 *   binaryCrossEntropy([1, 0], [0.9, 0.2]);            // 0.16425203348601802
 *   binaryCrossEntropy.gradient([1, 0], [0.9, 0.2]);   // Float64Array [-0.5555555555555556, 0.6249999999999999]
 *   binaryCrossEntropy([1], [0]);                      // Infinity
 *
 * See also: binaryCrossEntropyFromLogits, sigmoid, categoricalCrossEntropy, losses
 */
export const binaryCrossEntropy = defineLoss<ElementwiseLoss>(value, gradient, {
  id: "binaryCrossEntropy",
  title: "Binary cross-entropy",
  latex: "L = -\\frac{1}{N}\\sum_{i=1}^{N} \\left[ y_i \\log \\hat{y}_i + (1 - y_i) \\log(1 - \\hat{y}_i) \\right]",
  gradientLatex: "\\frac{\\partial L}{\\partial \\hat{y}_i} = \\frac{1}{N}\\left( -\\frac{y_i}{\\hat{y}_i} + \\frac{1 - y_i}{1 - \\hat{y}_i} \\right)",
  expression: "-(1/N) * sum(y .* log(p) + (1 - y) .* log(1 - p))",
  gradientExpression: "(1/N) * (-y ./ p + (1 - y) ./ (1 - p))",
  predictionKind: "probability",
  task: "Binary classification; multi-label (one per label)",
  outputActivation: "sigmoid",
});
