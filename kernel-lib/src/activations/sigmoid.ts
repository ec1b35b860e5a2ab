import { defineActivation } from "./activation";
import { sigmoidDerivativeScalar, sigmoidScalar } from "../core/numerics";

/** σ(z) = 1 / (1 + e^(−z)), exact to a few ulp for every z, including σ(−800) ≈ 3.7e-348, which rounds to 0, and σ(800), which rounds to 1. */
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
