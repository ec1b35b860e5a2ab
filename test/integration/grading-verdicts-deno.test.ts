// One exercise, a passing and a failing answer, on both kernels: the signed verdicts kernel-lib sends while
// grading (a key file named in LESSONS_GRADING_KEY_FILE, as `npm run grade` does) must say the same thing on
// tslab and on Deno — exercise, pass or fail, number of checks, feedback line, tampering — and be signed
// with the key on both. Without a key (students, nbgrader) the printed ✓/✗ lines must be the same too.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PYTHON, ROOT, TOOL_ENV, type KernelCell } from "../helpers/python";

const LESSON = "03-activation-functions.ipynb";
const VERDICT = "application/vnd.lessons.verdict+json";
const KERNELS = ["tslab", "deno"] as const;
type Cell = { cell_type: string; source: string | string[]; metadata: { nbgrader?: Record<string, unknown> }; outputs?: unknown[]; execution_count?: null };
const text = (c: Cell) => (Array.isArray(c.source) ? c.source.join("") : c.source);
const source = JSON.parse(readFileSync(path.join(ROOT, "notebooks", LESSON), "utf8")) as { cells: Cell[]; metadata: object; nbformat: number; nbformat_minor: number };
const cell = (id: string) => source.cells.find((c) => c.metadata.nbgrader?.grade_id === id)!;
const importCell = source.cells.find((c) => c.cell_type === "code" && text(c).includes('from "kernel-lib"'))!;

const ANSWERS = {
  pass: text(cell("l03-stable-sigmoid-solution")),
  // The unstable form: e^800 overflows, Infinity/Infinity is NaN.
  fail: "function stableSigmoid(z: number): number {\n  return Math.exp(z) / (1 + Math.exp(z));\n}\n",
};

/** Runs import cell, answer and test cell on `kernel`, with a grading key when `key` is given. */
function run(kernel: (typeof KERNELS)[number], answer: string, key?: Buffer): KernelCell[] {
  mkdirSync(path.join(ROOT, "test-results"), { recursive: true });
  const folder = mkdtempSync(path.join(ROOT, "test-results", `verdicts-${kernel}-`));
  try {
    const nb = { ...source, cells: [importCell, { ...cell("l03-stable-sigmoid-solution"), source: answer }, cell("l03-stable-sigmoid")].map((c) => ({ ...c, outputs: [], execution_count: null })) };
    const file = path.join(folder, "verdicts.ipynb");
    writeFileSync(file, JSON.stringify(nb));
    const env: NodeJS.ProcessEnv = { ...TOOL_ENV, LESSONS_KERNEL: kernel };
    if (key) {
      writeFileSync(path.join(folder, ".lessons-grading-key"), key, { mode: 0o600 });
      env.LESSONS_GRADING_KEY_FILE = path.join(folder, ".lessons-grading-key");
    }
    const r = spawnSync(PYTHON, ["-m", "lessontools.notebook_runner", file], { cwd: ROOT, env, encoding: "utf8", timeout: 180_000 });
    if (r.status !== 0) throw new Error(r.stdout + r.stderr);
    if (key) expect(existsSync(env.LESSONS_GRADING_KEY_FILE!), "kernel-lib deletes the key file").toBe(false);
    return (JSON.parse(r.stdout) as { cells: KernelCell[] }).cells;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The verdicts of the test cell (the last), their signatures checked with `key`. */
function verdicts(cells: KernelCell[], key: Buffer): Record<string, unknown>[] {
  return cells.at(-1)!.outputs.flatMap((o) => {
    const v = o.data?.[VERDICT] as { payload: string; hmac: string } | undefined;
    if (!v) return [];
    expect(v.hmac, "signed with the key").toBe(createHmac("sha256", key).update(v.payload).digest("hex"));
    return [JSON.parse(v.payload) as Record<string, unknown>];
  });
}

/** What must agree across kernels (the cell digest, execution count and checks' compiled text cannot: Deno
 * sees no cell source and compiles differently). */
const SAME = ["version", "id", "passed", "checks", "feedback", "tampering", "keyProblem"];
const pick = (v: Record<string, unknown>) => Object.fromEntries(SAME.map((k) => [k, v[k]]));

describe("an exercise's verdicts on tslab and on Deno", () => {
  for (const outcome of ["pass", "fail"] as const) {
    it(`${outcome}: the same signed verdict fields while grading, and the same printed line without a key`, () => {
      const key = randomBytes(32);
      const graded = Object.fromEntries(KERNELS.map((k) => [k, verdicts(run(k, ANSWERS[outcome], key), key)]));
      for (const k of KERNELS) {
        expect(graded[k], k).toHaveLength(1);
        expect(graded[k][0].kernel).toBe(k);
        expect(graded[k][0].passed).toBe(outcome === "pass");
        expect(graded[k][0].keyProblem).toBe("");
      }
      expect(pick(graded.deno[0])).toEqual(pick(graded.tslab[0]));
      expect(String(graded.tslab[0].feedback)).toMatch(outcome === "pass" ? /^✓ l03-stable-sigmoid: all \d+ checks passed \(hidden tests included\)$/ : /^✗ l03-stable-sigmoid: stableSigmoid\(800\) returned NaN/);

      // Students and nbgrader: no key, a ✓ line on stdout or a ✗ line on stderr, the same on both kernels.
      const lines = Object.fromEntries(
        KERNELS.map((k) => [k, run(k, ANSWERS[outcome]).at(-1)!.outputs.filter((o) => o.output_type === "stream").map((o) => `${o.name}: ${o.text}`)]),
      );
      expect(lines.deno).toEqual(lines.tslab);
      expect(lines.tslab.join("")).toMatch(outcome === "pass" ? /^stdout: ✓ l03-stable-sigmoid: all \d+ checks passed/ : /^stderr: ✗ l03-stable-sigmoid: /);
    }, 600_000);
  }
});
