// What a student sees when kernel-lib refuses bad input in the real tslab kernel: the error's name and
// message first, then only the student's own frames (evalmachine.<anonymous> is the cell). No line of
// kernel-lib's compiled source, no frame inside kernel-lib/dist, tslab or Node's vm (core/errors.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { executeNotebook, type KernelCell } from "../helpers/python";

let cells: KernelCell[];
beforeAll(() => {
  cells = executeNotebook("test/fixtures/errors.ipynb");
}, 120_000);

const stderr = (cell: KernelCell) =>
  cell.outputs
    .filter((o) => o.name === "stderr")
    .map((o) => o.text ?? "")
    .join("");

describe("kernel-lib's errors in the tslab kernel", () => {
  it("the import cell runs", () => {
    expect(cells[0].status).toBe("ok");
  });

  it.each([
    [1, 'TypeError: softmax: z must be an array of numbers (one example) or an array of rows, got "x" (a string)', 2],
    [2, "RangeError: meanSquaredError: yTrue has 2 values but yPred has 1; they must have the same length", 3],
    [3, "RangeError: seededRandom(…).normals: n must be a whole number ≥ 0, got -1", 2],
  ])("cell %i: the message first, then the student's frames only", (index, message, frames) => {
    const cell = cells[index];
    expect(cell.status).toBe("error");
    const text = stderr(cell);
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toBe(message);
    expect(text).not.toMatch(/kernel-lib[\\/]dist/);
    expect(text).not.toMatch(/node_modules[\\/]tslab/);
    expect(text).not.toMatch(/node:vm|\^$/m);
    expect(lines.slice(1)).toHaveLength(frames);
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {4}at .*evalmachine\.<anonymous>:\d+:\d+\)?$/);
  });

  it("the student's own function is named in the trace", () => {
    expect(stderr(cells[2])).toMatch(/\n {4}at averageError \(evalmachine\.<anonymous>:\d+:\d+\)/);
  });

  it("an error the student throws is left as tslab prints it (kernel-lib changes only its own errors)", () => {
    const text = stderr(cells[4]);
    expect(cells[4].status).toBe("error");
    expect(text).toContain("TypeError: the student's own error");
    expect(text).toMatch(/node_modules[\\/]tslab/);
  });
});
