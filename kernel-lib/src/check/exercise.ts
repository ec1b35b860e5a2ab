/**
 * exercise(): runs a test cell's checks, built around how tslab, nbgrader and `npm run grade` behave:
 *
 * - A test cell must never throw. tslab aborts every cell queued within 200 ms after an error, so one
 *   failing exercise would silently skip the checks of the next ones (and nbgrader gives full marks to a
 *   cell with no output). `exercise()` catches everything, including the student's own exceptions.
 * - In a student's session: every check runs and is judged here (checker.ts); a pass is one "✓ id: …" line
 *   on stdout, failures a "✗ id: …" block on stderr listing each failed check (nbgrader scores a cell that
 *   wrote to stderr zero). After a failed cell the checks would test an earlier definition: nothing is
 *   checked and the feedback says which cell to fix.
 * - While grading (grading-mode.ts): nothing is judged here. The checks' records leave the kernel as one
 *   observation (a display_data of type application/vnd.lessons.observations+json, through the kernel's
 *   writer for the running execution), and the grader compares them, outside the kernel, with the same
 *   checks run on the reference solutions. docs/grading-security.md.
 * - Tamper evidence (tamper.ts, the sessions) still runs in both modes: it names what a cell changed.
 */

import { judge, makeChecker, show, type Checker, type CheckRecord } from "./checker";
import type { Execution } from "./contract";
import { encode, serialize } from "./encoding";
import type { GradingMode } from "./grading-mode";
import { append, pristine, put } from "./pristine";
import { currentSession, gradingMode } from "./startup";
import { browserKernel } from "../display/browser";

export type { Checker, CheckRecord, CloseOptions, Hint } from "./checker";

/** The MIME type of an observation; tools/lessontools/observations.py reads it. */
export const OBSERVATION_MIME = "application/vnd.lessons.observations+json";

/** Failed checks listed in one exercise's feedback; the rest are counted. */
export const LISTED_FAILURES = 5;

class Stop extends Error {}

interface Outcome {
  records: CheckRecord[];
  /** The student's exception that stopped the checks, with the number of the check it stopped. */
  stopped?: { error: string; check: number };
  /** What was changed or redefined: the checks were not trusted. */
  tampering: string[];
  /** Why the checks could not run at all. */
  problem?: string;
}

function describeThrown(e: unknown): string {
  try {
    return e instanceof Error ? `${pristine.String(e.name)}: ${pristine.String(e.message)}` : `${typeof e} ${pristine.String(e)}`;
  } catch {
    return "an exception that could not be shown";
  }
}

function evaluate(checks: (t: Checker) => void, caller: Function, keepExpected: boolean): Outcome {
  const session = currentSession();
  // Every field its own from the start (and set with put): a setter on Object.prototype never sees them.
  const outcome: Outcome = { records: [], tampering: [], stopped: undefined, problem: undefined };
  if (typeof checks !== "function") {
    put(outcome, "problem", `exercise(id, checks) needs a function of the checker as checks; got ${show(encode(checks))}`);
    return outcome;
  }
  const source = pristine.sourceOf(checks);
  if (session) {
    const before: string[] = session.describe(session.changes());
    if (!session.calledFromCellTopLevel(caller)) {
      append(before, "exercise() was not called by the test cell itself (a cell replaced or wrapped `exercise`)");
    }
    const redefined = session.redefinitions(session.namesReadBy(source));
    for (let i = 0; i < redefined.length; i++) append(before, redefined[i]);
    if (before.length > 0) {
      put(outcome, "tampering", before);
      return outcome;
    }
  }
  const look = () => {
    const changes = session ? session.describe(session.changes()) : [];
    if (changes.length > 0) {
      put(outcome, "tampering", changes);
      throw new Stop();
    }
  };
  let count = 0;
  const checker = makeChecker(outcome.records, () => {
    count++;
    look();
  }, look, keepExpected);
  try {
    checks(checker);
  } catch (e) {
    if (!(e instanceof Stop)) put(outcome, "stopped", { error: describeThrown(e), check: count + 1 });
  }
  // The student's code ran inside the checks: look once more.
  if (outcome.tampering.length === 0 && session) put(outcome, "tampering", session.describe(session.changes()));
  return outcome;
}

/** The first LISTED_FAILURES changes a cell made and how many more (as observations.py's tampering_text). */
function tamperingText(changes: string[]): string {
  const shown = pristine.join(pristine.slice(changes, 0, LISTED_FAILURES), "; ");
  return changes.length <= LISTED_FAILURES ? shown : `${shown}; … and ${pristine.String(changes.length - LISTED_FAILURES)} more`;
}

const withHint = (message: string, hint: string | undefined) => (hint ? `${message} — ${hint}` : message);

