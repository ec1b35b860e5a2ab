// Running a lesson of the browser edition in its JupyterLite app in Chromium, and what its first visit
// costs: shared by the browser-edition test (test/integration/site.test.ts) and `npm run bench -- --site`
// (site.mjs). Types: site-run.d.mts.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

/** The one change to a built site for measuring it: the app on window, so the notebook's model can be read. */
export function exposeApp(site) {
  const config = path.join(site, "lite", "jupyter-lite.json");
  const lite = JSON.parse(readFileSync(config, "utf8"));
  lite["jupyter-config-data"].exposeAppInBrowser = "true";
  writeFileSync(config, JSON.stringify(lite));
}

/** Bytes on disk under `dir`. */
export function folderBytes(dir) {
  return readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => sum + (e.isDirectory() ? folderBytes(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).size), 0);
}

/** What fetching `urls` from the site at `base` (served from `site`) transfers, gzipped as a static host would send it. */
export function gzippedTransfer(urls, base, site) {
  const files = [...new Set(urls.filter((u) => u.startsWith(base)).map((u) => new URL(u).pathname))];
  let bytes = 0;
  for (const file of files) {
    const local = path.join(site, decodeURIComponent(file).replace(/\/$/, "/index.html"));
    try {
      const body = readFileSync(local);
      bytes += /\.(png|ico|woff2?)$/.test(local) ? body.length : gzipSync(body).length;
    } catch {
      /* an API path the service worker answers: nothing on disk */
    }
  }
  return { files: files.length, bytes };
}

/**
 * Opens `lesson` (a file name in notebooks/, `stored` its JSON) in the app at `base`, puts the reference
 * solutions in (the student versions' are stubs, and later cells use them), runs all cells as a student does
 * (Run → Run All Cells) and returns the notebook as the browser holds it, with the time from opening the
 * lesson to its first executed cell and the time Run All took, in ms, and the charts drawn.
 */
export async function runSiteLesson(page, base, lesson, stored) {
  await page.goto(`${base}/lite/notebooks/index.html?path=${lesson}`);
  await page.waitForFunction(() => window.jupyterapp?.shell?.currentWidget?.context, null, { timeout: 120_000 });
  const solutions = Object.fromEntries(
    stored.cells
      .map((c, i) => [i, c])
      .filter(([, c]) => c.cell_type === "code" && c.metadata?.nbgrader?.solution)
      .map(([i, c]) => [i, [c.source].flat().join("")]),
  );
  await page.evaluate(async (solutions) => {
    const panel = window.jupyterapp.shell.currentWidget;
    await panel.context.ready;
    for (const [i, source] of Object.entries(solutions)) panel.content.model.cells.get(Number(i)).sharedModel.setSource(source);
  }, solutions);
  await page.getByRole("menuitem", { name: "Run" }).first().click();
  await page.getByRole("menuitem", { name: /Run All Cells/ }).first().click();
  const run = await page.evaluate(async () => {
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    const panel = window.jupyterapp.shell.currentWidget;
    const cells = panel.content.model.cells;
    const code = [];
    for (let i = 0; i < cells.length; i++) if (cells.get(i).type === "code") code.push(i);
    const started = performance.now();
    let first = NaN;
    for (;;) {
      const counts = code.map((i) => cells.get(i).executionCount);
      if (Number.isNaN(first) && counts[0]) first = performance.now();
      const kernel = panel.sessionContext.session?.kernel;
      if (counts.every(Boolean) && kernel?.status === "idle") break;
      if (performance.now() - started > 240_000) break;
      await sleep(50);
    }
    // performance.now() counts from the navigation: the first executed cell, from opening the lesson.
    return { firstCellMs: first, runAllMs: performance.now() - started, notebook: panel.context.model.toJSON() };
  });
  // A chart is drawn when Plotly has made its SVG.
  const chartsDrawn = await page.locator(".jp-RenderedPlotly:has(.main-svg)").count();
  // Chart text in the theme's colour: the lessons' stylesheet (tools/jupyter/lessons.css) is on the page.
  const chartTextFill = chartsDrawn ? await page.locator(".jp-RenderedPlotly .xtick text").first().evaluate((el) => getComputedStyle(el).fill) : "";
  return { ...run, chartsDrawn, chartTextFill };
}
