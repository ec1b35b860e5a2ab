import type { Activation } from "../activations/activation";
import { linear } from "../activations/linear";
import { sigmoid } from "../activations/sigmoid";
import { softmax, type Softmax } from "../activations/softmax";
import type { ElementwiseLoss, RowLoss } from "../losses/loss";
import { binaryCrossEntropyFromLogits } from "../losses/binary-cross-entropy-from-logits";
import { categoricalCrossEntropyFromLogits } from "../losses/categorical-cross-entropy-from-logits";
import { meanSquaredError } from "../losses/mean-squared-error";
import { hinge } from "../losses/hinge";

/** What a network is trained to do; the task fixes the output activation and the loss (TASK_PAIRINGS). */
export type Task = "binary" | "multi-class" | "multi-label" | "regression" | "max-margin";

/**
 * An output activation and the loss it pairs with, as the library's own objects (so `pairing.loss.info.id`
 * names it and `pairing.loss(...)` computes it). `over` says what the pair acts on:
 * - "elements": every logit on its own (sigmoid, linear), with an elementwise loss over all logits;
 * - "rows": each example's row of logits together (softmax), with a row loss averaged over examples.
 * The loss always takes logits, so its gradient is backprop's first delta ∂L/∂z of the output layer.
 */
export type TaskPairing =
  | { readonly over: "elements"; readonly outputActivation: Activation; readonly loss: ElementwiseLoss }
  | { readonly over: "rows"; readonly outputActivation: Softmax; readonly loss: RowLoss };

/**
 * The output activation and loss each task pairs with (the course notes' "which loss when" table), e.g.
 * `TASK_PAIRINGS.binary.loss.info.id` is "binaryCrossEntropyFromLogits".
 * See also: createNetwork, which picks its pairing from `spec.task`.
 */
export const TASK_PAIRINGS: Readonly<Record<Task, TaskPairing>> = Object.freeze({
  binary: Object.freeze({ over: "elements", outputActivation: sigmoid, loss: binaryCrossEntropyFromLogits }),
  "multi-class": Object.freeze({ over: "rows", outputActivation: softmax, loss: categoricalCrossEntropyFromLogits }),
  "multi-label": Object.freeze({ over: "elements", outputActivation: sigmoid, loss: binaryCrossEntropyFromLogits }),
  regression: Object.freeze({ over: "elements", outputActivation: linear, loss: meanSquaredError }),
  "max-margin": Object.freeze({ over: "elements", outputActivation: linear, loss: hinge }),
} as const);

const flatten = (rows: readonly Float64Array[]) => {
  const width = rows[0].length;
  const flat = new Float64Array(rows.length * width);
  rows.forEach((r, i) => flat.set(r, i * width));
  return flat;
};
const unflatten = (flat: Float64Array, width: number) =>
  Array.from({ length: flat.length / width }, (_, i) => flat.slice(i * width, (i + 1) * width));

/** The output activation applied to a batch of logits (one row per example). */
export function pairedOutput(pairing: TaskPairing, logits: Float64Array[]): Float64Array[] {
  return pairing.over === "rows" ? pairing.outputActivation(logits) : logits.map((row) => pairing.outputActivation(row));
}

/** The paired loss (mean) of a batch of logits against targets of the same shape. */
export function pairedLoss(pairing: TaskPairing, logits: Float64Array[], targets: Float64Array[]): number {
  return pairing.over === "rows" ? pairing.loss(targets, logits) : pairing.loss(flatten(targets), flatten(logits));
}

/** ∂loss/∂logits from the library's loss gradient: the first delta of backprop, one row per example. */
export function pairedDelta(pairing: TaskPairing, logits: Float64Array[], targets: Float64Array[]): Float64Array[] {
  if (pairing.over === "rows") return pairing.loss.gradient(targets, logits);
  return unflatten(pairing.loss.gradient(flatten(targets), flatten(logits)), logits[0].length);
}
