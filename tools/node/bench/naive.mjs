// The textbook loops a student following the course notes' formulas would write: no max-subtraction, no
// log1p, no special cases. kernel-lib is timed against them (target: kernel-lib ÷ naive ≤ 1.3) and the tail
// probe counts where they break.
import { SLOPE } from "./options.mjs";

export function naiveSigmoid(z) {
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) out[i] = 1 / (1 + Math.exp(-z[i]));
  return out;
}
export function naiveSigmoidDerivative(z) {
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) {
    const s = 1 / (1 + Math.exp(-z[i]));
    out[i] = s * (1 - s);
  }
  return out;
}
export function naiveTanh(z) {
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) out[i] = Math.tanh(z[i]);
  return out;
}
export function naiveTanhDerivative(z) {
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) {
    const t = Math.tanh(z[i]);
    out[i] = 1 - t * t;
  }
  return out;
}
export function naiveRelu(z) {
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) out[i] = Math.max(0, z[i]);
  return out;
}
export function naiveLeakyRelu(z) {
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) out[i] = z[i] > 0 ? z[i] : SLOPE * z[i];
  return out;
}
export function naiveSoftmaxRow(z) {
  let sum = 0;
  for (let i = 0; i < z.length; i++) sum += Math.exp(z[i]);
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) out[i] = Math.exp(z[i]) / sum;
  return out;
}
export function naiveSoftmax(Z) {
  return Z.map(naiveSoftmaxRow);
}
export function naiveLogSoftmax(Z) {
  return Z.map((z) => {
    let sum = 0;
    for (let i = 0; i < z.length; i++) sum += Math.exp(z[i]);
    const lse = Math.log(sum);
    const out = new Float64Array(z.length);
    for (let i = 0; i < z.length; i++) out[i] = z[i] - lse;
    return out;
  });
}
// Per-element losses: the timed loops below inline these; the accuracy check uses them directly.
export const bceTerm = (y, p) => -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
export const bceLogitTerm = (y, z) => bceTerm(y, 1 / (1 + Math.exp(-z)));
export const hingeTerm = (y, s) => Math.max(0, 1 - y * s);

export function naiveBce(y, p) {
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += -(y[i] * Math.log(p[i]) + (1 - y[i]) * Math.log(1 - p[i]));
  return sum / y.length;
}
export function naiveBceFromLogits(y, z) {
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const p = 1 / (1 + Math.exp(-z[i]));
    sum += -(y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p));
  }
  return sum / y.length;
}
export function naiveCceRow(y, p) {
  let loss = 0;
  for (let i = 0; i < y.length; i++) loss -= y[i] * Math.log(p[i]);
  return loss;
}
export function naiveCce(Y, P) {
  let sum = 0;
  for (let r = 0; r < Y.length; r++) sum += naiveCceRow(Y[r], P[r]);
  return sum / Y.length;
}
export function naiveCceLogitsRow(y, z) {
  let sumExp = 0;
  for (let i = 0; i < z.length; i++) sumExp += Math.exp(z[i]);
  let loss = 0;
  for (let i = 0; i < z.length; i++) loss -= y[i] * Math.log(Math.exp(z[i]) / sumExp);
  return loss;
}
export function naiveCceFromLogits(Y, Z) {
  let sum = 0;
  for (let r = 0; r < Y.length; r++) sum += naiveCceLogitsRow(Y[r], Z[r]);
  return sum / Y.length;
}
export function naiveMse(y, p) {
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += (p[i] - y[i]) ** 2;
  return sum / y.length;
}
export function naiveMae(y, p) {
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += Math.abs(p[i] - y[i]);
  return sum / y.length;
}
export function naiveHinge(y, s) {
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += Math.max(0, 1 - y[i] * s[i]);
  return sum / y.length;
}
export function naiveBceLogitsGradient(y, z) {
  const n = y.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (1 / (1 + Math.exp(-z[i])) - y[i]) / n;
  return out;
}
export function naiveCceLogitsGradient(Y, Z) {
  const n = Y.length;
  return Z.map((z, r) => {
    const s = naiveSoftmaxRow(z);
    const y = Y[r];
    for (let i = 0; i < s.length; i++) s[i] = (s[i] - y[i]) / n;
    return s;
  });
}
export function naiveMseGradient(y, p) {
  const n = y.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (2 * (p[i] - y[i])) / n;
  return out;
}
export function eachPair(f, y, x) {
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = f(y[i], x[i]);
  return out;
}
export function eachRow(f, Y, X) {
  return Float64Array.from(Y, (y, r) => f(y, X[r]));
}
