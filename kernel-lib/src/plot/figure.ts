/**
 * A Plotly figure as plain data: the builders in this folder return these, `show()` displays them.
 * Only the fields the lessons use are typed; anything else Plotly accepts can be added.
 */
import { inputError } from "../core/errors";
export interface Trace {
  type?: string;
  mode?: string;
  name?: string;
  x?: ArrayLike<number> | readonly (number | string)[];
  y?: ArrayLike<number> | readonly (number | string)[];
  z?: readonly (readonly number[])[];
  [key: string]: unknown;
}

export interface Layout {
  title?: string | { text: string };
  height?: number;
  xaxis?: Record<string, unknown>;
  yaxis?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A Plotly animation frame: named data (and layout) changes that `animate` applies. */
export interface Frame {
  name: string;
  data?: Record<string, unknown>[];
  traces?: number[];
  layout?: Partial<Layout>;
}

export interface Figure {
  data: Trace[];
  layout: Layout;
  /** Animation frames (see `sweep`): the slider and play button switch between them without a kernel. */
  frames?: Frame[];
  config?: Record<string, unknown>;
}

/**
 * Plotted values keep 6 significant digits: indistinguishable on screen, and a notebook's stored
 * outputs stay small.
 */
export function forPlot(values: ArrayLike<number>): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = Number.isFinite(v) ? Number(v.toPrecision(6)) : (null as unknown as number);
  }
  return out;
}

/** n evenly spaced points from start to stop, both included. */
export function linspace(start: number, stop: number, n = 201): Float64Array {
  if (!Number.isFinite(start) || !Number.isFinite(stop)) throw inputError(RangeError, `linspace: start and stop must be finite, got ${start} and ${stop}`);
  if (!Number.isInteger(n) || n < 2) throw inputError(RangeError, `linspace: n must be a whole number ≥ 2, got ${n}`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = start + ((stop - start) * i) / (n - 1);
  return out;
}

/**
 * Curve colours: the Okabe–Ito palette (Okabe & Ito 2008), distinguishable with every common colour-vision
 * deficiency, ordered so neighbours differ in lightness and never pair red with green. Its black is left
 * out: charts sit on light and dark backgrounds. Each colour comes with its own dash style (`DASHES`), so
 * curves differ in more than colour, also in print and in greyscale.
 */
export const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00"] as const;
export const DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"] as const;

/**
 * Text and axis colour readable on both JupyterLab themes: the chart is transparent, so it sits on the
 * notebook's own background (white in the light theme, #111 in the dark one), and a mid grey is the one
 * colour with about 4.3:1 contrast against both. That is the fallback (VS Code, other front ends): the
 * exported site sets exact colours per `prefers-color-scheme`, and JupyterLab with the lessons' extension
 * (npm start, Binder) adds tools/jupyter/lessons.css, which gives chart text the theme's own text colour.
 */
export const NEUTRAL_TEXT = "#787878";
const GRID = "rgba(128,128,128,0.25)";
const AXIS_LINE = "rgba(128,128,128,0.7)";

/**
 * The lessons' Plotly template (a real template object: plotly.js ignores template names such as
 * "plotly_white", which only plotly.py knows). Transparent backgrounds, neutral text and grid, the
 * colour-blind-safe palette, and a dash style per curve that cycles with the colours.
 */
export function chartTemplate(): Record<string, unknown> {
  const axis = { gridcolor: GRID, zerolinecolor: AXIS_LINE, linecolor: AXIS_LINE, tickcolor: AXIS_LINE, automargin: true };
  return {
    layout: {
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      font: { color: NEUTRAL_TEXT, size: 13 },
      colorway: [...PALETTE],
      xaxis: axis,
      yaxis: axis,
      legend: { bgcolor: "rgba(0,0,0,0)" },
      hoverlabel: { font: { color: "#222" }, bgcolor: "#fff" },
    },
    // One entry per curve, in order: the i-th scatter trace of a figure gets the i-th dash style.
    data: { scatter: DASHES.map((dash) => ({ line: { dash, width: 2.5 } })) },
  };
}

/** The common look of every lesson chart: a title, labelled axes, a legend, a fixed height, the template. */
export function baseLayout(title: string, xTitle: string, yTitle: string, extra: Partial<Layout> = {}): Layout {
  return {
    title: { text: title },
    height: 420,
    xaxis: { title: { text: xTitle }, zeroline: true },
    yaxis: { title: { text: yTitle }, zeroline: true },
    // The legend at the bottom of the figure itself (container coordinates), not at a fixed fraction under
    // the plot: Plotly then reserves room for it below the axis titles, which a paper-relative y = −0.2
    // overlapped in short or multi-panel charts (lesson 10's three panels).
    legend: { orientation: "h", yref: "container", y: 0, yanchor: "bottom", x: 0.5, xanchor: "center" },
    margin: { t: 60, r: 20, b: 30, l: 70 },
    template: chartTemplate(),
    ...extra,
  };
}
