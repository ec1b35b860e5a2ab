#!/usr/bin/env node
// Benchmarks kernel-lib against (a) the textbook loop a student would write, (b) mathjs and (c) tfjs-core on
// its CPU backend, on 1e6-element Float64Arrays and a 10 000 × 100 batch of rows. Prints, per operation, the
// time of one kernel-lib call and the ratios kernel-lib ÷ naive (target ≤ 1.3), mathjs ÷ kernel-lib and
// tfjs-cpu ÷ kernel-lib, plus how often the naive loop breaks in the tails where kernel-lib does not.
//
//   npm run bench                 (builds kernel-lib first)
//   node tools/bench.mjs --quick  fewer repetitions
//   node tools/bench.mjs --json results.json
//   node tools/bench.mjs --only 'sigmoid|relu'   rows whose name matches a regular expression
//   node tools/bench.mjs --no-pretouch           skip calling every kernel-lib function once before timing
//   node tools/bench.mjs --check                 no timing: how far mathjs and tfjs results are from kernel-lib's

import { createRequire, register } from "node:module";
import { writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const K = require("kernel-lib");
const math = require("mathjs");
const tf = require("@tensorflow/tfjs-core");
require("@tensorflow/tfjs-backend-cpu");

// tfjs-core's Node bundle registers no gradients (the @tensorflow/tfjs union package imports them from
// tfjs-core's dist/register_all_gradients.js, an ES module with extensionless imports). Load that file with a
// small resolve/load hook; the registries and the engine are global, so tf.grad in the bundle sees them.
register(
  "data:text/javascript," +
    encodeURIComponent(`
const DIST = "/@tensorflow/tfjs-core/dist/";
export async function resolve(spec, ctx, next) {
  if (spec.startsWith(".") && !spec.endsWith(".js") && ctx.parentURL && ctx.parentURL.includes(DIST)) spec += ".js";
  return next(spec, ctx);
}
export async function load(url, ctx, next) {
  return next(url, url.includes(DIST) && url.endsWith(".js") ? { ...ctx, format: "module" } : ctx);
}`),
);
await import(pathToFileURL(require.resolve("@tensorflow/tfjs-core/dist/register_all_gradients.js")).href);

// ---------------------------------------------------------------------------------------------- options

const argv = process.argv.slice(2);
function option(name) {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  if (v === undefined || v.startsWith("--")) throw new Error(`${name} needs a value`);
  return v;
}
const QUICK = argv.includes("--quick");
const JSON_FILE = option("--json");
const ONLY = option("--only") ? new RegExp(option("--only")) : null;
const PRETOUCH = !argv.includes("--no-pretouch");
const CHECK = argv.includes("--check");
for (const a of argv) {
  if (a.startsWith("--") && !["--quick", "--json", "--only", "--no-pretouch", "--check"].includes(a)) {
    throw new Error(`unknown option ${a}; use --quick, --json FILE, --only REGEX, --no-pretouch, --check`);
  }
}

/** Warm-up calls, then timed calls whose median is reported. */
const REPS = QUICK
  ? { kl: [2, 5], tf: [1, 3], mathjs: [1, 1] }
  : { kl: [3, 11], tf: [2, 5], mathjs: [1, 3] };

const N = 1_000_000; // elements for elementwise rows
const R = 10_000; // rows of the categorical batch
const C = 100; // classes per row
const MJ_SCALE = 10; // mathjs runs on 1/MJ_SCALE of the data and is scaled up
const PROBE_N = 100_000; // elements of the tail probe
const PROBE_R = 1_000; // rows of the tail probe
const PROBE_RANGE = 800; // tail-probe logits are uniform in ±PROBE_RANGE
const SLOPE = 0.01;

// ------------------------------------------------------------------------------------------------- data

function makeData(seed, n, rows, logit) {
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

/** The first 1/MJ_SCALE of a data set, for mathjs. */
function sliceData(d) {
  const n = d.z.length / MJ_SCALE;
  const rows = d.Z.length / MJ_SCALE;
  const out = {};
  for (const k of ["z", "y01", "ypm", "target", "p"]) out[k] = d[k].subarray(0, n);
  for (const k of ["Z", "Y", "P"]) out[k] = d[k].slice(0, rows);
  return out;
}

// ----------------------------------------------------------------------------------- naive (textbook)
// Written as a student following the seed's formulas would: no max-subtraction, no log1p, no special cases.

function naiveSigmoid(z) {
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) out[i] = 1 / (1 + Math.exp(-z[i]));
  return out;
}
function naiveSigmoidDerivative(z) {
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) {
    const s = 1 / (1 + Math.exp(-z[i]));
    out[i] = s * (1 - s);
  }
  return out;
}
function naiveTanh(z) {
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) out[i] = Math.tanh(z[i]);
  return out;
}
function naiveTanhDerivative(z) {
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) {
    const t = Math.tanh(z[i]);
    out[i] = 1 - t * t;
  }
  return out;
}
function naiveRelu(z) {
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) out[i] = Math.max(0, z[i]);
  return out;
}
function naiveLeakyRelu(z) {
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) out[i] = z[i] > 0 ? z[i] : SLOPE * z[i];
  return out;
}
function naiveSoftmaxRow(z) {
  let sum = 0;
  for (let i = 0; i < z.length; i++) sum += Math.exp(z[i]);
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) out[i] = Math.exp(z[i]) / sum;
  return out;
}
function naiveSoftmax(Z) {
  return Z.map(naiveSoftmaxRow);
}
function naiveLogSoftmax(Z) {
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
const bceTerm = (y, p) => -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
const bceLogitTerm = (y, z) => bceTerm(y, 1 / (1 + Math.exp(-z)));
const hingeTerm = (y, s) => Math.max(0, 1 - y * s);

function naiveBce(y, p) {
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += -(y[i] * Math.log(p[i]) + (1 - y[i]) * Math.log(1 - p[i]));
  return sum / y.length;
}
function naiveBceFromLogits(y, z) {
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const p = 1 / (1 + Math.exp(-z[i]));
    sum += -(y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p));
  }
  return sum / y.length;
}
function naiveCceRow(y, p) {
  let loss = 0;
  for (let i = 0; i < y.length; i++) loss -= y[i] * Math.log(p[i]);
  return loss;
}
function naiveCce(Y, P) {
  let sum = 0;
  for (let r = 0; r < Y.length; r++) sum += naiveCceRow(Y[r], P[r]);
  return sum / Y.length;
}
function naiveCceLogitsRow(y, z) {
  let sumExp = 0;
  for (let i = 0; i < z.length; i++) sumExp += Math.exp(z[i]);
  let loss = 0;
  for (let i = 0; i < z.length; i++) loss -= y[i] * Math.log(Math.exp(z[i]) / sumExp);
  return loss;
}
function naiveCceFromLogits(Y, Z) {
  let sum = 0;
  for (let r = 0; r < Y.length; r++) sum += naiveCceLogitsRow(Y[r], Z[r]);
  return sum / Y.length;
}
function naiveMse(y, p) {
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += (p[i] - y[i]) ** 2;
  return sum / y.length;
}
function naiveMae(y, p) {
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += Math.abs(p[i] - y[i]);
  return sum / y.length;
}
function naiveHinge(y, s) {
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += Math.max(0, 1 - y[i] * s[i]);
  return sum / y.length;
}
function naiveBceLogitsGradient(y, z) {
  const n = y.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (1 / (1 + Math.exp(-z[i])) - y[i]) / n;
  return out;
}
function naiveCceLogitsGradient(Y, Z) {
  const n = Y.length;
  return Z.map((z, r) => {
    const s = naiveSoftmaxRow(z);
    const y = Y[r];
    for (let i = 0; i < s.length; i++) s[i] = (s[i] - y[i]) / n;
    return s;
  });
}
function naiveMseGradient(y, p) {
  const n = y.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (2 * (p[i] - y[i])) / n;
  return out;
}
function eachPair(f, y, x) {
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = f(y[i], x[i]);
  return out;
}
function eachRow(f, Y, X) {
  return Float64Array.from(Y, (y, r) => f(y, X[r]));
}

