import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Locator, type Page } from "playwright-core";
import { PYTHON, ROOT, runTool } from "./python";

/** Debian's Chromium (or CHROMIUM=/path). Under CI it must exist; elsewhere browser tests skip loudly. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].filter(Boolean) as string[];
  const found = candidates.find((c) => existsSync(c));
  if (!found) {
    const message = "Chromium not found: browser tests need Debian's chromium (apt-get install -y chromium) or CHROMIUM=/path/to/chrome";
    if (process.env.CI === "true") throw new Error(message);
    console.warn(`\n⚠️  SKIPPING BROWSER TESTS. ${message}\n`);
  }
  return found;
}

/**
 * Headless Chromium with a profile of its own. Everything it writes (profile, its temp files, the ~/.pki
 * a Chromium makes in HOME) goes into one temporary folder, removed when the context closes.
 */
export async function launchChromium(executablePath: string): Promise<BrowserContext> {
  const base = mkdtempSync(path.join(os.tmpdir(), "lessons-chromium-"));
  for (const dir of ["profile", "tmp", "home"]) mkdirSync(path.join(base, dir));
  const context = await chromium.launchPersistentContext(path.join(base, "profile"), {
    executablePath,
    env: { ...process.env, HOME: path.join(base, "home"), TMPDIR: path.join(base, "tmp") },
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
  // Chromium can still be writing into its profile for a moment after the context has closed (an ENOTEMPTY
  // once surfaced as an uncaught error, and profiles were left in /tmp): close() now waits until the folder
  // is really gone, and the test process tries once more when it exits.
  const removeNow = () => {
    try {
      rmSync(base, { recursive: true, force: true });
    } catch {
      /* still being written: tried again */
    }
    return !existsSync(base);
  };
  const closeContext = context.close.bind(context);
  context.close = async (...args: Parameters<BrowserContext["close"]>) => {
    await closeContext(...args);
    for (let attempt = 0; attempt < 50 && !removeNow(); attempt++) await new Promise((r) => setTimeout(r, 100));
  };
  process.once("exit", removeNow);
  return context;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export interface Lab {
  url: string;
  token: string;
  stop(): Promise<void>;
  /** Everything the server (and the kernels it started) printed so far. */
  log(): string;
}

export interface LabOptions {
  /**
   * The arguments for `python` instead of the defaults, e.g. start.mjs's `jupyterLabArgs()` to start
   * JupyterLab exactly as `npm start` does; the port, token and --no-browser are appended.
   */
  args?: string[];
}

/** Waits until the Jupyter server at `url` answers, or throws with its log (and kills it). */
export async function waitForServer(url: string, token: string, server: ChildProcess, log: () => string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the Jupyter server exited early:\n${log()}`);
    try {
      const r = await fetch(`${url}/api/status?token=${token}`);
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      server.kill("SIGKILL");
      throw new Error(`the Jupyter server did not start within ${timeoutMs / 1000} s:\n${log()}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Stops a server (SIGTERM, then SIGKILL after 10 s) and waits for it to exit. */
export async function stopProcess(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

export { freePort };

/**
 * JupyterLab from .venv on 127.0.0.1 with a random token, serving `rootDir`; stopped by `stop()`. All its
 * Jupyter state (config, data, runtime, workspaces, settings) lives in one temporary folder that `stop()`
 * removes.
 */
export async function startJupyterLab(rootDir: string, options: LabOptions = {}): Promise<Lab> {
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  const server = ["--no-browser", `--ServerApp.port=${port}`, "--ServerApp.port_retries=0", `--IdentityProvider.token=${token}`];
  const args = options.args
    ? [...options.args, ...server]
    : [
        "-m", "jupyterlab", ...server,
        "--ServerApp.ip=127.0.0.1", `--ServerApp.root_dir=${rootDir}`,
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
      ];
  if (!options.args && process.getuid?.() === 0) args.push("--allow-root");
  const state = mkdtempSync(path.join(os.tmpdir(), "lessons-jupyter-"));
  // A settings folder of the test's own: render every cell (no windowing), so checks see the whole notebook.
  const settingsDir = path.join(state, "lab", "user-settings");
  mkdirSync(path.join(settingsDir, "@jupyterlab", "notebook-extension"), { recursive: true });
  writeFileSync(path.join(settingsDir, "@jupyterlab", "notebook-extension", "tracker.jupyterlab-settings"), JSON.stringify({ windowingMode: "none" }));
  // The lessons' JupyterLab stylesheet, installed the way `npm start` installs it (set-up's own function).
  const setupModule: { installLessonStyles(configDir: string): void } = await import(path.join(ROOT, "tools", "node", "setup.mjs"));
  setupModule.installLessonStyles(path.join(state, "config"));
  const lab: ChildProcess = spawn(PYTHON, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      JUPYTER_CONFIG_DIR: path.join(state, "config"),
      JUPYTER_DATA_DIR: path.join(state, "data"),
      JUPYTER_RUNTIME_DIR: path.join(state, "runtime"),
      JUPYTERLAB_WORKSPACES_DIR: path.join(state, "lab", "workspaces"),
      JUPYTERLAB_SETTINGS_DIR: settingsDir,
      IPYTHONDIR: path.join(state, "ipython"),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  lab.stdout?.on("data", (d) => (log += d));
  lab.stderr?.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForServer(url, token, lab, () => log);
  } catch (error) {
    rmSync(state, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    token,
    async stop() {
      await stopProcess(lab);
      rmSync(state, { recursive: true, force: true });
    },
    log: () => log,
  };
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

/** A sweep chart's state: which traces are visible (0/1 per trace), the slider's step, the drawn paths. */
export async function sweepState(plot: Locator) {
  return plot.evaluate((gd: any) => ({
    visible: gd._fullData.map((t: any) => (t.visible === true ? "1" : "0")).join(""),
    active: gd._fullLayout.sliders[0].active as number,
    steps: gd._fullLayout.sliders[0].steps.length as number,
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
