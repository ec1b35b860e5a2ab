// The public API of kernel-lib: what a notebook gets from `import { ... } from "kernel-lib"`.

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

export { linspace, forPlot, baseLayout, type Figure, type Frame, type Trace, type Layout } from "./plot/figure";
export { sweep, sweepInfo, type SweepOptions, type SweepInfo, type SweepValue } from "./plot/sweep";
export { plotFunctions, plotActivation, compareActivations, plotSeries, type NamedFunction, type RangeOptions } from "./plot/functions";
export { plotLossCurves, plotTrainingCurves, type LossCurve } from "./plot/losses";
export { plotDecisionBoundary, plotSoftmaxVsSigmoid, type LabelledPoint } from "./plot/classification";

export { show, showFormula, showMarkdown, describeFigure, figureBundle } from "./display/show";
export { showTable, tableBundle, type TableOptions, type Cell } from "./display/table";
export { displayBundle, type DisplayChannel, type MimeBundle } from "./display/bundle";

export { exercise, type Checker } from "./check/exercise";

export { createNetwork, Network, TASK_PAIRINGS, type NetworkSpec, type HiddenLayerSpec, type Task, type TaskPairing, type LayerValues, type Gradients } from "./network/network";
