/**
 * The checks a test cell calls (`t.close`, `t.allClose`, …). Each one first copies what the student's code
 * returned into its tagged encoding (encoding.ts: read once, with built-ins captured at import, no method of
 * the student's value called) and records it with the check's label, kind, expected value, tolerance and
 * hint. The record is judged by `judge` below for the student's own ✓/✗; while grading, the records leave
 * the kernel as observations and tools/lessontools/observations.py judges them again, outside, taking
 * everything but the student's value from the reference solution's run (docs/grading-security.md). The two
 * judges say the same thing in the same words; test/unit/observations.test.ts holds them to it.
 */

import { decode, encode, type Encoded } from "./encoding";
import { append, pristine } from "./pristine";

export type Hint = string | undefined;

export type CheckKind = "equal" | "close" | "allClose" | "isTrue" | "throws" | "atMost" | "atLeast";

export interface CheckRecord {
  label: string;
  kind: CheckKind;
  actual: Encoded;
  expected?: Encoded;
  tolerance?: number;
  /** `close` and `allClose`: |actual − expected| ≤ tolerance·|expected| instead of tolerance·max(1, |expected|). */
  relative?: boolean;
  hint?: string;
  /** `throws`: the error class's name and the message's pattern. */
  errorClass?: string;
  pattern?: { source: string; flags: string };
}

export interface CloseOptions {
  /** Default 1e-12. */
  tolerance?: number;
  /** Compare relative to |expected| alone (for tiny expected values such as 4e-18). */
  relative?: boolean;
  hint?: Hint;
}

export interface Checker {
  /** actual === expected (Object.is for numbers, so NaN and −0 are noticed; arrays and records by value). */
  equal(actual: unknown, expected: unknown, label: string, hint?: Hint): void;
  /** |actual − expected| ≤ tolerance·max(1, |expected|) (default 1e-12; `relative`: tolerance·|expected|); NaN never passes. */
  close(actual: unknown, expected: number, label: string, options?: CloseOptions): void;
  /** Element-wise `close` for arrays (or typed arrays) of equal length; rows of a matrix compared the same way. */
  allClose(actual: unknown, expected: ArrayLike<number> | ArrayLike<ArrayLike<number>>, label: string, options?: CloseOptions): void;
  /** actual ≤ bound (a number; NaN never passes). Pass the raw value, not a comparison: the grader compares. */
  atMost(actual: unknown, bound: number, label: string, hint?: Hint): void;
  /** actual ≥ bound (a number; NaN never passes). */
  atLeast(actual: unknown, bound: number, label: string, hint?: Hint): void;
  /** The condition holds. Weak while grading (a boolean is easy to forge): prefer a value check. */
  isTrue(condition: boolean, label: string, hint?: Hint): void;
  /** `run()` throws an error of class `errorClass` whose message matches `message`. */
  throws(run: () => unknown, errorClass: new (...args: never[]) => Error, message: RegExp, label: string, hint?: Hint): void;
  /**
   * A plain copy of a value the student's code returned: fresh arrays, typed arrays and records holding
   * numbers, strings and booleans, nothing of the student's objects (their own `map` or `every` is gone).
   * For a test that must compute something from the student's result before checking it.
   * @example
   * const delta = t.values(softmaxBackward([2, 1, 0.1], [1, 0, 0])) as number[];
   */
  values(x: unknown): unknown;
}

const number = (e: Encoded | undefined): number | undefined => {
  if (!e || e.t !== "number") return undefined;
  const v = e.v;
  if (typeof v === "number") return v;
  return v === "NaN" ? NaN : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : -0;
};

const SHOWN_ITEMS = 8;

/** An encoded value as feedback shows it: `-0`, `NaN`, `"text"`, `[1, 2, …]`. */
export function show(e: Encoded | undefined): string {
  if (!e) return "nothing";
  switch (e.t) {
    case "number": {
      const v = e.v;
      return typeof v === "number" ? pristine.String(v) : pristine.String(v);
    }
    case "string":
      return pristine.stringify(e.v);
    case "boolean":
    case "bigint":
      return pristine.String(e.v);
    case "error":
      return `${pristine.String(e.name)}: ${pristine.String(e.message)}`;
    case "object": {
      const entries = e.entries as [string, Encoded][];
      const parts: string[] = [];
      for (let i = 0; i < entries.length && i < SHOWN_ITEMS; i++) append(parts, `${entries[i][0]}: ${show(entries[i][1])}`);
      if (entries.length > SHOWN_ITEMS) append(parts, "…");
      return `{${pristine.join(parts, ", ")}}`;
    }
    case "thrown":
      return e.threw ? show(e.error as Encoded) : "nothing thrown";
  }
  if (e.items) {
    const items = e.items as Encoded[];
    const parts: string[] = [];
    for (let i = 0; i < items.length && i < SHOWN_ITEMS; i++) append(parts, items[i].t === "hole" ? "<hole>" : show(items[i]));
    if (items.length > SHOWN_ITEMS) append(parts, "…");
    return `[${pristine.join(parts, ", ")}]`;
  }
  return e.t === "hole" ? "<hole>" : e.t;
}

