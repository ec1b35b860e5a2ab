import { displayBundle, type MimeBundle } from "./bundle";
import type { Figure } from "../plot/figure";
import { withReadableAxes } from "../plot/axes";
import { sweepInfo } from "../plot/sweep";
import { inputError } from "../core/errors";

const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/**
 * A short description of a figure, for text/plain and screen readers: title and curve names, and for a
 * `sweep` figure what its slider changes, the values it offers, the one shown first and the play button.
 */
export function describeFigure(figure: Figure): string {
  const title = typeof figure.layout?.title === "object" ? figure.layout.title.text : figure.layout?.title;
  const sweep = sweepInfo(figure);
  // A sweep holds every value's traces; the names of the ones shown first describe the chart.
  const shown = sweep ? figure.data.filter((t) => t.visible !== false) : figure.data;
  const traces = [...new Set(shown.map((t) => t.name).filter(Boolean))];
  let text = `[chart] ${title ?? "untitled"}${traces.length ? ` — ${traces.join(", ")}` : ""}`;
  if (sweep) {
    text +=
      `. A slider changes ${sweep.about} over ${sweep.labels.length} values: ${sweep.labels.join("; ")}` +
      ` (shown: ${sweep.labels[sweep.start]}).` +
      (sweep.play ? " A play button steps through them." : "");
  }
  return text;
}

/**
 * The figure with its summary as a text annotation that is invisible (transparent, 1 px) but present in
 * the SVG: JupyterLab's Plotly renderer draws only the figure, and SVG text is what reaches a screen
 * reader there (measured in test/integration/interactive.test.ts). Pages that can label the chart's
 * element (the exported site) hide the SVG from assistive technology and use the label instead.
 */
function withDescription(figure: Figure, summary: string): Figure {
  const annotations = Array.isArray(figure.layout?.annotations) ? (figure.layout.annotations as unknown[]) : [];
  const description = {
    name: "description",
    text: summary.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c] as string),
    xref: "paper",
    yref: "paper",
    x: 0,
    y: 0,
    xanchor: "left",
    yanchor: "top",
    showarrow: false,
    font: { size: 1, color: "rgba(0,0,0,0)" },
  };
  return { ...figure, layout: { ...(figure.layout ?? {}), annotations: [...annotations, description] } };
}

/**
 * The MIME bundle `show` sends for a figure (pure: no display): the Plotly JSON (rendered by JupyterLab's
 * and VS Code's Plotly renderers, also in untrusted notebooks) and a text summary. Its JSON size is what a
 * notebook stores for the chart. There is no HTML fallback holding the figure a second time: the exported
 * site draws each chart from this JSON (tools/lessontools/export.py), which halves what lessons store.
 */
export function figureBundle(figure: Figure): MimeBundle {
  if (!figure || !Array.isArray(figure.data)) {
    throw inputError(TypeError, "show: figure must be a Plotly figure { data: [...], layout: {...} }, e.g. from plotFunctions()");
  }
  const summary = describeFigure(figure);
  const described = withDescription(withReadableAxes(figure), summary);
  const plain = {
    data: described.data,
    layout: described.layout,
    ...(figure.frames ? { frames: figure.frames } : {}),
    // Not `responsive`: it sizes the SVG at 100% of the output's height, which has none of its own, so
    // after jupyterlab-plotly's resize (which drops layout.height) any redraw — a slider step — collapsed
    // the chart to 0 px and the cells below jumped up under the reader's mouse. The renderer resizes the
    // width itself when the panel changes.
    config: { displaylogo: false, ...figure.config },
  };
  return {
    [PLOTLY_MIME]: JSON.parse(JSON.stringify(plain)),
    "text/plain": summary,
  };
}

/** Shows a Plotly figure in the notebook as one output (see `figureBundle` for what it holds). */
export function show(figure: Figure): void {
  displayBundle(figureBundle(figure), [PLOTLY_MIME, "text/plain"]);
}

/**
 * Shows a formula typeset by MathJax (JupyterLab, VS Code, exported pages). `latex` is without the $$.
 * `plain` is what a text-only view shows; it defaults to the LaTeX source.
 */
export function showFormula(latex: string, plain: string = latex): void {
  if (typeof latex !== "string" || latex.trim() === "") throw inputError(TypeError, "showFormula: latex must be a non-empty string");
  displayBundle({ "text/latex": `$$${latex}$$`, "text/plain": plain }, ["text/latex", "text/plain"]);
}

/** Shows Markdown (with $…$ math), e.g. a sentence that mixes numbers from code and formulas. */
export function showMarkdown(markdown: string): void {
  if (typeof markdown !== "string") throw inputError(TypeError, "showMarkdown: markdown must be a string");
  displayBundle({ "text/markdown": markdown, "text/plain": markdown }, ["text/markdown", "text/plain"]);
}
