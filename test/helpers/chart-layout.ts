import type { Page } from "playwright-core";

/**
 * Every place in the drawn Plotly charts of `page` where the legend covers other text: an axis title, a
 * tick label, a panel title or a slider label. Each entry names the chart (by its title) and the text.
 * Measured on the SVG the browser really drew, so it holds whatever plotly.js version renders it
 * (JupyterLab's renderer and the site's bundle differ).
 */
export async function legendOverlaps(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const intersects = (a: DOMRect, b: DOMRect) =>
      a.width > 0 && a.height > 0 && b.width > 0 && b.height > 0 &&
      a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
    for (const plot of document.querySelectorAll(".js-plotly-plot")) {
      const title = plot.querySelector(".gtitle")?.textContent ?? "(untitled chart)";
      const items = [...plot.querySelectorAll(".legend .traces")].map((t) => t.getBoundingClientRect());
      if (items.length === 0) continue;
      const texts = [...plot.querySelectorAll("text")].filter((t) => !t.closest(".legend") && (t.textContent ?? "").trim() !== "");
      for (const text of texts) {
        const box = text.getBoundingClientRect();
        if (items.some((item) => intersects(item, box))) found.push(`${title}: the legend covers "${text.textContent}"`);
      }
    }
    return found;
  });
}

/**
 * Every text of the drawn charts (tick labels, axis and chart titles, legend entries, slider labels) that
 * sticks out of its chart's SVG, where the browser cuts it off: "learning rate =" for a slider's last label.
 * The chart's invisible text summary (1 px, transparent) is not drawn text and is skipped.
 */
export async function clippedLabels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const plot of document.querySelectorAll(".js-plotly-plot")) {
      const title = plot.querySelector(".gtitle")?.textContent ?? "(untitled chart)";
      const frame = (plot.querySelector(".svg-container") ?? plot).getBoundingClientRect();
      for (const text of plot.querySelectorAll(".main-svg text")) {
        const content = (text.textContent ?? "").trim();
        if (content === "") continue;
        const style = getComputedStyle(text);
        if (style.display === "none" || style.visibility === "hidden" || parseFloat(style.fontSize) <= 1 || style.fill === "rgba(0, 0, 0, 0)") continue;
        const box = text.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        const out = [frame.left - box.left, box.right - frame.right, frame.top - box.top, box.bottom - frame.bottom];
        if (out.some((d) => d > 1)) found.push(`${title}: "${content}" is cut at the chart's edge`);
      }
    }
    return found;
  });
}

/**
 * Every line or marker trace whose data the plot area cuts: a point outside the y axis's range, or so close
 * to its edge that half the line is cut (lesson 01's loss spike). Axes whose range the chart's author set
 * on purpose (a `range` without `autorange: false`, e.g. a y limit that keeps an infinite loss from
 * flattening the chart) are skipped: that clipping is meant.
 */
