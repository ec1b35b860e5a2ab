/**
 * What the course's graded exercises are, and what a student's copy of a lesson shows, read from the lesson
 * notebooks as JSON (no Python, no kernel). test/unit/lesson-content.test.ts checks the course with it and
 * shows each rule failing on small fake notebooks.
 *
 * The student view is what `npm run assignments` releases (tools/lessontools/exercises.py `student_cell`):
 * every cell, with solution regions and hidden-test regions removed.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { COURSE } from "./course";

export interface Cell {
  cell_type: string;
  id?: string;
  source: string | string[];
  metadata?: { nbgrader?: { grade?: boolean; solution?: boolean; grade_id?: string }; lessons?: { skill?: unknown; kind?: unknown } };
}
export interface Lesson {
  name: string;
  cells: Cell[];
}

export const EXERCISE_KINDS = ["derive-a-number", "implement"] as const;
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function readLessons(folder: string): Lesson[] {
  return readdirSync(folder)
    .filter((f) => /^\d\d-.*\.ipynb$/.test(f))
    .sort()
    .map((f) => ({ name: f, cells: (JSON.parse(readFileSync(path.join(folder, f), "utf8")) as { cells: Cell[] }).cells }));
}

export const sourceOf = (cell: Cell): string => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);
const isTest = (cell: Cell) => cell.cell_type === "code" && cell.metadata?.nbgrader?.grade === true;
const isSolution = (cell: Cell) => cell.metadata?.nbgrader?.solution === true;

/** The lines strictly between each `begin` and `end` marker line (nbgrader's rule: a marker owns its whole line). */
export function regions(source: string, begin: string, end: string): string[] {
  const found: string[] = [];
  let current: string[] | undefined;
  for (const line of source.split("\n")) {
    if (line.includes(begin)) current = [];
    else if (line.includes(end) && current) {
      found.push(current.join("\n"));
      current = undefined;
    } else current?.push(line);
  }
  return found;
}

/** A cell as the student version shows it: solution and hidden-test regions (with their markers) removed. */
export function studentView(cell: Cell): string {
  const d = COURSE.delimiters;
  const keep: string[] = [];
  let inside = false;
  for (const line of sourceOf(cell).split("\n")) {
    if (line.includes(d.beginSolution) || line.includes(d.beginHiddenTests)) inside = true;
    else if (line.includes(d.endSolution) || line.includes(d.endHiddenTests)) inside = false;
    else if (!inside) keep.push(line);
  }
  return keep.join("\n");
}

export interface Exercise {
  lesson: string;
  gradeId: string;
  skill: unknown;
  kind: unknown;
  /** The solution cell's BEGIN/END SOLUTION body: the solution cell is the nearest one above the test cell. */
  solution: string;
}

export function exercisesOf(lesson: Lesson): Exercise[] {
  const found: Exercise[] = [];
  lesson.cells.forEach((cell, i) => {
    if (!isTest(cell)) return;
    let j = i - 1;
    while (j >= 0 && !isSolution(lesson.cells[j])) j--;
    const solutionCell = j >= 0 ? lesson.cells[j] : undefined;
    found.push({
      lesson: lesson.name,
      gradeId: cell.metadata?.nbgrader?.grade_id ?? `${lesson.name} cell ${i}`,
      skill: cell.metadata?.lessons?.skill,
      kind: cell.metadata?.lessons?.kind,
      solution: solutionCell ? regions(sourceOf(solutionCell), COURSE.delimiters.beginSolution, COURSE.delimiters.endSolution).join("\n") : "",
    });
  });
  return found;
}

/** Problems with the tags: a graded test cell without a kebab-case skill or with an unknown kind. */
export function tagProblems(exercises: Exercise[]): string[] {
  return exercises.flatMap((e) => {
    const problems: string[] = [];
    if (typeof e.skill !== "string" || !KEBAB.test(e.skill)) problems.push(`${e.lesson} ${e.gradeId}: metadata.lessons.skill is ${JSON.stringify(e.skill)}, not a kebab-case skill`);
    if (!(EXERCISE_KINDS as readonly unknown[]).includes(e.kind)) problems.push(`${e.lesson} ${e.gradeId}: metadata.lessons.kind is ${JSON.stringify(e.kind)}, not one of ${EXERCISE_KINDS.join(", ")}`);
    return problems;
  });
}

/** Skills graded more than `most` times, with where. */
export function repeatedSkills(exercises: Exercise[], most: number): string[] {
  const bySkill = new Map<string, string[]>();
  for (const e of exercises) if (typeof e.skill === "string") bySkill.set(e.skill, [...(bySkill.get(e.skill) ?? []), e.gradeId]);
  return [...bySkill].filter(([, ids]) => ids.length > most).map(([skill, ids]) => `"${skill}" is graded ${ids.length} times (${ids.join(", ")})`);
}

// ---- near-copies ----------------------------------------------------------------------------------------

/**
 * Code as a token sequence that survives reformatting: whitespace and comments dropped, strings become `S`.
 * Identifiers that are not property names are marked `$name`; a shingle renames them (below). Property and
 * method names (after `.`) stay as they are, since a copy cannot rename `.localGrads` or `.reduce` and still
 * work; numbers stay (a copied constant is part of the answer).
 */
