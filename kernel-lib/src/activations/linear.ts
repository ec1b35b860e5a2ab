import { defineActivation } from "./activation";

// 1 everywhere, but NaN stays NaN (z === z is false only for NaN).
const derivative = (z: number) => (z === z ? 1 : z);

/**
 * linear(z) = z, the identity: the output activation for regression (paired with meanSquaredError).
 *
 * Syntax:
 *   linear(z)                a number gives the same number
 *   linear([z1, z2, …])      an array or typed array gives a new Float64Array (a copy)
 *   linear.derivative(z)     1 (NaN stays NaN)
 *
 * @example
 *   linear(-2.5);             // -2.5
 *   linear.derivative([3, -1]); // Float64Array [1, 1]
 *
 * See also: meanSquaredError, relu, activations
 */
export const linear = defineActivation({
  value: (z) => z,
  derivative,
  valueLoop: (z, out) => out.set(z),
  derivativeLoop: (z, out) => {
    for (let i = 0; i < z.length; i++) out[i] = derivative(z[i]);
  },
  info: {
    id: "linear",
    title: "Linear (identity)",
    expression: "z",
    derivativeExpression: "1",
    range: "(-∞, ∞)",
    typicalUse: "Output layer for regression",
    layers: ["output"],
    pros: ["Unbounded output for continuous targets", "Pairs with MSE to give the gradient ŷ − y (up to scale)"],
    cons: ["In hidden layers it adds no power: stacked linear layers collapse to one"],
  },
});
