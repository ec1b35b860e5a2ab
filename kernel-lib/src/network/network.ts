import type { Activation } from "../activations/activation";
import { seededRandom } from "../core/rng";
import { describe, requireFinite } from "../core/validate";
import { drawWeights, requireInitialiser, type Initialiser } from "./initialisers";
import { histogram, moments, norm, type Histogram } from "./statistics";
import { pairedDelta, pairedLoss, pairedOutput, TASK_PAIRINGS, type Task, type TaskPairing } from "./task-pairings";
import { inputError } from "../core/errors";

export interface HiddenLayerSpec {
  units: number;
  activation: Activation;
}

export interface NetworkSpec {
  inputs: number;
  hidden: readonly HiddenLayerSpec[];
  outputs: number;
  task: Task;
  /** Seed of the weight initialisation: the same seed (and init) gives the same network. */
  seed: number;
  /** How the initial weights are drawn (default "he"); biases start at 0. See Initialiser. */
  init?: Initialiser;
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

/** What `net.layerStats` reports about one layer for one batch. */
export interface LayerStats {
  /** 1 for the first hidden layer, …, the number of weight layers for the output layer. */
  layer: number;
  role: "hidden" | "output";
  /** The layer's activation, e.g. "tanh" (for the output layer, the task's output activation). */
  activation: string;
  units: number;
  /** ‖∂L/∂W‖: the Frobenius norm of the mean loss's gradient with respect to this layer's weights. */
  weightGradientNorm: number;
  /** ‖∂L/∂b‖: the Euclidean norm of the gradient with respect to this layer's biases. */
  biasGradientNorm: number;
  /**
   * ‖δ‖ = ‖∂L/∂z‖: the Frobenius norm of the deltas, one row per example. The measure of gradient flow:
   * ‖∂L/∂W‖ also carries the size of the layer's inputs (for one example ‖∂L/∂W‖ = ‖δ‖·‖a_prev‖), which
   * can cancel a vanishing or exploding δ.
   */
  deltaNorm: number;
  /** Mean and standard deviation of the pre-activations z over every example and unit. */
  preActivationMean: number;
  preActivationStd: number;
  /** Mean and standard deviation of the activations a over every example and unit. */
  activationMean: number;
  activationStd: number;
  /** Share of (example, unit) activations that are exactly 0 (ReLU's flat side). */
  fractionZero: number;
  /**
   * Share of (example, unit) pairs whose slope f′(z) is below `saturation` (default 1%) of the activation's
   * peak slope: sigmoid or tanh in their flat tails, ReLU on its flat side. null for the output layer.
   */
  fractionSaturated: number | null;
  /**
   * Units whose slope f′(z) is 0 for every example of the batch, so no gradient reaches their incoming
   * weights: for ReLU, z ≤ 0 on every example (a dead unit). null for the output layer.
   */
  deadUnits: number | null;
  /** deadUnits as a share of the layer's units. null for the output layer. */
  deadFraction: number | null;
  /** The activations' histogram (see LayerStatsOptions.bins and .range). */
  histogram: Histogram;
}

export interface LayerStatsOptions {
  /** Histogram bins (default 20). */
  bins?: number;
  /** Histogram range (default: each layer's own min and max); give one to compare layers. */
  range?: [number, number];
  /** A slope below this share of the activation's peak slope counts as saturated (default 0.01). */
  saturation?: number;
}

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  /**
   * Called after every step with the epoch number (1, 2, …) and the loss before that step: record
   * `net.layerStats(...)` here to watch the layers change during training.
   */
  onEpoch?: (epoch: number, loss: number) => void;
}

type Targets = readonly (number | ArrayLike<number>)[];

function toMatrix(fn: string, name: string, value: unknown, width: number): Float64Array[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw inputError(TypeError, `${fn}: ${name} must be a non-empty array of rows (one per example), got ${describe(value)}`);
  }
  return value.map((row, i) => {
    const r = typeof row === "number" && width === 1 ? [row] : row;
    if (!(Array.isArray(r) || ArrayBuffer.isView(r)) || (r as ArrayLike<number>).length !== width) {
      throw inputError(RangeError, `${fn}: ${name}[${i}] must be a row of ${width} number${width === 1 ? "" : "s"}, got ${describe(row)}`);
    }
    const out = Float64Array.from(r as ArrayLike<number>);
    out.forEach((x, j) => requireFinite(fn, `${name}[${i}][${j}]`, x));
    return out;
  });
}

