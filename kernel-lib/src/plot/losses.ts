import { baseLayout, forPlot, linspace, type Figure } from "./figure";

export interface LossCurve {
  name: string;
  /** The loss of one example as a function of the prediction. */
  loss: (prediction: number) => number;
}

/**
 * Loss against the prediction for a fixed target: the picture of "punishes confident wrong predictions".
 * Infinite values (BCE at p = 0 for y = 1) are left as gaps, and `yMax` clips the axis so they do not
 * flatten the rest of the chart.
 */
export function plotLossCurves(
  curves: readonly LossCurve[],
  options: { range: [number, number]; points?: number; title?: string; xTitle?: string; yMax?: number },
): Figure {
  const xs = linspace(options.range[0], options.range[1], options.points ?? 241);
  const layout = baseLayout(options.title ?? "Loss against prediction", options.xTitle ?? "prediction", "loss");
  if (options.yMax !== undefined) layout.yaxis = { ...layout.yaxis, range: [0, options.yMax] };
  return {
    data: curves.map((c) => {
      const ys = new Float64Array(xs.length);
      for (let i = 0; i < xs.length; i++) ys[i] = c.loss(xs[i]);
      return { type: "scatter", mode: "lines", name: c.name, x: forPlot(xs), y: forPlot(ys) };
    }),
    layout,
  };
}

/** Loss per epoch (or step) for one or more training runs. */
export function plotTrainingCurves(
  runs: readonly { name: string; losses: ArrayLike<number> }[],
  options: { title?: string; logY?: boolean; xTitle?: string } = {},
): Figure {
  const layout = baseLayout(options.title ?? "Training loss", options.xTitle ?? "epoch", "loss");
  if (options.logY) layout.yaxis = { ...layout.yaxis, type: "log", exponentformat: "power" };
  return {
    data: runs.map((r) => ({
      type: "scatter",
      mode: "lines",
      name: r.name,
      x: Array.from({ length: r.losses.length }, (_, i) => i + 1),
      y: forPlot(r.losses),
    })),
    layout,
  };
}
