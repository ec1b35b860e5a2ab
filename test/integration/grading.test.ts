// Instructor workflow on a real lesson: assignments → (student work) → grade, in the real tslab kernel; the
// scores of a wrong answer, an endless loop and every lesson's reference and student versions are compared
// with Deno's kernel (`--kernel deno`), which must give the same.
import { beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT, runTool } from "../helpers/python";
import { COURSE } from "../helpers/course";
import { writeExerciseCut } from "../helpers/exercise-cut";

const LESSON = "08-cheat-sheet.ipynb";
const WORK = path.join(ROOT, "test-results", "grading");
const RELEASE = path.join(WORK, "release");

type Cell = { cell_type: string; source: string | string[]; metadata: { nbgrader?: Record<string, unknown> }; outputs?: unknown[] };
type Notebook = { cells: Cell[] };

const read = (file: string): Notebook => JSON.parse(readFileSync(file, "utf8"));
const text = (cell: Cell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);
const isSolution = (c: Cell) => c.metadata.nbgrader?.solution === true;
const isTest = (c: Cell) => c.metadata.nbgrader?.grade === true && c.cell_type === "code";

function write(name: string, nb: Notebook): string {
  const file = path.join(WORK, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(nb));
  return file;
}

/** Replaces the solution region of a solution cell with other code. */
function answer(cell: Cell, code: string): void {
  cell.source = text(cell).replace(/^([ \t]*)\/\/ BEGIN SOLUTION[\s\S]*?\/\/ END SOLUTION[^\n]*$/m, (_, indent: string) => `${indent}${code}`);
}

const source = read(path.join(ROOT, "notebooks", LESSON));
const tests = source.cells.filter(isTest).map((c) => ({ id: String(c.metadata.nbgrader!.grade_id), points: Number(c.metadata.nbgrader!.points) }));
const total = tests.reduce((s, t) => s + t.points, 0);
const grade = (...args: string[]) => runTool(["grade", ...args], 600_000);

beforeAll(() => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
});

