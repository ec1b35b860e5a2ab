// The public API of kernel-lib: what a notebook gets from `import { ... } from "kernel-lib"`.
// test/unit/public-api.test.ts pins this list: adding, removing or renaming a name is a deliberate edit there.
// Types are exported when they appear in a public signature, so a notebook can annotate with them.

export type { Activation, ActivationInfo, ElementwiseFunction, LayerRole } from "./activations/activation";
export { sigmoid } from "./activations/sigmoid";
export { tanh } from "./activations/tanh";
export { relu } from "./activations/relu";
export { leakyRelu, type LeakyRelu } from "./activations/leaky-relu";
export { linear } from "./activations/linear";
export { softmax, logSoftmax, type Softmax, type VectorFunction } from "./activations/softmax";
export { activations } from "./activations/all";

export type { ElementwiseLoss, RowLoss, LossInfo, LossOptions, Reduction } from "./losses/loss";
export { binaryCrossEntropy } from "./losses/binary-cross-entropy";
export { binaryCrossEntropyFromLogits } from "./losses/binary-cross-entropy-from-logits";
export { categoricalCrossEntropy } from "./losses/categorical-cross-entropy";
export { categoricalCrossEntropyFromLogits } from "./losses/categorical-cross-entropy-from-logits";
export { meanSquaredError } from "./losses/mean-squared-error";
export { meanAbsoluteError } from "./losses/mean-absolute-error";
export { hinge } from "./losses/hinge";
export { losses } from "./losses/all";

export { seededRandom, type Random } from "./core/rng";
export type { Vector, Rows } from "./core/validate";

// forPlot and baseLayout are public so a lesson can build a figure of its own with the library's look and
// rounding (and the figure builders' tests check them directly).
export { linspace, forPlot, baseLayout, type Figure, type Frame, type Trace, type Layout } from "./plot/figure";
export { sweep, sweepInfo, type SweepOptions, type SweepInfo, type SweepValue } from "./plot/sweep";
export { plotFunctions, plotActivation, compareActivations, plotSeries, type NamedFunction, type RangeOptions } from "./plot/functions";
export { plotLossCurves, plotTrainingCurves, type LossCurve } from "./plot/losses";
export { plotDecisionBoundary, plotSoftmaxVsSigmoid, type LabelledPoint } from "./plot/classification";

// describeFigure, tableBundle and displayBundle give the text forms and the raw display without a chart:
// for scripts, exported pages and tests outside a notebook (see kernel-lib/README.md, "Charts, formulas, tables").
export { show, showFormula, showMarkdown, describeFigure, figureBundle } from "./display/show";
export { showTable, tableBundle, type TableOptions, type Cell } from "./display/table";
export { displayBundle, type DisplayChannel, type MimeBundle } from "./display/bundle";

export { exercise, type Checker, type CloseOptions } from "./check/exercise";

// Network is the class createNetwork returns: public so a notebook can write `let net: Network`.
export { createNetwork, Network, type NetworkSpec, type HiddenLayerSpec, type LayerValues, type Gradients, type LayerStats, type LayerStatsOptions, type TrainOptions } from "./network/network";
export { TASK_PAIRINGS, type Task, type TaskPairing } from "./network/task-pairings";
export { initStandardDeviation, type Initialiser } from "./network/initialisers";
export type { Histogram } from "./network/statistics";

// A real data set, compiled in (not read from a file) so every kernel loads it the same way.
export { loadPenguins, type PenguinData, type PenguinProvenance } from "./data/penguins";

import { startConsoleRouting } from "./display/bundle";
import { startCellLines } from "./display/cell-lines";
import { startChecks } from "./check/startup";

// In the body, so after every module above has loaded whatever the order of the imports: on Deno, console
// output goes through the kernel's broadcast (display/bundle.ts); on tslab, errors give line numbers of the
// cell as shown (display/cell-lines.ts); then the check library's start-up (grading mode, the kernel's
// session; on Deno it arms now; check/startup.ts). Importing a module acts on nothing.
startConsoleRouting();
startCellLines();
startChecks();
