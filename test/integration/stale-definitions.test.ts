// Stale definitions (#10, #22), in a student's own kernel, on both kernels: a solution cell that fails leaves
// the earlier definition in place, so its test cell, run next, would check that one and could show a ✓ the
// student's current code never earned. exercise() says instead that nothing was checked and which cell to
// fix. tslab's session sees each cell's outcome itself; Deno's kernel tells JavaScript nothing, so the relay in
// front of it reports how the cell before ended (tools/lessontools/deno_relay.py): this runs through the
// registered kernelspecs, the relay included, as JupyterLab does. Grading detects the same outside the kernel.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT, executeNotebook, runTool, type KernelCell } from "../helpers/python";

const LESSON = "03-activation-functions.ipynb";

type Cell = { cell_type: string; source: string | string[]; metadata: { nbgrader?: Record<string, unknown>; tags?: string[] }; outputs?: unknown[]; execution_count?: number | null };
type Notebook = { cells: Cell[] };

const text = (cell: Cell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);
const gradeId = (cell: Cell) => String(cell.metadata.nbgrader?.grade_id ?? "");

let work: string;
let student: Notebook;

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), "lessons-stale-"));
  const release = path.join(work, "release");
  const made = runTool(["assignments", "--out", release, `notebooks/${LESSON}`]);
  if (made.status !== 0) throw new Error(made.output);
  student = JSON.parse(readFileSync(path.join(release, LESSON), "utf8")) as Notebook;
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.each(["tslab", "deno"] as const)("stale definitions in a student's own %s kernel", (kernel) => {
  it("a test cell run after a failed solution cell checks nothing and says what to fix, never ✓; fixed, it passes", () => {
    const nb = structuredClone(student);
    const solution = nb.cells.findIndex((c) => gradeId(c) === "l03-stable-sigmoid-solution");
    const test = nb.cells.findIndex((c) => gradeId(c) === "l03-stable-sigmoid");
    // A right answer, so the only thing the test cell can say about the stale run is the warning.
    nb.cells[solution].source = "function stableSigmoid(z: number): number {\n  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));\n}\n";
    const broken: Cell = { cell_type: "code", source: "function stableSigmoid(z: number): number {\n  return (1 / (1 + Math.exp(-z));\n}\n", metadata: { tags: ["raises-exception"] }, outputs: [], execution_count: null };
    const importCell = nb.cells.findIndex((c) => c.cell_type === "code" && text(c).includes('from "kernel-lib"'));
    nb.cells = [nb.cells[importCell], nb.cells[solution], broken, nb.cells[test], nb.cells[solution], nb.cells[test]];
    // Inside the repository, where `import ... from "kernel-lib"` resolves.
    mkdirSync(path.join(ROOT, "test-results"), { recursive: true });
    const folder = mkdtempSync(path.join(ROOT, "test-results", "stale-"));
    const file = path.join(folder, "stale.ipynb");
    writeFileSync(file, JSON.stringify(nb));
    let cells: KernelCell[];
    try {
      cells = executeNotebook(file, kernel);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    const out = (i: number) => cells[i].outputs.map((o) => o.text ?? "").join("");
    expect(cells[2].status).toBe("error");
    // The syntax error, in each kernel's words (tslab prints it; Deno sends an error output).
    expect(kernel === "tslab" ? out(2) : JSON.stringify(cells[2].outputs)).toMatch(/'\)' expected|Expected ','/);
    expect(out(3)).toBe(
      '✗ l03-stable-sigmoid: nothing was checked — the cell run before this one failed ("function stableSigmoid(z: number): number {"), ' +
        "so its definitions did not change. Fix the error in that cell, run it, then run this cell again.\n",
    );
    expect(cells[3].outputs.map((o) => o.name)).toEqual(["stderr"]);
    // Fixed and re-run: no warning.
    expect(out(5)).toMatch(/^✓ l03-stable-sigmoid: all \d+ visible checks passed \(hidden tests run at grading\)\n$/);
  }, 300_000);
});
