import { toFloat64, type Vector } from "../core/validate";
import { expressionToLatex } from "../core/formula";

/** A function applied to each element: a number gives a number, an array gives a new Float64Array. */
export interface ElementwiseFunction {
  (z: number): number;
  (z: Vector): Float64Array;
}

/** Where an activation is typically used. */
export type LayerRole = "hidden" | "output";

/** What the lessons and the cheat sheet display about an activation. */
export interface ActivationInfo {
  /** The identifier used in code, e.g. "leakyRelu". */
  readonly id: string;
  /** The name a lesson prints, e.g. "Leaky ReLU". */
  readonly title: string;
  /** The function as a mathjs expression in z: the single source of the formula shown and differentiated. */
  readonly expression: string;
  /** The hand-written derivative as a mathjs expression; `sigma(z)` stands for the sigmoid. */
  readonly derivativeExpression: string;
  /** Output range in interval notation, e.g. "(0, 1)". */
  readonly range: string;
  /** Where it is typically used, as in the course notes' cheat sheet. */
  readonly typicalUse: string;
  readonly layers: readonly LayerRole[];
  readonly pros: readonly string[];
  readonly cons: readonly string[];
  /** How the derivative is defined where the function has a kink, if it has one. */
  readonly kinkConvention?: string;
}

/**
 * An elementwise activation: call it on a number or an array, `.derivative` has the same shapes, `.info`
 * holds what the lessons display, `.latex` and `.derivativeLatex` its formulas (produced by mathjs).
 */
export interface Activation extends ElementwiseFunction {
  readonly derivative: ElementwiseFunction;
  readonly info: ActivationInfo;
  /** LaTeX of `info.expression`, produced by mathjs. */
  readonly latex: string;
  /** LaTeX of `info.derivativeExpression`, produced by mathjs. */
  readonly derivativeLatex: string;
}

/** Applies a scalar function to every element of `z`, writing into `out`. */
export type ArrayLoop = (z: Float64Array, out: Float64Array) => void;

/**
 * Wraps a scalar function and its array loop as an ElementwiseFunction. Activations accept NaN and ±Infinity:
 * NaN propagates (IEEE 754), infinities give the limits. Anything that is not a number is a TypeError naming `z`.
 */
export function elementwise(fnName: string, scalar: (z: number) => number, loop: ArrayLoop): ElementwiseFunction {
  function apply(z: number): number;
  function apply(z: Vector): Float64Array;
  function apply(z: number | Vector): number | Float64Array {
    if (typeof z === "number") return scalar(z);
    const x = toFloat64(fnName, "z", z, { allowEmpty: true });
    const out = new Float64Array(x.length);
    loop(x, out);
    return out;
  }
  Object.defineProperty(apply, "name", { value: fnName });
  return apply;
}

/**
 * Builds an Activation from its scalar function, derivative, array loops and info (docs/extending.md shows
 * how to add one). The LaTeX is produced from `info.expression` on first use.
 */
export function defineActivation(spec: {
  info: ActivationInfo;
  value: (z: number) => number;
  derivative: (z: number) => number;
  /**
   * The array loops are written out in each activation's file rather than shared: a shared loop calling
   * `value(z[i])` sees every activation at that one call site, V8 stops inlining it, and arrays got ~2×
   * slower than a plain loop once a notebook had used a few activations.
   */
  valueLoop: ArrayLoop;
  derivativeLoop: ArrayLoop;
}): Activation {
  const { info } = spec;
  const f = elementwise(info.id, spec.value, spec.valueLoop) as Activation;
  const derivative = elementwise(`${info.id}.derivative`, spec.derivative, spec.derivativeLoop);
  let latex: string | undefined;
  let derivativeLatex: string | undefined;
  Object.defineProperties(f, {
    derivative: { value: derivative, enumerable: true },
    info: { value: Object.freeze(info), enumerable: true },
    latex: { get: () => (latex ??= expressionToLatex(info.expression)), enumerable: true },
    derivativeLatex: { get: () => (derivativeLatex ??= expressionToLatex(info.derivativeExpression)), enumerable: true },
  });
  return f;
}
