// exercise(): feedback that names input, expected and actual; pass lines on stdout, failures on stderr;
// never throws (tslab would skip the following cells).
import { afterEach, describe, expect, it, vi } from "vitest";
import { exercise } from "../../kernel-lib/src/index";

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
    expect(r).toEqual({ out: ["✓ ex-pass: all 5 checks passed"], err: [], threw: undefined });
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
});
