// Idiomatic mathjs 15: elementwise arithmetic with add/subtract/dotMultiply/dotDivide/dotPow, and
// map(M, fn) for scalar functions (exp, log, tanh no longer apply to matrices). Plain arrays in, so the
// conversion from Float64Array is part of the call.
import { math } from "./libraries.mjs";

export const arr = (v) => Array.from(v);
export const arr2 = (rows) => rows.map((r) => Array.from(r));
export const mLog = (x) => math.log(x);
export const mSigmoid = (z) => math.dotDivide(1, math.add(1, math.map(math.unaryMinus(z), math.exp)));
export const mBce = (y, p) =>
  math.unaryMinus(
    math.mean(
      math.add(math.dotMultiply(y, math.map(p, mLog)), math.dotMultiply(math.subtract(1, y), math.map(math.subtract(1, p), mLog))),
    ),
  );
export const mSoftmax = (Z) => {
  const E = math.map(Z, math.exp);
  return math.dotDivide(E, math.reshape(math.sum(E, 1), [Z.length, 1]));
};
export const mLogSumExp = (Z) => math.reshape(math.map(math.sum(math.map(Z, math.exp), 1), mLog), [Z.length, 1]);
