import { defineActivation } from "./activation";

/** ReLU(z) = max(0, z). Its derivative at the kink z = 0 is taken to be 0, as in the seed and in PyTorch. */
const value = (z: number) => (z > 0 ? z : z === z ? 0 : z);
const derivative = (z: number) => (z > 0 ? 1 : z === z ? 0 : z);

export const relu = defineActivation({
  value,
  derivative,
  valueLoop: (z, out) => {
    for (let i = 0; i < z.length; i++) out[i] = value(z[i]);
  },
  derivativeLoop: (z, out) => {
    for (let i = 0; i < z.length; i++) out[i] = derivative(z[i]);
  },
  info: {
    id: "relu",
    title: "ReLU",
    expression: "max(0, z)",
    derivativeExpression: "z > 0 ? 1 : 0",
    range: "[0, ∞)",
    typicalUse: "Hidden layers of most modern networks",
    layers: ["hidden"],
    pros: ["Cheap: one comparison", "Gradient 1 for z > 0, so it does not vanish through depth"],
    cons: ["Dead neurons: gradient 0 for z < 0, a unit stuck there stops learning", "Not differentiable at 0"],
    kinkConvention: "ReLU′(0) is undefined mathematically (left slope 0, right slope 1); kernel-lib uses 0, as the seed and PyTorch do.",
  },
});
