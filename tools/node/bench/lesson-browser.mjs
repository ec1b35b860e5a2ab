// Opening a lesson in JupyterLab (Chromium) and running it, timed inside the page:
//   ready         navigation start → the status bar shows "<kernel display name> | Idle" (JupyterLab loaded,
//                 the notebook open, its kernel started and connected)
//   first output  the pointer-up on Run → "Run All Cells" → the first output element in the notebook
//   all done      the same pointer-up → every code cell shows an execution count, none [*], kernel idle
// A MutationObserver (installed before JupyterLab's own scripts) stamps performance.now() when each
// happens, so polling from Node adds no delay to "ready" and "first output"; "all done" is polled every 100 ms.
import { readFileSync, writeFileSync } from "node:fs";

/** Writes `notebook` to `target` with every output cleared and the kernelspec set to `spec`; returns which code cells may fail. */
export function writeClearedCopy(notebook, target, spec) {
  const nb = JSON.parse(readFileSync(notebook, "utf8"));
  const mayFail = [];
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    cell.outputs = [];
    cell.execution_count = null;
    mayFail.push((cell.metadata?.tags ?? []).includes("raises-exception"));
  }
  nb.metadata = { ...nb.metadata, kernelspec: spec };
  writeFileSync(target, JSON.stringify(nb, null, 1) + "\n");
  return mayFail;
}

/** Runs in the page before JupyterLab's scripts: stamps the moments the benchmark reads. */
function installMarks(displayName) {
  const marks = { ready: null, runAll: null, firstOutput: null };
  window.__lessonsBench = marks;
  const idle = `${displayName} | Idle`;
  const check = () => {
    if (marks.ready === null) {
      for (const el of document.querySelectorAll(".jp-StatusBar-Widget")) {
        if ((el.textContent ?? "").includes(idle)) {
          marks.ready = performance.now();
          break;
        }
      }
    }
    if (marks.runAll !== null && marks.firstOutput === null && document.querySelector(".jp-Notebook .jp-OutputArea-output")) {
      marks.firstOutput = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, characterData: true });
  // Lumino menus run the item on pointer-up (they cancel pointer-down, so no mouse events follow): stamp it
  // in the capture phase, before the command starts.
  const onRelease = (event) => {
    const item = event.target instanceof Element ? event.target.closest(".lm-Menu-item") : null;
    if (item && /Run All Cells/.test(item.textContent ?? "") && marks.runAll === null) marks.runAll = performance.now();
  };
  document.addEventListener("pointerup", onRelease, true);
  document.addEventListener("mouseup", onRelease, true);
}

/** In the page: once Run All has finished (no cell pending, kernel idle, some cell counted), the moment and
 * how many code cells show an execution count (tslab skips cells queued right after an error); else false. */
function runFinished() {
  const prompts = [...document.querySelectorAll(".jp-Notebook .jp-CodeCell .jp-InputPrompt")].map((p) => p.textContent ?? "");
  const busy = prompts.some((p) => p.includes("*")) || document.querySelector(".jp-Notebook-ExecutionIndicator[data-status='busy']") !== null;
  const counted = prompts.filter((p) => /\[\d+\]/.test(p)).length;
  return !busy && counted > 0 ? { at: performance.now(), counted } : false;
}

/** In the page: the kernel's entry of the status bar ("<display name> | Unknown"). */
function kernelStatus(displayName) {
  const text = [...document.querySelectorAll(".jp-StatusBar-Widget")].map((el) => el.textContent ?? "").join(" ");
  const at = text.indexOf(`${displayName} | `);
  return at < 0 ? "(no kernel in the status bar)" : (text.slice(at).match(/^.*? \| [A-Z][a-z]+/)?.[0] ?? text.slice(at, at + 40));
}

/** In the page: indexes (among code cells) of cells showing an error or stderr output. */
function failedCells() {
  return [...document.querySelectorAll(".jp-Notebook .jp-CodeCell")].flatMap((cell, i) =>
    cell.querySelector('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], .jp-OutputArea-output.jp-mod-error, .jp-RenderedText[data-mime-type="application/vnd.jupyter.error"]')
      ? [i]
      : [],
  );
}

/**
 * Opens `file` (relative to the lab's root) in a fresh page and JupyterLab workspace, waits for the kernel,
 * runs all cells and returns { ready, firstOutput, allDone } in seconds (null where it never happened) and
 * `problems` (never ready, cells that failed although not tagged raises-exception, page errors).
 */
export async function timeLabOpen(browser, lab, file, mayFail, workspace, { readyTimeoutMs = 60_000, runTimeoutMs = 300_000 } = {}) {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message.split("\n")[0]}`));
  const result = { ready: null, firstOutput: null, allDone: null, problems };
  try {
    const logAtStart = lab.log().length;
    await page.addInitScript(installMarks, lab.spec.display_name);
    await page.goto(`${lab.url}/lab/workspaces/${workspace}/tree/${encodeURIComponent(file)}?reset&token=${lab.token}`);
    const ready = await page
      .waitForFunction(() => window.__lessonsBench.ready, undefined, { timeout: readyTimeoutMs, polling: 100 })
      .then((h) => h.jsonValue())
      .catch(() => null);
    if (ready === null) {
      const status = await page.evaluate(kernelStatus, lab.spec.display_name).catch(() => "?");
      const nudges = lab.nudgesSince(logAtStart);
      problems.push(
        `never ready: the status bar still showed "${status}" after ${readyTimeoutMs / 1000} s` +
          (nudges ? `; the server's log shows ${nudges} unanswered "Nudge" attempt(s) (kernel_info sent, nothing on iopub)` : ""),
      );
      return result;
    }
    result.ready = ready / 1000;
    await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
    await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
    const runAll = await page.evaluate(() => window.__lessonsBench.runAll);
    if (runAll === null) throw new Error("the click on Run All Cells was not seen in the page (JupyterLab's menu changed?)");
    const done = await page
      .waitForFunction(runFinished, undefined, { timeout: runTimeoutMs, polling: 100 })
      .then((h) => h.jsonValue())
      .catch(() => null);
    const first = await page.evaluate(() => window.__lessonsBench.firstOutput);
    result.firstOutput = first === null ? null : (first - runAll) / 1000;
    if (done === null) problems.push(`Run All did not finish within ${runTimeoutMs / 1000} s`);
    else if (done.counted < mayFail.length) problems.push(`Run All stopped: ${done.counted} of ${mayFail.length} code cells ran`);
    else result.allDone = (done.at - runAll) / 1000;
    if (first === null && mayFail.length > 0) problems.push("no output appeared");
    const failed = (await page.evaluate(failedCells)).filter((i) => !mayFail[i]);
    if (failed.length) problems.push(`code cell(s) ${failed.map((i) => i + 1).join(", ")} showed an error or stderr`);
    return result;
  } finally {
    await page.close();
  }
}
