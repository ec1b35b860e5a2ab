// The browser tests' helpers. Chromium and JupyterLab come from the tools (tools/node/chromium.mjs and
// tools/node/jupyter.mjs, which the bench uses too): tests import tools, never the other way round.
import type { ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { BrowserContext, Locator, Page } from "playwright-core";
// @ts-ignore: plain JavaScript (tools/node has no build step); typed by ChromiumModule below.
import * as chromiumModule from "../../tools/node/chromium.mjs";
// @ts-ignore: plain JavaScript; typed by JupyterModule below.
import * as jupyterModule from "../../tools/node/jupyter.mjs";
import { ROOT, runTool } from "./python";

interface ChromiumModule {
  findChromium(): string | undefined;
  launchChromium(executablePath: string): Promise<BrowserContext>;
}

export interface Lab {
  url: string;
  token: string;
  process: ChildProcess;
  stop(): Promise<void>;
  /** Everything the server (and the kernels it started) printed so far. */
  log(): string;
  /** A call to the server's REST API, its JSON reply (null for 204/404). */
  api(method: string, route: string): Promise<any>;
  shutDownKernels(timeoutMs?: number): Promise<void>;
}

export interface LabOptions {
  /**
   * The arguments for `python` instead of the defaults, e.g. jupyterLabArgs() to start JupyterLab exactly
   * as `npm start` does; the port, token and --no-browser are appended.
   */
  args?: string[];
}

interface JupyterModule {
  jupyterLabArgs(options: { rootDir: string; kernel?: string; labArgs?: string[] }): string[];
  startJupyterLab(options: { rootDir?: string; kernel?: string; args?: string[] }): Promise<Lab>;
  waitForServer(url: string, token: string, server: ChildProcess, log: () => string, timeoutMs?: number): Promise<void>;
  stopProcess(child: ChildProcess, graceMs?: number): Promise<void>;
  freePort(): Promise<number>;
  descendants(pid: number): number[];
}

export const { findChromium, launchChromium } = chromiumModule as ChromiumModule;
export const { jupyterLabArgs, waitForServer, stopProcess, freePort, descendants } = jupyterModule as JupyterModule;

/**
 * JupyterLab from .venv on 127.0.0.1 with a random token, serving `rootDir` (any kernel unless `args`
 * say otherwise); all its Jupyter state lives in one temporary folder that `stop()` removes.
 */
export function startJupyterLab(rootDir: string, options: LabOptions = {}): Promise<Lab> {
  return (jupyterModule as JupyterModule).startJupyterLab({ rootDir, args: options.args });
}

export function runExport(outDir: string) {
  return runTool(["export", "--out", outDir], 300_000);
}

/** Opens a page from disk with every non-file request aborted; returns the requests that were tried. */
export async function offlinePage(browser: BrowserContext) {
  const page = await browser.newPage();
  const requests: string[] = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file://")) return route.continue();
    requests.push(url);
    return route.abort();
  });
  return { page, requests };
}

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** A stored Plotly chart: its text summary (what a screen reader reaches), whether it is a sweep, its steps,
 * the figure itself and the index of the notebook cell that stores it. */
export interface StoredChart {
  summary: string;
  sweep: boolean;
  steps: number;
  figure: { data: unknown[]; layout: Record<string, unknown>; frames?: unknown[] };
  cell: number;
}

/** What a notebook stores: its kernelspec's name, its code cells and its Plotly charts, in order. */
export function storedCharts(notebook: string) {
  const nb = JSON.parse(readFileSync(notebook, "utf8"));
  const charts: StoredChart[] = [];
  let codeCells = 0;
  for (const [index, cell] of (nb.cells as { cell_type: string; outputs?: { data?: Record<string, any> }[] }[]).entries()) {
    if (cell.cell_type !== "code") continue;
    codeCells++;
    for (const o of cell.outputs ?? []) {
      const fig = o.data?.[PLOTLY_MIME];
      if (!fig) continue;
      const text = o.data?.["text/plain"] ?? "";
      charts.push({
        summary: Array.isArray(text) ? text.join("") : text,
        sweep: Boolean(fig.layout?.sliders),
        steps: fig.layout?.sliders?.[0].steps.length ?? 0,
        figure: fig,
        cell: index,
      });
    }
  }
  return { kernelspec: nb.metadata.kernelspec?.name as string, codeCells, charts };
}

