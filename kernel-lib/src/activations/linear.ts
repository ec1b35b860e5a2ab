import { defineActivation } from "./activation";

/** f(z) = z: the output activation for regression. */
const derivative = (z: number) => (z === z ? 1 : z);

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