function isClose(actual: number, expected: number, tolerance: number, relative: boolean): boolean {
  if (pristine.isNaN(actual) || pristine.isNaN(expected)) return false;
  if (!pristine.isFinite(expected)) return actual === expected;
  const scale = relative ? pristine.abs(expected) : pristine.max(1, pristine.abs(expected));
  return pristine.abs(actual - expected) <= tolerance * scale;
}

/** Encoded trees equal as values: tags and numbers by Object.is (NaN is NaN, −0 is not 0), arrays by
 * length, holes and items, records by their entries in order. */
export function sameEncoded(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const aa = pristine.isArray(a), bb = pristine.isArray(b);
  if (aa !== bb) return false;
  if (aa) {
    const x = a as unknown[], y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameEncoded(x[i], y[i])) return false;
    return true;
  }
  const keys = pristine.getOwnPropertyNames(a), other = pristine.getOwnPropertyNames(b);
  if (keys.length !== other.length) return false;
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] !== other[i] || !sameEncoded((a as Record<string, unknown>)[keys[i]], (b as Record<string, unknown>)[keys[i]])) return false;
  }
  return true;
}

const ARRAY_TAGS = ["array", "Float64Array", "Float32Array", "Int32Array", "Int16Array", "Int8Array", "Uint32Array", "Uint16Array", "Uint8Array", "Uint8ClampedArray"];
const isArrayTag = (t: string) => {
  for (let i = 0; i < ARRAY_TAGS.length; i++) if (ARRAY_TAGS[i] === t) return true;
  return false;
};

function patternText(p: { source: string; flags: string } | undefined): string {
  return p ? `/${p.source}/${p.flags}` : "//";
}

/** `allClose`, element by element; an expected item that is itself an array is compared the same way
 * (a matrix as rows), the label naming the index: "J[1][2] is …". */
function allCloseWhy(label: string, actual: Encoded, expected: Encoded | undefined, tolerance: number, relative: boolean): string | undefined {
  const wanted = (expected?.items ?? []) as Encoded[];
  if (!isArrayTag(actual.t)) return `${label} returned ${show(actual)}; expected an array like ${show(expected)}`;
  const items = actual.items as Encoded[];
  if (items.length !== wanted.length) return `${label} returned ${pristine.String(items.length)} values; expected ${pristine.String(wanted.length)}: ${show(expected)}`;
  for (let i = 0; i < wanted.length; i++) {
    const here = `${label}[${pristine.String(i)}]`;
    if (isArrayTag(wanted[i].t)) {
      const why = allCloseWhy(here, items[i], wanted[i], tolerance, relative);
      if (why !== undefined) return why;
      continue;
    }
    const a = number(items[i]), e = number(wanted[i]);
    if (a === undefined || e === undefined || !isClose(a, e, tolerance, relative)) {
      return `${here} is ${show(items[i])}; expected ${show(wanted[i])} (all: got ${show(actual)}, expected ${show(expected)})`;
    }
  }
  return undefined;
}

/** Why one check failed ("label returned …; expected …"), without its hint; undefined when it passed.
 * `matches` tests a thrown message against the record's pattern (the grader uses Python's re). */
export function judge(r: CheckRecord, matches: (message: string) => boolean): string | undefined {
  const actual = r.actual, tolerance = r.tolerance ?? 1e-12, relative = r.relative === true;
  const toleranceText = `(${relative ? "relative " : ""}tolerance ${pristine.String(tolerance)})`;
  switch (r.kind) {
    case "equal":
      return sameEncoded(actual, r.expected) ? undefined : `${r.label} returned ${show(actual)}; expected ${show(r.expected)}`;
    case "close": {
      const a = number(actual), e = number(r.expected) as number;
      if (a === undefined) return `${r.label} returned ${show(actual)}; expected the number ${show(r.expected)}`;
      return isClose(a, e, tolerance, relative) ? undefined : `${r.label} returned ${show(actual)}; expected ${show(r.expected)} ${toleranceText}`;
    }
    case "allClose":
      return allCloseWhy(r.label, actual, r.expected, tolerance, relative);
    case "atMost":
    case "atLeast": {
      const a = number(actual), b = number(r.expected) as number;
      const ok = a !== undefined && !pristine.isNaN(a) && (r.kind === "atMost" ? a <= b : a >= b);
      return ok ? undefined : `${r.label} is ${show(actual)}; expected ${r.kind === "atMost" ? "at most" : "at least"} ${show(r.expected)}`;
    }
    case "isTrue":
      return actual.t === "boolean" && actual.v === true ? undefined : `${r.label} does not hold`;
    case "throws": {
      const expectation = `expected a ${r.errorClass} matching ${patternText(r.pattern)}`;
      if (actual.t !== "thrown" || actual.threw !== true) return `${r.label} did not throw; ${expectation}`;
      const classes = actual.classes as string[];
      let known = false;
      for (let i = 0; i < classes.length && !known; i++) known = classes[i] === r.errorClass;
      const error = actual.error as Encoded;
      const ok = known && error.t === "error" && matches(pristine.String(error.message));
      return ok ? undefined : `${r.label} threw ${show(error)}; ${expectation}`;
    }
  }
  return `${r.label}: unknown check`;
}

