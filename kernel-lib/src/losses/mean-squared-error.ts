import { CompensatedSum, finishReduction, gradientScale, readReduction } from "../core/reduction";
import { defineLoss, explainNonFinite, readPair, type ElementwiseLoss } from "./loss";

const FN = "meanSquaredError";

function value(yTrue: unknown, yPred: unknown, options?: unknown): number | Float64Array {
  const reduction = readReduction(FN, options);
  const { y, p } = readPair(FN, yTrue, yPred, "yPred");
  const perItem = reduction === "none" ? new Float64Array(y.length) : null;
  const total = new CompensatedSum();
  for (let i = 0; i < y.length; i++) {
    const d = p[i] - y[i];
    const loss = d * d;
    if (perItem) perItem[i] = loss;
    total.add(loss);
  }
  // Validation costs a second pass, so it runs only when the result shows a NaN or ±Infinity got in.
  if (!Number.isFinite(total.value)) explainNonFinite(FN, y, p, "yPred");
  return finishReduction(total, y.length, reduction, perItem);
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

/** MSE = (1/N) Σ (ŷ_i − y_i)²; gradient 2(ŷ_i − y_i)/N. Returns +Infinity only if a squared error overflows float64. */
export const meanSquaredError = defineLoss<ElementwiseLoss>(value, gradient, {
  id: "meanSquaredError",
  title: "Mean squared error",
  latex: "L = \\frac{1}{N}\\sum_{i=1}^{N} (y_i - \\hat{y}_i)^2",
  gradientLatex: "\\frac{\\partial L}{\\partial \\hat{y}_i} = \\frac{2(\\hat{y}_i - y_i)}{N}",
  predictionKind: "prediction",
  task: "Regression",
  outputActivation: "linear",
});
