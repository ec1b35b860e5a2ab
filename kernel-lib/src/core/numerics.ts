/**
 * Numerically stable building blocks. Each one avoids a specific failure of the textbook formula;
 * the comment says which.
 */

/**
 * σ(z) = 1 / (1 + e^(−z)). For z < −709.78 the textbook form overflows e^(−z) to ∞ and returns 0, although
 * σ(z) is still a representable (subnormal) number down to z ≈ −745; e^z / (1 + e^z) has no overflow.
 */
export function sigmoidScalar(z: number): number {
  // Both forms in one expression, chosen by arithmetic instead of a branch: with logits of random sign a
  // branch is mispredicted half the time. z ≥ 0 gives 1/(1 + e^(−z)), z < 0 gives e^z/(1 + e^z), bit for bit.
  const e = Math.exp(-Math.abs(z));
  const positive = +(z >= 0);
  return (positive + (1 - positive) * e) / (1 + e);
}

/**
 * σ′(z) = σ(z)·σ(−z) = e^(−|z|) / (1 + e^(−|z|))². The course notes' σ(z)(1 − σ(z)) rounds 1 − σ(z) to 0 once
 * σ(z) rounds to 1 (z ≳ 37), returning 0 where the true value is 4.25e-18 at z = 40.
 */
export function sigmoidDerivativeScalar(z: number): number {
  const e = Math.exp(-Math.abs(z));
  const d = 1 + e;
  return e / (d * d);
}

/**
 * tanh′(z) = 1 − tanh²(z) = sech²(z) = 4e^(−2|z|) / (1 + e^(−2|z|))². The textbook form cancels to 0 for
 * |z| ≳ 19 (tanh(z) rounds to ±1); this form has no subtraction at all.
 */
export function tanhDerivativeScalar(z: number): number {
  const e = Math.exp(-2 * Math.abs(z));
  const d = 1 + e;
  return (4 * e) / (d * d);
}

/**
 * e^(a − b) where a − b is not exactly representable: TwoSum gives the rounding error `err` of
 * d = fl(a − b), and e^(d + err) ≈ e^d · (1 + err). Without it, softmax of logits that differ by
 * hundreds carries the rounding of the difference (up to ~|d|·2⁻⁵³ relative) into the result.
 */
export function expOfDifference(a: number, b: number): number {
  const c = -b;
  const d = a + c;
  // e^(−∞) = 0; the error terms below would be ∞ − ∞ = NaN.
  if (d === -Infinity) return 0;
  const cPart = d - a;
  const err = a - (d - cPart) + (c - cPart);
  const e = Math.exp(d);
  return e + e * err;
}
