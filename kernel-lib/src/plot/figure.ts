/**
 * A Plotly figure as plain data: the builders in this folder return these, `show()` displays them.
 * Only the fields the lessons use are typed; anything else Plotly accepts can be added.
 */
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
 * outputs stay small (every chart is saved twice, as Plotly JSON and as the HTML fallback).
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
  if (!Number.isFinite(start) || !Number.isFinite(stop)) throw new RangeError(`linspace: start and stop must be finite, got ${start} and ${stop}`);
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`linspace: n must be a whole number ≥ 2, got ${n}`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = start + ((stop - start) * i) / (n - 1);
  return out;
}

/** The common look of every lesson chart: a title, labelled axes, a legend, a fixed height. */
export function baseLayout(title: string, xTitle: string, yTitle: string, extra: Partial<Layout> = {}): Layout {
  return {
    title: { text: title },
    height: 420,
    xaxis: { title: { text: xTitle }, zeroline: true },
    yaxis: { title: { text: yTitle }, zeroline: true },
    legend: { orientation: "h", y: -0.2 },
    margin: { t: 60, r: 20, b: 90, l: 70 },
    template: "plotly_white",
    ...extra,
  };
}
