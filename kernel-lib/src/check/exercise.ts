/**
 * Checks for graded exercises, built around how tslab, nbgrader and `npm run grade` behave:
 *
 * - A test cell must never throw. tslab aborts every cell queued within 200 ms after an error, so one
 *   failing exercise would silently skip the checks of the next ones (and nbgrader gives full marks to a
 *   cell with no output). `exercise()` catches everything, including the student's own exceptions.
 * - For students and nbgrader (no grading key): a pass is a "✓ id: …" line on stdout, a failure a
 *   "✗ id: …" line on stderr (nbgrader scores a cell that wrote to stderr zero).
 * - For `npm run grade` (grading key loaded at import, see grading-key.ts): the verdict is a display_data
 *   of type application/vnd.lessons.verdict+json, signed with the key, which student code cannot forge;
 *   the grader trusts nothing else. On tslab it goes through tslab's writer for the execution
 *   (session.ts), on Deno through `Deno.jupyter.broadcast` captured at import (deno-session.ts).
 * - Verdicts are computed with built-ins captured at import (pristine.ts), and only when nothing the
 *   checks rely on was changed (tamper.ts), `exercise` is the library's own, called by the test cell
 *   itself, and the names the checks read still mean what they meant (session.ts). Otherwise the
 *   exercise fails with feedback that says what was changed and by which cell. docs/grading-security.md.
 */

import { gradingMode } from "./grading-key";
import { sha256Hex } from "./hmac";
import { append, pristine } from "./pristine";
import { denoSession } from "./deno-session";
import { currentSession as tslabSession, type CheckSession, type Execution } from "./session";
import { browserKernel } from "../display/browser";

/** The kernel this library runs in: tslab's session, Deno's, or none (plain Node, vitest). */
function currentSession(): CheckSession | undefined {
  return tslabSession() ?? denoSession();
}

/** The MIME type of a signed verdict; tools/lessontools/verdicts.py reads it. */
export const VERDICT_MIME = "application/vnd.lessons.verdict+json";

export type Hint = string | undefined;

export interface Checker {
  /** actual === expected (Object.is for numbers, so NaN and −0 are noticed). */
  equal(actual: unknown, expected: unknown, label: string, hint?: Hint): void;
  /** |actual − expected| ≤ tolerance·max(1, |expected|) (default 1e-12); NaN never passes. */
  close(actual: unknown, expected: number, label: string, options?: { tolerance?: number; hint?: Hint }): void;
  /** Element-wise `close` for arrays of equal length. */
  allClose(actual: unknown, expected: ArrayLike<number>, label: string, options?: { tolerance?: number; hint?: Hint }): void;
  /** The condition holds. */
  isTrue(condition: boolean, label: string, hint?: Hint): void;
  /** `run()` throws an error of class `errorClass` whose message matches `message`. */
  throws(run: () => unknown, errorClass: new (...args: never[]) => Error, message: RegExp, label: string, hint?: Hint): void;
}

class Failure extends Error {}

/** Thrown inside the checks when something they rely on was changed while they ran. */
class Tampered extends Failure {}

function show(value: unknown): string {
  try {
    if (typeof value === "number") return pristine.is(value, -0) ? "-0" : pristine.String(value);
    if (typeof value === "string") return pristine.stringify(value);
    if (pristine.isView(value) || pristine.isArray(value)) {
      const list = value as ArrayLike<unknown>;
      const items: string[] = [];
      for (let i = 0; i < list.length && i < 9; i++) append(items, i === 8 ? "…" : show(list[i]));
      return `[${pristine.join(items, ", ")}]`;
    }
    if (value instanceof Error) return `${value.name}: ${value.message}`;
    return pristine.stringify(value) ?? pristine.String(value);
  } catch {
    return typeof value;
  }
}

const withHint = (message: string, hint: Hint) => (hint ? `${message} — ${hint}` : message);

function isClose(actual: number, expected: number, tolerance: number): boolean {
  if (pristine.isNaN(actual) || pristine.isNaN(expected)) return false;
  if (!pristine.isFinite(expected)) return actual === expected;
  return pristine.abs(actual - expected) <= tolerance * pristine.max(1, pristine.abs(expected));
}