export function normalisedTokens(code: string): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, code);
  const tokens: string[] = [];
  let previous = "";
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    let token: string;
    if (kind === ts.SyntaxKind.Identifier || kind === ts.SyntaxKind.PrivateIdentifier) token = previous === "." || previous === "?." ? scanner.getTokenText() : `$${scanner.getTokenText()}`;
    else if (kind === ts.SyntaxKind.StringLiteral || kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral || (kind >= ts.SyntaxKind.TemplateHead && kind <= ts.SyntaxKind.TemplateTail)) token = "S";
    else token = scanner.getTokenText();
    tokens.push(token);
    previous = token;
  }
  return tokens;
}

/**
 * Shingle length: 8 tokens is about one short statement (`$s += $w * $x [ $k ]`); shorter shingles match the
 * idioms every cell shares, longer ones let a copy escape by reordering two statements.
 */
export const SHINGLE = 8;
/**
 * A cell is a near-copy of a solution when it contains at least this share of the solution's rarer shingles
 * (idioms left out, see IDIOM_CELLS). Measured on the twelve lessons as they were when this test was written:
 * the copies the course review found score 0.43 (lesson 12's `gradientsWithoutMask`: l12-backprop renamed and
 * without the ReLU mask) to 0.83 (lesson 01's `central`, l01-central-difference, shown again in lesson 03),
 * and the visible part of lesson 11's l11-fix-train-step test cell, whose `reference` is that exercise's answer
 * (0.45) and lesson 06's BCE from logits (0.64); every other cell of the course scores at most 0.25 against any
 * solution. 0.35 sits in that gap.
 */
export const NEAR_COPY = 0.35;
/** A solution shorter than this many shingles is too generic to call another cell a copy of it. */
export const MIN_SHINGLES = 4;

/**
 * The shingles of a token sequence, each with its identifiers renamed in order of first appearance (`$0`, `$1`,
 * …): renaming variables does not hide a copy, but which positions hold the *same* variable still counts, so
 * `s + w * W1[k][j]` and `s + wk * x[k]` differ (parameterised matching, as in Baker's duplicate-code finder).
 */
const shingles = (tokens: string[]) => {
  const set = new Set<string>();
  for (let i = 0; i + SHINGLE <= tokens.length; i++) {
    const names = new Map<string, string>();
    set.add(tokens.slice(i, i + SHINGLE).map((t) => {
      if (!t.startsWith("$")) return t;
      if (!names.has(t)) names.set(t, `$${names.size}`);
      return names.get(t);
    }).join(" "));
  }
  return set;
};

/**
 * A shingle found in more than this many visible cells of the course is an idiom (`.reduce((s, w, k) => s + w *`
 * of every matrix product), not an answer: it is left out of the comparison. A real copy shares shingles that
 * occur almost nowhere else.
 */
export const IDIOM_CELLS = 3;

/** The share of `solution`'s shingles (idioms left out) that `other` contains (0 when too few are left to judge). */
export function copiedShare(solution: string | ReadonlySet<string>, other: string | ReadonlySet<string>, idioms: ReadonlySet<string> = new Set()): number {
  const all = typeof solution === "string" ? shingles(normalisedTokens(solution)) : solution;
  const mine = [...all].filter((s) => !idioms.has(s));
  if (mine.length < MIN_SHINGLES) return 0;
  const theirs = typeof other === "string" ? shingles(normalisedTokens(other)) : other;
  return mine.filter((s) => theirs.has(s)).length / mine.length;
}

/** The shingles that occur in more than IDIOM_CELLS of the given shingle sets. */
function idiomsOf(sets: ReadonlySet<string>[]): Set<string> {
  const count = new Map<string, number>();
  for (const set of sets) for (const s of set) count.set(s, (count.get(s) ?? 0) + 1);
  return new Set([...count].filter(([, n]) => n > IDIOM_CELLS).map(([s]) => s));
}

/** Every visible cell of the course that holds a solution body or a near-copy of one. */
export function visibleAnswers(lessons: Lesson[], threshold = NEAR_COPY): string[] {
  const exercises = lessons.flatMap(exercisesOf).filter((e) => e.solution.trim() !== "");
  const visible = lessons.flatMap((lesson) => lesson.cells.map((cell, i) => {
    const text = studentView(cell);
    return { where: `${lesson.name} cell ${i}`, text, shingles: shingles(normalisedTokens(text)) };
  }));
  const idioms = idiomsOf(visible.map((v) => v.shingles));
  const found: string[] = [];
  for (const e of exercises) {
    const body = e.solution.trim();
    const mine = shingles(normalisedTokens(body));
    for (const cell of visible) {
      const share = copiedShare(mine, cell.shingles, idioms);
      if (cell.text.includes(body) || share >= threshold) {
        found.push(`${cell.where} shows the answer of ${e.gradeId} (${(100 * share).toFixed(0)} % of its solution's rarer ${SHINGLE}-token shingles)`);
      }
    }
  }
  return found;
}
