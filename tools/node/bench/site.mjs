// `npm run bench -- --site [LESSON ...] [--no-tslab] [--json FILE]`: the browser edition's numbers (issue #19).
// Builds the site (npm run site, into a scratch folder), serves it with the site's own static server on
// 127.0.0.1 and, per lesson, in a fresh headless Chromium (cold cache):
//   first cell   opening the lesson → its first executed cell (Run All pressed as soon as the app is up)
//   Run All      Run → Run All Cells → every code cell counted and the kernel idle
//   first visit  what the visit fetched, gzipped as a static host sends it
//   as stored    non-exercise cells printing exactly what tslab stored (and within 9 significant digits)
// then tslab's Run All of the same lessons in JupyterLab as `npm start` opens it (lesson-browser.mjs), for
// the ratio (issue #19: within 1.5×), and the site's size on disk. Lessons 01, 05 and 12 by default.
// The lesson runs are the browser-edition test's own (site-run.mjs, site-outputs.mjs).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { findChromium, launchChromium } from "../chromium.mjs";
import { ROOT } from "../project.mjs";
import { compareLesson } from "../site-outputs.mjs";
import { serveSite } from "../site-server.mjs";
import { timeLabOpen, writeClearedCopy } from "./lesson-browser.mjs";
import { startLab } from "./lab.mjs";
import { resolveLessons } from "./lessons-options.mjs";
import { exposeApp, folderBytes, gzippedTransfer, runSiteLesson } from "./site-run.mjs";

export const SITE_USAGE = `npm run bench -- --site [LESSON ...] [--no-tslab] [--json FILE]
  LESSON      a lesson number or name (01, capstone) or a notebook path; default: 01 05 12
  --no-tslab  skip tslab's Run All in JupyterLab (no ratio)
  --json FILE also write every number to FILE`;

/** The options; throws an Error naming the bad argument. Lesson arguments are whatever follows --site. */
export function readSiteOptions(argv) {
  const lessons = [];
  let jsonFile;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") {
      jsonFile = argv[++i];
      if (jsonFile === undefined || jsonFile.startsWith("--")) throw new Error(`--json needs a file\n${SITE_USAGE}`);
    } else if (a === "--site" || a === "--no-tslab") {
      /* switches */
    } else if (a.startsWith("--")) {
      throw new Error(`unknown option ${a} for --site\n${SITE_USAGE}`);
    } else lessons.push(a);
  }
  return { lessonArgs: lessons.length ? lessons : ["01", "05", "12"], tslab: !argv.includes("--no-tslab"), jsonFile };
}

const seconds = (ms) => (ms === null || ms === undefined || Number.isNaN(ms) ? null : +(ms / 1000).toFixed(2));
const cell = (value, width) => String(value ?? "–").padStart(width);

async function siteRuns(notebooks, site, chromium) {
  const server = await serveSite(site, 0);
  const base = `http://127.0.0.1:${server.address().port}`;
  const runs = [];
  try {
    for (const notebook of notebooks) {
      const lesson = path.basename(notebook);
      process.stderr.write(`site: ${lesson}\n`);
      // A browser of its own per lesson: a cold cache, as a student's first visit.
      const context = await launchChromium(chromium);
      const requests = [];
      context.on("request", (r) => requests.push(r.url()));
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        const stored = JSON.parse(readFileSync(notebook, "utf8"));
        const run = await runSiteLesson(page, base, lesson, stored);
        const transfer = gzippedTransfer(requests, base, site);
        const outside = requests.filter((u) => !u.startsWith(base) && !/^(data|blob):/.test(u));
        const result = compareLesson(stored, run.notebook);
        runs.push({
          lesson,
          firstCell: seconds(run.firstCellMs),
          runAll: seconds(run.runAllMs),
          firstVisitMB: +(transfer.bytes / 1e6).toFixed(2),
          files: transfer.files,
          outside: outside.length,
          cells: result.compared,
          exact: result.exact,
          within9Digits: result.close,
          mismatches: result.mismatches.length,
          charts: run.chartsDrawn,
        });
      } finally {
        await context.close();
      }
    }
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  return runs;
}

