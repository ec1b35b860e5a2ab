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