export async function clippedData(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    // A turn of a line closer than this to the left or right edge is hidden by the axis line and ticks.
    const EDGE_PX = 8;
    type Axis = { range: number[]; type: string; _length: number };
    type Plot = HTMLElement & {
      layout?: Record<string, { range?: unknown; autorange?: unknown } | undefined>;
      _fullLayout?: Record<string, Axis | undefined>;
      _fullData?: { type: string; visible: unknown; mode?: string; xaxis?: string; yaxis?: string; x?: ArrayLike<unknown>; y?: ArrayLike<unknown>; name?: string; line?: { width?: number } }[];
    };
    const found: string[] = [];
    for (const element of document.querySelectorAll(".js-plotly-plot")) {
      const plot = element as Plot;
      const title = plot.querySelector(".gtitle")?.textContent ?? "(untitled chart)";
      for (const trace of plot._fullData ?? []) {
        if (trace.visible !== true || (trace.type !== "scatter" && trace.type !== "scattergl") || !trace.y) continue;
        const key = (trace.yaxis ?? "y").replace(/^y/, "yaxis");
        const given = plot.layout?.[key];
        if (given && Array.isArray(given.range) && given.autorange !== false) continue;
        const axis = plot._fullLayout?.[key];
        if (!axis || !Array.isArray(axis.range)) continue;
        const log = axis.type === "log";
        const [lo, hi] = [Math.min(axis.range[0], axis.range[1]), Math.max(axis.range[0], axis.range[1])];
        const pxPerUnit = axis._length / (hi - lo);
        const half = (trace.mode ?? "").includes("lines") ? (trace.line?.width ?? 2) / 2 : 0;
        let worst = Infinity;
        for (const raw of Array.from(trace.y)) {
          if (typeof raw !== "number" || !Number.isFinite(raw) || (log && raw <= 0)) continue;
          const v = log ? Math.log10(raw) : raw;
          worst = Math.min(worst, (v - lo) * pxPerUnit, (hi - v) * pxPerUnit);
        }
        if (worst < half) found.push(`${title}: "${trace.name}" is cut by the plot's edge (${worst.toFixed(1)} px inside)`);
        // A peak or dip squeezed against the left or right edge (lesson 01's spike at epoch 2, 3 px from the
        // y axis): the turn of the line is under the axis line and cut.
        const xKey = (trace.xaxis ?? "x").replace(/^x/, "xaxis");
        const xGiven = plot.layout?.[xKey];
        const xAxis = plot._fullLayout?.[xKey];
        const xs = trace.x ? Array.from(trace.x) : [];
        if (!xAxis || !Array.isArray(xAxis.range) || xAxis.type !== "linear" || (xGiven && Array.isArray(xGiven.range) && xGiven.autorange !== false)) continue;
        const [left, right] = [Math.min(xAxis.range[0], xAxis.range[1]), Math.max(xAxis.range[0], xAxis.range[1])];
        const xPx = xAxis._length / (right - left);
        const ys = Array.from(trace.y);
        for (let i = 1; i + 1 < ys.length && i + 1 < xs.length; i++) {
          const [a, b, c, x] = [ys[i - 1], ys[i], ys[i + 1], xs[i]];
          if (typeof a !== "number" || typeof b !== "number" || typeof c !== "number" || typeof x !== "number") continue;
          const turn = (b > a && b > c) || (b < a && b < c);
          const edge = Math.min((x - left) * xPx, (right - x) * xPx);
          if (turn && edge < EDGE_PX) {
            found.push(`${title}: "${trace.name}" turns ${edge.toFixed(1)} px from the plot's side edge, under the axis`);
            break;
          }
        }
      }
    }
    return found;
  });
}

/**
 * Every legend entry whose symbol (line, marker or fill) is hard to see on the page's background: a
 * contrast under 2:1 for all its colours (black on JupyterLab's dark theme is 1.1:1; the palette's lightest
 * colours on white are 2.2:1). Call it once per theme.
 */
export async function invisibleLegendEntries(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const parse = (colour: string): number[] | undefined => {
      const m = /rgba?\(([^)]+)\)/.exec(colour);
      if (!m) return undefined;
      const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return [r, g, b, a];
    };
    const luminance = ([r, g, b]: number[]) => {
      const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const over = (top: number[], bottom: number[]) => top.slice(0, 3).map((c, i) => c * top[3] + bottom[i] * (1 - top[3]));
    const contrast = (a: number[], b: number[]) => {
      const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
      return (x + 0.05) / (y + 0.05);
    };
    const backgroundOf = (element: Element): number[] => {
      for (let e: Element | null = element; e; e = e.parentElement) {
        const colour = parse(getComputedStyle(e).backgroundColor);
        if (colour && colour[3] > 0) return colour.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const found: string[] = [];
    for (const plot of document.querySelectorAll(".js-plotly-plot")) {
      const title = plot.querySelector(".gtitle")?.textContent ?? "(untitled chart)";
      const background = backgroundOf(plot);
      for (const item of plot.querySelectorAll(".legend .traces")) {
        const name = item.querySelector(".legendtext")?.textContent ?? "(unnamed)";
        let best = 0;
        for (const symbol of item.querySelectorAll(".legendsymbols path, .legendpoints path, .legendlines path, .legendfill path")) {
          const style = getComputedStyle(symbol);
          const colours = [style.stroke, style.fill].map(parse).filter((c): c is number[] => c !== undefined && c[3] > 0);
          for (const colour of colours) best = Math.max(best, contrast(over(colour, background), background));
        }
        if (best < 2) found.push(`${title}: legend entry "${name}" is nearly invisible (contrast ${best.toFixed(2)}:1)`);
      }
    }
    return found;
  });
}

/** All three layout checks (legend overlaps too), as one list of problems for one page in one theme. */
export async function chartLayoutProblems(page: Page): Promise<string[]> {
  return [...(await legendOverlaps(page)), ...(await clippedLabels(page)), ...(await clippedData(page)), ...(await invisibleLegendEntries(page))];
}