/** `count` runs as each check starts; `look` again after the student's code ran inside a check. */
function makeChecker(count: () => void, look: () => void): Checker {
  const fail = (message: string, hint: Hint): never => {
    throw new Failure(withHint(message, hint));
  };
  return {
    equal(actual, expected, label, hint) {
      count();
      const same = typeof actual === "number" && typeof expected === "number" ? pristine.is(actual, expected) : actual === expected;
      if (!same) fail(`${label} returned ${show(actual)}; expected ${show(expected)}`, hint);
    },
    close(actual, expected, label, options = {}) {
      count();
      const tolerance = options.tolerance ?? 1e-12;
      if (typeof actual !== "number") fail(`${label} returned ${show(actual)}; expected the number ${show(expected)}`, options.hint);
      if (!isClose(actual as number, expected, tolerance)) {
        fail(`${label} returned ${show(actual)}; expected ${show(expected)} (tolerance ${tolerance})`, options.hint);
      }
    },
    allClose(actual, expected, label, options = {}) {
      count();
      const tolerance = options.tolerance ?? 1e-12;
      const isArray = pristine.isArray(actual) || (pristine.isView(actual) && !(actual instanceof DataView));
      if (!isArray) fail(`${label} returned ${show(actual)}; expected an array like ${show(expected)}`, options.hint);
      const values = actual as ArrayLike<unknown>;
      const n = expected.length;
      if (values.length !== n) {
        fail(`${label} returned ${values.length} values; expected ${n}: ${show(expected)}`, options.hint);
      }
      for (let i = 0; i < n; i++) {
        const v = values[i];
        const e = expected[i];
        if (typeof v !== "number" || typeof e !== "number" || !isClose(v, e, tolerance)) {
          fail(`${label}[${i}] is ${show(v)}; expected ${show(e)} (all: got ${show(values)}, expected ${show(expected)})`, options.hint);
        }
      }
    },
    isTrue(condition, label, hint) {
      count();
      if (condition !== true) fail(`${label} does not hold`, hint);
    },
    throws(run, errorClass, message, label, hint) {
      count();
      let thrown: unknown;
      let threw = false;
      try {
        run();
      } catch (e) {
        threw = true;
        thrown = e;
      }
      look(); // the student's code ran: look again before judging
      if (!threw) fail(`${label} did not throw; expected a ${errorClass.name} matching ${message}`, hint);
      if (!(thrown instanceof errorClass) || typeof (thrown as Error).message !== "string" || !pristine.matches(message, (thrown as Error).message)) {
        fail(`${label} threw ${show(thrown)}; expected a ${errorClass.name} matching ${message}`, hint);
      }
    },
  };
}

interface Outcome {
  passed: boolean;
  /** The feedback line: "✓ id: …" or "✗ id: …". */
  line: string;
  checks: number;
  /** What was changed or redefined, when that is why the exercise failed. */
  tampering: string[];
  checksDigest: string;
}

function describeThrown(e: unknown): string {
  try {
    return e instanceof Error ? `${pristine.String(e.name)}: ${pristine.String(e.message)}` : show(e);
  } catch {
    return "an exception that could not be shown";
  }
}

function evaluate(id: string, checks: (t: Checker) => void, caller: Function): Outcome {
  const session = currentSession();
  const source = pristine.sourceOf(checks);
  const outcome: Outcome = { passed: false, line: "", checks: 0, tampering: [], checksDigest: sha256Hex(source) };
  const hidden = pristine.indexOf(source, "BEGIN HIDDEN TESTS") >= 0;
  const untrusted = (problems: string[]) => {
    outcome.tampering = problems;
    outcome.line = `✗ ${id}: tampering detected, the checks were not trusted: ${pristine.join(problems, "; ")}`;
    return outcome;
  };
  if (typeof checks !== "function") {
    outcome.line = `✗ ${id}: exercise(id, checks) needs a function of the checker as checks; got ${show(checks)}`;
    return outcome;
  }
  if (session) {
    const before: string[] = session.describe(session.changes());
    if (!session.calledFromCellTopLevel(caller)) {
      append(before, "exercise() was not called by the test cell itself (a cell replaced or wrapped `exercise`)");
    }
    const redefined = session.redefinitions(session.namesReadBy(source));
    for (let i = 0; i < redefined.length; i++) append(before, redefined[i]);
    if (before.length > 0) return untrusted(before);
  }
  const changedNow = () => (session ? session.describe(session.changes()) : []);
  let count = 0;
  const look = () => {
    const changes = changedNow();
    if (changes.length > 0) {
      outcome.tampering = changes;
      throw new Tampered(pristine.join(changes, "; "));
    }
  };
  const checker = makeChecker(() => {
    count++;
    look();
  }, look);
  let passed = false;
  let line: string;
  try {
    checks(checker);
    passed = true;
    line = hidden
      ? `✓ ${id}: all ${count} check${count === 1 ? "" : "s"} passed (hidden tests included)`
      : `✓ ${id}: all ${count} visible check${count === 1 ? "" : "s"} passed (hidden tests run at grading)`;
  } catch (e) {
    if (e instanceof Tampered) {
      return untrusted(outcome.tampering);
    } else if (e instanceof Failure) {
      line = `✗ ${id}: ${e.message}`;
    } else {
      const error = describeThrown(e);
      const hint = pristine.matches(/not implemented/, error) ? " — replace the `throw` in the solution cell with your code" : "";
      line = `✗ ${id}: check ${count + 1} stopped because your code threw ${error}${hint}`;
    }
  }
  // The student's code ran inside the checks (and maybe while the feedback was written): look once more.
  const after = changedNow();
  if (after.length > 0) return untrusted(after);
  outcome.passed = passed;
  outcome.line = line;
  outcome.checks = count;
  return outcome;
}

