import { CompensatedSum, finishReduction, gradientScale, readReduction } from "../core/reduction";
import { defineLoss, explainNonFinite, readPair, type ElementwiseLoss } from "./loss";

const FN = "meanAbsoluteError";

function value(yTrue: unknown, yPred: unknown, options?: unknown): number | Float64Array {
  const reduction = readReduction(FN, options);
  const { y, p } = readPair(FN, yTrue, yPred, "yPred");
  const perItem = reduction === "none" ? new Float64Array(y.length) : null;
  const total = new CompensatedSum();
  for (let i = 0; i < y.length; i++) {
    const loss = Math.abs(p[i] - y[i]);
    if (perItem) perItem[i] = loss;
    total.add(loss);
  }
  if (!Number.isFinite(total.value)) explainNonFinite(FN, y, p, "yPred");
  return finishReduction(total, y.length, reduction, perItem);
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

/** MAE = (1/N) Σ |ŷ_i − y_i|; gradient sign(ŷ_i − y_i)/N, with 0 where ŷ_i = y_i. */
export const meanAbsoluteError = defineLoss<ElementwiseLoss>(value, gradient, {
  id: "meanAbsoluteError",
  title: "Mean absolute error",
  latex: "L = \\frac{1}{N}\\sum_{i=1}^{N} \\lvert y_i - \\hat{y}_i \\rvert",
  gradientLatex:
    "\\frac{\\partial L}{\\partial \\hat{y}_i} = \\frac{1}{N}\\begin{cases} 1 & \\hat{y}_i > y_i \\\\ 0 & \\hat{y}_i = y_i \\text{ (a subgradient)} \\\\ -1 & \\hat{y}_i < y_i \\end{cases}",
  predictionKind: "prediction",
  task: "Regression (robust to outliers)",
  outputActivation: "linear",
  kinkConvention: "|ŷ − y| has no derivative at ŷ = y (the seed's piecewise formula skips that case); kernel-lib returns the subgradient 0 there.",
});
