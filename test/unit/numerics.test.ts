/**
 * Accuracy of kernel-lib against high-precision references, in ulps.
 *
 * test/reference/hard-cases.json holds inputs where a textbook float64 formula fails (overflow, underflow,
 * cancellation in 1 − σ, 1 − tanh², log(softmax)), each with the exact result rounded to the nearest
 * double by mpmath (see test/reference/make_references.py, which also says how to regenerate it). Every
 * result must lie within BOUNDS[fn] ulps of its reference; functions that are exact for these inputs must
 * match bit for bit (up to the sign of zero).
 *
 * NUMERICS_REPORT=1 npx vitest run test/numerics.test.ts prints the largest error seen per function.
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, test } from "vitest";
import * as kernel from "../../kernel-lib/src/index";
import { ulpDistance } from "../helpers/ulp";

type Encoded = number | "Infinity" | "-Infinity";
interface HardCase {
  id: string;
  fn: string;
  args: unknown[];
  expected: Encoded[];
  note?: string;
}

const table = JSON.parse(readFileSync(new URL("../reference/hard-cases.json", import.meta.url), "utf8")) as { cases: HardCase[] };

/**
 * The largest error allowed, in ulps, per function. Each is the tightest bound that the error analysis of
 * kernel-lib's formula supports (a few correctly-or-nearly-rounded operations), not the error observed.
 */
const BOUNDS: Record<string, number> = {
  sigmoid: 2,
  "sigmoid.derivative": 2,
  tanh: 2,
  "tanh.derivative": 2,
  relu: 0,
  "relu.derivative": 0,
  leakyRelu: 0,
  "leakyRelu.derivative": 0,
  linear: 0,
  "linear.derivative": 0,
  softmax: 2,
  logSoftmax: 2,
  binaryCrossEntropy: 2,
  "binaryCrossEntropy.gradient": 2,
  binaryCrossEntropyFromLogits: 2,
  "binaryCrossEntropyFromLogits.gradient": 2,
  categoricalCrossEntropy: 2,
  "categoricalCrossEntropy.gradient": 2,
  categoricalCrossEntropyFromLogits: 2,
  "categoricalCrossEntropyFromLogits.gradient": 2,
  // Chosen so that every operation is exact (or one correctly rounded division): equality is required.
  meanSquaredError: 0,
  "meanSquaredError.gradient": 0,
  meanAbsoluteError: 0,
  "meanAbsoluteError.gradient": 0,
  hinge: 0,
  "hinge.gradient": 0,
};

function decode(x: Encoded): number {
  if (x === "Infinity") return Infinity;
  if (x === "-Infinity") return -Infinity;
  return x;
}

/** The kernel-lib export named by a dotted path such as "sigmoid.derivative". */
function resolve(path: string): (...args: unknown[]) => unknown {
  let target: unknown = kernel;
  for (const key of path.split(".")) target = (target as Record<string, unknown>)[key];
  if (typeof target !== "function") throw new Error(`hard-cases.json names ${path}, which kernel-lib does not export as a function`);
  return target as (...args: unknown[]) => unknown;
}

/** A scalar result or one row (the reference cases never pass a batch) as a list of numbers. */
function results(value: unknown): number[] {
  if (typeof value === "number") return [value];
  if (value instanceof Float64Array) return Array.from(value);
  throw new Error(`expected a number or a Float64Array, got ${String(value)}`);
}

const worst = new Map<string, { ulps: number; id: string }>();

afterAll(() => {
  if (!process.env.NUMERICS_REPORT) return;
  const rows = [...worst].map(([fn, w]) => ({ fn, "max ulp": w.ulps, bound: BOUNDS[fn], at: w.id }));
  console.table(rows);
});

describe("kernel-lib matches mpmath references (test/reference/hard-cases.json)", () => {
  test("the table covers every function that has a bound, and only those", () => {
    const inTable = new Set(table.cases.map((c) => c.fn));
    expect([...inTable].sort()).toEqual(Object.keys(BOUNDS).sort());
  });

  test.each(table.cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const bound = BOUNDS[c.fn];
    expect(bound, `no ulp bound for ${c.fn}`).toBeLessThanOrEqual(4);
    const actual = results(resolve(c.fn)(...c.args));
    const expected = c.expected.map(decode);
    expect(actual.length).toBe(expected.length);
    const distances = actual.map((a, i) => ulpDistance(a, expected[i]));
    const max = Math.max(...distances);
    const prior = worst.get(c.fn);
    if (!prior || max > prior.ulps) worst.set(c.fn, { ulps: max, id: c.id });
    const detail = actual.map((a, i) => `  [${i}] got ${a}, reference ${expected[i]}: ${distances[i]} ulp`).join("\n");
    expect(max, `${c.id}${c.note ? ` (${c.note})` : ""}: more than ${bound} ulp\n${detail}`).toBeLessThanOrEqual(bound);
  });
});
