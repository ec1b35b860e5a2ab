/**
 * Parameter sweeps: one figure that holds a chart for every value of a parameter, with a Plotly slider
 * and (optionally) a play button that switch between them. Everything is precomputed into the figure
 * JSON, so the controls work without a kernel: in a saved or untrusted notebook, in VS Code and on the
 * exported site.
 *
 * Example — softmax temperature on a three-class example:
 *
 * ```ts
 * import { sweep, plotFunctions, softmax, show } from "kernel-lib";
 * const logits = [2, 1, 0.1];
 * show(sweep({
 *   parameter: "T",
 *   values: [0.25, 0.5, 1, 2, 4],
 *   start: 1,                                  // the value shown first (default: the first value)
 *   about: "the softmax temperature T",        // what the control changes, for the text summary
 *   play: true,                                // a ▶ button that steps through the values
 *   figure: (T) => plotFunctions(
 *     [0, 1, 2].map((k) => ({ name: `p${k + 1}`, f: (s: number) => softmax(logits.map((z) => (s * z) / T))[k] })),
 *     { range: [0, 3], points: 61, title: "Softmax probabilities", xTitle: "logit scale s", yTitle: "probability" },
 *   ),
 * }));
 * ```
 *
 * How it works: the data holds every value's traces (only the start value's are visible); each slider
 * step and each animation frame sets the `visible` flags (and the title, if it names the value). Axis
 * ranges are the union over all values and fixed, so what moves on screen is the curve, not the axes.
 * Plotted numbers are rounded to `digits` significant digits (default 4) to keep the stored figure small.
 *
 * See also: `plotFunctions` and the other builders (any of them can be the `figure` callback),
 * `describeFigure` (its summary names the control and lists the values), `show`.
 */
import { DASHES, PALETTE, type Figure, type Layout, type Trace } from "./figure";
import { inputError } from "../core/errors";

export type SweepValue = number | string;

export interface SweepOptions<V extends SweepValue> {
  /** The parameter's name as the reader knows it, e.g. "T" or "slope"; shown on the slider. */
  parameter: string;
  /** The values to precompute, in slider order (2 to 40 of them). */
  values: readonly V[];
  /** Builds the chart for one value: any kernel-lib builder, or a figure of your own. */
  figure: (value: V, index: number) => Figure;
  /** The slider step's label; default `${parameter} = ${value}`. */
  label?: (value: V) => string;
  /** The value shown first (must be one of `values`); default the first. */
  start?: V;
  /** What the control changes, in words, for the text summary; default the parameter's name. */
  about?: string;
  /** Add a ▶ play / ❚❚ pause button that steps through the values (default false). */
  play?: boolean;
  /** Milliseconds per value when playing (default 800). */
  frameMs?: number;
  /** Significant digits kept in plotted data (default 4). */
  digits?: number;
}

/** What a sweep figure records about itself in `layout.meta.sweep`, read by `describeFigure`. */
export interface SweepInfo {
  parameter: string;
  about: string;
  labels: string[];
  start: number;
  play: boolean;
}

const MAX_VALUES = 40;
/** A generous average width of a slider label's character at the template's 13 px font. */
const SLIDER_CHAR_PX = 8;
const CONTROL_COLOURS = { bgcolor: "rgba(128,128,128,0.15)", bordercolor: "rgba(128,128,128,0.6)" };

function formatValue(v: SweepValue): string {
  return typeof v === "number" ? String(Number(v.toPrecision(6))) : v;
}

/** Rounds every number in a (possibly nested) array to `digits` significant digits; keeps null gaps. */
function roundData(value: unknown, digits: number): unknown {
  if (typeof value === "number") return Number.isFinite(value) ? Number(value.toPrecision(digits)) : null;
  if (ArrayBuffer.isView(value)) return roundData(Array.from(value as unknown as ArrayLike<number>), digits);
  if (Array.isArray(value)) return value.map((v) => roundData(v, digits));
  return value;
}

/** The data arrays a builder fills; other attributes (names, colours, line styles) are kept as given. */
const DATA_KEYS = ["x", "y", "z"] as const;

function titleText(layout: Layout): string | undefined {
  const t = layout.title;
  return typeof t === "object" && t !== null ? t.text : t;
}

/** Finite numbers of an x or y array (categories and gaps skipped); log axes keep positives only. */
function numbers(values: unknown, log: boolean): number[] {
  if (!values || typeof values !== "object") return [];
  const out: number[] = [];
  for (const v of Array.from(values as ArrayLike<unknown>)) {
    if (typeof v === "number" && Number.isFinite(v) && (!log || v > 0)) out.push(log ? Math.log10(v) : v);
  }
  return out;
}

