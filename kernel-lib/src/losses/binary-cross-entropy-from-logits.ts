import { additionError, finishReduction, gradientScale, readReduction } from "../core/reduction";
import { requireUnitInterval } from "../core/validate";
import { defineLoss, explainNonFinite, readPair, type ElementwiseLoss } from "./loss";

const FN = "binaryCrossEntropyFromLogits";

/** Throws the error naming the first label outside [0, 1] or the first non-finite input. */
function rejectInput(fn: string, y: Float64Array, z: Float64Array): void {
  requireUnitInterval(fn, "yTrue", y, "a binary label (or soft label)");
  explainNonFinite(fn, y, z, "z");
}

function value(yTrue: unknown, logits: unknown, options?: unknown): number | Float64Array {
  const reduction = readReduction(FN, options);
  const { y, p: z } = readPair(FN, yTrue, logits, "z");
  const perItem = reduction === "none" ? new Float64Array(y.length) : null;
  let sum = 0;
  let compensation = 0;
  let finiteCheck = 0;
  for (let i = 0; i < y.length; i++) {
    const yi = y[i];
    const zi = z[i];
    if (!(yi >= 0 && yi <= 1)) rejectInput(FN, y, z);
    finiteCheck += zi - zi;
    // −log σ(z) = softplus(−z) and −log(1 − σ(z)) = softplus(z), with softplus(±z) = max(±z, 0) + L and
    // L = log1p(e^(−|z|)) shared: both terms are ≥ 0, so nothing cancels, and nothing overflows. At y = 1,
    // z = −800 this gives 800 where log(σ(−800)) gives −Infinity.
    const shared = Math.log1p(Math.exp(-Math.abs(zi)));
    const loss = yi * ((zi < 0 ? -zi : 0) + shared) + (1 - yi) * ((zi > 0 ? zi : 0) + shared);
    if (perItem) perItem[i] = loss;
    const t = sum + loss;
    compensation += additionError(sum, loss, t);
    sum = t;
  }
  // NaN unless every logit is finite (x − x is 0 only for finite x): then name the bad one.
  if (finiteCheck !== 0) rejectInput(FN, y, z);
  return finishReduction(sum, compensation, y.length, reduction, perItem);
}

function gradient(yTrue: unknown, logits: unknown, options?: unknown): Float64Array {
  const fn = `${FN}.gradient`;
  const reduction = readReduction(fn, options);
  const { y, p: z } = readPair(fn, yTrue, logits, "z");
  const scale = gradientScale(y.length, reduction);
  const out = new Float64Array(y.length);
  let finiteCheck = 0;
  for (let i = 0; i < y.length; i++) {
    const yi = y[i];
    const zi = z[i];
    if (!(yi >= 0 && yi <= 1)) rejectInput(fn, y, z);
    finiteCheck += zi - zi;
    // σ(z) − y written as (1 − y)σ(z) − yσ(−z): for y = 1, z = 40 this is −σ(−40) = −4.2e-18, where
    // σ(40) − 1 rounds to 0. σ(z) and σ(−z) share e = e^(−|z|): one exponential, no branch on the sign.
    const e = Math.exp(-Math.abs(zi));
    const positive = +(zi >= 0);
    const sigmoidZ = (positive + (1 - positive) * e) / (1 + e);
    const sigmoidMinusZ = (1 - positive + positive * e) / (1 + e);
    out[i] = ((1 - yi) * sigmoidZ - yi * sigmoidMinusZ) * scale;
  }
  if (finiteCheck !== 0) rejectInput(fn, y, z);
  return out;
}

/**
 * Binary cross-entropy on logits z (before the sigmoid): (1/N) Σ [y·softplus(−z) + (1 − y)·softplus(z)],
 * which equals binaryCrossEntropy(y, σ(z)) but is exact for every finite z (at y = 1, z = −800 it is 800
 * where going through σ gives Infinity). Its gradient is (σ(z) − y)/N: the course notes' "ŷ − y".
 *
 * Syntax:
 *   binaryCrossEntropyFromLogits(yTrue, z)                       the mean over elements (numbers or equal-length arrays)
 *   binaryCrossEntropyFromLogits(yTrue, z, { reduction: "sum" })   or "none": one loss per element, as a Float64Array
 *   binaryCrossEntropyFromLogits.gradient(yTrue, z, options?)    ∂(reduced loss)/∂z, a Float64Array
 *
 * @example
 *   binaryCrossEntropyFromLogits([1], [-800]);         // 800
 *   binaryCrossEntropyFromLogits.gradient([1], [2]);   // Float64Array [-0.11920292202211755]
 *
 * See also: binaryCrossEntropy, sigmoid, categoricalCrossEntropyFromLogits, losses
 */
export const binaryCrossEntropyFromLogits = defineLoss<ElementwiseLoss>(value, gradient, {
  id: "binaryCrossEntropyFromLogits",
  title: "Binary cross-entropy from logits",
  latex: "L = \\frac{1}{N}\\sum_{i=1}^{N} \\left[ y_i \\log(1 + e^{-z_i}) + (1 - y_i) \\log(1 + e^{z_i}) \\right]",
  gradientLatex: "\\frac{\\partial L}{\\partial z_i} = \\frac{\\sigma(z_i) - y_i}{N}",
  expression: "(1/N) * sum(y .* log(1 + exp(-z)) + (1 - y) .* log(1 + exp(z)))",
  gradientExpression: "(sigma(z) - y) / N",
  predictionKind: "logit",
  task: "Binary classification; multi-label (one per label)",
  outputActivation: "sigmoid (applied inside the loss)",
});