function requireOneTargetPerExample(fn: string, x: Float64Array[], y: Float64Array[]): void {
  if (y.length !== x.length) throw inputError(RangeError, `${fn}: targets has ${y.length} rows but inputs has ${x.length}; give one target row per example`);
}

/** The largest slope of an activation: every activation in the library peaks at one of z = −1, 0, 1. */
const peakSlope = (f: Activation) => Math.max(...f.derivative([-1, 0, 1]).map(Math.abs));

/**
 * A small fully connected network for the lessons: small enough to print every number, real enough to
 * learn XOR and to show how gradients flow through 20 layers. The output layer produces logits; the task
 * fixes the output activation and the loss (TASK_PAIRINGS), so backprop's first delta is the library's
 * loss gradient with respect to the logits. Create one with createNetwork.
 */
export class Network {
  readonly spec: NetworkSpec;
  /** weights[l][j] is the row of layer l's weight matrix for output unit j. */
  readonly weights: Float64Array[][];
  readonly biases: Float64Array[];

  constructor(spec: NetworkSpec) {
    const fn = "createNetwork";
    for (const key of ["inputs", "outputs"] as const) {
      if (!Number.isInteger(spec[key]) || spec[key] < 1) throw inputError(RangeError, `${fn}: ${key} must be a whole number ≥ 1, got ${describe(spec[key])}`);
    }
    if (!(spec.task in TASK_PAIRINGS)) throw inputError(RangeError, `${fn}: task must be one of ${Object.keys(TASK_PAIRINGS).join(", ")}; got ${describe(spec.task)}`);
    if (spec.task === "binary" && spec.outputs !== 1) throw inputError(RangeError, `${fn}: a binary task has 1 output (one sigmoid neuron), got ${spec.outputs}`);
    if (!Array.isArray(spec.hidden)) throw inputError(TypeError, `${fn}: hidden must be an array of { units, activation } (empty for no hidden layer), got ${describe(spec.hidden)}`);
    spec.hidden.forEach((h, i) => {
      if (!Number.isInteger(h.units) || h.units < 1) throw inputError(RangeError, `${fn}: hidden[${i}].units must be a whole number ≥ 1, got ${describe(h.units)}`);
      if (typeof h.activation !== "function" || typeof h.activation.derivative !== "function") {
        throw inputError(TypeError, `${fn}: hidden[${i}].activation must be an activation such as relu, got ${describe(h.activation)}`);
      }
    });
    const init = requireInitialiser(fn, "init", spec.init ?? "he");
    this.spec = spec;
    const random = seededRandom(spec.seed);
    const sizes = [spec.inputs, ...spec.hidden.map((h) => h.units), spec.outputs];
    this.weights = [];
    this.biases = [];
    for (let l = 1; l < sizes.length; l++) {
      this.weights.push(drawWeights(random, init, sizes[l - 1], sizes[l]));
      this.biases.push(new Float64Array(sizes[l]));
    }
  }

  /** The task's output activation and loss, e.g. `net.pairing.loss.info.id`. */
  get pairing(): TaskPairing {
    return TASK_PAIRINGS[this.spec.task];
  }

  /** Every layer's pre-activations and activations for a batch of inputs (one row per example). */
  forward(inputs: readonly ArrayLike<number>[]): LayerValues[] {
    return this.run(toMatrix("net.forward", "inputs", inputs, this.spec.inputs));
  }

  /** The network's outputs (probabilities or values), one row per example. */
  predict(inputs: readonly ArrayLike<number>[]): Float64Array[] {
    const layers = this.run(toMatrix("net.predict", "inputs", inputs, this.spec.inputs));
    return layers[layers.length - 1].a;
  }

  /** The task's loss of the batch (mean). */
  loss(inputs: readonly ArrayLike<number>[], targets: Targets): number {
    const x = toMatrix("net.loss", "inputs", inputs, this.spec.inputs);
    const y = toMatrix("net.loss", "targets", targets, this.spec.outputs);
    requireOneTargetPerExample("net.loss", x, y);
    const layers = this.run(x);
    return pairedLoss(this.pairing, layers[layers.length - 1].z, y);
  }

  /** Backpropagation: the gradient of the mean loss with respect to every weight and bias. */
  gradients(inputs: readonly ArrayLike<number>[], targets: Targets): Gradients & { loss: number; deltas: Float64Array[][] } {
    const { weights, biases, deltas, loss } = this.backward("net.gradients", inputs, targets);
    return { weights, biases, deltas, loss };
  }

