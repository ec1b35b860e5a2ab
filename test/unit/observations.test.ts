// What leaves a grading kernel: the tagged encoding of a student's values (kernel-lib/src/check/encoding.ts)
// and the checks' records (checker.ts). Every value a check tells apart must stay apart once serialised —
// NaN, ±Infinity, −0, undefined, holes, lengths, typed arrays vs arrays — where JSON.stringify would merge
// them; reading never calls the student's methods; t.values() returns nothing of the student's objects.
// The grader's Python judge (tools/lessontools/observations.py) is held to the same words by
// test/integration/grading-verdicts-deno.test.ts.
import { describe, expect, it } from "vitest";
import { decode, encode, serialize } from "../../kernel-lib/src/check/encoding";
import { judge, makeChecker, type CheckRecord } from "../../kernel-lib/src/check/checker";

const roundTrip = (value: unknown) => JSON.parse(serialize(encode(value)));

describe("the tagged encoding", () => {
  it("keeps apart what JSON merges: NaN, ±Infinity, −0, undefined, null", () => {
    const values = [NaN, Infinity, -Infinity, -0, 0, undefined, null, 1.5, 5e-324, -1.7976931348623157e308];
    const encoded = values.map(roundTrip);
    expect(encoded).toEqual([
      { t: "number", v: "NaN" }, { t: "number", v: "Infinity" }, { t: "number", v: "-Infinity" }, { t: "number", v: "-0" },
      { t: "number", v: 0 }, { t: "undefined" }, { t: "null" }, { t: "number", v: 1.5 }, { t: "number", v: 5e-324 }, { t: "number", v: -1.7976931348623157e308 },
    ]);
    // JSON alone: NaN and Infinity both become null, undefined vanishes.
    expect(JSON.stringify([NaN, Infinity, undefined])).toBe("[null,null,null]");
    expect(new Set(encoded.map((e) => JSON.stringify(e))).size).toBe(values.length);
  });

  it("keeps holes, lengths and the kind of array", () => {
    // eslint-disable-next-line no-sparse-arrays
    const holey = [1, , 3];
    expect(roundTrip(holey)).toEqual({ t: "array", length: 3, items: [{ t: "number", v: 1 }, { t: "hole" }, { t: "number", v: 3 }] });
    expect(roundTrip([1, undefined, 3]).items[1]).toEqual({ t: "undefined" });
    expect(roundTrip(Float64Array.of(1, -0))).toEqual({ t: "Float64Array", length: 2, items: [{ t: "number", v: 1 }, { t: "number", v: "-0" }] });
    expect(roundTrip([1, -0]).t).toBe("array");
    expect(roundTrip(new Array(2)).items).toEqual([{ t: "hole" }, { t: "hole" }]);
    expect(roundTrip([[1], [2, 3]]).items[1].length).toBe(2);
  });

  it("records strings, booleans, errors and records; functions only by kind", () => {
    expect(roundTrip("a\"b\n")).toEqual({ t: "string", v: "a\"b\n" });
    expect(roundTrip(true)).toEqual({ t: "boolean", v: true });
    expect(roundTrip(new RangeError("bad z"))).toEqual({ t: "error", name: "RangeError", message: "bad z" });
    expect(roundTrip({ w: [1], b: NaN })).toEqual({ t: "object", entries: [["w", { t: "array", length: 1, items: [{ t: "number", v: 1 }] }], ["b", { t: "number", v: "NaN" }]] });
    expect(roundTrip(() => 1)).toEqual({ t: "function" });
  });

  it("never calls the student's methods, and reads a getter once", () => {
    const answer = [1, 2, 3] as number[] & { map?: unknown; every?: unknown; toJSON?: unknown };
    answer.map = () => { throw new Error("map called"); };
    answer.every = () => true;
    answer.toJSON = () => "forged";
    let reads = 0;
    Object.defineProperty(answer, 1, { get: () => ++reads * 10, enumerable: true });
    const encoded = roundTrip(answer);
    expect(encoded.items).toEqual([{ t: "number", v: 1 }, { t: "number", v: 10 }, { t: "number", v: 3 }]);
    expect(reads).toBe(1);
  });

  it("survives what a value does to it: a throwing proxy, a cycle, a flood", () => {
    const trap = new Proxy([1], { get() { throw new Error("trap"); } });
    expect(roundTrip(trap)).toEqual({ t: "unreadable", why: "Error: trap" });
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expect(JSON.stringify(roundTrip(cycle))).toContain('"truncated"');
    expect(roundTrip(new Array(1e6).fill(0))).toEqual({ t: "truncated" });
  });

  it("decodes to fresh plain values (what t.values returns)", () => {
    const answer = [[1, NaN], [-0, Infinity]] as number[][] & { every?: unknown };
    answer.every = () => true;
    const copy = decode(encode(answer)) as number[][];
    expect(copy).toEqual([[1, NaN], [-0, Infinity]]);
    expect(Object.is(copy[1][0], -0)).toBe(true);
    expect(Object.prototype.hasOwnProperty.call(copy, "every")).toBe(false);
    expect(decode(encode(Float32Array.of(0.5)))).toBeInstanceOf(Float32Array);
  });
});

