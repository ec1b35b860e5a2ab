// One exercise, a passing and a failing answer, on both kernels. While grading, kernel-lib judges nothing:
// the test cell sends one observation per exercise (LESSONS_GRADING=observe, as `npm run grade` starts a
// submission's kernel) holding each check's label, kind and the tagged encoding of what the student's code
// returned, and no expected value; the reference kernel (LESSONS_GRADING=reference) adds what each check
// expects. Both must be the same on tslab and on Deno, and the grader's Python judge
// (tools/lessontools/observations.py), comparing the observation with the reference's, must say exactly
// what kernel-lib's own judge prints for the student (✓/✗ without grading mode, the same on both kernels).
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PYTHON, ROOT, TOOL_ENV, type KernelCell } from "../helpers/python";

const LESSON = "03-activation-functions.ipynb";
const OBSERVATION = "application/vnd.lessons.observations+json";
const KERNELS = ["tslab", "deno"] as const;
type Mode = "observe" | "reference" | "student";
type Cell = { cell_type: string; source: string | string[]; metadata: { nbgrader?: Record<string, unknown> }; outputs?: unknown[]; execution_count?: null };
type Observation = { id: string; kernel: string; checks: Record<string, unknown>[]; stopped: string; tampering: string[]; problem: string };
const text = (c: Cell) => (Array.isArray(c.source) ? c.source.join("") : c.source);
const source = JSON.parse(readFileSync(path.join(ROOT, "notebooks", LESSON), "utf8")) as { cells: Cell[]; metadata: object; nbformat: number; nbformat_minor: number };
const cell = (id: string) => source.cells.find((c) => c.metadata.nbgrader?.grade_id === id)!;
const importCell = source.cells.find((c) => c.cell_type === "code" && text(c).includes('from "kernel-lib"'))!;

const ANSWERS = {
  pass: text(cell("l03-stable-sigmoid-solution")),
  // The unstable form: e^800 overflows, Infinity/Infinity is NaN (and e^800 is evaluated).
  fail: "function stableSigmoid(z: number): number {\n  return Math.exp(z) / (1 + Math.exp(z));\n}\n",
};

