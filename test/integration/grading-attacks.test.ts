// Adversarial grading: submissions that try to score on lesson 03 without answering, graded in ONE run per
// kernel together with honest submissions and the reference solutions, in the real tslab kernel and in
// Deno's. Each attack must score 0 with feedback naming what happened; every honest submission — graded in
// the same run, after the attacks had their kernels — must score full marks; and both kernels give every
// submission the same points for every exercise. Verdicts are made outside the kernel (observations compared
// with the reference run, docs/grading-security.md); the in-kernel tamper evidence only words the feedback.
// Fixtures: test/fixtures/attacks (the `attack-deno-*` ones
// go for what only Deno offers: Deno.readTextFileSync, Deno.jupyter.broadcast, Deno.exit, …).
// The lesson graded is lesson 03 cut down to its exercises and what they use (test/helpers/exercise-cut.ts):
// the same grading, a third of the kernel time per submission.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT, runTool } from "../helpers/python";
import { writeExerciseCut } from "../helpers/exercise-cut";
import { parseCsv } from "../helpers/csv";

const LESSON = "03-activation-functions.ipynb";
const FIXTURES = path.join(ROOT, "test", "fixtures", "attacks");

type Cell = { cell_type: string; source: string | string[]; metadata: { nbgrader?: Record<string, unknown>; tags?: string[] }; outputs?: unknown[]; execution_count?: number | null };
type Notebook = { cells: Cell[]; metadata: unknown; nbformat: number; nbformat_minor: number };

const text = (cell: Cell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);
const gradeId = (cell: Cell) => String(cell.metadata.nbgrader?.grade_id ?? "");
const isTest = (c: Cell) => c.metadata.nbgrader?.grade === true && c.cell_type === "code";

const KERNELS = ["tslab", "deno"] as const;
type Kernel = (typeof KERNELS)[number];

interface Fixture {
  name: string;
  expect: "zero" | "full";
  /** `// feedback <id>:` applies on both kernels; `// feedback-tslab <id>:` / `// feedback-deno <id>:` on one. */
  feedback: { id: string; pattern: RegExp; kernel?: Kernel }[];
  notes: RegExp[];
  cells: Map<string, string>;
}

/** Reads the `// expect:`, `// feedback <id>:`, `// note:` headers and the `// @cell <id>` sections. */
function readFixture(file: string): Fixture {
  const fixture: Fixture = { name: path.basename(file, ".ts"), expect: "zero", feedback: [], notes: [], cells: new Map() };
  let current: string | undefined;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const cell = /^\/\/ @cell (\S+)$/.exec(line);
    if (cell) {
      current = cell[1];
      fixture.cells.set(current, "");
      continue;
    }
    if (current) {
      fixture.cells.set(current, fixture.cells.get(current) + line + "\n");
      continue;
    }
    const expectation = /^\/\/ expect: (zero|full)$/.exec(line);
    if (expectation) fixture.expect = expectation[1] as "zero" | "full";
    const feedback = /^\/\/ feedback(?:-(tslab|deno))? (\S+): (.*)$/.exec(line);
    if (feedback) fixture.feedback.push({ id: feedback[2], pattern: new RegExp(feedback[3]), kernel: feedback[1] as Kernel | undefined });
    const note = /^\/\/ note: (.*)$/.exec(line);
    if (note) fixture.notes.push(new RegExp(note[1]));
  }
  return fixture;
}

const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".ts"))
  .sort()
  .map((f) => readFixture(path.join(FIXTURES, f)));

const CUT_DIR = mkdtempSync(path.join(os.tmpdir(), "lessons-attacks-lesson-"));
const CUT = writeExerciseCut(path.join(ROOT, "notebooks", LESSON), CUT_DIR);
const source = JSON.parse(readFileSync(CUT, "utf8")) as Notebook;
const exercises = source.cells.filter(isTest).map((c) => ({ id: gradeId(c), points: Number(c.metadata.nbgrader!.points) }));
const referenceSolutions = new Map(source.cells.filter((c) => c.metadata.nbgrader?.solution === true).map((c) => [gradeId(c), text(c)]));

