import { defineActivation } from "./activation";

/** f(z) = z: the output activation for regression. */
export const linear = defineActivation({
  value: (z) => z,
  derivative: (z) => (z === z ? 1 : z),
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