describe(`instructor workflow on ${LESSON}`, () => {
  it("the lesson has at least two graded exercises with points", () => {
    expect(tests.length).toBeGreaterThanOrEqual(2);
    expect(tests.every((t) => t.points > 0)).toBe(true);
  });

  it("npm run assignments writes a student version: stubs, no hidden tests, no exercise outputs, metadata kept", () => {
    const r = runTool(["assignments", "--out", RELEASE, `notebooks/${LESSON}`]);
    expect(r.status, r.output).toBe(0);
    expect(r.output).toContain(`${tests.length} graded exercise(s), ${total} points`);
    const released = read(path.join(RELEASE, LESSON));
    const all = released.cells.map(text).join("\n");
    expect(all).not.toMatch(/BEGIN SOLUTION|END SOLUTION|BEGIN HIDDEN TESTS|END HIDDEN TESTS/);
    for (const cell of released.cells.filter(isSolution)) expect(text(cell)).toContain(COURSE.studentStub[COURSE.studentStub.length - 1]);
    // Lesson charts stay (the default release); the exercises' cells would show the reference passing.
    for (const cell of released.cells.filter((c) => isSolution(c) || isTest(c))) expect(cell.outputs).toEqual([]);
    expect(released.cells.filter(isTest).map((c) => c.metadata.nbgrader!.grade_id)).toEqual(tests.map((t) => t.id));
    expect(released.cells.length).toBe(source.cells.length);
  }, 300_000);

  it("reference solutions score full marks", () => {
    const r = grade(`notebooks/${LESSON}`);
    expect(r.status, r.output).toBe(0);
    for (const t of tests) expect(r.output).toMatch(new RegExp(`✓ ${t.id}: ${t.points}/${t.points}`));
    expect(r.stdout.trim().split("\n").at(-1)).toBe(`  score: ${total}/${total}`);
    // The student is the folder the notebook sits in; progress goes to stderr.
    expect(r.stdout).toContain(`(lesson ${LESSON}, student notebooks)`);
    expect(r.stderr).toMatch(new RegExp(`^\\[1/1\\] notebooks ${LESSON}: ${total}/${total} {2}\\(elapsed \\d+ s, failures so far: 0\\)$`, "m"));
  }, 600_000);

  it("the untouched student version scores zero on every exercise as 'not started', without running a kernel", () => {
    const r = grade(path.join(RELEASE, LESSON));
    for (const t of tests) expect(r.output).toMatch(new RegExp(`✗ ${t.id}: 0/${t.points} {2}not started: every solution cell still holds the stub`));
    expect(r.output).not.toContain("not implemented");
    expect(r.output).toContain(`score: 0/${total}`);
    // No kernel: a lesson not started is graded in well under a kernel's start-up time.
    expect(r.stderr).toMatch(new RegExp(`\\[1/1\\] release ${LESSON}: 0/${total} {2}\\(elapsed [01] s, failures so far: 0\\)`));
  }, 600_000);

  it("a partly started lesson says 'not started' for the exercises still holding the stub", () => {
    const partly = read(path.join(RELEASE, LESSON));
    partly.cells.filter(isSolution)[0].source = text(source.cells.filter(isSolution)[0]);
    const r = grade(write(`partly/${LESSON}`, partly));
    expect(r.output).toMatch(new RegExp(`✓ ${tests[0].id}: ${tests[0].points}/${tests[0].points}`));
    for (const t of tests.slice(1)) expect(r.output).toMatch(new RegExp(`✗ ${t.id}: 0/${t.points} {2}not started: the solution cell still holds the stub; write your code there$`, "m"));
    expect(r.output).not.toContain("not implemented");
  }, 600_000);

  it.each(["tslab", "deno"])("a wrong answer loses exactly the exercise it breaks; an endless loop times out and the rest is graded (%s)", (kernel) => {
    const wrong = read(path.join(ROOT, "notebooks", LESSON));
    const [first, second] = wrong.cells.filter(isSolution);
    answer(first, 'throw new Error("my answer is wrong");');
    let r = grade("--kernel", kernel, write(`wrong-${kernel}/${LESSON}`, wrong));
    expect(r.output).toMatch(new RegExp(`✗ ${tests[0].id}: 0/${tests[0].points} .*my answer is wrong`));
    expect(r.output).toMatch(new RegExp(`✓ ${tests[1].id}: ${tests[1].points}/${tests[1].points}`));
    expect(r.output).toContain(`score: ${total - tests[0].points}/${total}`);

    const looping = read(path.join(ROOT, "notebooks", LESSON));
    answer(looping.cells.filter(isSolution)[1], "while (true) {}");
    // Deno's kernel cannot interrupt the loop: the grader stops it and grades the notebook again without that cell.
    r = grade("--kernel", kernel, "--timeout", "5", write(`loop-${kernel}/${LESSON}`, looping));
    expect(r.output).toMatch(new RegExp(`✗ ${tests[1].id}: 0/${tests[1].points} +timed out after 5 s: is there an infinite loop`));
    expect(r.output).toMatch(new RegExp(`✓ ${tests[0].id}: ${tests[0].points}/${tests[0].points}`));
    expect(r.output).toContain(`score: ${total - tests[1].points}/${total}`);
    void second;
  }, 600_000);

  it("deleting or faking test cells gains nothing: tests come back from the source", () => {
    const cheat = read(path.join(RELEASE, LESSON));
    const testCells = cheat.cells.filter(isTest);
    testCells[0].source = `console.log("✓ ${tests[0].id}: all 1 checks passed");`;
    cheat.cells = cheat.cells.filter((c) => c !== testCells[1]);
    const r = grade(write(`cheat/${LESSON}`, cheat));
    expect(r.output).toContain(`score: 0/${total}`);
  }, 600_000);

  it("grades a folder of students: progress, per-student totals, exercise statistics, CSV and feedback files", () => {
    const alice = read(path.join(ROOT, "notebooks", LESSON));
    write(`class/alice/${LESSON}`, alice);
    write(`class/bob/${LESSON}`, read(path.join(RELEASE, LESSON)));
    // carol's file is not a notebook at all: she gets 0 and the others are still graded.
    mkdirSync(path.join(WORK, "class", "carol"), { recursive: true });
    writeFileSync(path.join(WORK, "class", "carol", LESSON), "not json");
    const csv = path.join(WORK, "grades.csv");
    const feedback = path.join(WORK, "feedback");
    const r = grade(path.join(WORK, "class"), "--csv", csv, "--feedback", feedback);
    expect(r.status, r.output).toBe(0);
    expect(r.output).toContain("could not be read as a notebook");

    // Progress on stderr, one line per submission, counting carol's unreadable file as a failure.
    const progress = r.stderr.split("\n").filter((l) => /^\[\d\/3\] /.test(l));
    expect(progress.map((l) => l.match(/^\[(\d)\/3\]/)![1])).toEqual(["1", "2", "3"]);
    expect(progress.at(-1)).toMatch(/failures so far: 1\)$/);
    expect(r.stderr).toMatch(new RegExp(`\\] carol ${LESSON}: 0/${total} — unreadable notebook`));

    // Per-student totals (no sum across students) and per-exercise statistics.
    expect(r.stdout).not.toMatch(/all \d+ submissions/);
    expect(r.stdout).toContain(`students (3):\n  alice  ${total}/${total}  (${LESSON} ${total}/${total})\n  bob    0/${total}  (${LESSON} 0/${total})\n  carol  0/${total}  (${LESSON} 0/${total})\n`);
    for (const t of tests) {
      expect(r.stdout).toMatch(new RegExp(`^  ${t.id} +mean ${(t.points / 3).toFixed(2)}/${t.points}  median 0  full marks 1/3$`, "m"));
    }

    const rows = readFileSync(csv, "utf8").trim().split(/\r?\n/);
    expect(rows[0]).toBe("student,submission,lesson,grade_id,points,max_points,feedback,feedback_file");
    expect(rows.filter((l) => l.startsWith("alice,")).every((l) => l.endsWith(",alice.md"))).toBe(true);
    expect(rows.filter((l) => l.startsWith("alice,")).map((l) => l.split(",")[4])).toEqual(tests.map((t) => String(t.points)));
    expect(rows.filter((l) => l.startsWith("bob,")).map((l) => l.split(",")[4])).toEqual(tests.map(() => "0"));
    expect(rows.filter((l) => l.startsWith("carol,")).map((l) => l.split(",")[4])).toEqual(tests.map(() => "0"));

    // One Markdown feedback file per student: total, a table and a section per exercise, hints apart.
    expect(readdirSync(feedback).sort()).toEqual(["alice.md", "bob.md", "carol.md"]);
    const aliceMd = readFileSync(path.join(feedback, "alice.md"), "utf8");
    expect(aliceMd).toMatch(new RegExp(`^# Feedback for alice\n\nGraded \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\. Total: \\*\\*${total}/${total}\\*\\* points\\.\n`));
    expect(aliceMd).toContain(`## ${LESSON}: ${total}/${total}\n`);
    for (const t of tests) {
      expect(aliceMd).toContain(`| ${t.id} | ${t.points}/${t.points} | passed |`);
      expect(aliceMd).toContain(`### ${t.id}: ${t.points}/${t.points}\n`);
    }
    const bobMd = readFileSync(path.join(feedback, "bob.md"), "utf8");
    expect(bobMd).toContain(`Total: **0/${total}** points.`);
    for (const t of tests) expect(bobMd).toContain(`| ${t.id} | 0/${t.points} | not passed |`);
    expect(bobMd).toContain("```text\nnot started: every solution cell still holds the stub, so the lesson was not run\n```");
    expect(readFileSync(path.join(feedback, "carol.md"), "utf8")).toContain("- Note: the submission could not be read as a notebook");
  }, 600_000);

  it("the student's name comes from the folder in every form of the command", () => {
    // A student's folder (not the class folder): `npm run grade -- submissions/bob` records bob, not the lesson.
    const csv = path.join(WORK, "bob.csv");
    const r = grade(path.join(WORK, "class", "bob"), "--csv", csv, "--feedback", path.join(WORK, "bob-feedback"));
    expect(r.status, r.output).toBe(0);
    expect(r.stdout).toContain(`(lesson ${LESSON}, student bob)`);
    const rows = readFileSync(csv, "utf8").trim().split(/\r?\n/).slice(1);
    expect(rows.map((l) => l.split(",")[0])).toEqual(tests.map(() => "bob"));
    expect(readdirSync(path.join(WORK, "bob-feedback"))).toEqual(["bob.md"]);
    // A single notebook: its folder's name, and no files written unless asked.
    expect(grade(path.join(WORK, "class", "bob", LESSON)).stdout).toContain(`(lesson ${LESSON}, student bob)`);
  }, 600_000);
});

