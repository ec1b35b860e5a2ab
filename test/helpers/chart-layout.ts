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
