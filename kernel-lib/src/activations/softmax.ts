import { inputError } from "../core/errors";
import { toRows, type Vector } from "../core/validate";
import { rowArgmax, shiftedExponentials, summarizeRow } from "../core/softmax-rows";
import type { ActivationInfo } from "./activation";

function softmaxRow(z: Float64Array, fn: string, name: string): Float64Array {
  const out = new Float64Array(z.length);
  const rest = shiftedExponentials(z, rowArgmax(fn, name, z), out);
  const total = 1 + rest;
  for (let i = 0; i < z.length; i++) out[i] /= total;
  return out;
}

function logSoftmaxRow(z: Float64Array, fn: string, name: string): Float64Array {
  const { max, rest } = summarizeRow(fn, name, z);
  const logTotal = Math.log1p(rest);
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) out[i] = z[i] - max - logTotal;
  return out;
}

/** A function of a whole row of logits: one row gives one Float64Array, a batch of rows gives an array of them. */
export interface VectorFunction {
  (z: Vector): Float64Array;
  (z: readonly Vector[]): Float64Array[];
}

function rowwise(fn: string, row: (z: Float64Array, fn: string, name: string) => Float64Array): VectorFunction {
  function apply(z: Vector): Float64Array;
  function apply(z: readonly Vector[]): Float64Array[];
  function apply(z: Vector | readonly Vector[]): Float64Array | Float64Array[] {
    const { rows, batched } = toRows(fn, "z", z);
    if (!batched) return row(rows[0], fn, "z");
    return rows.map((r, i) => row(r, fn, `z[${i}]`));
  }
  Object.defineProperty(apply, "name", { value: fn });
  return apply;
}

/** softmax: a VectorFunction with its Jacobian and what the lessons display about it. */
export interface Softmax extends VectorFunction {
  /** The full Jacobian J[i][j] = ∂softmax_i/∂z_j = s_i(δ_ij − s_j) of one row, as rows of a matrix. */
  jacobian(z: Vector): Float64Array[];
  readonly info: ActivationInfo;
  /** LaTeX of softmax_i (hand-written: mathjs has no indexed-sum notation). */
  readonly latex: string;
  /** LaTeX of the Jacobian entry. */
  readonly derivativeLatex: string;
}

/**
 * softmax(z)_i = e^(z_i) / Σ_j e^(z_j): turns a row of K logits into a probability distribution over K
 * mutually exclusive classes (the output activation for multi-class classification). Exact to a few ulp
 * for any finite logits, with no overflow: softmax([1000, 1000]) = [0.5, 0.5]. NaN anywhere in a row makes
 * that row NaN; +Infinity, or a row of only −Infinity, is a RangeError (no distribution to learn from).
 *
 * Syntax:
 *   softmax([z1, …, zK])              one row gives a Float64Array
 *   softmax([[…], […]])               a batch of rows gives an array of Float64Arrays, row by row
 *   softmax.jacobian([z1, …, zK])     the K × K matrix ∂softmax_i/∂z_j = s_i(δ_ij − s_j), as rows
 *
 * @example
 *   softmax([2, 1]);                   // Float64Array [0.7310585786300049, 0.2689414213699951]
 *   softmax([[1000, 1000], [0, 0]]);   // [Float64Array [0.5, 0.5], Float64Array [0.5, 0.5]]
 *
 * See also: logSoftmax, sigmoid, categoricalCrossEntropyFromLogits, activations
 */
export const softmax: Softmax = Object.assign(rowwise("softmax", softmaxRow), {
  jacobian(z: Vector): Float64Array[] {
    const { rows, batched } = toRows("softmax.jacobian", "z", z);
    if (batched) throw inputError(TypeError, "softmax.jacobian: z must be one row of logits, got a batch of rows");
    const s = softmaxRow(rows[0], "softmax.jacobian", "z");
    const n = s.length;
    const jacobian: Float64Array[] = [];
    for (let i = 0; i < n; i++) {
      const row = new Float64Array(n);
      for (let j = 0; j < n; j++) row[j] = i === j ? s[i] * (1 - s[i]) : -s[i] * s[j];
      jacobian.push(row);
    }
    return jacobian;
  },
  info: Object.freeze({
    id: "softmax",
    title: "Softmax",
    expression: "exp(z_i) / sum(exp(z))",
    derivativeExpression: "s_i * ((i == j) - s_j)",
    range: "(0, 1), sums to 1",
    typicalUse: "Output layer for multi-class classification (K mutually exclusive classes)",
    layers: ["output"] as const,
    pros: ["Outputs form a probability distribution", "With cross-entropy the gradient is ŷ − y"],
    cons: ["Couples all outputs: one large logit pushes the others down", "Wrong for multi-label tasks"],
  }),
  latex: "\\mathrm{softmax}(z)_i = \\frac{e^{z_i}}{\\sum_{j=1}^{K} e^{z_j}}",
  derivativeLatex: "\\frac{\\partial\\,\\mathrm{softmax}(z)_i}{\\partial z_j} = s_i\\,(\\delta_{ij} - s_j)",
});

/**
 * log softmax(z)_i = z_i − log Σ_j e^(z_j), computed as z_i − m − log1p(Σ_{j≠k} e^(z_j − m)) with m the
 * largest logit (at k): exact where log(softmax(z)) would give −Infinity or round to 0.
 *
 * Syntax:
 *   logSoftmax([z1, …, zK])           one row gives a Float64Array
 *   logSoftmax([[…], […]])            a batch of rows gives an array of Float64Arrays
 *
 * @example
 *   logSoftmax([40, 0]);   // Float64Array [-4.248354255291589e-18, -40]
 *
 * See also: softmax, categoricalCrossEntropyFromLogits
 */
export const logSoftmax: VectorFunction = rowwise("logSoftmax", logSoftmaxRow);
