import { createHash } from "crypto";
import { displayBundle, type MimeBundle } from "./bundle";
import type { Figure } from "../plot/figure";
import { escapeHtml } from "../core/format";

const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** A one-line description of a figure, for text/plain and screen readers. */
export function describeFigure(figure: Figure): string {
  const title = typeof figure.layout?.title === "object" ? figure.layout.title.text : figure.layout?.title;
  const traces = figure.data.map((t) => t.name).filter(Boolean);
  return `[chart] ${title ?? "untitled"}${traces.length ? ` — ${traces.join(", ")}` : ""}`;
}

const occurrences = new Map<string, number>();

/**
 * HTML that draws the figure with a page-wide `window.Plotly` (the exported site loads plotly.js once in
 * its head) instead of inlining the 4 MB bundle into every output. The element id comes from the figure's
 * content, so re-running a notebook reproduces its outputs byte for byte.
 */
export function figureHtml(figure: Figure, json: string): string {
  const digest = createHash("sha256").update(json).digest("hex").slice(0, 12);
  const seen = occurrences.get(digest) ?? 0;
  occurrences.set(digest, seen + 1);
  const id = `kernel-lib-plot-${digest}${seen ? `-${seen}` : ""}`;
  const height = figure.layout?.height ?? 420;
  const summary = escapeHtml(describeFigure(figure));
  const script = json.replace(/</g, "\\u003c");
  return (
    `<div id="${id}" class="kernel-lib-plot" style="height:${height}px" aria-label="${summary}">${summary}</div>\n` +
    `<script type="text/javascript">(function () {\n` +
    `  var fig = ${script};\n` +
    `  var el = document.getElementById(${JSON.stringify(id)});\n` +
    `  if (window.Plotly) { el.textContent = ""; window.Plotly.newPlot(el, fig.data, fig.layout, fig.config); }\n` +
    `})();</script>`
  );
}

/**
 * Shows a Plotly figure in the notebook: one output holding the Plotly JSON (rendered by JupyterLab's and
 * VS Code's Plotly renderers, also in untrusted notebooks), an HTML fallback for exported pages, and a
 * text summary.
 */
export function show(figure: Figure): void {
  if (!figure || !Array.isArray(figure.data)) {
    throw new TypeError("show: figure must be a Plotly figure { data: [...], layout: {...} }, e.g. from plotFunctions()");
  }
  const plain = { data: figure.data, layout: figure.layout ?? {}, config: { responsive: true, displaylogo: false, ...figure.config } };
  const json = JSON.stringify(plain);
  const bundle: MimeBundle = {
    [PLOTLY_MIME]: JSON.parse(json),
    "text/html": figureHtml(figure, json),
    "text/plain": describeFigure(figure),
  };
  displayBundle(bundle, [PLOTLY_MIME, "text/plain"]);
}

/**
 * Shows a formula typeset by MathJax (JupyterLab, VS Code, exported pages). `latex` is without the $$.
 * `plain` is what a text-only view shows; it defaults to the LaTeX source.
 */
export function showFormula(latex: string, plain: string = latex): void {
  if (typeof latex !== "string" || latex.trim() === "") throw new TypeError("showFormula: latex must be a non-empty string");
  displayBundle({ "text/latex": `$$${latex}$$`, "text/plain": plain }, ["text/latex", "text/plain"]);
}

/** Shows Markdown (with $…$ math), e.g. a sentence that mixes numbers from code and formulas. */
export function showMarkdown(markdown: string): void {
  if (typeof markdown !== "string") throw new TypeError("showMarkdown: markdown must be a string");
  displayBundle({ "text/markdown": markdown, "text/plain": markdown }, ["text/markdown", "text/plain"]);
}