/** The class names along a thrown value's prototype chain ("RangeError", "Error"), read without calling it. */
function classNames(thrown: unknown): string[] {
  const names: string[] = [];
  try {
    let proto = typeof thrown === "object" && thrown !== null ? pristine.getPrototypeOf(thrown) : null;
    for (let depth = 0; proto && depth < 10; depth++) {
      const ctor = pristine.getOwnPropertyDescriptor(proto, "constructor")?.value;
      const name = typeof ctor === "function" ? pristine.getOwnPropertyDescriptor(ctor, "name")?.value : undefined;
      if (typeof name === "string") append(names, name);
      proto = pristine.getPrototypeOf(proto);
    }
  } catch {
    // A proxy in the chain: what was read so far.
  }
  return names;
}

/**
 * A checker that appends one record per check to `records`. `count` runs as each check starts; `look`
 * again after the student's code ran inside a check (both may throw to stop the checks). Without
 * `keepExpected` (a submission being graded) no record holds an expected value: the grader takes those from
 * the reference run, and what is not in the kernel cannot be copied into an answer. Each record is frozen
 * as it is made and appended by definition (pristine.ts), so student code that runs while a value is read
 * (a getter) can neither see nor change it.
 */
export function makeChecker(records: CheckRecord[], count: () => void, look: () => void, keepExpected = true): Checker {
  const record = (r: CheckRecord) => append(records, pristine.freeze(r));
  const expect = (value: unknown): Encoded | undefined => (keepExpected ? encode(value) : undefined);
  const closeRecord = (kind: CheckKind, actual: unknown, expected: unknown, label: string, options: CloseOptions = {}) => {
    count();
    record({ label: pristine.String(label), kind, actual: encode(actual), expected: expect(expected), tolerance: options.tolerance ?? 1e-12, relative: options.relative === true, hint: options.hint });
  };
  return pristine.freeze({
    equal(actual: unknown, expected: unknown, label: string, hint?: Hint) {
      count();
      record({ label: pristine.String(label), kind: "equal", actual: encode(actual), expected: expect(expected), hint });
    },
    close: (actual: unknown, expected: number, label: string, options?: CloseOptions) => closeRecord("close", actual, expected, label, options),
    allClose: (actual: unknown, expected: ArrayLike<number> | ArrayLike<ArrayLike<number>>, label: string, options?: CloseOptions) => closeRecord("allClose", actual, expected, label, options),
    atMost(actual: unknown, bound: number, label: string, hint?: Hint) {
      count();
      record({ label: pristine.String(label), kind: "atMost", actual: encode(actual), expected: expect(bound), hint });
    },
    atLeast(actual: unknown, bound: number, label: string, hint?: Hint) {
      count();
      record({ label: pristine.String(label), kind: "atLeast", actual: encode(actual), expected: expect(bound), hint });
    },
    isTrue(condition: boolean, label: string, hint?: Hint) {
      count();
      record({ label: pristine.String(label), kind: "isTrue", actual: encode(condition), hint });
    },
    throws(run: () => unknown, errorClass: new (...args: never[]) => Error, message: RegExp, label: string, hint?: Hint) {
      count();
      let thrown: unknown;
      let threw = false;
      try {
        run();
      } catch (e) {
        threw = true;
        thrown = e;
      }
      look(); // the student's code ran: look again before recording
      const actual: Encoded = threw ? { t: "thrown", threw: true, classes: classNames(thrown), error: encode(thrown instanceof Error ? thrown : { message: thrown }) } : { t: "thrown", threw: false };
      const name = typeof errorClass === "function" ? pristine.String(pristine.getOwnPropertyDescriptor(errorClass, "name")?.value) : "Error";
      record({ label: pristine.String(label), kind: "throws", actual, errorClass: name, pattern: { source: pristine.String(message.source), flags: pristine.String(message.flags) }, hint });
    },
    values: (x: unknown) => decode(encode(x)),
  });
}
