/**
 * Checks for graded exercises, built around how tslab and nbgrader behave:
 *
 * - A test cell must never throw. tslab aborts every cell queued within 200 ms after an error, so one
 *   failing exercise would silently skip the checks of the next ones (and nbgrader gives full marks to a
 *   cell with no output). `exercise()` catches everything, including the student's own exceptions.
 * - A failed check must still count as a failure. nbgrader scores a cell zero when it wrote to stderr, so
 *   the feedback goes to stderr; `npm run grade` reads the same signal.
 * - A passed exercise says so on stdout ("✓ id: …"). The grader requires that line, so a test cell that
 *   was aborted, emptied or never ran cannot pass by printing nothing.
 */

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

function show(value: unknown): string {
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (ArrayBuffer.isView(value) || Array.isArray(value)) {
    const items = Array.from(value as ArrayLike<unknown>, show);
    return `[${items.length > 8 ? [...items.slice(0, 8), "…"].join(", ") : items.join(", ")}]`;
  }
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

const withHint = (message: string, hint: Hint) => (hint ? `${message} — ${hint}` : message);

function isClose(actual: number, expected: number, tolerance: number): boolean {
  if (Number.isNaN(actual) || Number.isNaN(expected)) return false;
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected));
}

function makeChecker(count: () => void): Checker {
  const fail = (message: string, hint: Hint): never => {
    throw new Failure(withHint(message, hint));
  };
  return {
    equal(actual, expected, label, hint) {
      count();
      const same = typeof actual === "number" && typeof expected === "number" ? Object.is(actual, expected) : actual === expected;
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
      const isArray = Array.isArray(actual) || (ArrayBuffer.isView(actual) && !(actual instanceof DataView));
      if (!isArray) fail(`${label} returned ${show(actual)}; expected an array like ${show(expected)}`, options.hint);
      const values = actual as ArrayLike<unknown>;
      if (values.length !== expected.length) {
        fail(`${label} returned ${values.length} values; expected ${expected.length}: ${show(expected)}`, options.hint);
      }
      for (let i = 0; i < expected.length; i++) {
        const v = values[i];
        if (typeof v !== "number" || !isClose(v, expected[i], tolerance)) {
          fail(`${label}[${i}] is ${show(v)}; expected ${show(expected[i])} (all: got ${show(values)}, expected ${show(expected)})`, options.hint);
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
      try {
        run();
      } catch (e) {
        thrown = e;
      }
      if (thrown === undefined) fail(`${label} did not throw; expected a ${errorClass.name} matching ${message}`, hint);
      if (!(thrown instanceof errorClass) || !message.test((thrown as Error).message)) {
        fail(`${label} threw ${show(thrown)}; expected a ${errorClass.name} matching ${message}`, hint);
      }
    },
  };
}

/**
 * Runs the checks of one exercise and reports: "✓ id: all N checks passed" on stdout, or
 * "✗ id: <what failed, with input, expected and actual>" on stderr. Never throws (see the file comment).
 * A check that throws because the student's code threw (e.g. "not implemented") is reported as such.
 * Returns nothing: tslab would print a returned value after the feedback line.
 */
export function exercise(id: string, checks: (t: Checker) => void): void {
  let count = 0;
  const checker = makeChecker(() => count++);
  let feedback: string;
  let passed = false;
  try {
    checks(checker);
    passed = true;
    feedback = `✓ ${id}: all ${count} check${count === 1 ? "" : "s"} passed`;
  } catch (e) {
    if (e instanceof Failure) {
      feedback = `✗ ${id}: ${e.message}`;
    } else {
      const error = e instanceof Error ? `${e.name}: ${e.message}` : show(e);
      const hint = /not implemented/.test(error) ? " — replace the `throw` in the solution cell with your code" : "";
      feedback = `✗ ${id}: check ${count + 1} stopped because your code threw ${error}${hint}`;
    }
  }
  if (passed) console.log(feedback);
  else console.error(feedback);
}
