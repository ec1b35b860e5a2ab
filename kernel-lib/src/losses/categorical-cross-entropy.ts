import { additionError, finishReduction, gradientScale, readReduction } from "../core/reduction";
import { requireDistributionRows, type Rows } from "../core/validate";
import { defineLoss, readRowPair, type RowLoss } from "./loss";

const FN = "categoricalCrossEntropy";


function value(yTrue: Rows, yPred: Rows, options?: unknown): number | Float64Array {
  const reduction = readReduction(FN, options);
  const { y, p, batched } = readRowPair(FN, yTrue, yPred, "p");
  requireDistributionRows(FN, "p", p, batched);
  const perRow = reduction === "none" ? new Float64Array(y.length) : null;
  let sum = 0;
  let compensation = 0;
  for (let r = 0; r < y.length; r++) {
    const yr = y[r];
    const pr = p[r];
    let loss = 0;
    // Classes with y_i = 0 are skipped: 0·log(0) is 0 in the limit, NaN in floating point.
    for (let i = 0; i < yr.length; i++) if (yr[i] > 0) loss -= yr[i] * Math.log(pr[i]);
    if (perRow) perRow[r] = loss;
    const t = sum + loss;
    compensation += additionError(sum, loss, t);
    sum = t;
  }
  return finishReduction(sum, compensation, y.length, reduction, perRow);
}

function gradient(yTrue: Rows, yPred: Rows, options?: unknown): Float64Array | Float64Array[] {
  const reduction = readReduction(`${FN}.gradient`, options);
  const { y, p, batched } = readRowPair(`${FN}.gradient`, yTrue, yPred, "p");
  requireDistributionRows(`${FN}.gradient`, "p", p, batched);
  const scale = gradientScale(y.length, reduction);
  const out = y.map((yr, r) => {
    const g = new Float64Array(yr.length);
    for (let i = 0; i < yr.length; i++) g[i] = yr[i] > 0 ? (-yr[i] / p[r][i]) * scale : 0;
    return g;
  });
  return batched ? out : out[0];
}

/**
 * Categorical cross-entropy, CCE = −Σ_i y_i log p_i per row of probabilities (a softmax output), averaged
 * over rows: the loss of multi-class classification. Rows of yTrue and p must be distributions (entries in
 * [0, 1] summing to 1 within 1e-6). With logits, use categoricalCrossEntropyFromLogits.
 *
 * Syntax:
 *   categoricalCrossEntropy(yTrue, p)                       one row of K classes, or a batch of rows (mean over rows)
 *   categoricalCrossEntropy(yTrue, p, { reduction: "sum" })   or "none": one loss per row, as a Float64Array
 *   categoricalCrossEntropy.gradient(yTrue, p, options?)    ∂(reduced loss)/∂p in the shape of p
 *
 * @example
 *   categoricalCrossEntropy([0, 1, 0], [0.2, 0.7, 0.1]);            // 0.35667494393873245 (−log 0.7)
 *   categoricalCrossEntropy.gradient([0, 1, 0], [0.2, 0.7, 0.1]);   // Float64Array [0, -1.4285714285714286, 0]
 *
 * See also: categoricalCrossEntropyFromLogits, softmax, binaryCrossEntropy, losses
 */
export const categoricalCrossEntropy = defineLoss<RowLoss>(value, gradient, {
  id: "categoricalCrossEntropy",
  title: "Categorical cross-entropy",
  latex: "L = -\\frac{1}{N}\\sum_{n=1}^{N}\\sum_{i=1}^{K} y_{n,i} \\log \\hat{y}_{n,i}",
  gradientLatex: "\\frac{\\partial L}{\\partial \\hat{y}_{n,i}} = -\\frac{y_{n,i}}{N\\,\\hat{y}_{n,i}}",
  expression: "-(1/N) * sum(y .* log(p))",
  gradientExpression: "-y ./ (N * p)",
  predictionKind: "probability",
  task: "Multi-class classification (mutually exclusive classes)",
  outputActivation: "softmax",
});
