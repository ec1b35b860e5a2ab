// `npm run verify` against the real kernels, tslab and Deno: the lessons reproduce on both (Deno's outputs
// compared with the stored tslab ones), and each fixture that should fail does, naming the cell and why.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runTool } from "../helpers/python";

const FIXTURES = "test/fixtures/verify";
const LESSON_COUNT = readdirSync(path.join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb")).length;

describe("npm run verify (tslab)", () => {
  it("passes on a notebook with an expected error, a cell right after it, and a chart", () => {
    const r = runTool(["verify", `${FIXTURES}/passing.ipynb`]);
    expect(r.output).toMatch(/✓ .*passing\.ipynb \(4 code cells/);
    expect(r.status).toBe(0);
  });

  it.each([
    ["throws.ipynb", /cell 2 \[cell-2\].*failed: Error: boom: a cell that throws/],
    ["type-error.ipynb", /cell 2 \[cell-2\].*failed: 1:7 - Type 'string' is not assignable to type 'number'/],
    ["changed-number.ipynb", /cell 3 \[cell-3\].*stdout differs:[\s\S]*-0\.8807970779778824[\s\S]*\+0\.8807970779778823/],
    ["unexpected-stderr.ipynb", /cell 2 \[cell-2\].*unexpected stderr: a warning nobody expected/],
    ["raises-but-passes.ipynb", /cell 2 \[cell-2\].*tagged raises-exception but did not fail/],
  ])("fails on %s, naming the cell and the reason", (name, reason) => {
    const r = runTool(["verify", `${FIXTURES}/${name}`]);
    expect(r.status).toBe(1);
    expect(r.output).toMatch(new RegExp(`✗ .*${name.replace(".", "\\.")}`));
    expect(r.output).toMatch(reason);
    expect(r.output).toMatch(/verify: 0 of 1 notebook\(s\) reproduce, 1 failed/);
  });

  it("--rerun fails on a cell whose output changes when a student runs it again", () => {
    const r = runTool(["verify", "--rerun", `${FIXTURES}/rerun-varies.ipynb`]);
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/cell 2 \[cell-2\] `console\.log\(random\.uniform\(\)\);`: run again, it prints stdout differs/);
  });

  it("--rerun still compares the first run with the stored outputs", () => {
    const r = runTool(["verify", "--rerun", `${FIXTURES}/changed-number.ipynb`]);
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/verify: 0 of 1 notebook\(s\) reproduce, 1 failed/);
    expect(r.output).not.toMatch(/run again, it prints/);
  });

  // One run of every lesson does both checks (the suite's time: each lesson runs once per kernel here).
  it("reproduces every lesson in notebooks/, output for output, and again when each cell is re-run", () => {
    const r = runTool(["verify", "--rerun", "notebooks"], 600_000);
    if (r.status !== 0) console.log(r.output);
    expect(r.output).toMatch(/verify: (\d+) of \1 notebook\(s\) reproduce, 0 failed/);
    expect(r.status).toBe(0);
  }, 600_000);
});

// The same command with `--kernel deno`: the lessons are not duplicated, and every stored output (tslab's)
// must come out the same on Deno's kernel. Deno runs a lesson in 1–4 s, so all of them cost ~20 s.
describe("npm run verify -- --kernel deno", () => {
  it("passes on the fixture with an expected error (Deno sends it as a real error output)", () => {
    const r = runTool(["verify", "--kernel", "deno", `${FIXTURES}/passing.ipynb`]);
    expect(r.output).toMatch(/✓ .*passing\.ipynb \(4 code cells/);
    expect(r.status).toBe(0);
  });

  it.each([
    ["throws.ipynb", /cell 2 \[cell-2\].*failed: Error: boom: a cell that throws/],
    ["changed-number.ipynb", /cell 3 \[cell-3\].*stdout differs:[\s\S]*-0\.8807970779778824[\s\S]*\+0\.8807970779778823/],
    ["unexpected-stderr.ipynb", /cell 2 \[cell-2\].*unexpected stderr: a warning nobody expected/],
    ["raises-but-passes.ipynb", /cell 2 \[cell-2\].*tagged raises-exception but did not fail/],
  ])("fails on %s, naming the cell and the reason, as on tslab", (name, reason) => {
    const r = runTool(["verify", "--kernel", "deno", `${FIXTURES}/${name}`]);
    expect(r.status).toBe(1);
    expect(r.output).toMatch(reason);
    expect(r.output).toMatch(/verify: 0 of 1 notebook\(s\) reproduce, 1 failed/);
  });

  it("reproduces every lesson in notebooks/ on Deno, output for output, and again when each cell is re-run", () => {
    const r = runTool(["verify", "--kernel", "deno", "--rerun", "notebooks"], 600_000);
    if (r.status !== 0) console.log(r.output);
    expect(r.output).toMatch(/verify: (\d+) of \1 notebook\(s\) reproduce, 0 failed/);
    expect(r.output).toContain(`verify: ${LESSON_COUNT} of ${LESSON_COUNT} notebook(s) reproduce`);
    expect(r.status).toBe(0);
  }, 600_000);

  it("refuses --update on Deno: tslab's outputs are the reference", () => {
    const r = runTool(["verify", "--kernel", "deno", "--update", `${FIXTURES}/passing.ipynb`]);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/--update/);
  });
});