/** The student's own feedback: "✓ id: …" or "✗ id: …" with every failed check (capped). */
function localLine(id: string, outcome: Outcome, hidden: boolean): { passed: boolean; line: string } {
  if (outcome.problem) return { passed: false, line: `✗ ${id}: ${outcome.problem}` };
  if (outcome.tampering.length > 0) return { passed: false, line: `✗ ${id}: tampering detected, the checks were not trusted: ${tamperingText(outcome.tampering)}` };
  const failures: string[] = [];
  for (let i = 0; i < outcome.records.length; i++) {
    const r = outcome.records[i];
    const why = judge(r, (message) => pristine.matches(new pristine.RegExp(r.pattern?.source ?? "", r.pattern?.flags ?? ""), message));
    if (why !== undefined) append(failures, withHint(why, r.hint));
  }
  if (outcome.stopped) {
    const hint = pristine.matches(/not implemented/, outcome.stopped.error) ? " — replace the `throw` in the solution cell with your code" : "";
    append(failures, `check ${pristine.String(outcome.stopped.check)} stopped because your code threw ${outcome.stopped.error}${hint}`);
  }
  const n = outcome.records.length;
  if (failures.length === 0) {
    const plural = n === 1 ? "" : "s";
    return { passed: true, line: hidden ? `✓ ${id}: all ${n} check${plural} passed (hidden tests included)` : `✓ ${id}: all ${n} visible check${plural} passed (hidden tests run at grading)` };
  }
  if (failures.length === 1) return { passed: false, line: `✗ ${id}: ${failures[0]}` };
  const lines: string[] = [`✗ ${id}: ${pristine.String(failures.length)} checks failed:`];
  for (let i = 0; i < failures.length && i < LISTED_FAILURES; i++) append(lines, `  • ${failures[i]}`);
  if (failures.length > LISTED_FAILURES) append(lines, `  … and ${pristine.String(failures.length - LISTED_FAILURES)} more`);
  return { passed: false, line: pristine.join(lines, "\n") };
}

/** One observation: per check its label, kind and the value returned; from the reference kernel also
 * what the check expects (a submission's kernel sends no expected value: grading-mode.ts). */
function observation(id: string, outcome: Outcome, kernel: string, grading: GradingMode): string {
  const checks: unknown[] = [];
  for (let i = 0; i < outcome.records.length; i++) {
    const r = outcome.records[i];
    const fields: Record<string, unknown> = { label: r.label, kind: r.kind, actual: r.actual };
    if (!grading.reference) {
      append(checks, fields);
      continue;
    }
    if (r.expected) put(fields, "expected", r.expected);
    if (r.tolerance !== undefined) put(fields, "tolerance", r.tolerance);
    if (r.relative) put(fields, "relative", true);
    if (r.hint !== undefined) put(fields, "hint", pristine.String(r.hint));
    if (r.errorClass !== undefined) put(fields, "errorClass", r.errorClass);
    if (r.pattern) put(fields, "pattern", r.pattern);
    append(checks, fields);
  }
  return serialize({
    format: 1,
    id,
    kernel,
    checks,
    stopped: outcome.stopped ? outcome.stopped.error : "",
    stoppedAt: outcome.stopped ? outcome.stopped.check : 0,
    tampering: outcome.tampering,
    problem: outcome.problem ?? grading.problem,
  });
}

function staleLine(id: string, previous: Execution | undefined): string | undefined {
  if (!previous || previous.outcome !== "failed") return undefined;
  return `✗ ${id}: nothing was checked — the cell run before this one failed (${pristine.stringify(previous.firstLine)}), so its definitions did not change. Fix the error in that cell, run it, then run this cell again.`;
}

/**
 * Runs the checks of one exercise and reports (see the file comment for where it goes):
 * "✓ id: all N visible checks passed (hidden tests run at grading)", or "✗ id: <each failed check, with
 * input, expected, actual and hint>". Never throws. A check that throws because the student's code threw
 * (e.g. "not implemented") is reported as such. Returns nothing: tslab would print a returned value after
 * the feedback line.
 *
 * @example
 * exercise("l03-stable-sigmoid", (t) => {
 *   t.close(stableSigmoid(0), 0.5, "stableSigmoid(0)");
 * });
 * @see Checker for the checks; docs/grading-security.md for how grading judges them.
 */
export function exercise(id: string, checks: (t: Checker) => void): void {
  const name = pristine.String(id);
  try {
    const session = currentSession();
    const execution = session?.current;
    const grading = gradingMode();
    if (!grading) {
      const stale = staleLine(name, session?.previous);
      if (stale && execution) {
        execution.writeStream("stderr", `${stale}\n`);
        return;
      }
    }
    let outcome: Outcome;
    try {
      // A submission's kernel keeps no expected value at all (the grader takes them from the reference run).
      outcome = evaluate(checks, exercise, !grading || grading.reference);
    } catch (e) {
      outcome = { records: [], tampering: [], problem: `the checks could not run (${describeThrown(e)})` };
    }
    if (grading && execution) {
      const text = `observations of ${name} recorded (${pristine.String(outcome.records.length)} checks): the grader judges them`;
      execution.writeDisplayData({ data: { "text/plain": text, [OBSERVATION_MIME]: { observation: observation(name, outcome, session?.kernel ?? "tslab", grading) } }, metadata: {} }, false);
      return;
    }
    const { passed, line } = localLine(name, outcome, pristine.indexOf(pristine.sourceOf(checks), "BEGIN HIDDEN TESTS") >= 0);
    if (execution) execution.writeStream(passed ? "stdout" : "stderr", `${line}\n`);
    else {
      // In the browser kernel a check is the student's own (grading stays with npm run grade): it says so.
      const label = browserKernel()?.selfCheckLabel ?? "";
      if (passed) console.log(label + line);
      else console.error(label + line);
    }
  } catch (e) {
    console.error(`✗ ${name}: the checks could not report (${describeThrown(e)})`);
  }
}
