// The student's workspace, end to end with the real tools: `npm start`'s sync makes it from the student
// versions (no solution, lesson outputs kept), never overwrites it, announces upstream changes; reset keeps
// a backup; progress grades it with the hidden tests; the commands take paths relative to where the user
// stands and bare lesson numbers; start.mjs + JupyterLab in Chromium, with a temporary HOME that must stay
// empty, opens on the rendered README with the lessons' kernel only.
// Everything happens in a scratch copy under test-results/ (LESSONS_SOURCES, LESSONS_WORKSPACE,
// LESSONS_JUPYTER_STATE), never in the real notebooks/ or workspace/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { findChromium, freePort, launchChromium, stopProcess, waitForServer } from "../helpers/browser";
import { KERNELS, kernelspecFile } from "../helpers/course";
import { PYTHON, ROOT, TOOL_ENV } from "../helpers/python";

const SCRATCH = path.join(ROOT, "test-results", "workspace-test");
const UPSTREAM = path.join(SCRATCH, "upstream"); // plays notebooks/ (we change it)
const WORKSPACE = path.join(SCRATCH, "workspace");
const STATE = path.join(SCRATCH, "jupyter");
const SCREENSHOTS = path.join(ROOT, "test-results", "screenshots");
const ENV = { ...TOOL_ENV, LESSONS_SOURCES: UPSTREAM, LESSONS_WORKSPACE: WORKSPACE, LESSONS_JUPYTER_STATE: STATE };

type Cell = { cell_type: string; source: string | string[]; metadata: { nbgrader?: Record<string, unknown>; tags?: string[] }; outputs?: { data?: Record<string, unknown> }[] };
type Notebook = { cells: Cell[] };
const read = (file: string): Notebook => JSON.parse(readFileSync(file, "utf8"));
const text = (c: Cell) => (Array.isArray(c.source) ? c.source.join("") : c.source);
const isExercise = (c: Cell) => c.metadata.nbgrader?.solution === true || c.metadata.nbgrader?.grade === true;
const charts = (c: Cell) => (c.outputs ?? []).filter((o) => o.data?.["application/vnd.plotly.v1+json"]).length;
const LESSONS = readdirSync(path.join(ROOT, "notebooks")).filter((f) => /^\d\d-.*\.ipynb$/.test(f)).sort();
const find = (prefix: string) => LESSONS.find((l) => l.startsWith(prefix))!;

/** A lesson tool run the way npm runs it: python.mjs from the root, the user's folder in INIT_CWD. */
function npmRun(tool: string, args: string[], cwd = ROOT, timeout = 240_000) {
  const r = spawnSync(process.execPath, [path.join(ROOT, "tools/node/python.mjs"), ...tool.split(" "), ...args], {
    cwd: ROOT,
    env: { ...ENV, INIT_CWD: cwd },
    encoding: "utf8",
    timeout,
  });
  return { status: r.status, output: (r.stdout ?? "") + (r.stderr ?? "") };
}
const sync = () => npmRun("workspace sync", []);

/** The solution regions of a source notebook: the reference solution bodies a workspace must not contain. */
function solutionBodies(source: Notebook): string[] {
  const bodies: string[] = [];
  for (const c of source.cells) {
    for (const m of text(c).matchAll(/\/\/ BEGIN (SOLUTION|HIDDEN TESTS)\n([\s\S]*?)\n\s*\/\/ END \1/g)) bodies.push(m[2].trim());
  }
  return bodies;
}

beforeAll(() => {
  rmSync(SCRATCH, { recursive: true, force: true });
  mkdirSync(SCRATCH, { recursive: true });
  cpSync(path.join(ROOT, "notebooks"), UPSTREAM, { recursive: true });
});

afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