// ------------------------------------------------------------------------------------------------ mathjs
// Idiomatic mathjs 15: elementwise arithmetic with add/subtract/dotMultiply/dotDivide/dotPow, and
// map(M, fn) for scalar functions (exp, log, tanh no longer apply to matrices). Plain arrays in, so the
// conversion from Float64Array is part of the call.

const arr = (v) => Array.from(v);
const arr2 = (rows) => rows.map((r) => Array.from(r));
const mLog = (x) => math.log(x);
const mSigmoid = (z) => math.dotDivide(1, math.add(1, math.map(math.unaryMinus(z), math.exp)));
const mBce = (y, p) =>
  math.unaryMinus(
    math.mean(
      math.add(math.dotMultiply(y, math.map(p, mLog)), math.dotMultiply(math.subtract(1, y), math.map(math.subtract(1, p), mLog))),
    ),
  );
const mSoftmax = (Z) => {
  const E = math.map(Z, math.exp);
  return math.dotDivide(E, math.reshape(math.sum(E, 1), [Z.length, 1]));
};
const mLogSumExp = (Z) => math.reshape(math.map(math.sum(math.map(Z, math.exp), 1), mLog), [Z.length, 1]);

// ---------------------------------------------------------------------------------------------- tfjs-cpu
// The whole call a notebook user makes: tensors from the Float64Arrays (converted to float32), the op, and
// dataSync(). tidy() returns nothing: returning the typed array would make tidy walk its 1e6 keys.