async function tslabRuns(notebooks, chromium) {
  const scratch = mkdtempSync(path.join(ROOT, ".scratch-bench-site-"));
  let lab;
  let browser;
  const runs = {};
  try {
    mkdirSync(path.join(scratch, "tslab"));
    lab = await startLab("tslab", path.join(scratch, "tslab"));
    browser = await launchChromium(chromium);
    // JupyterLab's first load in a fresh browser compiles its scripts: once, before any lesson.
    const warm = await browser.newPage();
    await warm.goto(`${lab.url}/lab/workspaces/warm-up?reset&token=${lab.token}`);
    await warm.locator(".jp-StatusBar-Widget").first().waitFor({ timeout: 120_000 });
    await warm.close();
    for (const notebook of notebooks) {
      const file = path.basename(notebook);
      process.stderr.write(`tslab: ${file}\n`);
      const mayFail = writeClearedCopy(notebook, path.join(scratch, "tslab", file), lab.spec);
      // A loaded machine can take over a minute to show the kernel as idle: wait longer than the lessons bench.
      const r = await timeLabOpen(browser, lab, file, mayFail, `bench-site-${file}`, { readyTimeoutMs: 180_000 });
      await lab.shutDownKernels();
      runs[file] = { runAll: r.allDone === null ? null : +r.allDone.toFixed(2), problems: r.problems };
    }
  } finally {
    await browser?.close();
    await lab?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
  return runs;
}

export async function siteBenchmark(argv = process.argv.slice(2)) {
  let options;
  let notebooks;
  try {
    options = readSiteOptions(argv);
    notebooks = resolveLessons(options.lessonArgs);
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
  const chromium = findChromium();
  if (!chromium) throw new Error("Chromium not found (apt-get install -y chromium, or CHROMIUM=/path)");
  const t0 = performance.now();
  const loadStart = os.loadavg().map((l) => l.toFixed(2)).join(" ");
  const scratch = mkdtempSync(path.join(os.tmpdir(), "bench-site-"));
  const site = path.join(scratch, "site");
  const report = { lessons: notebooks.map((n) => path.basename(n)), loadAverage: { start: loadStart }, cpus: os.cpus().length };
  try {
    const { buildSite } = await import("../site.mjs");
    const built = performance.now();
    await buildSite(site);
    report.buildSeconds = +((performance.now() - built) / 1000).toFixed(1);
    report.siteMB = +(folderBytes(site) / 1e6).toFixed(1);
    exposeApp(site);
    report.site = await siteRuns(notebooks, site, chromium);
    if (options.tslab) report.tslab = await tslabRuns(notebooks, chromium);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  report.loadAverage.end = os.loadavg().map((l) => l.toFixed(2)).join(" ");
  report.seconds = +((performance.now() - t0) / 1000).toFixed(0);

  console.log(`\nBrowser edition (npm run site, served on 127.0.0.1, headless Chromium, a cold cache per lesson); ${report.cpus} CPUs`);
  console.log(`site: ${report.siteMB} MB on disk (target ≤ 30), built in ${report.buildSeconds} s`);
  const header = ["lesson", "first cell s", "Run All s", "tslab s", "× tslab", "first visit MB gz", "as stored", "≤9 digits", "outside"];
  const widths = [34, 12, 10, 8, 8, 18, 10, 10, 8];
  console.log(header.map((h, i) => (i === 0 ? h.padEnd(widths[i]) : h.padStart(widths[i]))).join(" "));
  for (const r of report.site) {
    const tslab = report.tslab?.[r.lesson]?.runAll ?? null;
    const ratio = tslab && r.runAll ? (r.runAll / tslab).toFixed(2) : null;
    const row = [r.lesson.padEnd(widths[0]), cell(r.firstCell, widths[1]), cell(r.runAll, widths[2]), cell(tslab, widths[3]), cell(ratio, widths[4]), cell(r.firstVisitMB, widths[5]), cell(`${r.exact}/${r.cells}`, widths[6]), cell(`${r.within9Digits}/${r.cells}`, widths[7]), cell(r.outside, widths[8])];
    console.log(row.join(" "));
  }
  for (const [lesson, t] of Object.entries(report.tslab ?? {})) if (t.problems.length) console.log(`tslab ${lesson}: ${t.problems.join("; ")}`);
  console.log("targets (issue #19): first cell ≤ 6 s, Run All ≤ 1.5× tslab, first visit ≤ 4 MB gzipped, ≥ 97 % of cells as stored, nothing fetched from outside");
  console.log(`load average ${loadStart} at start, ${report.loadAverage.end} at end; ${report.seconds} s in all`);
  if (options.jsonFile) {
    writeFileSync(path.resolve(process.env.INIT_CWD ?? process.cwd(), options.jsonFile), JSON.stringify(report, null, 2) + "\n");
    console.log(`wrote ${options.jsonFile}`);
  }
  return report;
}
