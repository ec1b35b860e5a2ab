// exercise(): feedback that names input, expected and actual; pass lines on stdout, failures on stderr;
// never throws (tslab would skip the following cells); verdicts computed with built-ins captured at import;
// the verdict signature (HMAC-SHA-256 in plain arithmetic) and the tamper snapshot.
// The kernel-side behaviour (signed verdicts, redefinition, caller and stale checks) is tested in the real
// kernel by test/integration/grading-attacks.test.ts.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createHash, createHmac, randomBytes } from "node:crypto";
import { exercise } from "../../kernel-lib/src/index";
import { hmacSigner, sha256Hex } from "../../kernel-lib/src/check/hmac";
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

  it("reports the first failing check on stderr with input, expected, actual and hint", () => {
    const r = capture(() =>
      exercise("l03-sigmoid", (t) => {
        t.close(0.5, 0.5, "mySigmoid(0)");
        t.close(NaN, 0, "mySigmoid(-800)", { hint: "exp(800) overflows; use the stable form" });
        t.close(1, 1, "never reached");
      }),
    );
    expect(r.threw).toBeUndefined();
    expect(r.out).toEqual([]);
    expect(r.err).toEqual(["✗ l03-sigmoid: mySigmoid(-800) returned NaN; expected 0 (tolerance 1e-12) — exp(800) overflows; use the stable form"]);
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

describe("verdict signature", () => {
  it("sha256Hex agrees with node:crypto, including multi-block and non-ASCII text", () => {
    for (const text of ["", "abc", "✓ l03-stable-sigmoid: σ(−800) = 0 🎉", "x".repeat(55), "y".repeat(56), "z".repeat(64), "w".repeat(1000)]) {
      expect(sha256Hex(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
    }
  });

  it("HMAC-SHA-256 agrees with node:crypto for random keys and payloads, and with RFC 4231 case 2", () => {
    expect(hmacSigner(new TextEncoder().encode("Jefe"))("what do ya want for nothing?")).toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    for (let i = 0; i < 50; i++) {
      const key = randomBytes(i === 0 ? 100 : 32);
      const payload = randomBytes(1 + i * 7).toString("base64") + (i % 2 ? "é✓" : "");
      expect(hmacSigner(new Uint8Array(key))(payload)).toBe(createHmac("sha256", key).update(payload, "utf8").digest("hex"));
    }
  });

  it("signs with the key it was given even after the caller zeroes its copy", () => {
    const key = new Uint8Array(randomBytes(32));
    const expected = createHmac("sha256", Buffer.from(key)).update("payload").digest("hex");
    const sign = hmacSigner(key);
    key.fill(0);
    expect(sign("payload")).toBe(expected);
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
