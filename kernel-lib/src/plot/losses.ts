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

/** Share of the epochs' span left empty at each end of the x axis. */
const EPOCH_AIR = 0.02;

/** Loss per epoch (or step) for one or more training runs. */
export function plotTrainingCurves(
  runs: readonly { name: string; losses: ArrayLike<number> }[],
  options: { title?: string; logY?: boolean; xTitle?: string } = {},
): Figure {
  const layout = baseLayout(options.title ?? "Training loss", options.xTitle ?? "epoch", "loss");
  if (options.logY) layout.yaxis = { ...layout.yaxis, type: "log", exponentformat: "power" };
  // Air before the first epoch and after the last: Plotly puts them on the plot's edges, where the first
  // epochs' movement (lesson 01's spike at epoch 2) was squeezed against the y axis and half cut off.
  const epochs = Math.max(0, ...runs.map((r) => r.losses.length));
  if (epochs > 1) {
    const air = EPOCH_AIR * (epochs - 1);
    layout.xaxis = { ...layout.xaxis, range: [Number((1 - air).toPrecision(6)), Number((epochs + air).toPrecision(6))], autorange: false };
  }
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
