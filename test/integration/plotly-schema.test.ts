// Every chart the lessons store is a figure plotly.js itself accepts. kernel-lib builds figures as plain JSON
// for the frontends' Plotly renderers, so nothing in its own types stops a misspelt or retired attribute
// (plotly.js silently ignores what it does not know: a legend that never moves, a title that never shows).
// plotly.js-dist — the full library, with every trace type's schema — is loaded into a blank Chromium page, and
// Plotly.validate judges each stored figure (the same JSON the site and JupyterLab draw). The copy loaded is
// the one JupyterLab's renderer and the pages ship, set-up's minified build of plotly.js-dist
// (lite/full-plotly.mjs), so the test also shows that minified build runs and draws.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findChromium, launchChromium, storedCharts } from "../helpers/browser";
import { ROOT } from "../helpers/python";

const chromiumPath = findChromium();
const LESSONS = readdirSync(path.join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort();
// @ts-ignore: plain JavaScript (lite/ has no types); builds the minified copy when it is missing or outdated.
import { buildFullPlotly } from "../../lite/full-plotly.mjs";
const PLOTLY: string = await buildFullPlotly();

// What Plotly.validate reports that is not a fault: a valid attribute left unused in its context (a sweep's hidden
// traces, a colour bar without a colour scale), a trace that is hidden on purpose, and slider/button arguments it
// re-sets to the same object. Misspelt or retired attributes ("schema"), wrong containers ("object", "array") and
// bad values ("value") remain.
const NOT_A_FAULT = new Set(["unused", "invisible", "dynamic"]);

interface Problem {
  code: string;
  path: string;
  msg: string;
}

async function validate(page: Page, figure: unknown): Promise<Problem[]> {
  return page.evaluate((fig) => {
    const { data, layout } = fig as { data: unknown[]; layout: Record<string, unknown> };
    const { validate } = (window as unknown as { Plotly: { validate(d: unknown, l: unknown): Problem[] | undefined } }).Plotly;
    let result: Problem[] | undefined;
    try {
      result = validate(data, layout);
    } catch {
      // plotly.js 4.1.1's validate throws ("reading 'validateFunction'") on a legend container when no legend is
      // drawn (one visible trace); judge the same figure with its legend shown, which checks that container too.
      result = validate(data, { ...layout, showlegend: true });
    }
    return (result ?? []).map((p) => ({ code: p.code, path: String(p.path), msg: p.msg }));
  }, figure).then((problems) => problems.filter((p) => !NOT_A_FAULT.has(p.code)));
}

describe.skipIf(!chromiumPath)("stored charts against plotly.js's own schema (plotly.js-dist)", () => {
  let browser: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium(chromiumPath!);
    page = await browser.newPage();
    await page.setContent("<!doctype html><html><body></body></html>");
    await page.addScriptTag({ path: PLOTLY });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("the minified build draws a trace type the cartesian bundle lacks (what it is loaded for)", async () => {
    const drawn = await page.evaluate(async () => {
      const host = document.createElement("div");
      host.style.cssText = "width: 400px; height: 300px";
      document.body.append(host);
      const plotly = (window as unknown as { Plotly: { version: string; newPlot(el: HTMLElement, data: unknown[]): Promise<unknown>; purge(el: HTMLElement): void } }).Plotly;
      await plotly.newPlot(host, [{ type: "sunburst", labels: ["all", "part"], parents: ["", "all"] }]);
      const slices = host.querySelectorAll(".slice").length;
      plotly.purge(host);
      host.remove();
      return { version: plotly.version, slices };
    });
    const pinned = JSON.parse(readFileSync(path.join(ROOT, "kernel-lib", "package.json"), "utf8")).dependencies["plotly.js-dist"];
    expect(drawn).toEqual({ version: pinned, slices: 2 });
  });

  it("the check can fail: a misspelt attribute and an unknown trace type are reported", async () => {
    const problems = await validate(page, { data: [{ type: "scatter", x: [1], y: [2], lnie: { color: "red" } }, { type: "sactter" }], layout: { legnd: {} } });
    expect(problems.map((p) => p.msg)).toEqual([
      "In data trace 0, key lnie is not part of the schema",
      "In data trace 1, key type is set to an invalid value (sactter)",
      "In layout, key legnd is not part of the schema",
    ]);
  });

  for (const lesson of LESSONS) {
    it(`${lesson}: every stored chart validates`, async () => {
      const { charts } = storedCharts(path.join(ROOT, "notebooks", lesson));
      const found: string[] = [];
      for (const chart of charts) {
        try {
          for (const p of await validate(page, chart.figure)) found.push(`cell ${chart.cell}: [${p.code}] ${p.msg}`);
        } catch (error) {
          found.push(`cell ${chart.cell}: Plotly.validate could not read the figure: ${(error as Error).message.split("\n")[0]}`);
        }
      }
      expect(found).toEqual([]);
    });
  }
});
