import { defineActivation, type Activation } from "./activation";
import { requireFinite } from "../core/validate";
import { inputError } from "../core/errors";

/** An Activation with the slope it uses for z ≤ 0, and a way to make one with another slope. */
export interface LeakyRelu extends Activation {
  /** The slope used for z ≤ 0. */
  readonly slope: number;
  /** A leaky ReLU with another slope for z ≤ 0, e.g. `leakyRelu.withSlope(0.2)`. */
  withSlope(slope: number): LeakyRelu;
}

function makeLeakyRelu(slope: number): LeakyRelu {
  requireFinite("leakyRelu.withSlope", "slope", slope);
  if (slope < 0) throw inputError(RangeError, `leakyRelu.withSlope: slope must be ≥ 0, got ${slope}`);
  // withSlope(0) at z = −∞: 0·(−∞) is NaN in IEEE 754, but the limit of 0·z is 0 (as relu(−∞) = 0).
  const value = (z: number) => (z > 0 ? z : slope === 0 && z === -Infinity ? 0 : slope * z);
  const derivative = (z: number) => (z > 0 ? 1 : z === z ? slope : z);
  const f = defineActivation({
    value,
    derivative,
    valueLoop: (z, out) => {
      for (let i = 0; i < z.length; i++) out[i] = value(z[i]);
    },
    derivativeLoop: (z, out) => {
      for (let i = 0; i < z.length; i++) out[i] = derivative(z[i]);
    },
    info: {
      id: "leakyRelu",
      title: slope === 0.01 ? "Leaky ReLU" : `Leaky ReLU (slope ${slope})`,
      expression: `z > 0 ? z : ${slope} * z`,
      derivativeExpression: `z > 0 ? 1 : ${slope}`,
      range: slope > 0 ? "(-∞, ∞)" : "[0, ∞)",
      typicalUse: "Hidden layers of deep networks where some negative activation is wanted",
      layers: ["hidden"],
      pros: ["No dead neurons: gradient is the slope, not 0, for z < 0", "As cheap as ReLU"],
      cons: ["One more hyperparameter (the slope)", "Not differentiable at 0"],
      kinkConvention: `The derivative at z = 0 is taken to be the slope (${slope}), matching the course notes' "z ≤ 0" case.`,
    },
  }) as LeakyRelu;
  Object.defineProperties(f, {
    slope: { value: slope, enumerable: true },
    withSlope: { value: makeLeakyRelu },
  });
  return f;
}

/**
 * Leaky ReLU: f(z) = z for z > 0 and slope·z otherwise (slope 0.01), so a unit with negative input still
 * gets a gradient and cannot "die" as a ReLU unit can.
 *
 * Syntax:
 *   leakyRelu(z)                  a number gives a number
 *   leakyRelu([z1, z2, …])        an array or typed array gives a new Float64Array
 *   leakyRelu.derivative(z)       1 for z > 0, the slope for z ≤ 0 (the slope at the kink: info.kinkConvention)
 *   leakyRelu.withSlope(a)        the same function with slope a ≥ 0
 *
 * @example
 *   leakyRelu(-2);                      // -0.02
 *   leakyRelu.withSlope(0.2)(-2);       // -0.4
 *   leakyRelu.derivative([-1, 0, 2]);   // Float64Array [0.01, 0.01, 1]
 *
 * See also: relu, activations
 */
export const leakyRelu: LeakyRelu = makeLeakyRelu(0.01);
