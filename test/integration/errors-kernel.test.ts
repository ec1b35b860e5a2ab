// What a student sees when a cell fails, in the real kernels: the error's name and message first, then only
// the student's own frames. No line of kernel-lib's compiled source, no frame inside kernel-lib/dist, tslab
// or Node's vm (core/errors.ts). On tslab the frames carry the cell's prompt and the line and column of the
// cell as shown, blank lines, comments and types included (display/cell-lines.ts). test/fixtures/errors.ipynb
// provokes one error per public module, plus an error of the student's own (thrown directly, and thrown by a
// function the student passed to kernel-lib).
//
// Deno's kernel: kernel-lib's errors carry only the cell's frames there too; its line numbers are Deno's
// (it evaluates swc's reformatted output and tells JavaScript nothing of the source), so they are not checked.
import { beforeAll, describe, expect, it } from "vitest";
import { executeNotebook, type KernelCell } from "../helpers/python";

const FIXTURE = "test/fixtures/errors.ipynb";

const runOn = (kernel: "tslab" | "deno"): KernelCell[] => executeNotebook(FIXTURE, kernel);

type Output = KernelCell["outputs"][number] & { traceback?: string[] };

/** What the cell printed for its error: tslab's stderr text, or the lines of Deno's error traceback. */
function errorLines(cell: KernelCell): string[] {
  const outputs = cell.outputs as Output[];
  const stderr = outputs.filter((o) => o.name === "stderr").map((o) => o.text ?? "").join("");
  if (stderr) return stderr.trimEnd().split("\n");
  const traceback = outputs.find((o) => o.output_type === "error")?.traceback ?? [];
  // Deno's traceback starts with a "Stack trace:" heading (ANSI colours stripped, in case).
  return traceback.map((line) => line.replace(/\u001b\[[\d;]*m/g, "")).filter((line) => line !== "Stack trace:");
}

/** [cell index, the message line, the frames tslab prints: `name@prompt:line:column` or `@prompt:line:column`]. */
const KERNEL_LIB_ERRORS: [number, string, string[]][] = [
  [1, 'TypeError: softmax: z must be an array of numbers (one example) or an array of rows, got "x" (a string)', ["@2:1:1"]],
  [3, "RangeError: meanSquaredError: yTrue has 2 values but yPred has 1; they must have the same length", ["averageError@3:4:10", "@4:3:1"]],
  [4, "RangeError: seededRandom(…).normals: n must be a whole number ≥ 0, got -1", ["@5:1:17"]],
  [5, "RangeError: net.predict: inputs[0] must be a row of 2 numbers, got an array of length 3", ["@6:4:5"]],
  [6, "RangeError: linspace: n must be a whole number ≥ 2, got 1", ["@7:2:12"]],
  [7, "RangeError: sweep: values must be an array of 2 to 40 numbers or strings, got 1 value(s)", ["@8:1:1"]],
  [8, "TypeError: showFormula: latex must be a non-empty string", ["@9:1:1"]],
  [9, "RangeError: showTable: rows is empty; it needs at least one row", ["@10:1:1"]],
  [10, "RangeError: initStandardDeviation: fanIn must be a whole number ≥ 1, got 0", ["@11:1:1"]],
];

/** A frame as tslab prints it after cell-lines.ts, in the table's short form. */
function shortFrame(line: string): string {
  const parts = /^ {4}at (?:(\S+) \()?cell \[(\d+)\]:(\d+):(\d+)\)?$/.exec(line);
  return parts ? `${parts[1] ?? ""}@${parts[2]}:${parts[3]}:${parts[4]}` : `unexpected frame: ${line}`;
}

const noInternals = (text: string) => {
  expect(text).not.toMatch(/kernel-lib[\\/]dist/);
  expect(text).not.toMatch(/node_modules|tslab[\\/]dist/);
  expect(text).not.toMatch(/node:vm|evalmachine|^\s*\^\s*$/m);
};

describe("errors in the tslab kernel", () => {
  let cells: KernelCell[];
  beforeAll(() => {
    cells = runOn("tslab");
  }, 180_000);

  it("the import cell and the definition cell run", () => {
    expect(cells[0].status).toBe("ok");
    expect(cells[2].status).toBe("ok");
  });

  it.each(KERNEL_LIB_ERRORS)("cell %i: the message, then the student's frames with the cell's own line numbers", (index, message, frames) => {
    const cell = cells[index];
    expect(cell.status).toBe("error");
    const lines = errorLines(cell);
    expect(lines[0]).toBe(message);
    expect(lines.slice(1).map(shortFrame)).toEqual(frames);
    noInternals(lines.join("\n"));
  });

  it("an error inside a function the student passed to kernel-lib: the student's frames only, at the right column", () => {
    const lines = errorLines(cells[11]);
    expect(lines[0]).toBe("TypeError: Cannot read properties of undefined (reading 'x')");
    // plotFunctions([{ name: "typo", f: (z) => (z as any).nope.x }]): `.x` is read at column 58.
    expect(lines.slice(1).map(shortFrame)).toEqual(["Object.f@12:1:58", "@12:1:1"]);
    noInternals(lines.join("\n"));
  });

  it("an error the student throws: the message and the throw's line, without tslab's frames", () => {
    const lines = errorLines(cells[12]);
    expect(cells[12].status).toBe("error");
    expect(lines).toEqual(["TypeError: the student's own error", "    at cell [13]:1:7"]);
  });
});

describe("kernel-lib's errors in Deno's kernel", () => {
  let cells: KernelCell[];
  beforeAll(() => {
    cells = runOn("deno");
  }, 180_000);

  it.each(KERNEL_LIB_ERRORS)("cell %i: the message, then only the cell's frames", (index, message, frames) => {
    const cell = cells[index];
    expect(cell.status).toBe("error");
    const lines = errorLines(cell);
    expect(lines[0]).toBe(message);
    expect(lines.slice(1)).toHaveLength(frames.length);
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {4}at (?:\S+ \()?<anonymous>:\d+:\d+\)?$/);
    noInternals(lines.join("\n"));
  });
});
