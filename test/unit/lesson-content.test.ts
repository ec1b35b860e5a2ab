/**
 * What the course grades, read from the lesson notebooks as JSON: every graded test cell says which skill it
 * assesses and whether its answer is a number the student derives (metadata.lessons), no skill is graded more
 * than twice, at least five exercises ask for a derived number, and no cell the student version shows holds an
 * exercise's solution or a near-copy of it. The rules live in test/helpers/lesson-content.ts; the second half of
 * this file shows each one failing on small fake notebooks, so none of them passes by construction.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { COURSE } from "../helpers/course";
import {
  copiedShare, exercisesOf, readLessons, repeatedSkills, sourceOf, studentView, tagProblems, visibleAnswers,
  type Cell, type Lesson, NEAR_COPY,
} from "../helpers/lesson-content";

const LESSONS = readLessons(path.resolve(__dirname, "..", "..", "notebooks"));
const EXERCISES = LESSONS.flatMap(exercisesOf);
/** The budget: a skill may be graded at most twice across the course. */
const MOST_PER_SKILL = 2;
/** At least this many graded exercises whose answer is a number the student derives (checked to a tolerance). */
const FEWEST_DERIVED = 5;

describe("the course's graded exercises", () => {
  it("finds the lessons (twelve or more) and their exercises", () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(12);
    expect(EXERCISES.length).toBeGreaterThanOrEqual(24); // at least two per lesson (docs/authoring-lessons.md)
    const withoutSolution = EXERCISES.filter((e) => e.solution.trim() === "").map((e) => e.gradeId);
    expect(withoutSolution, "test cells with no solution region above them").toEqual([]);
  });

  it("tags every graded test cell with metadata.lessons = { skill, kind }", () => {
    const problems = tagProblems(EXERCISES);
    expect(problems, `untagged or mis-tagged test cells:\n${problems.join("\n")}`).toEqual([]);
  });

  it("no cell's text ends with a line break (nbgrader's generate_assignment drops it: its student version would differ from ours)", () => {
    const trailing = LESSONS.flatMap((lesson) => lesson.cells.flatMap((cell, i) => (sourceOf(cell).endsWith("\n") ? [`${lesson.name} cell ${i}`] : [])));
    expect(trailing).toEqual([]);
  });

  it(`grades no skill more than ${MOST_PER_SKILL} times`, () => {
    const repeated = repeatedSkills(EXERCISES, MOST_PER_SKILL);
    expect(repeated, repeated.join("\n")).toEqual([]);
  });

  it(`has at least ${FEWEST_DERIVED} exercises whose answer is a derived number`, () => {
    const derived = EXERCISES.filter((e) => e.kind === "derive-a-number").map((e) => e.gradeId);
    expect(derived.length, `derive-a-number exercises: ${derived.join(", ") || "none"}`).toBeGreaterThanOrEqual(FEWEST_DERIVED);
  });

  it("shows no solution, and no near-copy of one, in any cell of the student version", () => {
    const found = visibleAnswers(LESSONS);
    expect(found, `answers visible to students (threshold ${NEAR_COPY}):\n${found.join("\n")}`).toEqual([]);
  });
});

// ---- the rules on fake notebooks ---------------------------------------------------------------------------

const { beginSolution, endSolution, beginHiddenTests, endHiddenTests } = COURSE.delimiters;
const solutionCell = (body: string): Cell => ({
  cell_type: "code",
  source: `function answer(z: number[], y: number[]): number[] {\n  // ${beginSolution}\n${body}\n  // ${endSolution}\n}`,
  metadata: { nbgrader: { solution: true, grade_id: "x-solution" } },
});
const testCell = (id: string, lessons?: { skill?: unknown; kind?: unknown }, hidden = ""): Cell => ({
  cell_type: "code",
  source: `exercise("${id}", (t) => {\n  t.close(answer([0], [1])[0], -0.5, "answer");\n  // ${beginHiddenTests}\n${hidden}\n  // ${endHiddenTests}\n});`,
  metadata: { nbgrader: { grade: true, grade_id: id }, ...(lessons ? { lessons } : {}) },
});
const code = (source: string): Cell => ({ cell_type: "code", source, metadata: {} });
const BODY = [
  "  const total = z.length;",
  "  const shifted = z.map((zi) => zi - Math.max(...z));",
  "  const exps = shifted.map((s) => Math.exp(s));",
  "  const norm = exps.reduce((a, b) => a + b, 0);",
  "  return exps.map((e, i) => (e / norm - y[i]) / total);",
].join("\n");
const lesson = (...cells: Cell[]): Lesson => ({ name: "99-fake.ipynb", cells });

