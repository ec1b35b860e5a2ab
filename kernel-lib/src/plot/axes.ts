/**
 * Log axes a chart can be read on, settled once for every figure `show` sends (display/show.ts), so every
 * builder, sweep and a lesson's own figure get them: a log axis spanning a decade or more labels the
 * decades only. Plotly's minor labels (2 and 5 in every decade, written out in full) crowded and overlapped
 * near each power of ten; the minor ticks stay, unlabelled. An axis whose `dtick` the author set is left
 * alone, and so is one spanning less than a decade (decade ticks alone would leave it unlabelled).
 */
import type { Figure, Layout, Trace } from "./figure";

/** Finite positive values of one trace's `y`, as log10. */
function logValues(trace: Trace): number[] {
  const values = trace.y;
  if (!values || typeof values !== "object") return [];
  const out: number[] = [];
  for (const v of Array.from(values as ArrayLike<unknown>)) if (typeof v === "number" && Number.isFinite(v) && v > 0) out.push(Math.log10(v));
  return out;
}

/** The span in decades of a log axis: its range if set, else the data drawn on it. */
function decades(axis: Record<string, unknown>, traces: Trace[]): number {
  if (Array.isArray(axis.range)) return Math.abs(Number(axis.range[1]) - Number(axis.range[0]));
  let lo = Infinity;
  let hi = -Infinity;
  for (const trace of traces) {
    for (const v of logValues(trace)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return hi >= lo ? hi - lo : 0;
}

/** The figure with decade-only labels on its wide log y axes (see above); the input is not changed. */
export function withReadableAxes(figure: Figure): Figure {
  const changed: Record<string, Record<string, unknown>> = {};
  for (const key of Object.keys(figure.layout ?? {})) {
    if (!/^yaxis\d*$/.test(key)) continue;
    const axis = figure.layout[key] as Record<string, unknown> | undefined;
    if (!axis || axis.type !== "log" || axis.dtick !== undefined) continue;
    const id = key.replace("axis", "");
    const traces = figure.data.filter((t) => t && typeof t === "object" && (t.yaxis ?? "y") === id);
    if (decades(axis, traces) < 1) continue;
    changed[key] = { ...axis, dtick: 1, minor: { ticks: "inside", ticklen: 3, dtick: "D1", showgrid: false } };
  }
  if (Object.keys(changed).length === 0) return figure;
  const layout: Layout = { ...figure.layout, ...changed };
  return { ...figure, layout };
}
