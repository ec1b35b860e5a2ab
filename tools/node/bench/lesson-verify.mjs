// One timed verify run of a lesson on one kernel: lessontools.lesson_timing runs it exactly as
// `npm run verify` does (run_notebook, a kernel of its own, judged by verify's judge()) and answers with one
// JSON line: wall seconds, kernel start, cells, shutdown, and whether the stored outputs were reproduced.
import { spawn } from "node:child_process";
import { ROOT, pythonToolEnv, venvBin } from "../project.mjs";

/** Runs `notebook` on `kernel` ("tslab" or "deno"); resolves to lesson_timing's report (see its doc). */
export function timeVerifyRun(notebook, kernel) {
  return new Promise((resolve, reject) => {
    const child = spawn(venvBin("python"), ["-m", "lessontools.lesson_timing", "--kernel", kernel, notebook], {
      cwd: ROOT,
      env: pythonToolEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    // Deno's kernel prints a tsconfig warning to its stderr on every start: kept only for a failure report.
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.trim().split("\n").pop();
      if (code !== 0 || !line) return reject(new Error(`lesson_timing ${kernel} ${notebook} exited ${code}:\n${out}${err}`));
      resolve(JSON.parse(line));
    });
  });
}