/** Runs import cell, answer and test cell on `kernel` in grading `mode` (or none: a student's session). */
function run(kernel: (typeof KERNELS)[number], answer: string, mode: Mode): KernelCell[] {
  mkdirSync(path.join(ROOT, "test-results"), { recursive: true });
  const folder = mkdtempSync(path.join(ROOT, "test-results", `observations-${kernel}-`));
  try {
    const nb = { ...source, cells: [importCell, { ...cell("l03-stable-sigmoid-solution"), source: answer }, cell("l03-stable-sigmoid")].map((c) => ({ ...c, outputs: [], execution_count: null })) };
    const file = path.join(folder, "observations.ipynb");
    writeFileSync(file, JSON.stringify(nb));
    const env: NodeJS.ProcessEnv = { ...TOOL_ENV, LESSONS_KERNEL: kernel };
    if (mode !== "student") env.LESSONS_GRADING = mode;
    const r = spawnSync(PYTHON, ["-m", "lessontools.notebook_runner", file], { cwd: ROOT, env, encoding: "utf8", timeout: 180_000 });
    if (r.status !== 0) throw new Error(r.stdout + r.stderr);
    return (JSON.parse(r.stdout) as { cells: KernelCell[] }).cells;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The observation bundles of the test cell (the last). */
const bundles = (cells: KernelCell[]) => cells.at(-1)!.outputs.flatMap((o) => (o.data?.[OBSERVATION] ? [o.data[OBSERVATION] as { observation: string }] : []));
const parsed = (b: { observation: string }) => JSON.parse(b.observation) as Observation;

/** The grader's verdict (observations.py) for a test cell's bundles against a reference observation. */
function pythonVerdict(observed: unknown[], reference: Observation): { passed: boolean; feedback: string } {
  const script = "import json, sys\nfrom lessontools.observations import verdict\nd = json.load(sys.stdin)\nv = verdict(d['observed'], d['reference'], 'l03-stable-sigmoid')\nprint(json.dumps({'passed': v.passed, 'feedback': v.feedback}))";
  const r = spawnSync(PYTHON, ["-c", script], { cwd: ROOT, env: TOOL_ENV, encoding: "utf8", input: JSON.stringify({ observed, reference }) });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

describe("an exercise's observations on tslab and on Deno, judged outside the kernel", () => {
  const reference = Object.fromEntries(KERNELS.map((k) => [k, bundles(run(k, ANSWERS.pass, "reference"))]));

  it("the reference kernel sends one observation with what every check expects, the same on both kernels", () => {
    for (const k of KERNELS) {
      expect(reference[k], k).toHaveLength(1);
      const obs = parsed(reference[k][0]);
      expect(obs).toMatchObject({ id: "l03-stable-sigmoid", kernel: k, stopped: "", tampering: [], problem: "" });
      expect(obs.checks.map((c) => c.label)).toContain("stableSigmoid(-40), within 1e-12 relative");
      expect(obs.checks.find((c) => c.label === "stableSigmoid(800)")).toMatchObject({ kind: "close", expected: { t: "number", v: 1 }, tolerance: 1e-12 });
    }
    expect(parsed(reference.deno[0]).checks).toEqual(parsed(reference.tslab[0]).checks);
  }, 600_000);

  for (const outcome of ["pass", "fail"] as const) {
    it(`${outcome}: a submission's kernel sends labels, kinds and values only; the grader's words are kernel-lib's own`, () => {
      const graded = Object.fromEntries(KERNELS.map((k) => [k, bundles(run(k, ANSWERS[outcome], "observe"))]));
      for (const k of KERNELS) {
        expect(graded[k], k).toHaveLength(1);
        for (const check of parsed(graded[k][0]).checks) expect(Object.keys(check).sort(), "no expected value leaves a submission's kernel").toEqual(["actual", "kind", "label"]);
      }
      expect(parsed(graded.deno[0]).checks).toEqual(parsed(graded.tslab[0]).checks);
      const stableAt800 = parsed(graded.tslab[0]).checks.find((c) => c.label === "stableSigmoid(800)")!;
      expect(stableAt800.actual).toEqual(outcome === "pass" ? { t: "number", v: 1 } : { t: "number", v: "NaN" });

      // A student's session: the printed line, the same on both kernels, is what the grader says.
      const lines = Object.fromEntries(KERNELS.map((k) => [k, run(k, ANSWERS[outcome], "student").at(-1)!.outputs.filter((o) => o.output_type === "stream").map((o) => `${o.name}: ${o.text}`)]));
      expect(lines.deno).toEqual(lines.tslab);
      const judged = pythonVerdict(graded.tslab, parsed(reference.tslab[0]));
      expect(judged.passed).toBe(outcome === "pass");
      if (outcome === "pass") {
        expect(lines.tslab).toEqual([expect.stringMatching(/^stdout: ✓ l03-stable-sigmoid: all 8 checks passed \(hidden tests included\)\n$/)]);
        expect(judged.feedback).toBe("all 8 checks passed (hidden tests included)");
      } else {
        expect(judged.feedback).toMatch(/stableSigmoid\(800\) returned NaN; expected 1 \(tolerance 1e-12\) — e\^800 overflows/);
        expect(lines.tslab).toEqual([`stderr: ✗ l03-stable-sigmoid: ${judged.feedback}\n`]);
      }
    }, 600_000);
  }
});

describe("the grader's matching of observations with the reference (no kernel)", () => {
  const n = (v: number | string) => ({ t: "number", v });
  const reference = {
    id: "x", kernel: "tslab", stopped: "", tampering: [], problem: "",
    checks: [
      { label: "f(0)", kind: "close", actual: n(1), expected: n(1), tolerance: 1e-12, hint: "a hint; with a semicolon" },
      { label: "f(0)", kind: "close", actual: n(2), expected: n(2), tolerance: 1e-12 },
      { label: "g(1)", kind: "equal", actual: n("-0"), expected: n("-0") },
    ],
  } as unknown as Observation;
  const bundle = (checks: object[], extra: object = {}) => ({ observation: JSON.stringify({ format: 1, id: "x", kernel: "tslab", checks, stopped: "", stoppedAt: 0, tampering: [], problem: "", ...extra }) });
  const right = [{ label: "f(0)", kind: "close", actual: n(1) }, { label: "f(0)", kind: "close", actual: n(2) }, { label: "g(1)", kind: "equal", actual: n("-0") }];
  const judge = (bundles: unknown[]) => {
    const script = "import json, sys\nfrom lessontools.observations import verdict\nd = json.load(sys.stdin)\nv = verdict(d['observed'], d['reference'], 'x')\nprint(json.dumps({'passed': v.passed, 'feedback': v.feedback}))";
    const r = spawnSync(PYTHON, ["-c", script], { cwd: ROOT, env: TOOL_ENV, encoding: "utf8", input: JSON.stringify({ observed: bundles, reference }) });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout) as { passed: boolean; feedback: string };
  };

  it("passes the reference's values, matched by label and occurrence", () => {
    expect(judge([bundle(right)])).toEqual({ passed: true, feedback: "all 3 checks passed (hidden tests included)" });
  });

  it("fails a wrong value with the reference's expected value and whole hint, and lists every failure", () => {
    const wrong = [{ label: "f(0)", kind: "close", actual: n("NaN") }, { label: "f(0)", kind: "close", actual: n(2) }, { label: "g(1)", kind: "equal", actual: n(0) }];
    expect(judge([bundle(wrong)]).feedback).toBe(
      "2 checks failed:\n  • f(0) returned NaN; expected 1 (tolerance 1e-12) — a hint; with a semicolon\n  • g(1) returned 0; expected -0",
    );
  });

  it("fails a missing, an extra or a repeated check, a second observation, and claims of passing", () => {
    expect(judge([bundle(right.slice(0, 2))]).feedback).toMatch(/^g\(1\): not observed/);
    expect(judge([bundle([...right, { label: "f(0)", kind: "close", actual: n(2) }])]).feedback).toMatch(/checks the reference does not have were observed: 'f\(0\)'/);
    expect(judge([bundle(right), bundle(right)]).feedback).toMatch(/^2 observations of x were sent from this cell/);
    const forged = [{ label: "f(0)", kind: "close", passed: true, actual: n(0) }, { label: "f(0)", kind: "close", passed: true, actual: n(0) }, { label: "g(1)", kind: "equal", passed: true, actual: n(0) }];
    expect(judge([bundle(forged, { passed: true, verdict: "pass" })]).passed).toBe(false);
    expect(judge([{ observation: "{not json" }]).feedback).toMatch(/malformed observation/);
    expect(judge([]).feedback).toMatch(/recorded no observation/);
  });
});