/** One JSON object of strings, numbers and booleans, written without JSON.stringify's toJSON lookups. */
function serialize(fields: [string, string | number | boolean][]): string {
  const parts: string[] = [];
  for (let i = 0; i < fields.length; i++) {
    const value = fields[i][1];
    append(parts, `${pristine.stringify(fields[i][0])}:${typeof value === "string" ? pristine.stringify(value) : pristine.String(value)}`);
  }
  return `{${pristine.join(parts, ",")}}`;
}

function staleWarning(id: string, previous: Execution | undefined): string | undefined {
  if (!previous || previous.outcome !== "failed") return undefined;
  return `⚠ ${id}: the cell run before this one failed (${pristine.stringify(previous.firstLine)}), so these checks test an earlier definition. Fix that cell and run it again.`;
}

function report(id: string, outcome: Outcome): void {
  const session = currentSession();
  const execution = session?.current;
  const warning = staleWarning(id, session?.previous);
  if (gradingMode && execution) {
    const payload = serialize([
      ["version", 1],
      ["id", id],
      ["passed", outcome.passed],
      ["checks", outcome.checks],
      ["feedback", outcome.line],
      ["tampering", pristine.join(outcome.tampering, "; ")],
      ["cell", execution.digest],
      ["execution", execution.count],
      ["checksDigest", outcome.checksDigest],
      ["keyProblem", gradingMode.problem ?? ""],
      ["kernel", session?.kernel ?? "tslab"],
    ]);
    const hmac = gradingMode.sign ? gradingMode.sign(payload) : "";
    execution.writeDisplayData({ data: { "text/plain": outcome.line, [VERDICT_MIME]: { payload, hmac } }, metadata: {} }, false);
    return;
  }
  if (execution) {
    if (warning) execution.writeStream("stdout", `${warning}\n`);
    execution.writeStream(outcome.passed ? "stdout" : "stderr", `${outcome.line}\n`);
    return;
  }
  // In the browser kernel a check is the student's own (grading stays with npm run grade): it says so.
  const label = browserKernel()?.selfCheckLabel ?? "";
  if (outcome.passed) console.log(label + outcome.line);
  else console.error(label + outcome.line);
}

/**
 * Runs the checks of one exercise and reports the verdict (see the file comment for where it goes):
 * "✓ id: all N visible checks passed (hidden tests run at grading)", or "✗ id: <what failed, with input,
 * expected and actual>". Never throws. A check that throws because the student's code threw (e.g. "not
 * implemented") is reported as such; when the cell run just before failed, a "⚠" line says the checks test
 * an earlier definition. Returns nothing: tslab would print a returned value after the feedback line.
 *
 * @example
 * exercise("l03-stable-sigmoid", (t) => {
 *   t.close(stableSigmoid(0), 0.5, "stableSigmoid(0)");
 * });
 * @see Checker for the checks; docs/grading-security.md for why the verdict can be trusted.
 */
export function exercise(id: string, checks: (t: Checker) => void): void {
  let outcome: Outcome;
  try {
    outcome = evaluate(pristine.String(id), checks, exercise);
  } catch (e) {
    outcome = { passed: false, line: `✗ ${pristine.String(id)}: the checks could not run (${describeThrown(e)})`, checks: 0, tampering: [], checksDigest: "" };
  }
  try {
    report(pristine.String(id), outcome);
  } catch (e) {
    console.error(`✗ ${pristine.String(id)}: the verdict could not be reported (${describeThrown(e)})`);
  }
}
