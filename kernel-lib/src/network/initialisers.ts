import type { Random } from "../core/rng";
import { describe } from "../core/validate";
import { inputError } from "../core/errors";

/**
 * How a network draws its initial weights (biases always start at 0):
 * - "naive": N(0, 1), standard deviation 1 whatever the layer's size — what "random weights" means before
 *   anyone thinks about scale; each layer multiplies the spread of its inputs by about √fan-in.
 * - "xavier" (Glorot & Bengio 2010, normal): N(0, 2/(fan-in + fan-out)), keeps the variance of signals and
 *   gradients about constant through layers whose activation has slope 1 near 0 (tanh, linear).
 * - "xavier-uniform": U(−r, r) with r = √(6/(fan-in + fan-out)): the same variance 2/(fan-in + fan-out).
 * - "he" (He et al. 2015, normal): N(0, 2/fan-in), for ReLU, which zeroes half its inputs and so halves the
 *   variance; the default, and what every network drew before initialisers could be chosen.
 * - { standardDeviation: s }: N(0, s²), a fixed scale, for experiments.
 */
export type Initialiser = "naive" | "xavier" | "xavier-uniform" | "he" | { readonly standardDeviation: number };

export const INITIALISERS = ["naive", "xavier", "xavier-uniform", "he"] as const;

/** Throws unless `init` is an Initialiser; `fn` and `name` say whose argument it is. */
export function requireInitialiser(fn: string, name: string, init: unknown): Initialiser {
  if ((INITIALISERS as readonly unknown[]).includes(init)) return init as Initialiser;
  if (typeof init === "object" && init !== null && "standardDeviation" in init) {
    const s = (init as { standardDeviation: unknown }).standardDeviation;
    if (typeof s === "number" && Number.isFinite(s) && s > 0) return init as Initialiser;
    throw inputError(RangeError, `${fn}: ${name}.standardDeviation must be a finite number > 0, got ${describe(s)}`);
  }
  throw inputError(RangeError, `${fn}: ${name} must be one of ${INITIALISERS.map((i) => `"${i}"`).join(", ")} or { standardDeviation: s }, got ${describe(init)}`);
}

function requireFan(fn: string, name: string, value: unknown): number {
  if (!Number.isInteger(value) || (value as number) < 1) throw inputError(RangeError, `${fn}: ${name} must be a whole number ≥ 1, got ${describe(value)}`);
  return value as number;
}

/**
 * The standard deviation of a layer's initial weights under `init`, for a layer with `fanIn` inputs and
 * `fanOut` units, e.g. initStandardDeviation("he", 32, 32) = √(2/32) = 0.25.
 * See also: Initialiser, createNetwork's `init`.
 */
export function initStandardDeviation(init: Initialiser, fanIn: number, fanOut: number): number {
  const fn = "initStandardDeviation";
  requireInitialiser(fn, "init", init);
  requireFan(fn, "fanIn", fanIn);
  requireFan(fn, "fanOut", fanOut);
  if (typeof init === "object") return init.standardDeviation;
  switch (init) {
    case "naive":
      return 1;
    case "he":
      return Math.sqrt(2 / fanIn);
    default:
      return Math.sqrt(2 / (fanIn + fanOut));
  }
}

/** One layer's weights, a row per unit, drawn from `random` (rows in order, entries in order). */
export function drawWeights(random: Random, init: Initialiser, fanIn: number, fanOut: number): Float64Array[] {
  const scale = initStandardDeviation(init, fanIn, fanOut);
  if (init === "xavier-uniform") {
    // Var(U(−r, r)) = r²/3, so r = √3·σ gives the Glorot variance.
    const r = Math.sqrt(6 / (fanIn + fanOut));
    return Array.from({ length: fanOut }, () => Float64Array.from({ length: fanIn }, () => random.uniformBetween(-r, r)));
  }
  return Array.from({ length: fanOut }, () => random.normals(fanIn, 0, scale));
}
