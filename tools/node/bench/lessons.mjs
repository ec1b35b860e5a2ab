// `npm run bench -- --lessons [LESSON ...] [--repeat N]`: how long each lesson takes on tslab and on Deno.
//   1. verify: each lesson run by verify's own runner (lesson-verify.mjs), kernel start and cells apart,
//      judged against the stored outputs;
//   2. JupyterLab: a copy of each lesson with outputs cleared and its kernelspec set to the kernel, opened in
//      Chromium; ready, first output and all done (lesson-browser.mjs), one JupyterLab per kernel started as
//      `npm start` would (lab.mjs), every kernel shut down through the REST API between lessons.
// Runs alternate kernels (tslab first on odd repeats, Deno first on even ones) so that load from the
// machine's other users falls on both alike; the load average at start and end is printed with the tables.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { findChromium, launchChromium } from "../chromium.mjs";
import { ROOT } from "../project.mjs";
import { timeLabOpen, writeClearedCopy } from "./lesson-browser.mjs";
import { timeVerifyRun } from "./lesson-verify.mjs";
import { startLab } from "./lab.mjs";
import { readLessonsOptions, resolveLessons } from "./lessons-options.mjs";
import { printFlags, printTable, summarize } from "./lessons-table.mjs";

const require = createRequire(import.meta.url);
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(" ");
const order = (kernels, repeat) => (repeat % 2 === 0 ? kernels : [...kernels].reverse());
// Progress on stderr: one line rewritten in a terminal, a line per run in a log.
const progress = (message) =>
  process.stderr.isTTY ? process.stderr.write(`\r\x1b[K${message}`) : message && process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);

function versions() {
  const v = (pkg) => {
    try {
      return JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), "utf8")).version;
    } catch {
      return "?";
    }
  };
  return { node: process.version, tslab: v("tslab"), deno: v("deno"), cpus: os.cpus().length };
}

async function verifyPart(notebooks, options) {
  const runs = [];
  const total = notebooks.length * options.kernels.length * options.repeat;
  for (let repeat = 0; repeat < options.repeat; repeat++) {
    for (const notebook of notebooks) {
      for (const kernel of order(options.kernels, repeat)) {
        progress(`verify ${runs.length + 1}/${total}: ${path.basename(notebook)} on ${kernel}`);
        const r = await timeVerifyRun(notebook, kernel);
        const problems = [...r.problems];
        if (r.cellsOk < r.codeCells && problems.length === 0) problems.push(`${r.codeCells - r.cellsOk} cell(s) not ok`);
        runs.push({ lesson: path.basename(notebook), kernel, repeat, ...r, flagged: !r.reproduced, problems });
      }
    }
  }
  progress("");
  return runs;
}