  /** One step of full-batch gradient descent; returns the loss before the step. */
  step(inputs: readonly ArrayLike<number>[], targets: Targets, learningRate: number): number {
    requireFinite("net.step", "learningRate", learningRate);
    return this.descend("net.step", inputs, targets, learningRate);
  }

  /** `epochs` steps of full-batch gradient descent; returns the loss before each step. */
  train(inputs: readonly ArrayLike<number>[], targets: Targets, options: TrainOptions): Float64Array {
    const fn = "net.train";
    if (typeof options !== "object" || options === null) throw inputError(TypeError, `${fn}: options must be { epochs, learningRate }, got ${describe(options)}`);
    if (!Number.isInteger(options.epochs) || options.epochs < 1) throw inputError(RangeError, `${fn}: options.epochs must be a whole number ≥ 1, got ${describe(options.epochs)}`);
    requireFinite(fn, "options.learningRate", options.learningRate);
    const onEpoch = options.onEpoch;
    if (onEpoch !== undefined && typeof onEpoch !== "function") throw inputError(TypeError, `${fn}: options.onEpoch must be a function (epoch, loss) => void, got ${describe(onEpoch)}`);
    const losses = new Float64Array(options.epochs);
    for (let e = 0; e < options.epochs; e++) {
      losses[e] = this.descend(fn, inputs, targets, options.learningRate, e + 1);
      onEpoch?.(e + 1, losses[e]);
    }
    return losses;
  }

  /**
   * Per-layer statistics of one batch, as plain data: gradient norms, activation moments and histogram,
   * saturation and dead units. Example: `net.layerStats(x, y).layers.map((s) => s.weightGradientNorm)`.
   * See also: LayerStats for what each field means, TrainOptions.onEpoch to record them while training.
   */
  layerStats(inputs: readonly ArrayLike<number>[], targets: Targets, options: LayerStatsOptions = {}): { loss: number; layers: LayerStats[] } {
    const fn = "net.layerStats";
    const bins = options.bins ?? 20;
    if (!Number.isInteger(bins) || bins < 1) throw inputError(RangeError, `${fn}: options.bins must be a whole number ≥ 1, got ${describe(bins)}`);
    const range = options.range;
    if (range !== undefined && !(Array.isArray(range) && range.length === 2 && Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[0] < range[1])) {
      throw inputError(RangeError, `${fn}: options.range must be [low, high] with finite low < high, got ${describe(range)}`);
    }
    const saturation = options.saturation ?? 0.01;
    if (!(typeof saturation === "number" && saturation >= 0 && saturation <= 1)) throw inputError(RangeError, `${fn}: options.saturation must be a number from 0 to 1, got ${describe(saturation)}`);

    const { layers, deltas, weights, biases, loss } = this.backward(fn, inputs, targets);
    const L = this.weights.length;
    const stats = layers.map(({ z, a }, l): LayerStats => {
      const isOutput = l === L - 1;
      const activation = isOutput ? this.pairing.outputActivation.info.id : this.spec.hidden[l].activation.info.id;
      const units = this.weights[l].length;
      const zMoments = moments(z);
      const aMoments = moments(a);
      let zeros = 0;
      for (const row of a) for (let j = 0; j < units; j++) if (row[j] === 0) zeros++;
      let fractionSaturated: number | null = null;
      let deadUnits: number | null = null;
      if (!isOutput) {
        const f = this.spec.hidden[l].activation;
        const threshold = saturation * peakSlope(f);
        const alive = new Uint8Array(units);
        let saturated = 0;
        for (const row of z) {
          const slope = f.derivative(row);
          for (let j = 0; j < units; j++) {
            const s = Math.abs(slope[j]);
            if (s < threshold) saturated++;
            if (s !== 0) alive[j] = 1;
          }
        }
        fractionSaturated = saturated / (z.length * units);
        deadUnits = units - alive.reduce((s, v) => s + v, 0);
      }
      return {
        layer: l + 1,
        role: isOutput ? "output" : "hidden",
        activation,
        units,
        weightGradientNorm: norm(weights[l]),
        biasGradientNorm: norm([biases[l]]),
        deltaNorm: norm(deltas[l]),
        preActivationMean: zMoments.mean,
        preActivationStd: zMoments.std,
        activationMean: aMoments.mean,
        activationStd: aMoments.std,
        fractionZero: zeros / (a.length * units),
        fractionSaturated,
        deadUnits,
        deadFraction: deadUnits === null ? null : deadUnits / units,
        histogram: histogram(a, bins, range, fn),
      };
    });
    return { loss, layers: stats };
  }

