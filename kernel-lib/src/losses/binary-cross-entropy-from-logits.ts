import { CompensatedSum, finishReduction, gradientScale, readReduction } from "../core/reduction";
import { requireUnitInterval } from "../core/validate";
import { sigmoidScalar, softplusScalar } from "../core/numerics";
import { defineLoss, explainNonFinite, readPair, type ElementwiseLoss } from "./loss";

const FN = "binaryCrossEntropyFromLogits";

function readLabelsAndLogits(fn: string, yTrue: unknown, z: unknown) {
  const pair = readPair(fn, yTrue, z, "z");
  requireUnitInterval(fn, "yTrue", pair.y, "a binary label (or soft label)");
  explainNonFinite(fn, pair.y, pair.p, "z");
  return { y: pair.y, z: pair.p };
}

function value(yTrue: unknown, logits: unknown, options?: unknown): number | Float64Array {
  const reduction = readReduction(FN, options);
  const { y, z } = readLabelsAndLogits(FN, yTrue, logits);
  const perItem = reduction === "none" ? new Float64Array(y.length) : null;
  const total = new CompensatedSum();
  for (let i = 0; i < y.length; i++) {
    const yi = y[i];
    const zi = z[i];
    // −log σ(z) = softplus(−z) and −log(1 − σ(z)) = softplus(z): both terms are ≥ 0, so nothing cancels,
    // and softplus never overflows. At y = 1, z = −800 this gives 800 where log(σ(−800)) gives −Infinity.
    const loss = (yi > 0 ? yi * softplusScalar(-zi) : 0) + (yi < 1 ? (1 - yi) * softplusScalar(zi) : 0);
    if (perItem) perItem[i] = loss;
    total.add(loss);
  }
  return finishReduction(total, y.length, reduction, perItem);
}

function gradient(yTrue: unknown, logits: unknown, options?: unknown): Float64Array {
  const reduction = readReduction(`${FN}.gradient`, options);
  const { y, z } = readLabelsAndLogits(`${FN}.gradient`, yTrue, logits);
  const scale = gradientScale(y.length, reduction);
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const yi = y[i];
    // σ(z) − y written as (1 − y)σ(z) − yσ(−z): for y = 1, z = 40 this is −σ(−40) = −4.2e-18, where
    // σ(40) − 1 rounds to 0.
    out[i] = ((1 - yi) * sigmoidScalar(z[i]) - yi * sigmoidScalar(-z[i])) * scale;
  }
  return out;
}

/**
 * BCE on logits z (before the sigmoid): (1/N) Σ [y·softplus(−z) + (1 − y)·softplus(z)], exact for every
 * finite z. Its gradient is (σ(z) − y)/N: the seed's "ŷ − y".
 */
export const binaryCrossEntropyFromLogits = defineLoss<ElementwiseLoss>(value, gradient, {
  id: "binaryCrossEntropyFromLogits",
  title: "Binary cross-entropy from logits",
  latex: "L = \\frac{1}{N}\\sum_{i=1}^{N} \\left[ y_i \\log(1 + e^{-z_i}) + (1 - y_i) \\log(1 + e^{z_i}) \\right]",
  gradientLatex: "\\frac{\\partial L}{\\partial z_i} = \\frac{\\sigma(z_i) - y_i}{N}",
  predictionKind: "logit",
  task: "Binary classification; multi-label (one per label)",
  outputActivation: "sigmoid (applied inside the loss)",
});
