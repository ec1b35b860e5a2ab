// Row helpers shared by softmax, log-softmax and the categorical losses from logits. They live in core/
// (the leaf layer) so that a loss never imports an activation's internals.
import { expOfDifference } from "./numerics";
import { inputError } from "./errors";

/**
 * Everything softmax and log-softmax need from one row: its maximum m, the index k of (the first) maximum,
 * and s = Σ_{j≠k} e^(z_j − m). The max-subtraction keeps every exponent ≤ 0 (no overflow at z = 1000);
 * leaving the k-th term (exactly 1) out of s lets log-softmax use log1p(s) and stay exact when s is tiny.
 */
export interface RowSummary {
  max: number;
  argmax: number;
  rest: number;
}

/**
 * Index of the (first) largest entry; a RangeError if there is no finite maximum, NaN rows pass (they give
 * NaN results). Max-subtraction against it keeps every exponent ≤ 0: no overflow at z = 1000.
 */
export function rowArgmax(fn: string, name: string, z: Float64Array): number {
  let argmax = 0;
  for (let i = 1; i < z.length; i++) if (z[i] > z[argmax]) argmax = i;
  const max = z[argmax];
  if (!(max < Infinity && max > -Infinity) && !z.some(Number.isNaN)) {
    throw inputError(RangeError,
      `${fn}: ${name} contains ${max === Infinity ? "+Infinity" : "only -Infinity"}; softmax needs finite logits (at least one)`,
    );
  }
  return argmax;
}

/** The RowSummary of one row (see above); `fn` and `name` name the row in errors. */
export function summarizeRow(fn: string, name: string, z: Float64Array): RowSummary {
  const argmax = rowArgmax(fn, name, z);
  const max = z[argmax];
  let rest = 0;
  for (let i = 0; i < z.length; i++) if (i !== argmax) rest += expOfDifference(z[i], max);
  return { max, argmax, rest };
}

/**
 * e^(z_i − m) into `out` for i ≠ k (1 at the maximum k); returns their sum without the k-th term, `rest`.
 * The exponentials are computed once and reused by the caller.
 */
export function shiftedExponentials(z: Float64Array, argmax: number, out: Float64Array): number {
  const max = z[argmax];
  if (max !== max) {
    // A NaN maximum (a NaN first entry) would otherwise leave out[k] = 1; NaN anywhere makes the row NaN.
    out.fill(NaN);
    return NaN;
  }
  let rest = 0;
  for (let i = 0; i < z.length; i++) {
    if (i === argmax) {
      out[i] = 1;
    } else {
      const e = expOfDifference(z[i], max);
      out[i] = e;
      rest += e;
    }
  }
  return rest;
}
