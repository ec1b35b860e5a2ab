// The lessons' Plotly renderer in real JupyterLab (Chromium), started with npm start's arguments on tslab:
// opening a lesson leaves it unmodified (PyPI plotly's renderer wrote a PNG snapshot of each chart into the
// notebook as it drew it, so every lesson opened "modified" and closing it asked about unsaved changes), a chart
// follows its output's width, and Run All then save writes each chart once, as Plotly JSON. The same lesson
// opened on Deno as npm start -- --kernel deno runs it stays unmodified too. lite/src/plotly-renderer.ts says why.
// Screenshots go to test-results/screenshots/ (not committed).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
// @ts-ignore: plain JavaScript (tools/node has no build step).
import { denoSession } from "../../tools/node/deno.mjs";
// @ts-ignore: plain JavaScript; the helpers type what they re-export, this call is checked by its use below.
import { startJupyterLab } from "../../tools/node/jupyter.mjs";
import { PLOTLY_MIME, descendants, findChromium, firstAppearanceMs, recordFirstAppearance, jupyterLabArgs, launchChromium, lessonsInJupyterLab, storedCharts, type Lab } from "../helpers/browser";
import { COURSE, KERNELS, kernelspecFile } from "../helpers/course";
import { ROOT } from "../helpers/python";

const chromiumPath = findChromium();
const SCREENSHOTS = path.join(ROOT, "test-results", "screenshots");
const LESSON = readdirSync(path.join(ROOT, "notebooks")).filter((f) => /^01-.*\.ipynb$/.test(f))[0];
// A chart drawn by the lessons' renderer (not PyPI plotly's, which this one replaces).
const OURS = ".lessons-PlotlyRenderer.jp-RenderedPlotly";
const DRAWN = `${OURS}:has(.main-svg)`;

type Output = { data?: Record<string, unknown> };
const snapshotsIn = (outputs: Output[]) => outputs.filter((o) => o.data?.[PLOTLY_MIME] && o.data?.["image/png"]).length;

/** What JupyterLab holds for the open notebook (the app is exposed to the page by --LabApp.expose_app_in_browser). */
function notebookModel(page: Page) {
  return page.evaluate(() => {
    const panel = (window as any).jupyterapp.shell.currentWidget;
    const nb = panel.context.model.toJSON();
    return { dirty: panel.context.model.dirty as boolean, outputs: nb.cells.flatMap((c: { outputs?: unknown[] }) => c.outputs ?? []) as Output[] };
  });
}

/** The open lesson's tab, marked `jp-mod-dirty` by JupyterLab while the notebook has unsaved changes. */
const lessonTab = (page: Page) => page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", { hasText: LESSON.slice(0, 12) }).first();

/** When the first chart's SVG appeared, from the start of navigation (a time, not a pass/fail: it depends on the machine's load). */
async function firstChart(page: Page) {
  const ms = await firstAppearanceMs(page);
  return `first chart drawn ${Math.round(ms)} ms after navigation`;
}

async function openLesson(page: Page, lab: { url: string; token: string }, workspace: string) {
  await recordFirstAppearance(page, ".jp-RenderedPlotly .main-svg");
  await page.goto(`${lab.url}/lab/workspaces/${workspace}/tree/${encodeURIComponent(LESSON)}?reset&token=${lab.token}`);
  await page.locator(".jp-StatusBar-Widget", { hasText: `${COURSE.kernel.displayName} | Idle` }).first().waitFor({ timeout: 120_000 });
}

