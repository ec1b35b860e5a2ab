// `npm run bench` still runs: tools/node/bench.mjs --smoke times every row once on tiny data, through the
// built kernel-lib as a notebook imports it, mathjs and tfjs-cpu. A renamed or removed export breaks this
// test rather than the next person who runs the benchmark.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { losses } from "../../kernel-lib/src/index";
import { ROOT } from "../helpers/python";

/** The rows the benchmark prints, in order. */
const ROWS = [
  "sigmoid",
  "sigmoid.derivative",
  "tanh",
  "tanh.derivative",
  "relu",
  "leakyRelu",
  "softmax (rows)",
  "logSoftmax (rows)",
  "binaryCrossEntropy",
  "binaryCrossEntropyFromLogits",
  "categoricalCrossEntropy",
  "categoricalCrossEntropyFromLogits",
  "meanSquaredError",
  "meanAbsoluteError",
  "hinge",
  "grad binaryCrossEntropyFromLogits",
  "grad categoricalCrossEntropyFromLogits",
  "grad meanSquaredError",
];

interface Result {
  name: string;
  kernelLibMs: number;
  naiveMs: number;
  tfjsCpuMs: number;
  mathjsMs: number;
  klOverNaive: number;
  naiveTailsProbe: number;
  probeCount: number;
  klWorseThanNaive: number;
  maxRelErrBench: number;
}

const dir = mkdtempSync(path.join(os.tmpdir(), "bench-smoke-"));
const jsonFile = path.join(dir, "bench.json");
let run: { status: number | null; stdout: string; stderr: string };
let report: { smoke: boolean; elements: number; results: Result[] };

beforeAll(() => {
  const r = spawnSync(process.execPath, [path.join(ROOT, "tools", "node", "bench.mjs"), "--smoke", "--json", jsonFile], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
  });
  run = { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
  if (r.status === 0) report = JSON.parse(readFileSync(jsonFile, "utf8"));
}, 150_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run bench -- --smoke", () => {
  it("exits 0 without writing to stderr", () => {
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stderr).toBe("");
  });

  it("prints the header, one line per row with numbers in every column, the footnotes and the summary", () => {
    const lines = run.stdout.split("\n");
    expect(lines[0]).toMatch(/^kernel-lib benchmark: 1e\+3 elements .*\[--smoke\]; node v\d+/);
    expect(lines[1]).toMatch(/^operation +size +kernel-lib ms +naive ms/);
    const table = lines.slice(3, 3 + ROWS.length);
    expect(table.map((l) => l.slice(0, 38).trim())).toEqual(ROWS);
    for (const line of table) {
      // size, 4 timings or ratios (a ✗ may follow a ratio), 2 tail counts, the max relative error
      expect(line.slice(38)).toMatch(/^ +(1000|20×10) +[\d.]+ +[\d.]+ +[\d.]+ [ ✗] +[\d.]+ +[\d.]+ [ ✗] +\d+\/\d+ +\d+\/\d+ +(0|\d\.\de[-+]\d+)$/);
    }
    expect(run.stdout).toMatch(/\n³ tail probe: 1000 logits \(10 × 10 rows\) uniform in ±800/);
    expect(run.stdout).toMatch(/\nSummary: .*\(\d+\.\d s\)\n/);
  });

  it("writes the same rows to --json with finite timings and no element where kernel-lib is worse", () => {
    expect(report.smoke).toBe(true);
    expect(report.elements).toBe(1000);
    expect(report.results.map((r) => r.name)).toEqual(ROWS);
    for (const r of report.results) {
      for (const v of [r.kernelLibMs, r.naiveMs, r.tfjsCpuMs, r.mathjsMs, r.klOverNaive]) expect(Number.isFinite(v) && v > 0, `${r.name}: ${v}`).toBe(true);
      expect(r.klWorseThanNaive, r.name).toBe(0);
      expect(r.maxRelErrBench, r.name).toBeLessThan(1e-6);
    }
  });

  it("the tail probe finds where the textbook formulas break (sigmoid′, BCE, CCE from logits)", () => {
    const tails = Object.fromEntries(report.results.map((r) => [r.name, r.naiveTailsProbe]));
    for (const name of ["sigmoid.derivative", "tanh.derivative", "binaryCrossEntropyFromLogits", "categoricalCrossEntropyFromLogits"]) {
      expect(tails[name], name).toBeGreaterThan(0);
    }
    expect(tails.relu).toBe(0);
  });

  it("every loss of kernel-lib has a row", () => {
    for (const name of Object.keys(losses)) expect(ROWS, name).toContain(name);
  });
});