/** A sweep chart's state: which traces are visible (0/1 per trace), the slider's step, the first visible
 * trace's data, the drawn paths. */
export async function sweepState(plot: Locator) {
  return plot.evaluate((gd: any) => ({
    visible: gd._fullData.map((t: any) => (t.visible === true ? "1" : "0")).join(""),
    active: gd._fullLayout.sliders[0].active as number,
    steps: gd._fullLayout.sliders[0].steps.length as number,
    firstVisibleY: JSON.stringify(gd._fullData.find((t: any) => t.visible === true)?.y?.slice?.(0, 40) ?? null),
    pathD: [...gd.querySelectorAll(".scatterlayer .trace path.js-line")].map((p: Element) => p.getAttribute("d")).join("|"),
  }));
}

/** Drags a sweep chart's slider grip to the right end of its rail, as a reader does with the mouse. */
export async function dragSliderToEnd(page: Page, plot: Locator) {
  // A first click makes the output's cell active; JupyterLab may scroll it, so measure only afterwards.
  await plot.click({ position: { x: 5, y: 5 }, force: true });
  await page.waitForTimeout(300);
  const grip = await plot.locator(".slider-grip-rect").boundingBox();
  const rail = await plot.locator(".slider-rail-rect").boundingBox();
  if (!grip || !rail) throw new Error("slider not drawn");
  const y = grip.y + grip.height / 2;
  await page.mouse.move(grip.x + grip.width / 2, y);
  await page.mouse.down();
  await page.mouse.move(rail.x + rail.width - 2, y, { steps: 8 });
  await page.mouse.up();
}

/**
 * The browser tests' common set-up, as vitest hooks: copies of the lessons (or of `notebook` alone) in
 * test-results/<name> (inside the checkout, so `kernel-lib` still resolves; JupyterLab autosaves into
 * them), JupyterLab on them (started with `args(workdir)` when given, e.g. npm start's), and Chromium; all
 * stopped and removed afterwards. The returned object is filled in before the tests run.
 */
export function lessonsInJupyterLab(name: string, chromiumPath: string, { args, notebook }: { args?: (workdir: string) => string[]; notebook?: string } = {}) {
  const session = { workdir: path.join(ROOT, "test-results", name), screenshots: path.join(ROOT, "test-results", "screenshots") } as {
    workdir: string;
    screenshots: string;
    lab: Lab;
    browser: BrowserContext;
  };
  beforeAll(async () => {
    rmSync(session.workdir, { recursive: true, force: true });
    mkdirSync(session.screenshots, { recursive: true });
    if (notebook) mkdirSync(session.workdir, { recursive: true });
    cpSync(notebook ?? path.join(ROOT, "notebooks"), notebook ? path.join(session.workdir, path.basename(notebook)) : session.workdir, { recursive: true });
    session.lab = await startJupyterLab(session.workdir, { args: args?.(session.workdir) });
    session.browser = await launchChromium(chromiumPath);
  }, 180_000);
  afterAll(async () => {
    await session.browser?.close();
    await session.lab?.stop();
    rmSync(session.workdir, { recursive: true, force: true });
  }, 60_000);
  return session;
}

/**
 * Records in `page`, for every navigation from now on, when the first element matching `selector` appears,
 * in milliseconds from the start of navigation (a chart's SVG: a time to print, never to assert).
 */
export async function recordFirstAppearance(page: Page, selector: string): Promise<void> {
  await page.addInitScript((wanted) => {
    const w = window as unknown as { firstAppearanceMs?: number };
    new MutationObserver((_, observer) => {
      if (document.querySelector(wanted)) {
        w.firstAppearanceMs = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  }, selector);
}

/** What recordFirstAppearance measured on the current page (NaN if nothing appeared yet). */
export const firstAppearanceMs = (page: Page): Promise<number> =>
  page.evaluate(() => (window as unknown as { firstAppearanceMs?: number }).firstAppearanceMs ?? NaN);
