import type { Activation } from "../activations/activation";
import { linear } from "../activations/linear";
import { sigmoid } from "../activations/sigmoid";
import { softmax } from "../activations/softmax";
import { binaryCrossEntropyFromLogits } from "../losses/binary-cross-entropy-from-logits";
import { categoricalCrossEntropyFromLogits } from "../losses/categorical-cross-entropy-from-logits";
import { meanSquaredError } from "../losses/mean-squared-error";
import { hinge } from "../losses/hinge";
import { seededRandom } from "../core/rng";
import { describe, requireFinite } from "../core/validate";

/**
 * A tiny fully connected network for the lessons: small enough to print every number, real enough to
 * learn XOR. The output layer produces logits; the task fixes the output activation and the loss, paired
 * as the seed teaches, so the first backprop delta is the library's loss gradient with respect to logits.
 */
export type Task = "binary" | "multi-class" | "multi-label" | "regression" | "max-margin";

export interface HiddenLayerSpec {
  units: number;
  activation: Activation;
}

export interface NetworkSpec {
  inputs: number;
  hidden: readonly HiddenLayerSpec[];
  outputs: number;
  task: Task;
  /** Seed of the weight initialisation: the same seed gives the same network. */
  seed: number;
}

export interface LayerValues {
  /** Pre-activations, one row per example. */
  z: Float64Array[];
  /** Activations (for the output layer: the task's output activation applied to the logits). */
  a: Float64Array[];
}

export interface Gradients {
  weights: Float64Array[][];
  biases: Float64Array[];
}

export interface TaskPairing {
  outputActivation: string;
  loss: string;
}

/** The output activation and loss each task pairs with (the seed's "which loss when" table). */
export const TASK_PAIRINGS: Readonly<Record<Task, TaskPairing>> = Object.freeze({
  binary: { outputActivation: "sigmoid", loss: "binaryCrossEntropyFromLogits" },
  "multi-class": { outputActivation: "softmax", loss: "categoricalCrossEntropyFromLogits" },
  "multi-label": { outputActivation: "sigmoid", loss: "binaryCrossEntropyFromLogits" },
  regression: { outputActivation: "linear", loss: "meanSquaredError" },
  "max-margin": { outputActivation: "linear", loss: "hinge" },
});

const flatten = (rows: readonly Float64Array[]) => {
  const width = rows[0].length;
  const flat = new Float64Array(rows.length * width);
  rows.forEach((r, i) => flat.set(r, i * width));
  return flat;
};
const unflatten = (flat: Float64Array, width: number) =>
  Array.from({ length: flat.length / width }, (_, i) => flat.slice(i * width, (i + 1) * width));

function outputOf(task: Task, logits: Float64Array[]): Float64Array[] {
  if (task === "multi-class") return softmax(logits);
  if (task === "binary" || task === "multi-label") return logits.map((r) => sigmoid(r));
  return logits.map((r) => linear(r));
}

function lossOf(task: Task, logits: Float64Array[], targets: Float64Array[]): number {
  switch (task) {
    case "multi-class":
      return categoricalCrossEntropyFromLogits(targets, logits);
    case "regression":
      return meanSquaredError(flatten(targets), flatten(logits));
    case "max-margin":
      return hinge(flatten(targets), flatten(logits));
    default:
      return binaryCrossEntropyFromLogits(flatten(targets), flatten(logits));
  }
}

/** ∂loss/∂logits from the library's loss gradients: this is the first delta of backprop. */
function outputDelta(task: Task, logits: Float64Array[], targets: Float64Array[]): Float64Array[] {
  const width = logits[0].length;
  switch (task) {
    case "multi-class":
      return categoricalCrossEntropyFromLogits.gradient(targets, logits);
    case "regression":
      return unflatten(meanSquaredError.gradient(flatten(targets), flatten(logits)), width);
    case "max-margin":
      return unflatten(hinge.gradient(flatten(targets), flatten(logits)), width);
    default:
      return unflatten(binaryCrossEntropyFromLogits.gradient(flatten(targets), flatten(logits)), width);
  }
}

function toMatrix(fn: string, name: string, value: unknown, width: number): Float64Array[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new TypeError(`${fn}: ${name} must be a non-empty array of rows (one per example), got ${describe(value)}`);
  }
  return value.map((row, i) => {
    const r = typeof row === "number" && width === 1 ? [row] : row;
    if (!(Array.isArray(r) || ArrayBuffer.isView(r)) || (r as ArrayLike<number>).length !== width) {
      throw new RangeError(`${fn}: ${name}[${i}] must be a row of ${width} number${width === 1 ? "" : "s"}, got ${describe(row)}`);
    }
    const out = Float64Array.from(r as ArrayLike<number>);
    out.forEach((x, j) => requireFinite(fn, `${name}[${i}][${j}]`, x));
    return out;
  });
}

/** A seeded fully connected network (create one with createNetwork): forward, predict, loss, gradients, step, train. */
export class Network {
  readonly spec: NetworkSpec;
  /** weights[l][j] is the row of layer l's weight matrix for output unit j. */
  readonly weights: Float64Array[][];
  readonly biases: Float64Array[];

