// The lessons under nbgrader itself (PyPI nbgrader 0.9.6, installed into .venv-nbgrader by this test's
// set-up): generate_assignment with the shipped nbgrader_config.py gives the same student version as
// `npm run assignments`, and autograde in the real tslab kernel scores reference, stub and wrong answers.
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT, runTool } from "../helpers/python";

const LESSON = "08-cheat-sheet.ipynb";
const COURSE = path.join(ROOT, "test-results", "nbgrader-course");
const BIN = path.join(ROOT, ".venv-nbgrader", "bin");

type Cell = { cell_type: string; source: string | string[]; metadata: { nbgrader?: Record<string, unknown> } };
const read = (file: string): { cells: Cell[] } => JSON.parse(readFileSync(file, "utf8"));
const text = (c: Cell) => (Array.isArray(c.source) ? c.source.join("") : c.source);

function nbgrader(...args: string[]) {
  const r = spawnSync(path.join(BIN, "nbgrader"), args, {
    cwd: COURSE,
    encoding: "utf8",
    timeout: 600_000,
    // nbgrader runs alembic from PATH; the lessons' kernelspec lives in .venv.
    env: { ...process.env, PATH: `${BIN}:${process.env.PATH}`, JUPYTER_PATH: path.join(ROOT, ".venv", "share", "jupyter") },
  });
  return { status: r.status, output: (r.stdout ?? "") + (r.stderr ?? "") };
}

beforeAll(() => {
  const setup = spawnSync(process.execPath, ["tools/node/setup.mjs", "--nbgrader"], { cwd: ROOT, encoding: "utf8", timeout: 600_000 });
  if (setup.status !== 0) throw new Error(`setting up .venv-nbgrader failed:\n${setup.stdout}${setup.stderr}`);
  rmSync(COURSE, { recursive: true, force: true });
  mkdirSync(path.join(COURSE, "source", "lesson08"), { recursive: true });
  copyFileSync(path.join(ROOT, "nbgrader_config.py"), path.join(COURSE, "nbgrader_config.py"));
  copyFileSync(path.join(ROOT, "notebooks", LESSON), path.join(COURSE, "source", "lesson08", LESSON));
}, 600_000);

describe("nbgrader with the shipped nbgrader_config.py", () => {
  it("generate_assignment gives the same student version as npm run assignments", () => {
    const r = nbgrader("generate_assignment", "lesson08", "--force");
    expect(r.status, r.output).toBe(0);
    const theirs = read(path.join(COURSE, "release", "lesson08", LESSON));
    expect(runTool(["assignments", "--out", path.join(COURSE, "ours"), `notebooks/${LESSON}`]).status).toBe(0);
    const ours = read(path.join(COURSE, "ours", LESSON));
    expect(theirs.cells.map(text)).toEqual(ours.cells.map(text));
  }, 300_000); // two tool runs; on a loaded machine well over the default 30 s

  it("autograde in the tslab kernel: reference 100%, untouched stub 0, one wrong answer loses that exercise only", () => {
    const release = path.join(COURSE, "release", "lesson08", LESSON);
    const source = read(path.join(ROOT, "notebooks", LESSON));
    const tests = source.cells.filter((c) => c.metadata.nbgrader?.grade === true && c.cell_type === "code");
    const points = tests.map((c) => Number(c.metadata.nbgrader!.points));
    const total = points.reduce((a, b) => a + b, 0);
    const submit = (student: string, nb: object) => {
      mkdirSync(path.join(COURSE, "submitted", student, "lesson08"), { recursive: true });
      writeFileSync(path.join(COURSE, "submitted", student, "lesson08", LESSON), JSON.stringify(nb));
      nbgrader("db", "student", "add", student);
    };
    // alice: the release with the reference solutions filled in; bob: the untouched release;
    // carol: alice's work with the first solution broken.
    const alice = read(release);
    const solutions = source.cells.filter((c) => c.metadata.nbgrader?.solution === true);
    alice.cells.filter((c) => c.metadata.nbgrader?.solution === true).forEach((c, i) => (c.source = text(solutions[i])));
    submit("alice", alice);
    submit("bob", read(release));
    const carol = JSON.parse(JSON.stringify(alice));
    const first = carol.cells.find((c: Cell) => c.metadata.nbgrader?.solution === true);
    first.source = text(first).replace(/\/\/ BEGIN SOLUTION[\s\S]*?\/\/ END SOLUTION/, 'throw new Error("wrong");');
    submit("carol", carol);

    const graded = nbgrader("autograde", "lesson08", "--force");
    expect(graded.status, graded.output).toBe(0);
    const exported = nbgrader("export");
    expect(exported.status, exported.output).toBe(0);
    const rows = readFileSync(path.join(COURSE, "grades.csv"), "utf8").trim().split(/\r?\n/).slice(1).map((l) => l.split(","));
    const score = Object.fromEntries(rows.map((r) => [r[3], Number(r[9])]));
    expect(score).toEqual({ alice: total, bob: 0, carol: total - points[0] });
  }, 600_000);
});
