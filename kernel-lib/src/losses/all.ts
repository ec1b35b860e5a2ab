import { binaryCrossEntropy } from "./binary-cross-entropy";
import { binaryCrossEntropyFromLogits } from "./binary-cross-entropy-from-logits";
import { categoricalCrossEntropy } from "./categorical-cross-entropy";
import { categoricalCrossEntropyFromLogits } from "./categorical-cross-entropy-from-logits";
import { meanSquaredError } from "./mean-squared-error";
import { meanAbsoluteError } from "./mean-absolute-error";
import { hinge } from "./hinge";

/**
 * Every loss by name, in the order of the course notes' loss section: for tables and comparisons.
 *
 * @example
 *   losses.hinge.info.task;   // "Max-margin classification"
 *   showTable(Object.values(losses).map((l) => ({ loss: l.info.title, "use with": l.info.outputActivation })));
 *
 * See also: activations, plotLossCurves
 */
export const losses = {
  binaryCrossEntropy,
  binaryCrossEntropyFromLogits,
  categoricalCrossEntropy,
  categoricalCrossEntropyFromLogits,
  meanSquaredError,
  meanAbsoluteError,
  hinge,
} as const;