  constructor(spec: NetworkSpec) {
    const fn = "createNetwork";
    for (const key of ["inputs", "outputs"] as const) {
      if (!Number.isInteger(spec[key]) || spec[key] < 1) throw new RangeError(`${fn}: ${key} must be a whole number ≥ 1, got ${describe(spec[key])}`);
    }
    if (!(spec.task in TASK_PAIRINGS)) throw new RangeError(`${fn}: task must be one of ${Object.keys(TASK_PAIRINGS).join(", ")}; got ${describe(spec.task)}`);
    if (spec.task === "binary" && spec.outputs !== 1) throw new RangeError(`${fn}: a binary task has 1 output (one sigmoid neuron), got ${spec.outputs}`);
    spec.hidden.forEach((h, i) => {
      if (!Number.isInteger(h.units) || h.units < 1) throw new RangeError(`${fn}: hidden[${i}].units must be a whole number ≥ 1, got ${describe(h.units)}`);
      if (typeof h.activation !== "function" || typeof h.activation.derivative !== "function") {
        throw new TypeError(`${fn}: hidden[${i}].activation must be an activation such as relu, got ${describe(h.activation)}`);
      }
    });
    this.spec = spec;
    const random = seededRandom(spec.seed);
    const sizes = [spec.inputs, ...spec.hidden.map((h) => h.units), spec.outputs];
    this.weights = [];
    this.biases = [];
    for (let l = 1; l < sizes.length; l++) {
      // He initialisation (variance 2/fan-in) keeps ReLU layers' signal from shrinking with depth.
      const scale = Math.sqrt(2 / sizes[l - 1]);
      this.weights.push(Array.from({ length: sizes[l] }, () => random.normals(sizes[l - 1], 0, scale)));
      this.biases.push(new Float64Array(sizes[l]));
    }
  }

  get pairing(): TaskPairing {
    return TASK_PAIRINGS[this.spec.task];
  }

  /** Every layer's pre-activations and activations for a batch of inputs (one row per example). */
  forward(inputs: readonly ArrayLike<number>[]): LayerValues[] {
    let a = toMatrix("forward", "inputs", inputs, this.spec.inputs);
    const layers: LayerValues[] = [];
    for (let l = 0; l < this.weights.length; l++) {
      const W = this.weights[l];
      const b = this.biases[l];
      const z = a.map((row) => Float64Array.from(W, (w, j) => w.reduce((s, wk, k) => s + wk * row[k], b[j])));
      const isOutput = l === this.weights.length - 1;
      a = isOutput ? outputOf(this.spec.task, z) : z.map((r) => this.spec.hidden[l].activation(r));
      layers.push({ z, a });
    }
    return layers;
  }

  /** The network's outputs (probabilities or values), one row per example. */
  predict(inputs: readonly ArrayLike<number>[]): Float64Array[] {
    const layers = this.forward(inputs);
    return layers[layers.length - 1].a;
  }

  /** The task's loss of the batch (mean). */
  loss(inputs: readonly ArrayLike<number>[], targets: readonly (number | ArrayLike<number>)[]): number {
    const layers = this.forward(inputs);
    return lossOf(this.spec.task, layers[layers.length - 1].z, toMatrix("loss", "targets", targets, this.spec.outputs));
  }

  /** Backpropagation: the gradient of the mean loss with respect to every weight and bias. */
  gradients(inputs: readonly ArrayLike<number>[], targets: readonly (number | ArrayLike<number>)[]): Gradients & { loss: number; deltas: Float64Array[][] } {
    const x = toMatrix("gradients", "inputs", inputs, this.spec.inputs);
    const y = toMatrix("gradients", "targets", targets, this.spec.outputs);
    const layers = this.forward(x);
    const L = this.weights.length;
    const logits = layers[L - 1].z;
    const deltas: Float64Array[][] = new Array(L);
    deltas[L - 1] = outputDelta(this.spec.task, logits, y);
    for (let l = L - 2; l >= 0; l--) {
      const next = this.weights[l + 1];
      const derivative = this.spec.hidden[l].activation.derivative;
      deltas[l] = deltas[l + 1].map((d, n) => {
        const back = Float64Array.from(layers[l].z[n], (_, k) => next.reduce((s, w, j) => s + w[k] * d[j], 0));
        const slope = derivative(layers[l].z[n]);
        return back.map((v, k) => v * slope[k]);
      });
    }
    const weights = this.weights.map((W, l) =>
      W.map((row, j) => Float64Array.from(row, (_, k) => deltas[l].reduce((s, d, n) => s + d[j] * (l === 0 ? x[n][k] : layers[l - 1].a[n][k]), 0))),
    );
    const biases = this.biases.map((b, l) => Float64Array.from(b, (_, j) => deltas[l].reduce((s, d) => s + d[j], 0)));
    return { weights, biases, deltas, loss: lossOf(this.spec.task, logits, y) };
  }

  /** One step of full-batch gradient descent; returns the loss before the step. */
  step(inputs: readonly ArrayLike<number>[], targets: readonly (number | ArrayLike<number>)[], learningRate: number): number {
    requireFinite("step", "learningRate", learningRate);
    const g = this.gradients(inputs, targets);
    this.weights.forEach((W, l) => W.forEach((row, j) => row.forEach((_, k) => (row[k] -= learningRate * g.weights[l][j][k]))));
    this.biases.forEach((b, l) => b.forEach((_, j) => (b[j] -= learningRate * g.biases[l][j])));
    return g.loss;
  }

  /** `epochs` steps of full-batch gradient descent; returns the loss before each step. */
  train(
    inputs: readonly ArrayLike<number>[],
    targets: readonly (number | ArrayLike<number>)[],
    options: { epochs: number; learningRate: number },
  ): Float64Array {
    if (!Number.isInteger(options.epochs) || options.epochs < 1) throw new RangeError(`train: options.epochs must be a whole number ≥ 1, got ${describe(options.epochs)}`);
    const losses = new Float64Array(options.epochs);
    for (let e = 0; e < options.epochs; e++) losses[e] = this.step(inputs, targets, options.learningRate);
    return losses;
  }
}

/** A seeded network, e.g. createNetwork({ inputs: 2, hidden: [{ units: 4, activation: relu }], outputs: 1, task: "binary", seed: 1 }). */
export function createNetwork(spec: NetworkSpec): Network {
  return new Network(spec);
}
