#!/usr/bin/env node
// `npm test`: set up whatever is missing (as `npm start` does), then run every test with vitest — the
// library's numerics, notebooks executed in the real tslab kernel, and JupyterLab in Chromium — and end
// with one plain summary line. Extra arguments go to vitest: `npm test -- test/numerics.test.ts`.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ROOT, jupyterEnv } from "./project.mjs";
import { setup } from "./setup.mjs";

await setup();
const resultsDir = path.join(ROOT, "test-results");
mkdirSync(resultsDir, { recursive: true });
const report = path.join(resultsDir, "vitest.json");
const vitest = spawnSync(
  process.execPath,
  [path.join(ROOT, "node_modules", "vitest", "vitest.mjs"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)],
  // Every Jupyter server and kernel the tests start keeps its state inside the project, never in ~/.jupyter.
  { stdio: "inherit", cwd: ROOT, env: jupyterEnv() },
);
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, "utf8"));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`);
}
process.exit(vitest.status ?? 1);