describe("every lesson's exercises", () => {
  const lessons = readdirSync(path.join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort();
  // Each lesson cut down to its exercises and what they use (test/helpers/exercise-cut.ts): what the grader
  // decides depends on nothing else, and the worked examples and experiments were most of this test's kernel
  // time (a cell the cut dropped but an exercise needed would fail the reference run loudly). Lesson LESSON
  // is graded whole above, and verify.test runs every whole lesson on both kernels.
  const cut = path.join(WORK, "all-cut");
  const scores = (output: string) => [...output.matchAll(/^(\S+\.ipynb) \(lesson .*\)$[\s\S]*?^  score: ([\d.]+)\/([\d.]+)$/gm)].map((m) => ({ file: path.basename(m[1]), got: Number(m[2]), max: Number(m[3]) }));

  const release = path.join(WORK, "all-release");
  const scored = new Map<string, { file: string; got: number; max: number }[]>();

  it.each(["tslab", "deno"])("reference solutions score full marks and untouched student versions score zero, in all lessons (%s)", (kernel) => {
    if (!existsSync(release)) {
      for (const l of lessons) writeExerciseCut(path.join(ROOT, "notebooks", l), cut);
      expect(runTool(["assignments", "--out", release, ...lessons.map((l) => path.join(cut, l))]).status).toBe(0);
    }
    const graded = (...args: string[]) => grade("--kernel", kernel, "--jobs", "2", "--sources", cut, ...args);
    const reference = graded("--csv", path.join(WORK, `reference-${kernel}.csv`), ...lessons.map((l) => path.join(cut, l)));
    const student = graded("--csv", path.join(WORK, `student-${kernel}.csv`), ...lessons.map((l) => path.join(release, l)));
    const full = scores(reference.output);
    const zero = scores(student.output);
    expect(full.map((s) => s.file)).toEqual(lessons);
    expect(zero.map((s) => s.file)).toEqual(lessons);
    // On a miss, the message carries what the grader said about that lesson (its notes name the cause).
    const said = (output: string, file: string) => output.slice(output.indexOf(`${file} (lesson`)).split(/\n(?=\S)/)[0];
    for (const s of full) expect(s.got, `${s.file} reference:\n${said(reference.output, s.file)}\n${reference.stderr}`).toBe(s.max);
    for (const s of zero) expect(s.got, `${s.file} student version:\n${said(student.output, s.file)}`).toBe(0);
    for (const s of full) expect(s.max, s.file).toBeGreaterThan(0);
    scored.set(kernel, [...full, ...zero]);
  }, 900_000);

  it("both kernels give every lesson the same scores", () => {
    expect(scored.get("deno")).toEqual(scored.get("tslab"));
  });
});
