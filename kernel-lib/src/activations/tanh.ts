import { defineActivation } from "./activation";
import { tanhDerivativeScalar } from "../core/numerics";

/** tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z)) = 2σ(2z) − 1, exactly. */
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