describe("check records", () => {
  const run = (checks: (t: ReturnType<typeof makeChecker>) => void) => {
    const records: CheckRecord[] = [];
    checks(makeChecker(records, () => undefined, () => undefined));
    return records;
  };
  const why = (r: CheckRecord) => judge(r, (m) => new RegExp(r.pattern!.source, r.pattern!.flags).test(m));

  it("record what was returned, with the check's kind, expected value and tolerance", () => {
    const [close, all, most] = run((t) => {
      t.close(NaN, 1, "f(0)", { tolerance: 1e-9, relative: true, hint: "h; with a semicolon" });
      t.allClose(Float64Array.of(1, 2), [1, 2], "g()");
      t.atMost(3, 0, "largest exponent");
    });
    expect(close).toMatchObject({ label: "f(0)", kind: "close", actual: { t: "number", v: "NaN" }, expected: { t: "number", v: 1 }, tolerance: 1e-9, relative: true, hint: "h; with a semicolon" });
    expect(why(close)).toBe("f(0) returned NaN; expected 1 (relative tolerance 1e-9)");
    expect(why(all)).toBeUndefined();
    expect(why(most)).toBe("largest exponent is 3; expected at most 0");
  });

  it("judge a relative tolerance against |expected| alone, for tiny expected values", () => {
    const [near, far] = run((t) => {
      t.close(4.248354255291589e-18 * (1 + 1e-13), 4.248354255291589e-18, "tail", { relative: true });
      t.close(0, 4.248354255291589e-18, "zero tail", { relative: true });
    });
    expect(why(near)).toBeUndefined();
    expect(why(far)).toBe("zero tail returned 0; expected 4.248354255291589e-18 (relative tolerance 1e-12)");
  });

  it("record a thrown error's classes and message; judge class and pattern", () => {
    const [right, wrongClass, none] = run((t) => {
      t.throws(() => { throw new RangeError("temperature must be > 0"); }, RangeError, /temperature/, "T = 0");
      t.throws(() => { throw new TypeError("temperature"); }, RangeError, /temperature/, "T = -1");
      t.throws(() => 1, RangeError, /temperature/, "T = NaN");
    });
    expect(right.actual).toMatchObject({ t: "thrown", threw: true, classes: ["RangeError", "Error", "Object"] });
    expect(why(right)).toBeUndefined();
    expect(why(wrongClass)).toBe("T = -1 threw TypeError: temperature; expected a RangeError matching /temperature/");
    expect(why(none)).toBe("T = NaN did not throw; expected a RangeError matching /temperature/");
  });

  it("compare by value with equal: −0 is not 0, NaN is NaN, arrays by items", () => {
    const [negZero, nan, arrays, holes] = run((t) => {
      t.equal(-0, 0, "relu(-0)");
      t.equal(NaN, NaN, "nan");
      t.equal([1, [2]], [1, [2]], "nested");
      // eslint-disable-next-line no-sparse-arrays
      t.equal([1, , 3], [1, undefined, 3], "hole");
    });
    expect(why(negZero)).toBe("relu(-0) returned -0; expected 0");
    expect(why(nan)).toBeUndefined();
    expect(why(arrays)).toBeUndefined();
    expect(why(holes)).toBe("hole returned [1, <hole>, 3]; expected [1, undefined, 3]");
  });
});