/**
 * The union of every value's data on one axis, as a fixed Plotly range (log axes take log10 units).
 * Returns undefined when the axis has no numeric data (categories, heat maps) or the layout fixes it.
 */
function unionRange(figures: readonly Figure[], axis: "x" | "y", layout: Layout): [number, number] | undefined {
  const axisLayout = (layout[`${axis}axis`] ?? {}) as Record<string, unknown>;
  if (Array.isArray(axisLayout.range)) return undefined;
  const log = axisLayout.type === "log";
  let lo = Infinity;
  let hi = -Infinity;
  for (const f of figures) {
    for (const t of f.data) {
      if (t.type !== undefined && t.type !== "scatter" && t.type !== "scattergl") return undefined;
      if (t[`${axis}axis`] !== undefined && t[`${axis}axis`] !== axis) continue;
      for (const v of numbers(t[axis], log)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  if (!(lo <= hi)) return undefined;
  const span = hi - lo || Math.abs(hi) || 1;
  // Lines fill the x range exactly as Plotly's autorange would; y gets 5% air so extremes stay visible.
  const pad = axis === "y" ? 0.05 * span : 0;
  return [Number((lo - pad).toPrecision(6)), Number((hi + pad).toPrecision(6))];
}

/**
 * One figure with a slider (and optionally a play button) over a parameter's values. See the top of this
 * file for an example.
 */
export function sweep<V extends SweepValue>(options: SweepOptions<V>): Figure {
  if (options === null || typeof options !== "object") throw inputError(TypeError, "sweep: options must be an object { parameter, values, figure }");
  const { parameter, values, figure } = options;
  if (typeof parameter !== "string" || parameter.trim() === "") throw inputError(TypeError, "sweep: parameter must be a non-empty string, e.g. \"T\"");
  if (!Array.isArray(values) || values.length < 2 || values.length > MAX_VALUES) {
    throw inputError(RangeError, `sweep: values must be an array of 2 to ${MAX_VALUES} numbers or strings, got ${Array.isArray(values) ? `${values.length} value(s)` : typeof values}`);
  }
  for (const v of values) {
    if (!(typeof v === "string" || (typeof v === "number" && Number.isFinite(v)))) {
      throw inputError(TypeError, `sweep: values must be finite numbers or strings, got ${String(v)}`);
    }
  }
  if (typeof figure !== "function") throw inputError(TypeError, "sweep: figure must be a function (value) => Figure, e.g. (T) => plotFunctions(...)");
  const label = options.label ?? ((v: V) => `${parameter} = ${formatValue(v)}`);
  const labels = values.map((v) => String(label(v)));
  if (new Set(labels).size !== labels.length) throw inputError(RangeError, `sweep: labels must differ between values, got ${labels.join(", ")}`);
  const start = options.start === undefined ? 0 : values.indexOf(options.start);
  if (start < 0) throw inputError(RangeError, `sweep: start must be one of values (${values.map(formatValue).join(", ")}), got ${String(options.start)}`);
  const digits = options.digits ?? 4;
  if (!Number.isInteger(digits) || digits < 2 || digits > 15) throw inputError(RangeError, `sweep: digits must be a whole number from 2 to 15, got ${digits}`);
  const frameMs = options.frameMs ?? 800;
  if (!(Number.isFinite(frameMs) && frameMs >= 50)) throw inputError(RangeError, `sweep: frameMs must be at least 50 (milliseconds), got ${frameMs}`);
  const play = options.play ?? false;

  const figures = values.map((v, i) => {
    const f = figure(v, i);
    if (!f || !Array.isArray(f.data) || f.data.length === 0) {
      throw inputError(TypeError, `sweep: figure(${formatValue(v)}) must return a Plotly figure with at least one trace, e.g. from plotFunctions()`);
    }
    return f;
  });

  // Every value's traces, in order; `owner[i]` is the value index trace i belongs to.
  const owner: number[] = [];
  const data: Trace[] = [];
  figures.forEach((f, step) => {
    let curve = 0;
    for (const t of f.data) {
      const copy: Trace = { ...t, visible: step === start };
      if (t.type === undefined || t.type === "scatter" || t.type === "scattergl") {
        // Explicit colour and dash per curve of a value: the template's automatic cycle would count the
        // hidden traces of the other values too, and the same curve would change colour between steps.
        const color = PALETTE[curve % PALETTE.length];
        copy.line = { color, dash: DASHES[curve % DASHES.length], width: 2.5, ...(t.line as object) };
        copy.marker = { color, ...(t.marker as object) };
        curve++;
      }
      for (const key of DATA_KEYS) if (t[key] !== undefined) (copy as Record<string, unknown>)[key] = roundData(t[key], digits);
      owner.push(step);
      data.push(copy);
    }
  });

  const base = figures[start].layout ?? {};
  const layout: Layout = { ...base };
  for (const axis of ["x", "y"] as const) {
    const range = unionRange(figures, axis, base);
    if (range) layout[`${axis}axis`] = { ...(base[`${axis}axis`] ?? {}), range, autorange: false };
  }

  const titles = figures.map((f) => titleText(f.layout ?? {}));
  const titleVaries = titles.some((t) => t !== titles[0]);
  const visibleFor = (step: number) => owner.map((o) => o === step);
  const titleFor = (step: number) => ({ ...(typeof base.title === "object" ? base.title : {}), text: titles[step] ?? "" });

  // Room under the plot for the slider (and button): the legend keeps its place, the controls go below it.
  const height = (base.height ?? 420) + 110;
  const given: Record<string, number> = { t: 60, r: 20, l: 70, ...((base.margin as Record<string, number>) ?? {}) };
  // 90 px under the plot for its axis title and the legend, then the controls.
  const margin: Record<string, number> = { ...given, b: Math.max(given.b ?? 0, 90) };
  layout.height = height;
  layout.margin = { ...margin, b: margin.b + 110 };
  const plotHeight = height - margin.t - margin.b - 110;
  // Here the legend is placed against the plot (paper coordinates), with the slider below it.
  layout.legend = { orientation: "h", ...((base.legend as Record<string, unknown>) ?? {}), yref: "paper", y: -62 / plotHeight, yanchor: "top" };

  const labelInset = Math.ceil((Math.max(...labels.map((l) => l.length)) * SLIDER_CHAR_PX) / 2) + 4;
  const transition = { duration: 0 };
  layout.sliders = [
    {
      active: start,
      currentvalue: { prefix: "", visible: true, xanchor: "left" },
      // Neutral greys that read on light and dark backgrounds (Plotly's default rail is near-white).
      ...CONTROL_COLOURS,
      activebgcolor: "rgba(128,128,128,0.6)",
      // Each step's label is centred on its tick, so the first and last stick out by half their width:
      // inset the rail by that much (estimated at 8 px a character), or they are cut at the figure's edge.
      pad: { t: margin.b + 20, l: Math.max(play ? 130 : 0, labelInset), r: labelInset },
      x: 0,
      y: 0,
      yanchor: "top",
      len: 1,
      steps: labels.map((l, step) => ({
        label: l,
        // "animate" to a named frame: the same frames the play button runs through, so the slider
        // follows playback; each frame only flips visibility, so nothing is stored twice.
        method: "animate",
        args: [[l], { mode: "immediate", frame: { duration: 0, redraw: true }, transition }],
        value: l,
        execute: true,
      })),
    },
  ];
  if (play) {
    layout.updatemenus = [
      {
        type: "buttons",
        direction: "left",
        showactive: false,
        ...CONTROL_COLOURS,
        x: 0,
        y: 0,
        xanchor: "left",
        yanchor: "top",
        pad: { t: margin.b + 50, r: 10 },
        buttons: [
          { label: "▶ play", method: "animate", args: [null, { mode: "immediate", fromcurrent: true, frame: { duration: frameMs, redraw: true }, transition }] },
          { label: "❚❚", method: "animate", args: [[null], { mode: "immediate", frame: { duration: 0, redraw: false }, transition }] },
        ],
      },
    ];
  }
  const info: SweepInfo = { parameter, about: options.about ?? parameter, labels, start, play };
  layout.meta = { ...((base.meta as Record<string, unknown>) ?? {}), sweep: info };
  if (titleVaries) layout.title = titleFor(start);

  const frames = labels.map((l, step) => ({
    name: l,
    data: visibleFor(step).map((visible) => ({ visible })),
    ...(titleVaries ? { layout: { title: titleFor(step) } } : {}),
  }));
  return { data, layout, frames, ...(figures[start].config ? { config: figures[start].config } : {}) };
}

/** The sweep a figure carries, if it was made by `sweep()`. */
export function sweepInfo(figure: Figure): SweepInfo | undefined {
  const meta = figure.layout?.meta as { sweep?: SweepInfo } | undefined;
  return meta && typeof meta === "object" && meta.sweep && Array.isArray(meta.sweep.labels) ? meta.sweep : undefined;
}
