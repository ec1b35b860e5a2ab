// exercise(): feedback that names input, expected and actual for every failed check; pass lines on stdout,
// failures on stderr; never throws (tslab would skip the following cells); judged with built-ins captured
// at import; the tamper snapshot. The encoding and the judge are in observations.test.ts; the kernel-side
// behaviour (observations while grading, redefinition, caller checks) is tested in the real kernels by
// test/integration/grading-attacks.test.ts and grading-verdicts-deno.test.ts, stale definitions by
// stale-definitions.test.ts and deno-relay.test.ts.
import { afterEach, describe, expect, it, vi } from "vitest";
import { exercise } from "../../kernel-lib/src/index";
import { changesSince, takeSnapshot } from "../../kernel-lib/src/check/tamper";

function capture(run: () => void) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...a) => void out.push(a.join(" ")));
  const error = vi.spyOn(console, "error").mockImplementation((...a) => void err.push(a.join(" ")));
  let threw: unknown;
  try {
    run();
  } catch (e) {
    threw = e;
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
  return { out, err, threw };
}

afterEach(() => vi.restoreAllMocks());

describe("exercise()", () => {
  it("prints one pass line on stdout with the number of checks", () => {
    const r = capture(() =>
      exercise("ex-pass", (t) => {
        t.close(0.1 + 0.2, 0.3, "0.1 + 0.2", { tolerance: 1e-15 });
        t.equal("relu", "relu", "choice");
        t.allClose([1, 2], Float64Array.of(1, 2), "vector");
        t.isTrue(true, "a fact");
        t.throws(() => { throw new RangeError("bad z"); }, RangeError, /bad z/, "validation");
      }),
    );
    expect(r).toEqual({ out: ["✓ ex-pass: all 5 visible checks passed (hidden tests run at grading)"], err: [], threw: undefined });
  });

  it("reports a failing check on stderr with input, expected, actual and its whole hint", () => {
    const r = capture(() =>
      exercise("l03-sigmoid", (t) => {
        t.close(0.5, 0.5, "mySigmoid(0)");
        t.close(NaN, 0, "mySigmoid(-800)", { hint: "exp(800) overflows; use the stable form" });
        t.close(1, 1, "still checked");
      }),
    );
    expect(r.threw).toBeUndefined();
    expect(r.out).toEqual([]);
    expect(r.err).toEqual(["✗ l03-sigmoid: mySigmoid(-800) returned NaN; expected 0 (tolerance 1e-12) — exp(800) overflows; use the stable form"]);
  });

  it("lists every failed check, one per line with its hint, and counts those past five", () => {
    const two = capture(() =>
      exercise("l12-step", (t) => {
        t.allClose([1, 2], [1, 3], "W after one step", { hint: "W −= η·∂L/∂W; then check the sign" });
        t.close(0, 0, "passes");
        t.close(0.2, 0.1, "b after one step", { hint: "the bias gradient is the sum of the deltas" });
      }),
    );
    expect(two.err).toEqual([
      "✗ l12-step: 2 checks failed:\n" +
        "  • W after one step[1] is 2; expected 3 (all: got [1, 2], expected [1, 3]) — W −= η·∂L/∂W; then check the sign\n" +
        "  • b after one step returned 0.2; expected 0.1 (tolerance 1e-12) — the bias gradient is the sum of the deltas",
    ]);
    const many = capture(() => exercise("m", (t) => {
      for (let i = 0; i < 8; i++) t.equal(i, -1, `f(${i})`);
    }));
    expect(many.err[0].split("\n")).toEqual(["✗ m: 8 checks failed:", "  • f(0) returned 0; expected -1", "  • f(1) returned 1; expected -1", "  • f(2) returned 2; expected -1", "  • f(3) returned 3; expected -1", "  • f(4) returned 4; expected -1", "  … and 3 more"]);
  });

  it("turns the student's own exception into feedback, pointing at the stub", () => {
    const notImplemented = (): number => {
      throw new Error("not implemented");
    };
    const r = capture(() => exercise("l05-softmax", (t) => t.close(notImplemented(), 1, "f()")));
    expect(r.threw).toBeUndefined();
    expect(r.err).toEqual([
      "✗ l05-softmax: check 1 stopped because your code threw Error: not implemented — replace the `throw` in the solution cell with your code",
    ]);
  });

  it("distinguishes NaN, -0, wrong types and lengths", () => {
    const cases: [() => void, string][] = [
      [() => exercise("a", (t) => t.equal(-0, 0, "relu(-0)")), "✗ a: relu(-0) returned -0; expected 0"],
      [() => exercise("b", (t) => t.close("0.5", 0.5, "f(0)")), '✗ b: f(0) returned "0.5"; expected the number 0.5'],
      [() => exercise("c", (t) => t.allClose([1], [1, 2], "g()")), "✗ c: g() returned 1 values; expected 2: [1, 2]"],
      [() => exercise("d", (t) => t.allClose([1, NaN], [1, 2], "h()")), "✗ d: h()[1] is NaN; expected 2 (all: got [1, NaN], expected [1, 2])"],
      [() => exercise("e", (t) => t.throws(() => 1, TypeError, /z/, "k()")), "✗ e: k() did not throw; expected a TypeError matching /z/"],
      [() => exercise("f", (t) => t.close(Infinity, 1, "m()")), "✗ f: m() returned Infinity; expected 1 (tolerance 1e-12)"],
    ];
    for (const [run, message] of cases) expect(capture(run).err).toEqual([message]);
  });

  it("a relative tolerance scales with the expected value; infinities must match exactly", () => {
    expect(capture(() => exercise("r", (t) => t.close(1e20 + 1e7, 1e20, "big", { tolerance: 1e-12 }))).out).toHaveLength(1);
    expect(capture(() => exercise("r", (t) => t.close(Infinity, Infinity, "inf"))).out).toHaveLength(1);
    expect(capture(() => exercise("r", (t) => t.close(1e-13, 0, "tiny"))).out).toHaveLength(1);
  });

  it("says the hidden tests ran when the checks contain them (instructor notebook, grading)", () => {
    // The marker comment survives compilation into the function's source text, which is what is read.
    const r = capture(() =>
      exercise("h", (t) => {
        t.isTrue(true, "visible");
        // BEGIN HIDDEN TESTS
        t.isTrue(true, "hidden");
        // END HIDDEN TESTS
      }),
    );
    expect(r.out).toEqual(["✓ h: all 2 checks passed (hidden tests included)"]);
  });

  it("compares with the built-ins captured at import, not the ones a student replaced", () => {
    const realAbs = Math.abs;
    const realIs = Object.is;
    const realIsNaN = Number.isNaN;
    Math.abs = () => 0;
    Object.is = () => true;
    Number.isNaN = () => false;
    let r;
    try {
      r = capture(() =>
        exercise("p", (t) => {
          t.close(0.5, 0.5, "ok");
          t.close(0, 0.5, "student(0)");
        }),
      );
      expect(capture(() => exercise("q", (t) => t.equal(-0, 0, "relu(-0)"))).err).toEqual(["✗ q: relu(-0) returned -0; expected 0"]);
      expect(capture(() => exercise("n", (t) => t.close(NaN, 1, "f()"))).err).toEqual(["✗ n: f() returned NaN; expected 1 (tolerance 1e-12)"]);
    } finally {
      Math.abs = realAbs;
      Object.is = realIs;
      Number.isNaN = realIsNaN;
    }
    expect(r.err).toEqual(["✗ p: student(0) returned 0; expected 0.5 (tolerance 1e-12)"]);
  });

  it("names a checks argument that is not a function", () => {
    const r = capture(() => exercise("x", 42 as never));
    expect(r.err).toEqual(["✗ x: exercise(id, checks) needs a function of the checker as checks; got 42"]);
  });
});