describe.skipIf(!chromiumPath)("the lessons' Plotly renderer in JupyterLab (Chromium, tslab, npm start's arguments)", () => {
  const session = lessonsInJupyterLab("plotly-renderer-notebooks", chromiumPath!, {
    args: (workdir) => jupyterLabArgs({ rootDir: workdir, kernel: COURSE.kernel.name, labArgs: ["--LabApp.expose_app_in_browser=True"] }),
  });
  const charts = storedCharts(path.join(ROOT, "notebooks", LESSON)).charts.length;

  it(`${LESSON}: opens with every chart drawn and stays unmodified; closing it asks nothing`, async () => {
    expect(charts, "a lesson with charts").toBeGreaterThan(3);
    const page = await session.browser.newPage();
    const plotlyRequests: string[] = [];
    page.on("request", (r) => /\/lab\/extensions\/(jupyterlab-plotly|@activation-loss-lessons\/plotly-renderer)\//.test(r.url()) && plotlyRequests.push(new URL(r.url()).pathname));
    try {
      await openLesson(page, session.lab, "renderer-open");
      await expect.poll(() => page.locator(".jp-RenderedPlotly:has(.main-svg)").count(), { timeout: 60_000, message: "every stored chart drawn" }).toBe(charts);
      console.log(`${LESSON} opened in a fresh browser: ${await firstChart(page)}; plotly files fetched: ${plotlyRequests.join(", ")}`);
      // PyPI plotly is not installed (requirements.txt), so its renderer's 4.8 MB plotly.js is never fetched.
      expect(plotlyRequests.filter((p) => p.includes("jupyterlab-plotly")), "files of PyPI plotly's renderer").toEqual([]);
      expect(await page.locator(DRAWN).count(), "every chart drawn by the lessons' renderer").toBe(charts);
      // PyPI plotly's renderer wrote its snapshot right after drawing; give any such write time to happen.
      await page.waitForTimeout(2000);
      const model = await notebookModel(page);
      expect(snapshotsIn(model.outputs), "chart outputs holding a PNG snapshot in the notebook model").toBe(0);
      expect(model.outputs.filter((o) => o.data?.[PLOTLY_MIME]).length, "the model still holds every chart's JSON").toBe(charts);
      expect(model.dirty, "the notebook model is unmodified").toBe(false);
      expect(await lessonTab(page).getAttribute("class"), "the tab is not marked modified").not.toContain("jp-mod-dirty");
      expect(await page.locator(".jp-RenderedPlotly .plot-img").count(), "no chart shown as a picture").toBe(0);
      await page.screenshot({ path: path.join(SCREENSHOTS, "renderer-opened.png") });

      // The chart follows its output's width: a narrower window redraws it narrower, edge to edge.
      const widths = () =>
        page.locator(DRAWN).first().evaluate((el) => ({ svg: Math.round(el.querySelector(".main-svg")!.getBoundingClientRect().width), output: Math.round(el.getBoundingClientRect().width) }));
      const wide = await widths();
      expect(Math.abs(wide.svg - wide.output), `chart as wide as its output: ${JSON.stringify(wide)}`).toBeLessThanOrEqual(2);
      const viewport = page.viewportSize()!;
      await page.setViewportSize({ width: viewport.width - 300, height: viewport.height });
      await expect
        .poll(async () => { const w = await widths(); return w.output < wide.output - 200 && Math.abs(w.svg - w.output) <= 2; }, { timeout: 10_000, message: "chart redrawn at the narrower output's width" })
        .toBe(true);
      await page.setViewportSize(viewport);

      await lessonTab(page).locator(".lm-TabBar-tabCloseIcon").click();
      await expect.poll(() => page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", { hasText: LESSON.slice(0, 12) }).count(), { timeout: 10_000, message: "the tab closed" }).toBe(0);
      expect(await page.locator(".jp-Dialog").count(), "no dialog about unsaved changes").toBe(0);
    } finally {
      await page.close();
    }
  }, 300_000);

  it(`${LESSON}: Run All draws every chart again; the model and the saved file hold no PNG snapshot`, async () => {
    const page = await session.browser.newPage();
    try {
      await openLesson(page, session.lab, "renderer-run");
      await expect.poll(() => page.locator(DRAWN).count(), { timeout: 60_000, message: "every stored chart drawn" }).toBe(charts);
      console.log(`${LESSON} opened again (browser cache warm): ${await firstChart(page)}`);
      await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
      await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
      await page.waitForFunction(
        () => {
          const prompts = [...document.querySelectorAll(".jp-InputPrompt")].map((p) => p.textContent ?? "");
          return !prompts.some((p) => p.includes("*")) && prompts.filter((p) => /\[\d+\]/.test(p)).length > 0;
        },
        undefined,
        { timeout: 300_000, polling: 500 },
      );
      await expect.poll(() => page.locator(DRAWN).count(), { timeout: 60_000, message: "every chart drawn again" }).toBe(charts);
      await page.waitForTimeout(2000);
      const model = await notebookModel(page);
      expect(snapshotsIn(model.outputs), "chart outputs holding a PNG snapshot in the model after Run All").toBe(0);

      await page.keyboard.press("Control+s");
      await expect.poll(async () => (await lessonTab(page).getAttribute("class")) ?? "", { timeout: 30_000, message: "saved" }).not.toContain("jp-mod-dirty");
      const file = path.join(session.workdir, LESSON);
      const saved = JSON.parse(readFileSync(file, "utf8"));
      const outputs = saved.cells.flatMap((c: { outputs?: Output[] }) => c.outputs ?? []) as Output[];
      expect(snapshotsIn(outputs), "saved chart outputs with a PNG snapshot").toBe(0);
      expect(outputs.filter((o) => o.data?.[PLOTLY_MIME]).length, "every chart saved as Plotly JSON").toBe(charts);
      const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
      console.log(`${LESSON}: ${kb(statSync(path.join(ROOT, "notebooks", LESSON)).size)} as stored, ${kb(statSync(file).size)} after Run All and save`);
      await page.screenshot({ path: path.join(SCREENSHOTS, "renderer-run-all.png") });
    } finally {
      await page.close();
    }
  }, 420_000);
});

const denoInstalled = existsSync(kernelspecFile(KERNELS.deno.name));

describe.skipIf(!chromiumPath || !denoInstalled)("the lessons' Plotly renderer with Deno's kernel, as `npm start -- --kernel deno` runs it (Chromium)", () => {
  // npm start's Deno session: Deno's kernel under the lessons' kernelspec name (tools/node/deno.mjs), so a
  // lesson opens on it with its metadata unchanged.
  let workdir: string;
  let state: string;
  let lab: Lab;
  let browser: BrowserContext;
  beforeAll(async () => {
    workdir = path.join(ROOT, "test-results", "plotly-renderer-deno-notebooks");
    rmSync(workdir, { recursive: true, force: true });
    mkdirSync(workdir, { recursive: true });
    cpSync(path.join(ROOT, "notebooks", LESSON), path.join(workdir, LESSON));
    state = mkdtempSync(path.join(os.tmpdir(), "lessons-jupyter-deno-"));
    const session = denoSession(state);
    lab = await startJupyterLab({
      stateDir: state,
      env: { ...process.env, ...session.env },
      args: jupyterLabArgs({ rootDir: workdir, kernel: session.kernel, labArgs: ["--LabApp.expose_app_in_browser=True"] }),
    });
    browser = await launchChromium(chromiumPath!);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await lab?.stop();
    rmSync(state, { recursive: true, force: true });
    rmSync(workdir, { recursive: true, force: true });
  }, 60_000);

  it(`${LESSON}: opens on Deno with every chart drawn and stays unmodified`, async () => {
    const charts = storedCharts(path.join(ROOT, "notebooks", LESSON)).charts.length;
    const page = await browser.newPage();
    try {
      await openLesson(page, lab, "renderer-deno");
      // The kernel under the lessons' name is Deno: its binary (npm's @deno/<platform> package) runs below the server.
      const commands = descendants(lab.process.pid!).map((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
        } catch {
          return "";
        }
      });
      expect(commands.filter((c) => c.includes("@deno/")), "Deno's kernel running").not.toEqual([]);
      await expect.poll(() => page.locator(DRAWN).count(), { timeout: 60_000, message: "every stored chart drawn by the lessons' renderer" }).toBe(charts);
      console.log(`${LESSON} on Deno: ${await firstChart(page)}`);
      await page.waitForTimeout(2000);
      const model = await notebookModel(page);
      expect(snapshotsIn(model.outputs), "chart outputs holding a PNG snapshot in the notebook model").toBe(0);
      expect(model.dirty, "the notebook model is unmodified").toBe(false);
      expect(await lessonTab(page).getAttribute("class"), "the tab is not marked modified").not.toContain("jp-mod-dirty");
    } finally {
      await page.close();
    }
  }, 300_000);
});
