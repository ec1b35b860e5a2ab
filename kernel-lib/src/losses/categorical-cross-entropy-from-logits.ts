import { additionError, finishReduction, gradientScale, readReduction } from "../core/reduction";
import { requireAllFinite, type Rows } from "../core/validate";
import { rowArgmax, shiftedExponentials, summarizeRow } from "../core/softmax-rows";
import { defineLoss, readRowPair, type RowLoss } from "./loss";

const FN = "categoricalCrossEntropyFromLogits";

function readLabelsAndLogits(fn: string, yTrue: unknown, logits: unknown) {
  const { y, p: z, batched } = readRowPair(fn, yTrue, logits, "z");
  z.forEach((row, r) => requireAllFinite(fn, batched ? `z[${r}]` : "z", row));
  return { y, z, batched };
}

function value(yTrue: Rows, logits: Rows, options?: unknown): number | Float64Array {
  const reduction = readReduction(FN, options);
  const { y, z, batched } = readLabelsAndLogits(FN, yTrue, logits);
  const perRow = reduction === "none" ? new Float64Array(y.length) : null;
  let sum = 0;
  let compensation = 0;
  for (let r = 0; r < y.length; r++) {
    const yr = y[r];
    const zr = z[r];
    const { max, rest } = summarizeRow(FN, batched ? `z[${r}]` : "z", zr);
    // −log softmax(z)_i = (m − z_i) + log1p(Σ_{j≠k} e^(z_j − m)): two terms ≥ 0, no overflow, no
    // cancellation. CCE of [1, 0] against logits [−1000, 1000] is 2000, where log(softmax) gives Infinity.
    const logTotal = Math.log1p(rest);
    let loss = 0;
    for (let i = 0; i < yr.length; i++) if (yr[i] > 0) loss += yr[i] * (max - zr[i] + logTotal);
    if (perRow) perRow[r] = loss;
    const t = sum + loss;
    compensation += additionError(sum, loss, t);
    sum = t;
  }
  return finishReduction(sum, compensation, y.length, reduction, perRow);
}

function gradient(yTrue: Rows, logits: Rows, options?: unknown): Float64Array | Float64Array[] {
  const fn = `${FN}.gradient`;
  const reduction = readReduction(fn, options);
  const { y, z, batched } = readLabelsAndLogits(fn, yTrue, logits);
  const scale = gradientScale(y.length, reduction);
  const out = y.map((yr, r) => {
    const zr = z[r];
    const argmax = rowArgmax(fn, batched ? `z[${r}]` : "z", zr);
    // g first holds e^(z_i − m), computed once, then becomes softmax_i·Σy − y_i in place.
    const g = new Float64Array(yr.length);
    const rest = shiftedExponentials(zr, argmax, g);
    let labelMass = 0;
    for (let i = 0; i < yr.length; i++) labelMass += yr[i];
    const total = 1 + rest;
    for (let i = 0; i < yr.length; i++) {
      if (i === argmax) {
        // softmax_k − y_k with softmax_k = 1/(1 + rest): when y_k ≈ 1 that difference is −rest/(1 + rest),
        // computed directly rather than as 1/(1 + rest) − 1, which rounds to 0 for tiny rest.
        g[i] = yr[i] >= 0.5 * labelMass ? labelMass - yr[i] - (labelMass * rest) / total : labelMass / total - yr[i];
      } else {
        g[i] = (labelMass * g[i]) / total - yr[i];
      }
      g[i] *= scale;
    }
    return g;
  });
  return batched ? out : out[0];
}

/**
 * Categorical cross-entropy on logits z (before the softmax): −Σ_i y_i log softmax(z)_i per row, averaged
 * over rows, exact for every finite z (CCE of [1, 0] against [−1000, 1000] is 2000 where log(softmax)
 * gives Infinity). Its gradient is (softmax(z_n) − y_n)/N for row n of N: the course notes' "ŷ_i − y_i",
 * divided by N because the loss is the mean over rows.
 *
 * Syntax:
 *   categoricalCrossEntropyFromLogits(yTrue, z)                       one row of K classes, or a batch of rows (mean over rows)
 *   categoricalCrossEntropyFromLogits(yTrue, z, { reduction: "sum" })   or "none": one loss per row, as a Float64Array
 *   categoricalCrossEntropyFromLogits.gradient(yTrue, z, options?)    ∂(reduced loss)/∂z in the shape of z
 *
 * @example
 *   categoricalCrossEntropyFromLogits([1, 0], [-1000, 1000]);     // 2000
 *   categoricalCrossEntropyFromLogits.gradient([1, 0], [2, 1]);   // Float64Array [-0.2689414213699951, 0.2689414213699951]
 *
 * See also: categoricalCrossEntropy, softmax, logSoftmax, losses
 */
export const categoricalCrossEntropyFromLogits = defineLoss<RowLoss>(value, gradient, {
  id: "categoricalCrossEntropyFromLogits",
  title: "Categorical cross-entropy from logits",
  latex: "L = -\\frac{1}{N}\\sum_{n=1}^{N}\\sum_{i=1}^{K} y_{n,i} \\log \\mathrm{softmax}(z_n)_i = \\frac{1}{N}\\sum_{n=1}^{N}\\sum_{i=1}^{K} y_{n,i} \\left( \\log \\sum_{j=1}^{K} e^{z_{n,j}} - z_{n,i} \\right)",
  gradientLatex: "\\frac{\\partial L}{\\partial z_{n,i}} = \\frac{\\mathrm{softmax}(z_n)_i - y_{n,i}}{N}",
  expression: "-(1/N) * sum(y .* log(softmax(z)))",
  gradientExpression: "(softmax(z) - y) / N",
  predictionKind: "logit",
  task: "Multi-class classification (mutually exclusive classes)",
  outputActivation: "softmax (applied inside the loss)",
});
