import { defineActivation } from "./activation";

// NaN stays NaN (z === z is false only for NaN): `z > 0 ? z : 0` would turn it into 0.
const value = (z: number) => (z > 0 ? z : z === z ? 0 : z);
const derivative = (z: number) => (z > 0 ? 1 : z === z ? 0 : z);

/**
 * ReLU(z) = max(0, z), the rectified linear unit: the default hidden-layer activation.
 *
 * Syntax:
 *   relu(z)                  a number gives a number
 *   relu([z1, z2, …])        an array or typed array gives a new Float64Array
 *   relu.derivative(z)       1 for z > 0, 0 for z ≤ 0 (0 at the kink, as PyTorch does: relu.info.kinkConvention)
 *
 * @example
 *   relu(-2);                 // 0
 *   relu([-1, 0, 3]);         // Float64Array [0, 0, 3]
 *   relu.derivative([-1, 3]); // Float64Array [0, 1]
 *
 * See also: leakyRelu, sigmoid, tanh, activations
 */
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
    cons: ["Dead neurons: gradient 0 for z < 0, a unit stuck there stops learning", "Not differentiable at 0", "Not zero-centred: outputs are ≥ 0"],
    kinkConvention: "ReLU′(0) is undefined mathematically (left slope 0, right slope 1); kernel-lib uses 0, as the course notes and PyTorch do.",
  },
});
