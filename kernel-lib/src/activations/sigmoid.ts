import { defineActivation } from "./activation";
import { sigmoidDerivativeScalar, sigmoidScalar } from "../core/numerics";

/**
 * The sigmoid (logistic) function σ(z) = 1 / (1 + e^(−z)): squashes any logit into (0, 1), so an output
 * reads as a probability. Exact to a few ulp for every z, with no overflow: σ(−800) ≈ 3.7e-348 rounds to 0
 * and σ(800) to 1, where the textbook formula overflows e^800.
 *
 * Syntax:
 *   sigmoid(z)                 a number gives a number
 *   sigmoid([z1, z2, …])       an array or typed array gives a new Float64Array
 *   sigmoid.derivative(z)      σ′(z) = σ(z)·(1 − σ(z)), computed without the cancellation of 1 − σ(z)
 *   sigmoid.info, sigmoid.latex, sigmoid.derivativeLatex   what the lessons display
 *
 * @example
 *   sigmoid(2);                // 0.8807970779778823
 *   sigmoid([-800, 0, 800]);   // Float64Array [0, 0.5, 1]
 *   sigmoid.derivative(40);    // 4.248354255291589e-18 (σ(1 − σ) would give 0)
 *
 * See also: softmax, tanh, binaryCrossEntropyFromLogits, activations
 */
export const sigmoid = defineActivation({
  value: sigmoidScalar,
  derivative: sigmoidDerivativeScalar,
  valueLoop: (z, out) => {
    for (let i = 0; i < z.length; i++) out[i] = sigmoidScalar(z[i]);
  },
  derivativeLoop: (z, out) => {
    for (let i = 0; i < z.length; i++) out[i] = sigmoidDerivativeScalar(z[i]);
  },
  info: {
    id: "sigmoid",
    title: "Sigmoid",
    expression: "1 / (1 + exp(-z))",
    derivativeExpression: "sigma(z) * (1 - sigma(z))",
    range: "(0, 1)",
    typicalUse: "Output layer for binary classification (one neuron) and multi-label outputs (one per label)",
    layers: ["output"],
    pros: ["Output reads as a probability", "Smooth everywhere"],
    cons: ["Saturates for large |z|: σ′(z) ≤ 0.25 and vanishes in the tails", "Not zero-centred"],
  },
});
