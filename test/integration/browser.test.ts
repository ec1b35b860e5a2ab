// What students see: every lesson in real JupyterLab driven through Debian's Chromium, and the exported
// offline site opened from disk. Screenshots go to test-results/screenshots/ (not committed).
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { chartLayoutProblems, invisibleLegendEntries } from "../helpers/chart-layout";
import { findChromium, firstAppearanceMs, lessonsInJupyterLab, recordFirstAppearance, offlinePage, runExport, storedCharts } from "../helpers/browser";
import { ROOT } from "../helpers/python";
import { COURSE } from "../helpers/course";

const chromiumPath = findChromium();
const LESSONS = readdirSync(path.join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort();
const RESULTS = path.join(ROOT, "test-results");
const SCREENSHOTS = path.join(RESULTS, "screenshots");

/** How many charts a lesson stores and how many code cells it has. */
function storedCounts(lesson: string) {
  const { charts, codeCells } = storedCharts(path.join(ROOT, "notebooks", lesson));
  return { charts: charts.length, codeCells };
}

/** Waits until at least `atLeast` elements match (or the timeout passes) and returns how many do. */
async function waitForCount(page: Page, selector: string, atLeast: number, timeout = 60_000) {
  const locator = page.locator(selector);
  const deadline = Date.now() + timeout;
  while ((await locator.count()) < Math.max(atLeast, 1) && Date.now() < deadline) await page.waitForTimeout(250);
  return locator.count();
}

// Run All in JupyterLab for four lessons that between them hold every kind of output (charts with sliders and
// play buttons, formulas, tables, long training runs, the capstone): what Run All adds over verify.test.ts
// (every lesson's every cell, in the real kernel, output for output) is JupyterLab's side, the same for every
// lesson. The other lessons are opened and checked as stored: charts and formulas render untrusted, their
// layout is clean, no page error.
const RUN_ALL = new Set(["01-why-activation-functions.ipynb", "05-sigmoid-vs-softmax.ipynb", "10-gradient-flow-lab.ipynb", "12-capstone.ipynb"]);

// A Plotly output that has drawn its SVG (the lessons' renderer, lite/src/plotly-renderer.ts, keeps the class).
const DRAWN_PLOT = ".jp-RenderedPlotly:has(.main-svg)";

describe.skipIf(!chromiumPath)("lessons in JupyterLab (Chromium)", () => {
  // JupyterLab on copies of the lessons (it autosaves), any kernel offered.
  const session = lessonsInJupyterLab("browser-notebooks", chromiumPath!);

  it("has lessons to test", () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(8);
    for (const lesson of RUN_ALL) expect(LESSONS).toContain(lesson);
  });

  for (const lesson of LESSONS) {
    const runAll = RUN_ALL.has(lesson);
    it(`${lesson}: stored charts and formulas render untrusted${runAll ? "; Run All completes with no error and redraws the charts" : ", laid out cleanly"}`, async () => {
      const { charts } = storedCounts(lesson);
      const page = await session.browser.newPage();
      const pageErrors: string[] = [];
      page.on("pageerror", (e) => pageErrors.push(e.message));
      try {
        // A workspace of its own, reset: only this lesson is open, so Run All runs this lesson.
        const workspace = lesson.replace(/\W/g, "-");
        await page.goto(`${session.lab.url}/lab/workspaces/${workspace}/tree/${encodeURIComponent(lesson)}?reset&token=${session.lab.token}`);
        await page.locator(".jp-Notebook .jp-Cell").first().waitFor({ state: "attached", timeout: 60_000 });
        await page.locator(".jp-NotebookPanel-notebook").first().waitFor({ state: "visible", timeout: 60_000 });
        await page.locator(".jp-Notebook-ExecutionIndicator, .jp-KernelStatus").first().waitFor({ timeout: 60_000 }).catch(() => {});

        expect(await waitForCount(page, DRAWN_PLOT, charts), "stored Plotly charts rendered as SVG").toBeGreaterThanOrEqual(charts);
        expect(await waitForCount(page, "mjx-container", 1), "formulas typeset by MathJax").toBeGreaterThan(0);
        if (!runAll) {
          expect(await chartLayoutProblems(page), "no legend covers text, no label or data cut, every legend entry visible").toEqual([]);
          if (charts > 0) await page.locator(DRAWN_PLOT).first().scrollIntoViewIfNeeded();
          await page.screenshot({ path: path.join(SCREENSHOTS, `${lesson.replace(/\.ipynb$/, "")}.png`) });
          expect(pageErrors, "no uncaught page errors").toEqual([]);
          return;
        }

        // Run All only once the kernel is connected: the toolbar's indicator says "idle" before the kernel
        // has even started, the status bar says "<display name> | Idle" only when it is ready.
        await page.locator(".jp-StatusBar-Widget", { hasText: `${COURSE.kernel.displayName} | Idle` }).first().waitFor({ timeout: 120_000 });
        await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
        await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
        // Done when no prompt shows [*] and the kernel is idle.
        await page.waitForFunction(
          () => {
            const prompts = [...document.querySelectorAll(".jp-InputPrompt")].map((p) => p.textContent ?? "");
            const busy = prompts.some((p) => p.includes("*"));
            const counted = prompts.filter((p) => /\[\d+\]/.test(p)).length;
            return !busy && counted > 0 && document.querySelector(".jp-Notebook-ExecutionIndicator[data-status='busy']") === null;
          },
          undefined,
          { timeout: 300_000, polling: 500 },
        );
        const stderr = await page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').allTextContents();
        expect(stderr, "no cell wrote to stderr").toEqual([]);
        expect(await waitForCount(page, DRAWN_PLOT, charts), "charts drawn again after Run All").toBeGreaterThanOrEqual(charts);
        expect(await chartLayoutProblems(page), "no legend covers text, no label or data cut, every legend entry visible").toEqual([]);
        // Saving keeps each chart once, as Plotly JSON: the renderer's PNG snapshots are dropped (tools/jupyter/save_hook.py).
        await page.keyboard.press("Control+s");
        await page.locator(".jp-mod-dirty").first().waitFor({ state: "detached", timeout: 30_000 }).catch(() => {});
        await page.waitForTimeout(1000);
        const saved = JSON.parse(readFileSync(path.join(session.workdir, lesson), "utf8"));
        const snapshots = saved.cells.flatMap((c: { outputs?: { data?: Record<string, unknown> }[] }) => c.outputs ?? [])
          .filter((o: { data?: Record<string, unknown> }) => o.data?.["application/vnd.plotly.v1+json"] && o.data?.["image/png"]);
        expect(snapshots, "saved chart outputs with a PNG snapshot").toEqual([]);
        // The screenshot shows the lesson's first chart, drawn by the run.
        if (charts > 0) await page.locator(DRAWN_PLOT).first().scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(SCREENSHOTS, `${lesson.replace(/\.ipynb$/, "")}.png`) });
        expect(pageErrors, "no uncaught page errors").toEqual([]);
      } catch (error) {
        await page.screenshot({ path: path.join(SCREENSHOTS, `${lesson.replace(/\.ipynb$/, "")}-FAILED.png`) }).catch(() => {});
        throw error;
      } finally {
        await page.close();
      }
    }, 420_000);
  }

  it("chart text takes the theme's text colour in JupyterLab, light and dark, at a contrast of at least 4.5:1", async () => {
    const lesson = LESSONS.find((l) => storedCounts(l).charts > 0)!;
    const page = await session.browser.newPage();
    try {
      await page.goto(`${session.lab.url}/lab/workspaces/contrast/tree/${encodeURIComponent(lesson)}?reset&token=${session.lab.token}`);
      await waitForCount(page, DRAWN_PLOT, 1);
      const measure = () =>
        page.evaluate(() => {
          const rgba = (css: string) => {
            const m = css.match(/rgba?\(([^)]+)\)/);
            if (!m) throw new Error(`not a colour: ${css}`);
            const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
            return { r, g, b, a };
          };
          const luminance = ({ r, g, b }: { r: number; g: number; b: number }) => {
            const channel = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
            return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
          };
          const tick = document.querySelector(".jp-RenderedPlotly .xtick text")!;
          // The background the chart is drawn on: the nearest ancestor with an opaque background colour.
          let node: Element | null = tick.closest(".jp-RenderedPlotly");
          let background = { r: 255, g: 255, b: 255, a: 0 };
          while (node && background.a < 1) {
            background = rgba(getComputedStyle(node).backgroundColor);
            node = node.parentElement;
          }
          const text = rgba(getComputedStyle(tick).fill);
          const blended = { r: text.r * text.a + background.r * (1 - text.a), g: text.g * text.a + background.g * (1 - text.a), b: text.b * text.a + background.b * (1 - text.a) };
          const [light, dark] = [luminance(blended), luminance(background)].sort((x, y) => y - x);
          return { fill: getComputedStyle(tick).fill, background: `rgb(${background.r}, ${background.g}, ${background.b})`, contrast: (light + 0.05) / (dark + 0.05) };
        });
      const light = await measure();
      // The lessons' stylesheet (tools/jupyter/lessons.css) comes with the lessons' extension: code lines wrap
      // (test cells' hint strings), and red error text wraps at spaces, not mid-word.
      const wrapping = await page.evaluate(() => {
        const rules = [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules]).filter((r): r is CSSStyleRule => r instanceof CSSStyleRule);
        const stderr = rules.find((r) => r.selectorText.includes('"application/vnd.jupyter.stderr"'));
        const code = getComputedStyle(document.querySelector(".jp-CodeCell .jp-Editor .cm-content")!);
        return { code: [code.whiteSpace, code.overflowWrap], stderr: stderr && [stderr.style.whiteSpace, stderr.style.wordBreak] };
      });
      expect(wrapping).toEqual({ code: ["pre-wrap", "anywhere"], stderr: ["pre-wrap", "normal"] });
      expect(await invisibleLegendEntries(page), "legend entries visible in the light theme").toEqual([]);
      expect(light.fill, "kernel-lib's mid grey replaced by the theme's text colour").not.toBe("rgb(120, 120, 120)");
      expect(light.contrast, JSON.stringify(light)).toBeGreaterThanOrEqual(4.5);

      await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Settings$/ }).click();
      await page.locator(".lm-Menu-itemLabel", { hasText: /^Theme$/ }).first().hover();
      await page.locator(".lm-Menu-itemLabel", { hasText: /^JupyterLab Dark$/ }).click();
      await page.waitForFunction(() => document.body.dataset.jpThemeLight === "false", undefined, { timeout: 30_000 });
      await page.waitForTimeout(500);
      const dark = await measure();
      expect(dark.background, "the dark theme is really in place").not.toBe(light.background);
      expect(dark.contrast, JSON.stringify(dark)).toBeGreaterThanOrEqual(4.5);
      expect(await invisibleLegendEntries(page), "legend entries visible in the dark theme").toEqual([]);
      await page.locator(DRAWN_PLOT).first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SCREENSHOTS, "chart-dark-theme.png") });
    } finally {
      await page.close();
    }
  }, 180_000);

  it("the exported site works offline: charts and typeset formulas on a page opened from disk", async () => {
    const site = path.join(RESULTS, "site");
    const result = runExport(site);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    const { page, requests } = await offlinePage(session.browser);
    try {
      const lesson = LESSONS.find((l) => storedCounts(l).charts > 0)!;
      await page.goto(`file://${path.join(site, lesson.replace(/\.ipynb$/, ".html"))}`);
      await page.locator(".js-plotly-plot .main-svg").first().waitFor({ timeout: 30_000 });
      expect(await page.locator(".js-plotly-plot").count()).toBe(storedCounts(lesson).charts);
      await page.locator("mjx-container").first().waitFor({ timeout: 30_000 });
      await page.screenshot({ path: path.join(SCREENSHOTS, "exported-page.png") });
      await page.goto(`file://${path.join(site, "index.html")}`);
      expect(await page.locator("ol.lessons > li > a").count()).toBe(LESSONS.length);
      const summaries = await page.locator("ol.lessons > li").allTextContents();
      expect(summaries.filter((text) => text.trim().endsWith(":")), "index summaries ending in a colon").toEqual([]);
      expect(requests, "no network requests").toEqual([]);
    } finally {
      await page.close();
    }
  }, 300_000);

  it("every site page: charts laid out cleanly in the light and the dark scheme; prints when the first chart is drawn from disk", async () => {
    const site = path.join(RESULTS, "site");
    const timings: string[] = [];
    for (const lesson of LESSONS) {
      const { charts } = storedCounts(lesson);
      if (charts === 0) continue;
      const file = `file://${path.join(site, lesson.replace(/\.ipynb$/, ".html"))}`;
      for (const colorScheme of ["light", "dark"] as const) {
        const { page } = await offlinePage(session.browser);
        try {
          await page.emulateMedia({ colorScheme });
          await recordFirstAppearance(page, ".js-plotly-plot .main-svg");
          await page.goto(file);
          await page.waitForFunction((n) => document.querySelectorAll(".js-plotly-plot .main-svg").length >= n, charts, { timeout: 60_000 });
          const problems = await chartLayoutProblems(page);
          expect.soft(problems, `${lesson} (${colorScheme})`).toEqual([]);
          expect(await page.textContent("body"), `${lesson}: no instructions for running on a static page`).not.toContain("Run All Cells");
          if (colorScheme === "light") {
            const ms = await firstAppearanceMs(page);
            timings.push(`${lesson}: first chart at ${Math.round(ms)} ms`);
          }
        } finally {
          await page.close();
        }
      }
    }
    // A time, not a pass/fail: speed is measured and reported (the figure depends on the machine's load).
    console.log(timings.join("\n"));
  }, 900_000);
});
