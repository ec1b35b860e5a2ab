// One row of the table per operation. kl/naive/mathjs/tf: the timed calls on a data set d (data.mjs);
// rows: true for operations on the batch of rows; check(d): kernel-lib and naive per element (or per row),
// for the tail probe, when the timed calls return a reduced loss.
import { K, math, tf } from "./libraries.mjs";
import { SLOPE } from "./options.mjs";
import { arr, arr2, mBce, mLog, mLogSumExp, mSigmoid, mSoftmax } from "./mathjs.mjs";
import {
  bceLogitTerm,
  bceTerm,
  eachPair,
  eachRow,
  hingeTerm,
  naiveBce,
  naiveBceFromLogits,
  naiveBceLogitsGradient,
  naiveCce,
  naiveCceFromLogits,
  naiveCceLogitsGradient,
  naiveCceLogitsRow,
  naiveCceRow,
  naiveHinge,
  naiveLeakyRelu,
  naiveLogSoftmax,
  naiveMae,
  naiveMse,
  naiveMseGradient,
  naiveRelu,
  naiveSigmoid,
  naiveSigmoidDerivative,
  naiveSoftmax,
  naiveTanh,
  naiveTanhDerivative,
} from "./naive.mjs";
import {
  rowsOf,
  t1d,
  t2d,
  tfBceLogitsGradient,
  tfCceLogitsGradient,
  tfMseGradient,
  tfRun,
  tfSigmoidGrad,
  tfTanhGrad,
} from "./tfjs.mjs";

/** Classes per row of a data set. */
const width = (d) => d.Z[0].length;

export const ROWS = [
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
    tf: (d) => rowsOf(tfRun(() => tf.softmax(t2d(d.Z)).dataSync()), width(d)),
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
    tf: (d) => rowsOf(tfRun(() => tf.logSoftmax(t2d(d.Z)).dataSync()), width(d)),
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
      tfRun(() => tfBceLogitsGradient(t1d(d.y01), t1d(d.z)).dataSync()),
  },
  {
    name: "grad categoricalCrossEntropyFromLogits",
    rows: true,
    kl: (d) => K.categoricalCrossEntropyFromLogits.gradient(d.Y, d.Z),
    naive: (d) => naiveCceLogitsGradient(d.Y, d.Z),
    mathjs: (d) => math.dotDivide(math.subtract(mSoftmax(arr2(d.Z)), arr2(d.Y)), d.Z.length),
    tf: (d) =>
      rowsOf(
        tfRun(() => tfCceLogitsGradient(t2d(d.Y), t2d(d.Z)).dataSync()),
        width(d),
      ),
  },
  {
    name: "grad meanSquaredError",
    kl: (d) => K.meanSquaredError.gradient(d.target, d.z),
    naive: (d) => naiveMseGradient(d.target, d.z),
    mathjs: (d) => math.multiply(math.subtract(arr(d.z), arr(d.target)), 2 / (d.z.length)),
    tf: (d) =>
      tfRun(() => tfMseGradient(t1d(d.target), t1d(d.z)).dataSync()),
  },
];