describe("tamper snapshot", () => {
  it("names replaced, added and deleted properties and a replaced prototype; nothing when restored", () => {
    const target: Record<string, unknown> = { abs: Math.abs, keep: 1 };
    const other = { x: 1 };
    const snapshot = takeSnapshot([
      { label: "M", target },
      { label: "O", target: other, keys: ["x"] },
    ]);
    expect(changesSince(snapshot)).toEqual([]);
    target.abs = () => 0;
    target.extra = 2;
    delete target.keep;
    Object.setPrototypeOf(other, null);
    expect(changesSince(snapshot).sort()).toEqual(["M.abs was replaced", "M.extra was added", "M.keep was deleted", "the prototype of O was replaced"]);
    target.abs = Math.abs;
    target.keep = 1;
    delete target.extra;
    Object.setPrototypeOf(other, Object.prototype);
    expect(changesSince(snapshot)).toEqual([]);
  });

  it("sees a getter swapped in for a value, and ignores live state where asked", () => {
    const target = { write: () => 1, count: 0, log: () => 2 };
    const snapshot = takeSnapshot([{ label: "c", target, functionsOnly: true }]);
    target.count = 5;
    expect(changesSince(snapshot)).toEqual([]);
    Object.defineProperty(target, "log", { get: () => () => 3 });
    expect(changesSince(snapshot)).toEqual(["c.log was replaced"]);
  });
});

describe("records out of a student's reach (student code runs while a returned value is read)", () => {
  it("a setter on Array.prototype's indexes, put there by a getter mid-check, never receives a record", async () => {
    const { makeChecker } = await import("../../kernel-lib/src/check/checker");
    const { decode, encode } = await import("../../kernel-lib/src/check/encoding");
    const caught: unknown[] = [];
    const AP = Array.prototype as unknown as Record<string, unknown>;
    const arm = () => {
      for (let i = 0; i < 8; i++) {
        Object.defineProperty(AP, String(i), {
          configurable: true,
          set(this: unknown[], v: unknown) {
            caught.push(v);
            Object.defineProperty(this, String(i), { value: v, writable: true, enumerable: true, configurable: true });
          },
        });
      }
    };
    const disarm = () => {
      for (let i = 0; i < 8; i++) delete AP[String(i)];
    };
    // The value a student's function returns: reading it arms the trap (as the attack fixture
    // test/fixtures/attacks/attack-record-setters.ts does in a real kernel).
    const trap = () => Object.defineProperty({}, "v", { enumerable: true, get: () => (arm(), 1) });
    const records: unknown[] = [];
    try {
      for (const keepExpected of [true, false]) {
        const t = makeChecker(records as never[], () => {}, () => {}, keepExpected);
        t.close(trap(), 0.5, "f(0)");
        t.allClose(trap(), [1, 2], "g(0)");
        t.equal(trap(), [1, 2], "h(0)");
        const copy = t.values([trap(), [3]]) as unknown[];
        disarm();
        expect(caught).toEqual([]); // no record, no list, no copied item went through a setter
        expect(Object.getOwnPropertyNames(copy)).toEqual(["0", "1", "length"]);
        caught.length = 0;
      }
      expect(records).toHaveLength(6);
      // A record is frozen as it is made, and a submission's kernel (keepExpected false) keeps no expected value.
      expect(Object.isFrozen(records[0])).toBe(true);
      expect((records[3] as { expected?: unknown }).expected).toBeUndefined();
      expect((records[0] as { expected?: unknown }).expected).toEqual(encode(0.5));
      expect(decode(encode([1, , 3]))).toEqual([1, , 3]);
    } finally {
      disarm();
    }
  });
});
