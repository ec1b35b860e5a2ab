/**
 * A lesson cut down to what its exercises need, for the suites that grade one lesson dozens of times
 * (grading-attacks, grading-sandbox): its markdown, the import of kernel-lib, every graded cell (solutions
 * and tests), and every earlier code cell that declares a name one of those uses (and, in turn, what that
 * cell uses). The worked examples, charts and experiments in between go: they cost most of a run's kernel
 * time (tslab compiles each cell) and nothing a grader decides depends on them. The suites still grade the
 * reference solutions of the cut lesson in the same run and require full marks, so a cell the cut dropped but
 * an exercise needed fails loudly rather than passing.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

type Cell = { cell_type: string; source: string | string[]; metadata: { nbgrader?: Record<string, unknown> } };
type Notebook = { cells: Cell[] };

const text = (cell: Cell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);

/** Names a cell declares at its top level (no indentation): const/let/var/function/class/type/interface/enum, destructuring included. */
export function declaredNames(source: string): Set<string> {
  const names = new Set<string>();
  for (const m of source.matchAll(/^(?:export\s+)?(?:declare\s+)?(?:async\s+)?(?:const|let|var|function\*?|class|type|interface|enum)\s+([A-Za-z_$][\w$]*)/gm)) names.add(m[1]);
  for (const m of source.matchAll(/^(?:export\s+)?(?:const|let|var)\s+[{[]([^=]*)[}\]]\s*(?::[^=]*)?=/gm)) {
    for (const part of m[1].split(",")) {
      const name = part.split(":").pop()!.split("=")[0].replace(/[.\s]/g, "");
      if (/^[A-Za-z_$][\w$]*$/.test(name)) names.add(name);
    }
  }
  return names;
}

/** Every identifier-like word a cell mentions (over-inclusive on purpose: keeping a cell too many is harmless). */
const usedNames = (source: string) => new Set(source.match(/[A-Za-z_$][\w$]*/g) ?? []);

/** Indices of the code cells the cut keeps. */
export function cellsToKeep(cells: Cell[]): Set<number> {
  const code = cells.map((c, i) => [c, i] as const).filter(([c]) => c.cell_type === "code");
  const declares = new Map(code.map(([c, i]) => [i, declaredNames(text(c))]));
  const keep = new Set(code.filter(([c]) => c.metadata.nbgrader !== undefined || /from\s+["']kernel-lib["']/.test(text(c))).map(([, i]) => i));
  const queue = [...keep];
  while (queue.length > 0) {
    const index = queue.pop()!;
    for (const name of usedNames(text(cells[index]))) {
      // The latest earlier cell that declares the name is the definition this cell sees.
      const from = code.map(([, i]) => i).filter((i) => i < index && declares.get(i)!.has(name)).pop();
      if (from !== undefined && !keep.has(from)) {
        keep.add(from);
        queue.push(from);
      }
    }
  }
  return keep;
}

/** Writes the cut of `lessonFile` to `outDir` under the same file name (submissions are matched by it) and returns its path. */
export function writeExerciseCut(lessonFile: string, outDir: string): string {
  const notebook = JSON.parse(readFileSync(lessonFile, "utf8")) as Notebook;
  const keep = cellsToKeep(notebook.cells);
  notebook.cells = notebook.cells.filter((c, i) => c.cell_type !== "code" || keep.has(i));
  mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, path.basename(lessonFile));
  writeFileSync(out, JSON.stringify(notebook, null, 1) + "\n");
  return out;
}