describe("the student workspace", () => {
  it("is created from the student versions: no solution or hidden test, every lesson chart kept, a README for students", () => {
    const r = sync();
    expect(r.status, r.output).toBe(0);
    expect(r.output).toMatch(/created your workspace/);
    expect(readdirSync(WORKSPACE).filter((f) => f.endsWith(".ipynb")).sort()).toEqual(LESSONS);
    for (const lesson of LESSONS) {
      const source = read(path.join(ROOT, "notebooks", lesson));
      const raw = readFileSync(path.join(WORKSPACE, lesson), "utf8");
      const copy = read(path.join(WORKSPACE, lesson));
      const all = copy.cells.map(text).join("\n");
      for (const marker of ["BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"]) expect(raw, `${lesson}: ${marker}`).not.toContain(marker);
      const bodies = solutionBodies(source);
      expect(bodies.length, `${lesson} has solutions to look for`).toBeGreaterThan(0);
      for (const body of bodies) expect(all, `${lesson} must not contain:\n${body}`).not.toContain(body);
      // Lesson charts stay; exercise cells (solution and test) have no outputs.
      const lessonCharts = source.cells.filter((c) => !isExercise(c)).reduce((n, c) => n + charts(c), 0);
      expect(copy.cells.reduce((n, c) => n + charts(c), 0), `${lesson}: charts`).toBe(lessonCharts);
      expect(copy.cells.filter(isExercise).every((c) => (c.outputs ?? []).length === 0), `${lesson}: exercise outputs cleared`).toBe(true);
      expect(copy.cells.length).toBe(source.cells.length);
    }
    expect(LESSONS.reduce((n, l) => n + read(path.join(WORKSPACE, l)).cells.reduce((k, c) => k + charts(c), 0), 0)).toBeGreaterThan(10);
    const readme = readFileSync(path.join(WORKSPACE, "README.md"), "utf8");
    expect(readme).toContain("npm run progress");
    for (const lesson of LESSONS) expect(readme).toContain(`](${lesson})`);
  }, 120_000);

  it("never overwrites the student's edits: a second start, an upstream change (announced with the reset command), a new lesson", () => {
    const l03 = path.join(WORKSPACE, find("03"));
    const l05 = path.join(WORKSPACE, find("05"));
    const mine = read(l03);
    mine.cells.push({ cell_type: "markdown", metadata: {}, source: "My own note." });
    writeFileSync(l03, JSON.stringify(mine, null, 1));
    const edited = readFileSync(l03, "utf8");
    expect(sync().status).toBe(0);
    expect(readFileSync(l03, "utf8")).toBe(edited);

    // Upstream changes 03 (edited by the student) and 05 (untouched), and adds a lesson.
    for (const lesson of [find("03"), find("05")]) {
      const nb = read(path.join(UPSTREAM, lesson));
      nb.cells.splice(1, 0, { cell_type: "markdown", metadata: {}, source: "A new paragraph from upstream." });
      writeFileSync(path.join(UPSTREAM, lesson), JSON.stringify(nb, null, 1));
    }
    cpSync(path.join(UPSTREAM, find("05")), path.join(UPSTREAM, "99-added-later.ipynb"));
    const r = sync();
    expect(r.status, r.output).toBe(0);
    expect(readFileSync(l03, "utf8")).toBe(edited);
    expect(r.output).toContain(`${find("03")} has a new version`);
    expect(r.output).toContain("npm run reset -- 03");
    expect(r.output).toMatch(new RegExp(`updated ${find("05")}`));
    expect(read(l05).cells.map(text)).toContain("A new paragraph from upstream.");
    expect(r.output).toContain("copied 99-added-later.ipynb");
    expect(existsSync(path.join(WORKSPACE, "99-added-later.ipynb"))).toBe(true);
    // Said once, then again at every start until taken, and the edit still stands.
    expect(sync().output).toContain("npm run reset -- 03");
    expect(readFileSync(l03, "utf8")).toBe(edited);
  }, 180_000);

  it("reset takes the new version and keeps the student's copy in backups/, from inside the workspace by relative path", () => {
    const l03 = path.join(WORKSPACE, find("03"));
    const edited = readFileSync(l03, "utf8");
    const r = npmRun("workspace reset", [find("03")], WORKSPACE);
    expect(r.status, r.output).toBe(0);
    const backups = readdirSync(path.join(WORKSPACE, "backups"));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(new RegExp(`^${find("03").replace(".ipynb", "")}-\\d{8}-\\d{6}\\.ipynb$`));
    expect(readFileSync(path.join(WORKSPACE, "backups", backups[0]), "utf8")).toBe(edited);
    const now = read(l03).cells.map(text);
    expect(now).toContain("A new paragraph from upstream.");
    expect(now).not.toContain("My own note.");
    expect(sync().output).not.toContain("npm run reset");
    // Nothing named: a clear error listing the lessons, nothing touched.
    const none = npmRun("workspace reset", []);
    expect(none.status).not.toBe(0);
    expect(none.output).toContain(find("03"));
  }, 120_000);

  it("answer prints one exercise's reference solution by id, or by lesson and number from any folder", () => {
    const source = read(path.join(ROOT, "notebooks", find("03")));
    const solution = source.cells.find((c) => c.metadata.nbgrader?.solution === true)!;
    const body = solutionBodies({ cells: [solution] })[0];
    const testCell = source.cells.find((c) => c.metadata.nbgrader?.grade === true && c.cell_type === "code")!;
    const id = String(testCell.metadata.nbgrader!.grade_id);
    for (const [args, cwd] of [[[id], ROOT], [["03", "1"], WORKSPACE], [[find("03"), "1"], WORKSPACE], [[find("03").replace(/^\d\d-|\.ipynb$/g, ""), "1"], path.join(ROOT, "notebooks")]] as const) {
      const r = npmRun("answer", [...args], cwd);
      expect(r.status, r.output).toBe(0);
      expect(r.output).toContain(`Reference solution of ${id}`);
      for (const line of body.split("\n")) expect(r.output).toContain(line.trim());
      expect(r.output).not.toContain("BEGIN SOLUTION");
    }
    const bad = npmRun("answer", ["42"]);
    expect(bad.status).not.toBe(0);
    expect(bad.output).toContain("neither a notebook nor a folder");
    expect(bad.output).toContain(find("03"));
  }, 180_000);

  it("progress: 0 on an untouched lesson, full marks with the reference solutions pasted in, feedback but no hidden test code", () => {
    const lesson = find("05");
    const source = read(path.join(UPSTREAM, lesson));
    const points = source.cells.filter((c) => c.metadata.nbgrader?.grade === true && c.cell_type === "code").map((c) => Number(c.metadata.nbgrader!.points));
    const total = points.reduce((a, b) => a + b, 0);
    const untouched = npmRun("progress", ["05"], WORKSPACE);
    expect(untouched.status, untouched.output).toBe(0);
    // A lesson whose solution cells all hold the stub is "not started" (no kernel run, no per-exercise lines).
    expect(untouched.output).toContain(`${lesson}: not started`);
    expect(untouched.output).not.toContain("not implemented");
    const hidden = source.cells.flatMap((c) => [...text(c).matchAll(/\/\/ BEGIN HIDDEN TESTS\n([\s\S]*?)\n\s*\/\/ END HIDDEN TESTS/g)].map((m) => m[1]));
    for (const block of hidden) for (const line of block.split("\n").filter((l) => l.trim().length > 20)) expect(untouched.output).not.toContain(line.trim());

    const copy = read(path.join(WORKSPACE, lesson));
    const firstStub = text(copy.cells.filter((c) => c.metadata.nbgrader?.solution === true)[0]);
    const solutions = source.cells.filter((c) => c.metadata.nbgrader?.solution === true);
    copy.cells.filter((c) => c.metadata.nbgrader?.solution === true).forEach((c, i) => (c.source = text(solutions[i]).replace(/.*(BEGIN|END) SOLUTION.*\n/g, "")));
    writeFileSync(path.join(WORKSPACE, lesson), JSON.stringify(copy));
    // From the repository root, by the path a student would type there.
    const full = npmRun("progress", [path.relative(ROOT, path.join(WORKSPACE, lesson))], ROOT);
    expect(full.status, full.output).toBe(0);
    expect(full.output).toContain(`${lesson}: ${points.length} of ${points.length} exercises passed, ${total}/${total} points\n`);

    // Run again with nothing changed: the last result, said to be that, without a kernel (under a second's work).
    const unchanged = npmRun("progress", ["05"], WORKSPACE);
    expect(unchanged.output).toContain(`${lesson}: ${points.length} of ${points.length} exercises passed, ${total}/${total} points (unchanged since the last run)\n`);
    // A changed solution cell runs the lesson again: the first exercise put back to its stub loses its points.
    const stubbed = read(path.join(WORKSPACE, lesson));
    stubbed.cells.filter((c) => c.metadata.nbgrader?.solution === true)[0].source = firstStub;
    writeFileSync(path.join(WORKSPACE, lesson), JSON.stringify(stubbed));
    const changed = npmRun("progress", ["05"], WORKSPACE);
    expect(changed.output).toContain(`${lesson}: ${points.length - 1} of ${points.length} exercises passed, ${total - points[0]}/${total} points\n`);
    // Another kernel is another result: Deno's runs the lesson and agrees.
    const deno = npmRun("progress", ["05", "--kernel", "deno"], WORKSPACE);
    expect(deno.output).toContain(`${lesson}: ${points.length - 1} of ${points.length} exercises passed, ${total - points[0]}/${total} points\n`);
  }, 300_000);

  it("verify takes a lesson file name relative to notebooks/ and a bare number from the root", () => {
    const lesson = find("08");
    const fromNotebooks = spawnSync(process.execPath, [path.join(ROOT, "tools/node/python.mjs"), "notebooks", lesson, "5"], {
      cwd: ROOT, env: { ...TOOL_ENV, INIT_CWD: path.join(ROOT, "notebooks") }, encoding: "utf8",
    });
    expect(fromNotebooks.status, fromNotebooks.stderr).toBe(0);
    expect(fromNotebooks.stdout.trim().split("\n")).toEqual([path.join(ROOT, "notebooks", lesson), path.join(ROOT, "notebooks", find("05"))]);
    const r = spawnSync("npm", ["run", "--silent", "verify", "--", lesson], { cwd: path.join(ROOT, "notebooks"), env: { ...TOOL_ENV }, encoding: "utf8", timeout: 240_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`✓ ${lesson}`);
  }, 240_000);
});

const chromiumPath = findChromium();

describe.skipIf(!chromiumPath)("npm start, seen in Chromium, with a temporary HOME", () => {
  let home: string;
  let browser: BrowserContext;

  beforeAll(() => {
    home = mkdtempSync(path.join(os.tmpdir(), "lessons-home-"));
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(home, { recursive: true, force: true });
  });

  /** Saves the open lesson (Ctrl+S, after its first cell ran) and checks that it still names the kernelspec
   * and language it stored: opening and running a lesson does not switch its kernel. */
  async function saveKeepsKernel(page: Page, lesson: string, stored: { kernelspec: unknown; language_info: unknown }) {
    // Read while Jupyter may be writing it: a file that does not parse yet counts as not saved yet.
    const onDisk = () => {
      try {
        return JSON.parse(readFileSync(path.join(WORKSPACE, lesson), "utf8"));
      } catch {
        return undefined;
      }
    };
    await page.keyboard.press("Control+s");
    await expect.poll(() => onDisk()?.cells.some((c: { execution_count?: number }) => c.execution_count === 1), { timeout: 30_000, message: "saved" }).toBe(true);
    const kernelOnDisk = () => {
      const metadata = onDisk()?.metadata;
      return metadata && { kernelspec: metadata.kernelspec, language_info: metadata.language_info };
    };
    // Polled to the end: an autosave may be rewriting the file at any single read.
    await expect.poll(kernelOnDisk, { timeout: 10_000 }).toEqual({ kernelspec: stored.kernelspec, language_info: stored.language_info });
  }

  /** start.mjs with `args` (the kernel's choice), as a student runs it, under the temporary HOME, on a port
   * and token of the test's; its output in log(). */
  async function npmStart(args: string[]) {
    const port = await freePort();
    const token = randomBytes(16).toString("hex");
    const env: NodeJS.ProcessEnv = { ...ENV, HOME: home };
    for (const key of ["XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR", "DENO_DIR"]) delete env[key];
    const start = spawn(process.execPath, [path.join(ROOT, "tools/node/start.mjs"), ...args, "--no-browser", `--ServerApp.port=${port}`, "--ServerApp.port_retries=0", `--IdentityProvider.token=${token}`], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    start.stdout?.on("data", (d) => (log += d));
    start.stderr?.on("data", (d) => (log += d));
    return { start, token, url: `http://127.0.0.1:${port}`, log: () => log };
  }

  it(`opens the workspace README rendered, offers ${KERNELS.tslab.displayName} only, opens a lesson, and writes nothing under HOME`, async () => {
    rmSync(WORKSPACE, { recursive: true, force: true });
    const { start, token, url, log } = await npmStart([]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium(chromiumPath!);
    const page = await browser.newPage();
    try {
      await waitForServer(url, token, start, log, 120_000);
      expect(log()).toContain("created your workspace");
      // The address npm start opens: the server's default URL.
      await page.goto(`${url}/?token=${token}`);
      await page.waitForURL(/\/lab\/tree\/README\.md/, { timeout: 60_000 });
      const rendered = page.locator(".jp-RenderedMarkdown h1", { hasText: "Your workspace" });
      await rendered.first().waitFor({ timeout: 60_000 });
      expect(await page.locator(".jp-FileEditor").count(), "README opened as a text editor").toBe(0);
      await page.screenshot({ path: path.join(SCREENSHOTS, "workspace-first-screen.png") });

      // The Launcher lists the lessons' kernel only.
      await page.keyboard.press("Control+Shift+L");
      await page.locator(".jp-Launcher-section").first().waitFor({ timeout: 30_000 });
      const notebookCards = await page.locator(".jp-Launcher-section", { hasText: "Notebook" }).first().locator(".jp-LauncherCard-label").allTextContents();
      expect(notebookCards.map((s) => s.trim())).toEqual([KERNELS.tslab.displayName]);
      await page.screenshot({ path: path.join(SCREENSHOTS, "workspace-launcher.png") });

      // A link in the README opens the lesson inside JupyterLab, with its stored charts drawn.
      await page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", { hasText: "README.md" }).first().click();
      await page.locator(`.jp-RenderedMarkdown a[href*="${find("03")}"]`).first().click();
      await page.locator(".jp-NotebookPanel .jp-Cell").first().waitFor({ timeout: 60_000 });
      await page.locator(".jp-RenderedPlotly:has(.main-svg)").first().waitFor({ timeout: 60_000 });
      expect(page.url()).toContain(find("03"));
      // The kernel starts (under the temporary HOME too) and runs the import cell without error.
      const idle = page.locator(".jp-StatusBar-Widget", { hasText: `${KERNELS.tslab.displayName} | Idle` }).first();
      await idle.waitFor({ timeout: 120_000 });
      await page.locator(".jp-NotebookPanel .jp-CodeCell .jp-InputArea-editor").first().click();
      await page.keyboard.press("Shift+Enter");
      await page.locator(".jp-NotebookPanel .jp-CodeCell .jp-InputPrompt", { hasText: "[*]" }).first().waitFor({ timeout: 10_000 }).catch(() => {});
      await page.waitForFunction(() => ![...document.querySelectorAll(".jp-InputPrompt")].some((p) => (p.textContent ?? "").includes("*")), undefined, { timeout: 120_000, polling: 250 });
      expect(await page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').count(), "the import cell ran without error").toBe(0);
      await page.screenshot({ path: path.join(SCREENSHOTS, "workspace-lesson.png") });
      await saveKeepsKernel(page, find("03"), JSON.parse(readFileSync(path.join(UPSTREAM, find("03")), "utf8")).metadata);
    } finally {
      await page.close();
      await stopProcess(start);
    }
    // Jupyter's state went to the project's folder (here the test's scratch one), nothing to HOME.
    expect(readdirSync(path.join(STATE, "lab", "workspaces")).length).toBeGreaterThan(0);
    const left = spawnSync("find", [home, "-mindepth", "1"], { encoding: "utf8" }).stdout.trim();
    expect(left, `written under HOME:\n${left}`).toBe("");
  }, 300_000);

  // Deno's kernel keeps its cache in the project's .deno/ (DENO_DIR in the kernelspec); Deno's default is
  // ~/.cache/deno. The same temporary HOME must stay empty, and the terminal free of Deno's diagnostics.
  // The session's kernelspec keeps the lessons' name and runs Deno (tools/node/deno.mjs, denoSession):
  // JupyterLab writes the running kernel's kernelspec and language_info into an opened notebook, and a
  // lesson opened and saved on Deno's own kernelspec used to be rewritten to name Deno's.
  it.skipIf(!existsSync(kernelspecFile(KERNELS.deno.name)))(
    `--kernel deno: runs a lesson on Deno without asking and without changing its kernelspec or language, keeps Deno's cache in .deno/, writes nothing under HOME, prints no Deno warnings`,
    async () => {
      const denoDir = path.join(ROOT, ".deno");
      const firstRun = !existsSync(denoDir);
      const started = Date.now();
      const { start, token, url, log } = await npmStart(["--kernel", "deno"]);
      mkdirSync(SCREENSHOTS, { recursive: true });
      browser ??= await launchChromium(chromiumPath!);
      const page = await browser.newPage();
      try {
        await waitForServer(url, token, start, log, 120_000);
        await page.goto(`${url}/?token=${token}`);
        await page.waitForURL(/\/lab\/tree\/README\.md/, { timeout: 60_000 });
        await page.locator(".jp-RenderedMarkdown h1", { hasText: "Your workspace" }).first().waitFor({ timeout: 60_000 });

        await page.keyboard.press("Control+Shift+L");
        await page.locator(".jp-Launcher-section").first().waitFor({ timeout: 30_000 });
        const cards = await page.locator(".jp-Launcher-section", { hasText: "Notebook" }).first().locator(".jp-LauncherCard-label").allTextContents();
        expect(cards.map((s) => s.trim()), "one kernel offered: the session's, under the lessons' name").toEqual([KERNELS.tslab.displayName]);

        // The student's copy names tslab's kernelspec; the session runs Deno for it, asking nothing.
        const stored = JSON.parse(readFileSync(path.join(WORKSPACE, find("05")), "utf8")).metadata;
        expect(stored.kernelspec.name).toBe(KERNELS.tslab.name);
        await page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", { hasText: "README.md" }).first().click();
        await page.locator(`.jp-RenderedMarkdown a[href*="${find("05")}"]`).first().click();
        // The lesson's tab (JupyterLab may also restore tabs the tslab test left open in this workspace).
        await page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current", { hasText: find("05").slice(0, 12) }).first().waitFor({ timeout: 60_000 });
        const panel = page.locator(".jp-NotebookPanel:visible");
        await panel.locator(".jp-Cell").first().waitFor({ timeout: 60_000 });
        const idle = page.locator(".jp-StatusBar-Widget", { hasText: `${KERNELS.tslab.displayName} | Idle` }).first();
        const deadline = Date.now() + 120_000;
        while (!(await idle.count())) {
          expect(await page.locator(".jp-Dialog").count(), "no dialog asks the student to pick a kernel").toBe(0);
          expect(Date.now() < deadline, `kernel idle within 120 s; status bar: ${(await page.locator(".jp-StatusBar-Widget").allTextContents()).join(" | ")}`).toBe(true);
          await page.waitForTimeout(250);
        }
        // The import cell runs on Deno (kernel-lib and mathjs from the project's node_modules) without error.
        await panel.locator(".jp-CodeCell .jp-InputArea-editor").first().click();
        await page.keyboard.press("Shift+Enter");
        await panel.locator(".jp-CodeCell .jp-InputPrompt", { hasText: "[1]" }).first().waitFor({ timeout: 120_000 });
        expect(await panel.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').count(), "the import cell ran without error").toBe(0);
        await page.screenshot({ path: path.join(SCREENSHOTS, "workspace-lesson-deno.png") });
        await saveKeepsKernel(page, find("05"), stored);
        // The running Deno (started by the relay for this server: its connection file is in STATE) was
        // given the project's cache folder.
        const denos = spawnSync("pgrep", ["-f", `deno jupyter --kernel .*${STATE}`], { encoding: "utf8" }).stdout.split("\n").filter(Boolean);
        expect(denos.length, "a Deno kernel runs for this JupyterLab").toBeGreaterThan(0);
        for (const pid of denos) {
          const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
          expect(environ, `Deno ${pid}'s environment`).toContain(`DENO_DIR=${denoDir}`);
        }
      } finally {
        await page.close();
        await stopProcess(start);
      }
      console.log(`npm start -- --kernel deno: ${firstRun ? "first run (no .deno/ before)" : ".deno/ existed"}, lesson's import cell done ${((Date.now() - started) / 1000).toFixed(1)} s after start`);
      // Deno's cache is the project's: .deno/ exists (made by the kernel on a first run) and holds Deno's caches.
      expect(readdirSync(denoDir).some((f) => f.endsWith("_cache_v2")), "Deno's caches in .deno/").toBe(true);
      const left = spawnSync("find", [home, "-mindepth", "1"], { encoding: "utf8" }).stdout.trim();
      expect(left, `written under HOME:\n${left}`).toBe("");
      expect(log()).not.toContain('"deno jupyter" is unstable');
      expect(log()).not.toContain("Unsupported compiler options");
    },
    300_000,
  );
});
