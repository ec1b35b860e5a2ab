// tfjs-cpu: the whole call a notebook user makes: tensors from the Float64Arrays (converted to float32), the
// op, and dataSync(). tidy() returns nothing: returning the typed array would make tidy walk its 1e6 keys.
import { tf } from "./libraries.mjs";

export function tfRun(f) {
  let out;
  tf.tidy(() => {
    out = f();
  });
  return out;
}
function flat32(rows) {
  const f = new Float32Array(rows.length * rows[0].length);
  for (let r = 0; r < rows.length; r++) f.set(rows[r], r * rows[0].length);
  return f;
}
// tfjs rejects Float64Array (not one of its TypedArrays), so the user converts: that copy is part of the cost.
export const t1d = (v) => tf.tensor1d(new Float32Array(v));
export const t2d = (rows) => tf.tensor2d(flat32(rows), [rows.length, rows[0].length]);
/** A flat row-major output as row views of `width` entries. */
export function rowsOf(flat, width) {
  const rows = new Array(flat.length / width);
  for (let r = 0; r < rows.length; r++) rows[r] = flat.subarray(r * width, (r + 1) * width);
  return rows;
}
export const tfSigmoidGrad = tf.grad((x) => tf.sigmoid(x));
export const tfTanhGrad = tf.grad((x) => tf.tanh(x));
let tfLabels = null; // set per call by withLabels, read inside the gradient closures below
const tfBceLogitsGrad = tf.grad((z) => tf.losses.sigmoidCrossEntropy(tfLabels, z));
const tfCceLogitsGrad = tf.grad((z) => tf.losses.softmaxCrossEntropy(tfLabels, z));
const tfMseGrad = tf.grad((p) => tf.losses.meanSquaredError(tfLabels, p));

/** The gradient of a loss with respect to its second argument, for these labels (tf.grad takes one input). */
const withLabels = (grad) => (labels, x) => {
  tfLabels = labels;
  return grad(x);
};
export const tfBceLogitsGradient = withLabels(tfBceLogitsGrad);
export const tfCceLogitsGradient = withLabels(tfCceLogitsGrad);
export const tfMseGradient = withLabels(tfMseGrad);
