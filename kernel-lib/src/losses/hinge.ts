import { CompensatedSum, finishReduction, gradientScale, readReduction } from "../core/reduction";
import { defineLoss, explainNonFinite, readPair, type ElementwiseLoss } from "./loss";

const FN = "hinge";

function readLabelsAndScores(fn: string, yTrue: unknown, scores: unknown) {
  const { y, p } = readPair(fn, yTrue, scores, "scores");
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 1 && y[i] !== -1) {
      throw new RangeError(`${fn}: yTrue[${i}] is ${y[i]}, but hinge labels must be -1 or 1 (not 0 and 1)`);
    }
  }
  explainNonFinite(fn, y, p, "scores");
  return { y, s: p };
}

function value(yTrue: unknown, scores: unknown, options?: unknown): number | Float64Array {
  const reduction = readReduction(FN, options);
  const { y, s } = readLabelsAndScores(FN, yTrue, scores);
  const perItem = reduction === "none" ? new Float64Array(y.length) : null;
  const total = new CompensatedSum();
  for (let i = 0; i < y.length; i++) {
    const margin = y[i] * s[i];
    const loss = margin < 1 ? 1 - margin : 0;
    if (perItem) perItem[i] = loss;
    total.add(loss);
  }
  return finishReduction(total, y.length, reduction, perItem);
}

function gradient(yTrue: unknown, scores: unknown, options?: unknown): Float64Array {
  const reduction = readReduction(`${FN}.gradient`, options);
  const { y, s } = readLabelsAndScores(`${FN}.gradient`, yTrue, scores);
  const scale = gradientScale(y.length, reduction);
  const out = new Float64Array(y.length);
  // At margin exactly 1 the loss has a kink and any value between −y and 0 is a subgradient. 0 is chosen,
  // so an example that has reached the margin contributes nothing (scikit-learn's SGD picks −y instead).
  for (let i = 0; i < y.length; i++) out[i] = y[i] * s[i] < 1 ? -y[i] * scale : 0;
  return out;
}

/** Hinge = (1/N) Σ max(0, 1 − y_i·s_i) with labels y_i ∈ {−1, 1} and raw scores s_i. */
export const hinge = defineLoss<ElementwiseLoss>(value, gradient, {
  id: "hinge",
  title: "Hinge",
  latex: "L = \\frac{1}{N}\\sum_{i=1}^{N} \\max(0,\\ 1 - y_i s_i), \\quad y_i \\in \\{-1, 1\\}",
  gradientLatex: "\\frac{\\partial L}{\\partial s_i} = \\frac{1}{N}\\begin{cases} -y_i & y_i s_i < 1 \\\\ 0 & y_i s_i \\ge 1 \\end{cases}",
  predictionKind: "score",
  task: "Max-margin classification",
  outputActivation: "linear (raw scores)",
  kinkConvention: "max(0, 1 − m) has no derivative at margin m = 1; kernel-lib returns 0 there.",
});
