// The benchmark's data: logits, labels, targets and probabilities, elementwise and as rows of C classes.
import { K } from "./libraries.mjs";

/** n logits drawn by `logit(rng)`, with labels and targets, plus `rows` × C rows of logits and one-hot labels. */
export function makeData(seed, n, rows, C, logit) {
  const rng = K.seededRandom(seed);
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = logit(rng);
  const y01 = new Float64Array(n);
  for (let i = 0; i < n; i++) y01[i] = rng.uniform() < 0.5 ? 0 : 1;
  const ypm = y01.map((v) => 2 * v - 1);
  const target = rng.normals(n, 0, 1); // regression targets; predictions are z
  const p = K.sigmoid(z); // probabilities in (0, 1) (exactly 0 or 1 in the tail probe)
  const Z = [];
  const Y = [];
  for (let r = 0; r < rows; r++) {
    const zr = new Float64Array(C);
    for (let i = 0; i < C; i++) zr[i] = logit(rng);
    Z.push(zr);
    const yr = new Float64Array(C);
    yr[rng.integer(C)] = 1;
    Y.push(yr);
  }
  const P = K.softmax(Z);
  return { z, y01, ypm, target, p, Z, Y, P };
}

/** The first 1/scale of a data set, for mathjs. */
export function sliceData(d, scale) {
  const n = d.z.length / scale;
  const rows = d.Z.length / scale;
  const out = {};
  for (const k of ["z", "y01", "ypm", "target", "p"]) out[k] = d[k].subarray(0, n);
  for (const k of ["Z", "Y", "P"]) out[k] = d[k].slice(0, rows);
  return out;
}