function tfRun(f) {
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
const t1d = (v) => tf.tensor1d(new Float32Array(v));
const t2d = (rows) => tf.tensor2d(flat32(rows), [rows.length, rows[0].length]);
function rowsOf(flat, width) {
  const rows = new Array(flat.length / width);
  for (let r = 0; r < rows.length; r++) rows[r] = flat.subarray(r * width, (r + 1) * width);
  return rows;
}
const tfSigmoidGrad = tf.grad((x) => tf.sigmoid(x));
const tfTanhGrad = tf.grad((x) => tf.tanh(x));
let tfLabels = null; // set per call inside the gradient closures below
const tfBceLogitsGrad = tf.grad((z) => tf.losses.sigmoidCrossEntropy(tfLabels, z));
const tfCceLogitsGrad = tf.grad((z) => tf.losses.softmaxCrossEntropy(tfLabels, z));
const tfMseGrad = tf.grad((p) => tf.losses.meanSquaredError(tfLabels, p));

// ------------------------------------------------------------------------------------------------- rows
// kl/naive/mathjs/tf: the timed calls. check(d): kernel-lib and naive per element (or per row) on data d.

const ROWS = [
  {
    name: "sigmoid",
    kl: (d) => K.sigmoid(d.z),
    naive: (d) => naiveSigmoid(d.z),
    mathjs: (d) => mSigmoid(arr(d.z)),
    tf: (d) => tfRun(() => tf.sigmoid(t1d(d.z)).dataSync()),
  },
  {
    name: "sigmoid.derivative",
    kl: (d) => K.sigmoid.derivative(d.z),
    naive: (d) => naiveSigmoidDerivative(d.z),
    mathjs: (d) => {
      const s = mSigmoid(arr(d.z));
      return math.dotMultiply(s, math.subtract(1, s));
    },
    tf: (d) => tfRun(() => tfSigmoidGrad(t1d(d.z)).dataSync()),
  },
  {
    name: "tanh",
    kl: (d) => K.tanh(d.z),
    naive: (d) => naiveTanh(d.z),
    mathjs: (d) => math.map(arr(d.z), math.tanh),
    tf: (d) => tfRun(() => tf.tanh(t1d(d.z)).dataSync()),
  },
  {
    name: "tanh.derivative",
    kl: (d) => K.tanh.derivative(d.z),
    naive: (d) => naiveTanhDerivative(d.z),
    mathjs: (d) => math.subtract(1, math.dotPow(math.map(arr(d.z), math.tanh), 2)),
    tf: (d) => tfRun(() => tfTanhGrad(t1d(d.z)).dataSync()),
  },
  {
    name: "relu",
    kl: (d) => K.relu(d.z),
    naive: (d) => naiveRelu(d.z),
    mathjs: (d) => math.map(arr(d.z), (x) => math.max(x, 0)),
    tf: (d) => tfRun(() => tf.relu(t1d(d.z)).dataSync()),
  },
  {
    name: "leakyRelu",
    kl: (d) => K.leakyRelu(d.z),
    naive: (d) => naiveLeakyRelu(d.z),
    mathjs: (d) => math.map(arr(d.z), (x) => math.max(x, math.multiply(SLOPE, x))),
    tf: (d) => tfRun(() => tf.leakyRelu(t1d(d.z), SLOPE).dataSync()),
  },
  {
    name: "softmax (rows)",
    rows: true,
    kl: (d) => K.softmax(d.Z),
    naive: (d) => naiveSoftmax(d.Z),
    mathjs: (d) => mSoftmax(arr2(d.Z)),
    tf: (d) => rowsOf(tfRun(() => tf.softmax(t2d(d.Z)).dataSync()), C),
  },
  {
    name: "logSoftmax (rows)",
    rows: true,
    kl: (d) => K.logSoftmax(d.Z),
    naive: (d) => naiveLogSoftmax(d.Z),
    mathjs: (d) => {
      const Z = arr2(d.Z);
      return math.subtract(Z, mLogSumExp(Z));
    },
    tf: (d) => rowsOf(tfRun(() => tf.logSoftmax(t2d(d.Z)).dataSync()), C),
  },
  {
    name: "binaryCrossEntropy",
    kl: (d) => K.binaryCrossEntropy(d.y01, d.p),
    naive: (d) => naiveBce(d.y01, d.p),
    mathjs: (d) => mBce(arr(d.y01), arr(d.p)),
    tf: (d) => tfRun(() => tf.losses.logLoss(t1d(d.y01), t1d(d.p)).dataSync()[0]),
    check: (d) => [K.binaryCrossEntropy(d.y01, d.p, { reduction: "none" }), eachPair(bceTerm, d.y01, d.p)],
  },
  {
    name: "binaryCrossEntropyFromLogits",
    kl: (d) => K.binaryCrossEntropyFromLogits(d.y01, d.z),
    naive: (d) => naiveBceFromLogits(d.y01, d.z),
    mathjs: (d) => mBce(arr(d.y01), mSigmoid(arr(d.z))),
    tf: (d) => tfRun(() => tf.losses.sigmoidCrossEntropy(t1d(d.y01), t1d(d.z)).dataSync()[0]),
    check: (d) => [K.binaryCrossEntropyFromLogits(d.y01, d.z, { reduction: "none" }), eachPair(bceLogitTerm, d.y01, d.z)],
  },
  {
    name: "categoricalCrossEntropy",
    rows: true,
    kl: (d) => K.categoricalCrossEntropy(d.Y, d.P),
    naive: (d) => naiveCce(d.Y, d.P),
    mathjs: (d) => math.unaryMinus(math.divide(math.sum(math.dotMultiply(arr2(d.Y), math.map(arr2(d.P), mLog))), d.Y.length)),
    tf: (d) =>
      tfRun(() => tf.neg(tf.mean(tf.sum(tf.mul(t2d(d.Y), tf.log(t2d(d.P))), 1))).dataSync()[0]),
    check: (d) => [K.categoricalCrossEntropy(d.Y, d.P, { reduction: "none" }), eachRow(naiveCceRow, d.Y, d.P)],
  },
  {
    name: "categoricalCrossEntropyFromLogits",
    rows: true,
    kl: (d) => K.categoricalCrossEntropyFromLogits(d.Y, d.Z),
    naive: (d) => naiveCceFromLogits(d.Y, d.Z),
    mathjs: (d) => {
      const Z = arr2(d.Z);
      return math.unaryMinus(math.mean(math.sum(math.dotMultiply(arr2(d.Y), math.subtract(Z, mLogSumExp(Z))), 1)));
    },
    tf: (d) => tfRun(() => tf.losses.softmaxCrossEntropy(t2d(d.Y), t2d(d.Z)).dataSync()[0]),
    check: (d) => [K.categoricalCrossEntropyFromLogits(d.Y, d.Z, { reduction: "none" }), eachRow(naiveCceLogitsRow, d.Y, d.Z)],
  },
  {
    name: "meanSquaredError",
    kl: (d) => K.meanSquaredError(d.target, d.z),
    naive: (d) => naiveMse(d.target, d.z),
    mathjs: (d) => math.mean(math.dotPow(math.subtract(arr(d.z), arr(d.target)), 2)),
    tf: (d) => tfRun(() => tf.losses.meanSquaredError(t1d(d.target), t1d(d.z)).dataSync()[0]),
    check: (d) => [K.meanSquaredError(d.target, d.z, { reduction: "none" }), eachPair((y, p) => (p - y) ** 2, d.target, d.z)],
  },
  {
    name: "meanAbsoluteError",
    kl: (d) => K.meanAbsoluteError(d.target, d.z),
    naive: (d) => naiveMae(d.target, d.z),
    mathjs: (d) => math.mean(math.abs(math.subtract(arr(d.z), arr(d.target)))),
    tf: (d) => tfRun(() => tf.losses.absoluteDifference(t1d(d.target), t1d(d.z)).dataSync()[0]),
    check: (d) => [K.meanAbsoluteError(d.target, d.z, { reduction: "none" }), eachPair((y, p) => Math.abs(p - y), d.target, d.z)],
  },
  {
    name: "hinge",
    kl: (d) => K.hinge(d.ypm, d.z),
    naive: (d) => naiveHinge(d.ypm, d.z),
    mathjs: (d) => math.mean(math.map(math.subtract(1, math.dotMultiply(arr(d.ypm), arr(d.z))), (v) => math.max(0, v))),
    // tfjs's hingeLoss takes 0/1 labels and maps them to ±1 itself.
    tf: (d) => tfRun(() => tf.losses.hingeLoss(t1d(d.y01), t1d(d.z)).dataSync()[0]),
    check: (d) => [K.hinge(d.ypm, d.z, { reduction: "none" }), eachPair(hingeTerm, d.ypm, d.z)],
  },
  {
    name: "grad binaryCrossEntropyFromLogits",
    kl: (d) => K.binaryCrossEntropyFromLogits.gradient(d.y01, d.z),
    naive: (d) => naiveBceLogitsGradient(d.y01, d.z),
    mathjs: (d) => math.dotDivide(math.subtract(mSigmoid(arr(d.z)), arr(d.y01)), d.z.length),
    tf: (d) =>
      tfRun(() => {
        tfLabels = t1d(d.y01);
        return tfBceLogitsGrad(t1d(d.z)).dataSync();
      }),
  },
  {
    name: "grad categoricalCrossEntropyFromLogits",
    rows: true,
    kl: (d) => K.categoricalCrossEntropyFromLogits.gradient(d.Y, d.Z),
    naive: (d) => naiveCceLogitsGradient(d.Y, d.Z),
    mathjs: (d) => math.dotDivide(math.subtract(mSoftmax(arr2(d.Z)), arr2(d.Y)), d.Z.length),
    tf: (d) =>
      rowsOf(
        tfRun(() => {
          tfLabels = t2d(d.Y);
          return tfCceLogitsGrad(t2d(d.Z)).dataSync();
        }),
        C,
      ),
  },
  {
    name: "grad meanSquaredError",
    kl: (d) => K.meanSquaredError.gradient(d.target, d.z),
    naive: (d) => naiveMseGradient(d.target, d.z),
    mathjs: (d) => math.multiply(math.subtract(arr(d.z), arr(d.target)), 2 / (d.z.length)),
    tf: (d) =>
      tfRun(() => {
        tfLabels = t1d(d.target);
        return tfMseGrad(t1d(d.z)).dataSync();
      }),
  },
];

// ----------------------------------------------------------------------------------------------- timing

let sink = 0;
function consume(r) {
  // Touch the result so no call can be optimised away.
  if (typeof r === "number") sink += r;
  else if (Array.isArray(r)) sink += r.length + (typeof r[0] === "number" ? r[0] : r[0].length);
  else sink += r.length;
}
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
function timeOne(f) {
  const t0 = performance.now();
  const r = f();
  const t = performance.now() - t0;
  consume(r);
  return t;
}
/** Median ms per call of each function (and the min, for the JSON), timed runs interleaved so drift affects all alike. */
function timeInterleaved(fs, [warm, runs]) {
  for (let w = 0; w < warm; w++) for (const f of fs) consume(f());
  const times = fs.map(() => []);
  for (let r = 0; r < runs; r++) fs.forEach((f, i) => times[i].push(timeOne(f)));
  return times.map((t) => ({ median: median(t), min: Math.min(...t) }));
}

// --------------------------------------------------------------------------------------------- accuracy

const flatten = (x) => {
  if (typeof x === "number") return Float64Array.of(x);
  if (Array.isArray(x) && typeof x[0] !== "number") {
    const out = new Float64Array(x.length * x[0].length);
    x.forEach((r, i) => out.set(r, i * x[0].length));
    return out;
  }
  return x;
};
/** The largest |other − kl| / max(|kl|, 1e-300) over all elements: a sanity check of the comparisons. */
function maxRelDiff(klOut, otherOut) {
  const k = flatten(klOut);
  const o = flatten(otherOut);
  if (k.length !== o.length) return NaN;
  let m = 0;
  for (let i = 0; i < k.length; i++) m = Math.max(m, Math.abs(o[i] - k[i]) / Math.max(Math.abs(k[i]), 1e-300));
  return m;
}
/**
 * tails: elements where kernel-lib is finite but naive is NaN/±Infinity, or naive is 0 where kernel-lib is
 * not. worse: the reverse (should be 0). maxRel: the largest |naive − kl| / |kl| over elements both finite.
 */
function compare(klOut, naiveOut) {
  const k = flatten(klOut);
  const n = flatten(naiveOut);
  let tails = 0;
  let worse = 0;
  let maxRel = 0;
  for (let i = 0; i < k.length; i++) {
    const a = k[i];
    const b = n[i];
    const aFinite = Number.isFinite(a);
    const bFinite = Number.isFinite(b);
    if (aFinite && (!bFinite || (b === 0 && a !== 0))) tails++;
    else if (bFinite && (!aFinite || (a === 0 && b !== 0))) worse++;
    if (aFinite && bFinite && a !== 0) maxRel = Math.max(maxRel, Math.abs(b - a) / Math.abs(a));
  }
  return { tails, worse, maxRel, count: k.length };
}
function accuracy(row, d) {
  const [kl, naive] = row.check ? row.check(d) : [row.kl(d), row.naive(d)];
  return compare(kl, naive);
}

// ------------------------------------------------------------------------------------------------- main

const fmtMs = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const fmtRatio = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const fmtRel = (x) => (x === 0 ? "0" : x.toExponential(1));

async function main() {
  const t0 = performance.now();
  const { log, warn } = console;
  console.log = console.warn = () => {}; // tfjs's "install tfjs-node" notice
  await tf.setBackend("cpu");
  await tf.ready();
  tf.tensor1d([1]).dispose();
  Object.assign(console, { log, warn });

  const bench = makeData(1, N, R, (rng) => rng.normal(0, 3));
  const mj = sliceData(bench);
  const probe = makeData(2, PROBE_N, PROBE_R, (rng) => rng.uniformBetween(-PROBE_RANGE, PROBE_RANGE));
  const rows = ROWS.filter((r) => !ONLY || ONLY.test(r.name));
  if (CHECK) {
    console.log("max relative difference from kernel-lib (mathjs on the 1/10 slice, float32 tfjs on all data)");
    for (const row of rows) {
      const mjDiff = maxRelDiff(row.kl(mj), row.mathjs(mj));
      const tfDiff = maxRelDiff(row.kl(bench), row.tf(bench));
      console.log(`${row.name.padEnd(40)} mathjs ${fmtRel(mjDiff).padStart(8)}   tfjs ${fmtRel(tfDiff).padStart(8)}`);
    }
    return;
  }

  if (PRETOUCH) {
    // A notebook calls many kernel-lib functions; so do we, once each on small inputs, before timing.
    const small = makeData(3, 64, 4, (rng) => rng.normal(0, 3));
    for (const row of ROWS) consume(row.kl(small));
    for (const row of ROWS) if (row.check) row.check(small);
  }

  console.log(
    `kernel-lib benchmark: ${N.toExponential(0)} elements (normal logits, σ = 3), ${R} × ${C} rows; ` +
      `median of ${REPS.kl[1]} (tfjs ${REPS.tf[1]}, mathjs ${REPS.mathjs[1]}) after warm-up${QUICK ? " [--quick]" : ""}; ` +
      `node ${process.version}, tfjs ${tf.version_core}, mathjs ${math.version}`,
  );
  const header = ["operation", "size", "kernel-lib ms", "naive ms", "kl ÷ naive", "mathjs ÷ kl ¹", "tfjs-cpu ÷ kl ²", "naive tails: bench", "probe ³", "max rel err ⁴"];
  const widths = [38, 7, 13, 9, 10, 13, 15, 18, 14, 13];
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(" ");
  console.log(line(header));
  console.log("-".repeat(widths.reduce((a, b) => a + b + 1, -1)));

  const results = [];
  for (const row of rows) {
    const [klT, naiveT] = timeInterleaved([() => row.kl(bench), () => row.naive(bench)], REPS.kl);
    const [tfT] = timeInterleaved([() => row.tf(bench)], REPS.tf);
    const [mjT] = timeInterleaved([() => row.mathjs(mj)], REPS.mathjs);
    const kl = klT.median;
    const naive = naiveT.median;
    const tfMs = tfT.median;
    const mjSlice = mjT.median;
    const mjMs = mjSlice * MJ_SCALE;
    const accBench = accuracy(row, bench);
    const accProbe = accuracy(row, probe);
    const result = {
      name: row.name,
      size: row.rows ? `${R}x${C}` : String(N),
      kernelLibMs: kl,
      naiveMs: naive,
      tfjsCpuMs: tfMs,
      mathjsMs: mjMs,
      mathjsSliceMs: mjSlice,
      minMs: { kernelLib: klT.min, naive: naiveT.min, tfjsCpu: tfT.min, mathjs: mjT.min * MJ_SCALE },
      klOverNaive: kl / naive,
      mathjsOverKl: mjMs / kl,
      tfjsOverKl: tfMs / kl,
      naiveTailsBench: accBench.tails,
      naiveTailsProbe: accProbe.tails,
      probeCount: accProbe.count,
      klWorseThanNaive: accBench.worse + accProbe.worse,
      maxRelErrBench: accBench.maxRel,
    };
    results.push(result);
    console.log(
      line([
        row.name,
        row.rows ? `${R / 1000}k×${C}` : "1e6",
        fmtMs(kl),
        fmtMs(naive),
        fmtRatio(result.klOverNaive) + (result.klOverNaive <= 1.3 ? "  " : " ✗"),
        fmtRatio(result.mathjsOverKl),
        fmtRatio(result.tfjsOverKl) + (result.tfjsOverKl > 1 ? "  " : " ✗"),
        `${accBench.tails}/${accBench.count}`,
        `${accProbe.tails}/${accProbe.count}`,
        fmtRel(accBench.maxRel),
      ]),
    );
    if (result.klWorseThanNaive) console.log(`   ! ${row.name}: kernel-lib is 0/non-finite where naive is not in ${result.klWorseThanNaive} elements`);
  }

  const missTarget = results.filter((r) => r.klOverNaive > 1.3);
  const notAhead = results.filter((r) => r.tfjsOverKl <= 1);
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(
    [
      "",
      "✗ marks kernel-lib ÷ naive > 1.3 (the target) and tfjs-cpu ÷ kernel-lib ≤ 1 (kernel-lib not ahead).",
      `¹ mathjs ${math.version} timed on the first 1/${MJ_SCALE} of the data (1e5 elements / ${R / MJ_SCALE} rows) and scaled ×${MJ_SCALE}; includes Array.from of the inputs; idiomatic mathjs 15 (map(M, exp), dotMultiply, …).`,
      "² tfjs-core + tfjs-backend-cpu compute in float32, not float64; timed call includes tensor creation from the Float64Arrays, the op",
      "  (tf.grad for derivatives and gradients), dataSync(), and row views for row outputs. BCE on probabilities is tf.losses.logLoss",
      "  (clamps with ε = 1e-7); CCE on probabilities is −mean(sum(y·log p, 1)) from tf ops (tfjs-core has no such loss); hingeLoss gets 0/1 labels.",
      `³ tail probe: ${PROBE_N} logits (${PROBE_R} × ${C} rows) uniform in ±${PROBE_RANGE}, p = sigmoid/softmax of them. A tail is an element (a row`,
      "  for categorical losses) where kernel-lib is finite but the naive loop gives NaN/±Infinity, or naive gives 0 where kernel-lib is nonzero.",
      "⁴ largest |naive − kernel-lib| / |kernel-lib| on the benchmark data, per element (per row for categorical losses).",
      `Losses are compared per element/row using kernel-lib's { reduction: "none" }.${PRETOUCH ? " Every kernel-lib function was called once before timing, as in a notebook." : " (--no-pretouch: functions were not called before timing.)"}`,
      "",
      `Summary: ${missTarget.length ? `${missTarget.length} row(s) miss the 1.3× target: ${missTarget.map((r) => `${r.name} (${r.klOverNaive.toFixed(2)}×)`).join(", ")}` : "every row meets the 1.3× target"}; ` +
        `${notAhead.length ? `not ahead of tfjs-cpu: ${notAhead.map((r) => `${r.name} (${r.tfjsOverKl.toFixed(2)}×)`).join(", ")}` : "kernel-lib is ahead of tfjs-cpu on every row"}. (${seconds} s)`,
    ].join("\n"),
  );

  if (JSON_FILE) {
    writeFileSync(
      JSON_FILE,
      JSON.stringify(
        {
          node: process.version,
          tfjs: tf.version_core,
          mathjs: math.version,
          quick: QUICK,
          pretouch: PRETOUCH,
          elements: N,
          rows: R,
          classes: C,
          mathjsScale: MJ_SCALE,
          reps: REPS,
          results,
          missTarget: missTarget.map((r) => r.name),
          notAheadOfTfjs: notAhead.map((r) => r.name),
          sink,
        },
        null,
        2,
      ) + "\n",
    );
    console.log(`wrote ${JSON_FILE}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
