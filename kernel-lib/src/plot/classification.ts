import { baseLayout, forPlot, linspace, NEUTRAL_TEXT, PALETTE, type Figure } from "./figure";
import { sigmoidScalar } from "../core/numerics";
import { softmax } from "../activations/softmax";
import { inputError } from "../core/errors";

export interface LabelledPoint {
  x: number;
  y: number;
  label: number | string;
}

const MARKERS = ["circle", "x", "square", "diamond", "triangle-up", "cross"];

/** A number with a typographic minus sign (−3, not -3). */
function signed(value: number): string {
  return value < 0 ? `−${Math.abs(value)}` : String(value);
}

/** `z₁ − 3` for 3, `z₁ + 3` for −3, `z₁` for 0: a difference written the way a reader would. */
function minus(variable: string, value: number): string {
  if (value === 0) return variable;
  return `${variable} ${value < 0 ? "+" : "−"} ${Math.abs(value)}`;
}

/**
 * A 2-D decision boundary: `predict(x, y)` (e.g. a probability) as a heat map with its 0.5 contour,
 * and the training points on top, one marker colour per label.
 */
export function plotDecisionBoundary(
  predict: (x: number, y: number) => number,
  points: readonly LabelledPoint[],
  options: { xRange?: [number, number]; yRange?: [number, number]; resolution?: number; title?: string; level?: number } = {},
): Figure {
  const [x0, x1] = options.xRange ?? [-0.5, 1.5];
  const [y0, y1] = options.yRange ?? [-0.5, 1.5];
  const n = options.resolution ?? 61;
  const xs = linspace(x0, x1, n);
  const ys = linspace(y0, y1, n);
  const z = Array.from(ys, (y) => forPlot(Array.from(xs, (x) => predict(x, y))));
  const level = options.level ?? 0.5;
  const labels = [...new Set(points.map((p) => p.label))];
  return {
    data: [
      { type: "heatmap", name: "prediction", x: forPlot(xs), y: forPlot(ys), z, colorscale: "RdBu", reversescale: true, zmin: 0, zmax: 1, opacity: 0.75, colorbar: { title: { text: "p" } } },
      {
        type: "contour",
        name: `boundary (p = ${level})`,
        x: forPlot(xs),
        y: forPlot(ys),
        z,
        showscale: false,
        contours: { start: level, end: level, size: 1, coloring: "none" },
        // The template's neutral grey, not black: the line doubles as the legend entry, and black on the dark
        // theme's background is invisible; the grey reads on both themes and on the map's pale middle (p ≈ 0.5).
        line: { width: 3, color: NEUTRAL_TEXT },
      },
      ...labels.map((label, i) => {
        const mine = points.filter((p) => p.label === label);
        return {
          type: "scatter",
          mode: "markers",
          name: `label ${label}`,
          x: mine.map((p) => p.x),
          y: mine.map((p) => p.y),
          // A shape per label as well as a colour, so labels stay apart without colour vision.
          marker: { size: 12, symbol: MARKERS[i % MARKERS.length], color: PALETTE[i % PALETTE.length], line: { width: 2, color: "white" } },
        };
      }),
    ],
    layout: baseLayout(options.title ?? "Decision boundary", "x₁", "x₂", { height: 460 }),
  };
}

/**
 * Sigmoid against two-class softmax over a range of logit differences: softmax([z₁, z₂])₁ lies exactly on
 * σ(z₁ − z₂), while σ(z₁) alone (the "one neuron" reading) is a different curve.
 */
export function plotSoftmaxVsSigmoid(options: { range?: [number, number]; secondLogit?: number; points?: number } = {}): Figure {
  const [start, stop] = options.range ?? [-6, 6];
  const z2 = options.secondLogit ?? 1;
  if (!Number.isFinite(z2)) throw inputError(RangeError, `plotSoftmaxVsSigmoid: secondLogit must be a finite number, got ${z2}`);
  const shown = signed(z2);
  const xs = linspace(start, stop, options.points ?? 241);
  const softmaxFirst = Array.from(xs, (z1) => softmax([z1, z2])[0]);
  return {
    data: [
      { type: "scatter", mode: "lines", name: "σ(z₁)", x: forPlot(xs), y: forPlot(Array.from(xs, sigmoidScalar)) },
      { type: "scatter", mode: "lines", name: `softmax([z₁, ${shown}])₁`, x: forPlot(xs), y: forPlot(softmaxFirst) },
      {
        type: "scatter",
        mode: "markers",
        name: `σ(${minus("z₁", z2)})`,
        x: forPlot(xs.filter((_, i) => i % 12 === 0)),
        y: forPlot(Array.from(xs.filter((_, i) => i % 12 === 0), (z1) => sigmoidScalar(z1 - z2))),
        marker: { size: 7, symbol: "circle-open" },
      },
    ],
    layout: baseLayout(`Sigmoid vs two-class softmax (z₂ = ${shown})`, "z₁", "probability of class 1"),
  };
}