  /** The forward pass on inputs already checked. */
  private run(x: Float64Array[]): LayerValues[] {
    let a = x;
    const layers: LayerValues[] = [];
    const L = this.weights.length;
    for (let l = 0; l < L; l++) {
      const W = this.weights[l];
      const b = this.biases[l];
      const z = a.map((row) => {
        const out = new Float64Array(W.length);
        for (let j = 0; j < W.length; j++) {
          const w = W[j];
          let s = b[j];
          for (let k = 0; k < w.length; k++) s += w[k] * row[k];
          out[j] = s;
        }
        return out;
      });
      a = l === L - 1 ? pairedOutput(this.pairing, z) : z.map((r) => this.spec.hidden[l].activation(r));
      layers.push({ z, a });
    }
    return layers;
  }

  /** Forward and backward pass: every layer's values, deltas and parameter gradients, and the loss. */
  private backward(fn: string, inputs: readonly ArrayLike<number>[], targets: Targets, epoch?: number) {
    const x = toMatrix(fn, "inputs", inputs, this.spec.inputs);
    const y = toMatrix(fn, "targets", targets, this.spec.outputs);
    requireOneTargetPerExample(fn, x, y);
    const layers = this.run(x);
    const L = this.weights.length;
    const logits = layers[L - 1].z;
    logits.forEach((row, n) =>
      row.forEach((v, j) => {
        if (!Number.isFinite(v)) {
          const when = epoch === undefined ? "" : ` at epoch ${epoch}`;
          throw inputError(RangeError, `${fn}: the output logit of example ${n}, unit ${j} is ${v}${when}: the weights have grown too large (while training, lower the learning rate)`);
        }
      }),
    );
    const deltas: Float64Array[][] = new Array(L);
    deltas[L - 1] = pairedDelta(this.pairing, logits, y);
    for (let l = L - 2; l >= 0; l--) {
      const next = this.weights[l + 1];
      const derivative = this.spec.hidden[l].activation.derivative;
      deltas[l] = deltas[l + 1].map((d, n) => {
        const zn = layers[l].z[n];
        const slope = derivative(zn);
        const out = new Float64Array(zn.length);
        for (let k = 0; k < zn.length; k++) {
          let back = 0;
          for (let j = 0; j < next.length; j++) back += next[j][k] * d[j];
          out[k] = back * slope[k];
        }
        return out;
      });
    }
    const weights = this.weights.map((W, l) => {
      const aPrev = l === 0 ? x : layers[l - 1].a;
      const dl = deltas[l];
      return W.map((row, j) => {
        const g = new Float64Array(row.length);
        for (let k = 0; k < row.length; k++) {
          let s = 0;
          for (let n = 0; n < dl.length; n++) s += dl[n][j] * aPrev[n][k];
          g[k] = s;
        }
        return g;
      });
    });
    const biases = this.biases.map((b, l) => {
      const g = new Float64Array(b.length);
      for (let j = 0; j < b.length; j++) {
        let s = 0;
        for (const d of deltas[l]) s += d[j];
        g[j] = s;
      }
      return g;
    });
    return { layers, deltas, weights, biases, loss: pairedLoss(this.pairing, logits, y) };
  }

  private descend(fn: string, inputs: readonly ArrayLike<number>[], targets: Targets, learningRate: number, epoch?: number): number {
    const g = this.backward(fn, inputs, targets, epoch);
    this.weights.forEach((W, l) =>
      W.forEach((row, j) => {
        const gr = g.weights[l][j];
        for (let k = 0; k < row.length; k++) row[k] -= learningRate * gr[k];
      }),
    );
    this.biases.forEach((b, l) => {
      for (let j = 0; j < b.length; j++) b[j] -= learningRate * g.biases[l][j];
    });
    return g.loss;
  }
}

/**
 * A seeded network, e.g. createNetwork({ inputs: 2, hidden: [{ units: 4, activation: relu }], outputs: 1, task: "binary", seed: 1 }).
 * Add `init: "xavier"` (or "naive", "xavier-uniform", "he", { standardDeviation: s }) to choose the initial weights.
 * See also: Network (forward, predict, loss, gradients, step, train, layerStats), TASK_PAIRINGS, Initialiser.
 */
export function createNetwork(spec: NetworkSpec): Network {
  return new Network(spec);
}