async function browserPart(notebooks, options) {
  const chromium = findChromium();
  if (!chromium) throw new Error("Chromium not found (apt-get install -y chromium, or CHROMIUM=/path); run with --no-browser to time verify only");
  // Inside the checkout, so `import … from "kernel-lib"` resolves from the copies as from notebooks/.
  const scratch = mkdtempSync(path.join(ROOT, ".scratch-bench-lessons-"));
  const labs = {};
  let browser;
  const runs = [];
  try {
    for (const kernel of options.kernels) {
      mkdirSync(path.join(scratch, kernel));
      labs[kernel] = await startLab(kernel, path.join(scratch, kernel));
    }
    browser = await launchChromium(chromium);
    // Warm-up: JupyterLab's first page load in a fresh browser fetches and compiles its scripts; load each
    // lab once (no notebook) so that no lesson's "ready" pays for it.
    for (const kernel of options.kernels) {
      const page = await browser.newPage();
      await page.goto(`${labs[kernel].url}/lab/workspaces/warm-up?reset&token=${labs[kernel].token}`);
      await page.locator(".jp-StatusBar-Widget").first().waitFor({ timeout: 120_000 });
      await page.close();
    }
    const total = notebooks.length * options.kernels.length * options.repeat;
    for (let repeat = 0; repeat < options.repeat; repeat++) {
      for (const notebook of notebooks) {
        for (const kernel of order(options.kernels, repeat)) {
          const lab = labs[kernel];
          progress(`JupyterLab ${runs.length + 1}/${total}: ${path.basename(notebook)} on ${kernel}`);
          const file = path.basename(notebook);
          // A fresh copy every time: JupyterLab may have autosaved the outputs of the previous run.
          const mayFail = writeClearedCopy(notebook, path.join(scratch, kernel, file), lab.spec);
          const r = await timeLabOpen(browser, lab, file, mayFail, `bench-${runs.length}`);
          // Known bug (docs/deno-kernel.md): a second Deno kernel in one JupyterLab may never become ready
          // while another runs. Every lesson is closed and its kernel shut down before the next one opens.
          await lab.shutDownKernels();
          runs.push({ lesson: file, kernel, repeat, ...r, flagged: r.problems.length > 0 });
        }
      }
    }
    progress("");
  } finally {
    await browser?.close();
    for (const lab of Object.values(labs)) await lab.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
  return runs;
}

/** The two parts, each timed, summarized and printed as one table of medians (columns: measure → label). */
const PARTS = [
  {
    option: "verify",
    run: verifyPart,
    title: (o) => `Verify (npm run verify's runner, one kernel per run): median seconds of ${o.repeat}; total = kernel start (launch → kernel_info reply) + cells + shutdown`,
    columns: [
      { key: "seconds", label: "total" },
      { key: "start", label: "start" },
      { key: "cells", label: "cells" },
    ],
  },
  {
    option: "browser",
    run: browserPart,
    title: (o) => `JupyterLab in Chromium: median seconds of ${o.repeat}; ready = navigation → "<kernel> | Idle"; first/all = Run All → first output / every cell run`,
    columns: [
      { key: "ready", label: "ready" },
      { key: "firstOutput", label: "first" },
      { key: "allDone", label: "all" },
    ],
    note: "(each lesson's kernel was shut down through the REST API before the next lesson opened: see docs/deno-kernel.md, a second Deno kernel in one JupyterLab)",
  },
];

export async function lessonsBenchmark(argv = process.argv.slice(2)) {
  const t0 = performance.now();
  let options, notebooks;
  try {
    options = readLessonsOptions(argv);
    notebooks = resolveLessons(options.lessonArgs);
  } catch (e) {
    // A wrong argument: the message names it (and lists the lessons); no stack trace.
    console.error(e.message);
    process.exit(2);
  }
  const lessons = notebooks.map((n) => path.basename(n));
  const v = versions();
  const loadStart = load();
  console.log(
    `Lessons benchmark: ${lessons.length} lesson(s) × ${options.kernels.join(" and ")} × ${options.repeat} run(s), kernels alternating; ` +
      `node ${v.node}, tslab ${v.tslab}, deno ${v.deno}, ${v.cpus} CPUs; load average ${loadStart} at start`,
  );
  const report = { versions: v, options: { ...options, lessons }, loadAverage: { start: loadStart } };
  for (const part of PARTS.filter((p) => options[p.option])) {
    const runs = await part.run(notebooks, options);
    const summary = summarize(runs, lessons, options.kernels, part.columns.map((c) => c.key));
    console.log("");
    printTable(part.title(options), summary, options.kernels, part.columns);
    printFlags(runs);
    if (part.note) console.log(part.note);
    report[part.option] = { runs, summary };
  }
  report.loadAverage.end = load();
  report.seconds = (performance.now() - t0) / 1000;
  console.log(`\nload average ${loadStart} at start, ${report.loadAverage.end} at end (1, 5, 15 min; ${v.cpus} CPUs); ${report.seconds.toFixed(0)} s in all`);
  if (options.jsonFile) {
    writeFileSync(path.resolve(process.env.INIT_CWD ?? process.cwd(), options.jsonFile), JSON.stringify(report, null, 2) + "\n");
    console.log(`wrote ${options.jsonFile}`);
  }
}