let work: string;
let student: Notebook;
/** kernel → student → grade_id → {points, feedback} */
const grades = new Map<Kernel, Map<string, Map<string, { points: number; feedback: string }>>>();
const reports = new Map<Kernel, string>();

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), "lessons-attacks-"));
  const release = path.join(work, "release");
  const made = runTool(["assignments", "--out", release, CUT]);
  if (made.status !== 0) throw new Error(made.output);
  student = JSON.parse(readFileSync(path.join(release, LESSON), "utf8")) as Notebook;
  const submissions = path.join(work, "submissions");
  for (const fixture of fixtures) {
    const nb = structuredClone(student);
    for (const cell of nb.cells) {
      if (cell.metadata.nbgrader?.solution !== true) continue;
      // An honest fixture answers the exercises it is about; the lesson's other exercises get the reference
      // answer, so "full marks" means every exercise (an attack leaves them as the stub: they must stay 0).
      const code = fixture.cells.get(gradeId(cell)) ?? (fixture.expect === "full" ? referenceSolutions.get(gradeId(cell)) : undefined);
      if (code !== undefined) cell.source = code;
    }
    mkdirSync(path.join(submissions, fixture.name), { recursive: true });
    writeFileSync(path.join(submissions, fixture.name, LESSON), JSON.stringify(nb));
  }
  // The instructor's own notebook, reference solutions and all, as the last student of the run.
  mkdirSync(path.join(submissions, "reference"), { recursive: true });
  writeFileSync(path.join(submissions, "reference", LESSON), readFileSync(CUT));
  for (const kernel of KERNELS) {
    const csv = path.join(work, `grades-${kernel}.csv`);
    const run = runTool(["grade", "--kernel", kernel, "--sources", CUT_DIR, submissions, "--csv", csv, "--feedback", path.join(work, `feedback-${kernel}`)], 900_000);
    reports.set(kernel, run.output);
    if (run.status !== 0) throw new Error(run.output);
    const byStudent = new Map<string, Map<string, { points: number; feedback: string }>>();
    const [header, ...rows] = parseCsv(readFileSync(csv, "utf8")).filter((r) => r.length > 1);
    const col = (name: string) => header.indexOf(name);
    for (const r of rows) {
      const who = r[col("student")];
      if (!byStudent.has(who)) byStudent.set(who, new Map());
      byStudent.get(who)!.set(r[col("grade_id")], { points: Number(r[col("points")]), feedback: r[col("feedback")] });
    }
    grades.set(kernel, byStudent);
  }
}, 1_200_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
  rmSync(CUT_DIR, { recursive: true, force: true });
});

describe.each(KERNELS)(`grading ${LESSON} against attacks, in one run on %s`, (kernel) => {
  it("found every fixture and exercise", () => {
    expect(fixtures.filter((f) => f.expect === "zero").length).toBeGreaterThanOrEqual(10);
    expect(fixtures.filter((f) => f.expect === "full").length).toBeGreaterThanOrEqual(2);
    expect(exercises.map((e) => e.id)).toEqual(["l03-stable-sigmoid", "l03-stable-softplus", "l03-dead-bias-threshold", "l03-softmax-backward"]);
    expect(reports.get(kernel)).toContain(kernel === "deno" ? "grade: on Deno's kernel" : "runs in");
  });

  for (const fixture of fixtures) {
    it(`${fixture.name}: ${fixture.expect === "zero" ? "scores 0 with feedback naming what happened" : "scores full marks"}`, () => {
      const report = reports.get(kernel)!;
      const got = grades.get(kernel)!.get(fixture.name);
      expect(got, report).toBeDefined();
      for (const e of exercises) {
        const row = got!.get(e.id)!;
        expect(row, `${fixture.name} ${e.id}`).toBeDefined();
        expect(row.points, `${fixture.name} ${e.id}: ${row.feedback}`).toBe(fixture.expect === "zero" ? 0 : e.points);
      }
      // A kernel's own line for an exercise replaces the common one.
      const ids = new Set(fixture.feedback.map((f) => f.id));
      for (const id of ids) {
        const own = fixture.feedback.filter((f) => f.id === id && f.kernel === kernel);
        const lines = own.length > 0 ? own : fixture.feedback.filter((f) => f.id === id && f.kernel === undefined);
        for (const { pattern } of lines) expect(got!.get(id)!.feedback, `${kernel}: ${fixture.name} ${id}`).toMatch(pattern);
      }
      const block = report.slice(report.indexOf(`${fixture.name}${path.sep}${LESSON}`));
      for (const note of fixture.notes) expect(block.split("\n").filter((l) => l.includes("note:")).join("\n")).toMatch(note);
    });
  }

  it("the reference solutions score full marks in the same run", () => {
    for (const e of exercises) expect(grades.get(kernel)!.get("reference")!.get(e.id)!.points).toBe(e.points);
  });

  it("judged against the reference run of this lesson on this kernel, cached inside the project", () => {
    const cached = readdirSync(path.join(ROOT, ".cache", "grading-reference")).filter((f) => f.startsWith(`${LESSON.replace(/\.ipynb$/, "")}.${kernel}.`));
    expect(cached.length).toBeGreaterThanOrEqual(1);
    // No key, no signed verdict: nothing secret is handed to a grading kernel.
    expect(readdirSync(os.tmpdir()).filter((f) => f.startsWith("lessons-key-"))).toEqual([]);
    expect(reports.get(kernel)).not.toMatch(/signature|grading key/);
  });
});

describe("both kernels", () => {
  it("give every submission the same points for every exercise", () => {
    const points = (kernel: Kernel) =>
      [...grades.get(kernel)!].flatMap(([who, rows]) => [...rows].map(([id, row]) => `${who} ${id} ${row.points}`)).sort();
    expect(points("deno")).toEqual(points("tslab"));
    expect(points("tslab").length).toBe((fixtures.length + 1) * exercises.length);
  });
});
