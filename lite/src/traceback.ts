/**
 * A cell's error as tslab shows one: the error's line(s), then the student's own frames, each as
 * `at name (cell:LINE:COL)` with the cell's line numbers. The JavaScript kernel reports Chrome's stack of
 * the function it made from the cell: every frame names the kernel's own script
 * (`eval at _createScopedFunction (http://…/507….js:2:1234), <anonymous>:7:20`) and counts lines from the
 * top of its wrapper, some lines above the cell's first. Frames that are not the cell's code (the kernel,
 * kernel-lib, the browser's built-ins) are dropped, as the kernel already drops most of them.
 */
import type { ColumnShift } from "./transpile";

/** Where the kernel's wrapper puts a cell: how many lines above its first line, and how many columns
 * before that first line's first character (0.4.0a5: 5 lines, an indent of 6; measured by a probe). */
export interface CellPlace {
  lines: number;
  firstLineColumns: number;
}
export const DEFAULT_PLACE: CellPlace = { lines: 5, firstLineColumns: 6 };

// `    at [async] NAME (eval at …, <anonymous>:LINE:COL)` or, unnamed, `    at eval at …, <anonymous>:LINE:COL`.
const CELL_FRAME = /^\s*at (async )?(?:(.*?) \()?eval at .*<anonymous>:(\d+):(\d+)\)?\s*$/;

/** Where a probe's `new Error()` was made, in the kernel's wrapper (its first cell frame): line, column. */
export function probePosition(stack: string): { line: number; column: number } | undefined {
  for (const line of stack.split("\n")) {
    const frame = CELL_FRAME.exec(line);
    if (frame) return { line: Number(frame[3]), column: Number(frame[4]) };
  }
  return undefined;
}

/**
 * The kernel's traceback (one string: `Name: message` and frames) → the student's: the same first line(s),
 * then the cell's frames. `place`: where the wrapper put the cell; `shift`: where the cell's last expression
 * was moved right (transpile.ts).
 */
export function cellTraceback(traceback: string[], place: CellPlace, shift?: ColumnShift): string[] {
  const lines = traceback.join("\n").split("\n");
  const firstFrame = lines.findIndex((line) => /^\s*at /.test(line));
  const head = firstFrame === -1 ? lines : lines.slice(0, firstFrame);
  const frames: string[] = [];
  for (const line of firstFrame === -1 ? [] : lines.slice(firstFrame)) {
    const frame = CELL_FRAME.exec(line);
    if (!frame) continue;
    const [, async = "", rawName = "", rawLine, rawColumn] = frame;
    const cellLine = Number(rawLine) - place.lines;
    if (cellLine < 1) continue;
    let column = Number(rawColumn) - (cellLine === 1 ? place.firstLineColumns : 0);
    if (shift && cellLine === shift.line && column >= shift.column + shift.shift) column -= shift.shift;
    // Chrome calls an unnamed function in such code `eval` (the cell itself is one).
    const name = rawName === "eval" ? "" : rawName;
    frames.push(name ? `    at ${async}${name} (cell:${cellLine}:${column})` : `    at ${async}cell:${cellLine}:${column}`);
  }
  return [[...head, ...frames].join("\n")];
}
