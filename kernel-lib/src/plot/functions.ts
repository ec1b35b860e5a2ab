import { baseLayout, forPlot, linspace, type Figure, type Trace } from "./figure";
import type { Activation } from "../activations/activation";

export interface NamedFunction {
  name: string;
  f: (x: number) => number;
  /** Line style; default: the next in the template's cycle (solid, dash, dot, …). */
  dash?: "solid" | "dash" | "dot" | "dashdot" | "longdash" | "longdashdot";
}

export interface RangeOptions {
  /** [start, stop] of the x axis. */
  range?: [number, number];
  /** Number of sample points. */
  points?: number;
  title?: string;
  xTitle?: string;
  yTitle?: string;
}

function sampled(fn: NamedFunction, xs: Float64Array): Trace {
  const ys = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) ys[i] = fn.f(xs[i]);
  // No dash unless asked: the template gives each curve its own colour and dash style in turn.
  return { type: "scatter", mode: "lines", name: fn.name, x: forPlot(xs), y: forPlot(ys), ...(fn.dash ? { line: { dash: fn.dash } } : {}) };
}

/** Any functions of one variable on a common range: the building block of the other charts. */
export function plotFunctions(functions: readonly NamedFunction[], options: RangeOptions = {}): Figure {
  const [start, stop] = options.range ?? [-6, 6];
  const xs = linspace(start, stop, options.points ?? 241);
  return {
    data: functions.map((fn) => sampled(fn, xs)),
    layout: baseLayout(options.title ?? "Functions", options.xTitle ?? "z", options.yTitle ?? "value"),
  };
}

/** An activation and its derivative over a range. */
export function plotActivation(activation: Activation, options: RangeOptions = {}): Figure {
  const title = activation.info.title;
  return plotFunctions(
    [
      { name: `${title}(z)`, f: (z) => activation(z), dash: "solid" },
      { name: `${title}′(z)`, f: (z) => activation.derivative(z), dash: "dash" },
    ],
    { title: `${title} and its derivative`, yTitle: "value", ...options },
  );
}

/** Several activations (or their derivatives) on one chart. */
export function compareActivations(
  list: readonly Activation[],
  options: RangeOptions & { derivative?: boolean } = {},
): Figure {
  const which = options.derivative ? "derivatives" : "functions";
  return plotFunctions(
    list.map((a) => ({
      name: options.derivative ? `${a.info.title}′` : a.info.title,
      f: options.derivative ? (z: number) => a.derivative(z) : (z: number) => a(z),
    })),
    { title: `Activation ${which} compared`, yTitle: options.derivative ? "derivative" : "activation", ...options },
  );
}

/** Lines through given points, e.g. a gradient factor against depth; `logY` for a logarithmic y axis. */
export function plotSeries(
  series: readonly { name: string; x: ArrayLike<number>; y: ArrayLike<number>; mode?: "lines" | "markers" | "lines+markers" }[],
  options: { title: string; xTitle: string; yTitle: string; logY?: boolean },
): Figure {
  const layout = baseLayout(options.title, options.xTitle, options.yTitle);
  if (options.logY) layout.yaxis = { ...layout.yaxis, type: "log", exponentformat: "power" };
  return {
    data: series.map((s) => ({ type: "scatter", mode: s.mode ?? "lines+markers", name: s.name, x: forPlot(s.x), y: forPlot(s.y) })),
    layout,
  };
}
