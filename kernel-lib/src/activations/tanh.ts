import { defineActivation } from "./activation";
import { tanhDerivativeScalar } from "../core/numerics";

/**
 * The hyperbolic tangent tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z)) = 2σ(2z) − 1: a zero-centred squashing
 * function with range (−1, 1), for hidden layers.
 *
 * Syntax:
 *   tanh(z)                    a number gives a number
 *   tanh([z1, z2, …])          an array or typed array gives a new Float64Array
 *   tanh.derivative(z)         1 − tanh²(z) = sech²(z), computed without cancellation in the tails
 *
 * @example
 *   tanh(0.5);                 // 0.46211715726000974
 *   tanh.derivative(20);       // 1.6993417021166355e-17 (1 − tanh² would give 0)
 *
 * See also: sigmoid, relu, activations
 */
export const tanh = defineActivation({
  value: Math.tanh,
  derivative: tanhDerivativeScalar,
  valueLoop: (z, out) => {
    for (let i = 0; i < z.length; i++) out[i] = Math.tanh(z[i]);
  },
  derivativeLoop: (z, out) => {
    for (let i = 0; i < z.length; i++) out[i] = tanhDerivativeScalar(z[i]);
  },
  info: {
    id: "tanh",
    title: "Tanh",
    expression: "(exp(z) - exp(-z)) / (exp(z) + exp(-z))",
    derivativeExpression: "1 - tanh(z)^2",
    range: "(-1, 1)",
    typicalUse: "Hidden layers of small or older networks (classic RNNs)",
    layers: ["hidden"],
    pros: ["Zero-centred outputs", "Smooth; derivative 1 at z = 0, four times sigmoid's"],
    cons: ["Still saturates: tanh′(z) vanishes for large |z|"],
  },
});