describe("the rules fail when they should", () => {
  it("an untagged test cell, an unknown kind and a skill that is not kebab-case are each reported", () => {
    const fake = lesson(solutionCell(BODY), testCell("a"), solutionCell(BODY), testCell("b", { skill: "first-delta", kind: "guess" }),
      solutionCell(BODY), testCell("c", { skill: "First Delta", kind: "implement" }), solutionCell(BODY), testCell("d", { skill: "first-delta", kind: "implement" }));
    const problems = tagProblems(exercisesOf(fake));
    expect(problems).toHaveLength(4); // a: skill and kind missing; b: kind; c: skill
    expect(problems.join("\n")).toMatch(/99-fake.ipynb a: metadata.lessons.skill is undefined/);
    expect(problems.join("\n")).toMatch(/b: metadata.lessons.kind is "guess"/);
    expect(problems.join("\n")).toMatch(/c: metadata.lessons.skill is "First Delta"/);
  });

  it("a skill graded three times is reported, twice is allowed", () => {
    const tag = { skill: "first-delta", kind: "implement" };
    const twice = lesson(solutionCell(BODY), testCell("a", tag), solutionCell(BODY), testCell("b", tag));
    expect(repeatedSkills(exercisesOf(twice), 2)).toEqual([]);
    const thrice = lesson(...twice.cells, solutionCell(BODY), testCell("c", tag));
    expect(repeatedSkills(exercisesOf(thrice), 2)).toEqual(['"first-delta" is graded 3 times (a, b, c)']);
  });

  it("the student view drops solution and hidden-test regions and keeps the rest", () => {
    const view = studentView(testCell("a", undefined, "  t.close(answer([2], [0])[0], 0.88, \"secret\");"));
    expect(view).toContain('t.close(answer([0], [1])[0], -0.5, "answer");');
    expect(view).not.toContain("secret");
    expect(view).not.toContain(beginHiddenTests);
    expect(studentView(solutionCell(BODY))).not.toContain("Math.exp");
  });

  it("the solution itself, elsewhere, is found", () => {
    const fake = lesson(code(`const demo = (z: number[], y: number[]) => {\n${BODY}\n};`), solutionCell(BODY), testCell("a"));
    expect(visibleAnswers([fake])).toEqual([expect.stringMatching(/^99-fake.ipynb cell 0 shows the answer of a/)]);
  });

  it("a copy with renamed variables and reformatted lines is found", () => {
    const renamed = [
      "const n = logits.length; const m = logits.map((v) => v - Math.max(...logits));",
      "const ex = m.map((q) => Math.exp(q)); const s = ex.reduce((p, r) => p + r, 0);",
      "const answerShown = ex.map((w, k) => (w / s - target[k]) / n);",
    ].join("\n");
    expect(copiedShare(BODY, renamed)).toBeGreaterThan(0.85); // all but the shingles around `return` → `const answerShown =`
    const fake = lesson(code(renamed), solutionCell(BODY), testCell("a"));
    expect(visibleAnswers([fake])).toHaveLength(1);
  });

  it("a copy hidden in a test cell's visible checks is found, but not in its hidden tests", () => {
    const visibleReference = sourceOf(testCell("a")).replace("t.close(", `const reference = (z: number[], y: number[]) => {\n${BODY}\n};\n  t.close(`);
    expect(visibleAnswers([lesson(solutionCell(BODY), { ...testCell("a"), source: visibleReference })])).toHaveLength(1);
    const hiddenReference = testCell("a", undefined, `const reference = (z: number[], y: number[]) => {\n${BODY}\n};`);
    expect(visibleAnswers([lesson(solutionCell(BODY), hiddenReference)])).toEqual([]);
  });

  it("unrelated code using the same idioms is not a copy", () => {
    const unrelated = [
      "const probabilities = logits.map((row) => softmax(row));",
      "const total = probabilities.reduce((a, b) => a + b[0], 0);",
      "console.log(total.toFixed(3), Math.max(...logits.map((r) => r[0])));",
    ].join("\n");
    expect(copiedShare(BODY, unrelated)).toBeLessThan(NEAR_COPY);
    expect(visibleAnswers([lesson(code(unrelated), solutionCell(BODY), testCell("a"))])).toEqual([]);
  });
});
