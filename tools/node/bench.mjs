#!/usr/bin/env node
// Benchmarks kernel-lib against (a) the textbook loop a student would write, (b) mathjs and (c) tfjs-core on
// its CPU backend, on 1e6-element Float64Arrays and a 10 000 × 100 batch of rows. Prints, per operation, the
// time of one kernel-lib call and the ratios kernel-lib ÷ naive (target ≤ 1.3), mathjs ÷ kernel-lib and
// tfjs-cpu ÷ kernel-lib, plus how often the naive loop breaks in the tails where kernel-lib does not.
//
//   npm run bench                 (builds kernel-lib first)
//   node tools/node/bench.mjs --quick  fewer repetitions
//   node tools/node/bench.mjs --smoke  tiny sizes, one repetition: checks every row still runs (a test does)
//   node tools/node/bench.mjs --json results.json
//   node tools/node/bench.mjs --only 'sigmoid|relu'   rows whose name matches a regular expression
//   node tools/node/bench.mjs --no-pretouch           skip calling every kernel-lib function once before timing
//   node tools/node/bench.mjs --check                 no timing: how far mathjs and tfjs results are from kernel-lib's
//   BENCH_KERNEL_LIB=/tmp/old/kernel-lib node tools/node/bench.mjs   times another built copy (A/B comparisons)
//   npm run bench -- --lessons [03 05 …] [--repeat N] [--kernels tslab,deno] [--no-browser] [--json FILE]
//       instead: each lesson's verify time and its time to first output in JupyterLab, tslab against Deno
//       (bench/lessons.mjs and its parts lessons-options, lesson-verify, lab, lesson-browser, lessons-table)
//   npm run bench -- --site [01 05 12 …] [--no-tslab] [--json FILE]
//       instead: the browser edition (npm run site): first executed cell, Run All against tslab's in
//       JupyterLab, site size, first visit gzipped, cells as stored (bench/site.mjs, with site-run.mjs)
//
// The parts live in bench/: options (flags, sizes), libraries (kernel-lib, mathjs, tfjs), data, naive (the
// textbook loops), mathjs and tfjs (their idioms), rows (one entry per operation), timing, accuracy (the
// tail probe) and table (the printed output).
import { writeFileSync } from "node:fs";
import { readOptions } from "./bench/options.mjs";
import { math, readyTfjs, tf } from "./bench/libraries.mjs";
import { makeData, sliceData } from "./bench/data.mjs";
import { ROWS } from "./bench/rows.mjs";
import { consume, sinkValue, timeInterleaved } from "./bench/timing.mjs";
import { accuracy, maxRelDiff } from "./bench/accuracy.mjs";
import { fmtRel, printFooter, printHeader, printRow } from "./bench/table.mjs";
import { lessonsBenchmark } from "./bench/lessons.mjs";
import { siteBenchmark } from "./bench/site.mjs";

async function main() {
  if (process.argv.includes("--lessons")) return lessonsBenchmark();
  if (process.argv.includes("--site")) return siteBenchmark();
  const t0 = performance.now();
  const options = readOptions();
  const { N, R, C, MJ_SCALE, PROBE_N, PROBE_R, PROBE_RANGE } = options.sizes;
  await readyTfjs();
  const versions = { node: process.version, tfjs: tf.version_core, mathjs: math.version };

  const bench = makeData(1, N, R, C, (rng) => rng.normal(0, 3));
  const mj = sliceData(bench, MJ_SCALE);
  const probe = makeData(2, PROBE_N, PROBE_R, C, (rng) => rng.uniformBetween(-PROBE_RANGE, PROBE_RANGE));
  const rows = ROWS.filter((r) => !options.only || options.only.test(r.name));
  if (options.check) {
    console.log("max relative difference from kernel-lib (mathjs on the 1/10 slice, float32 tfjs on all data)");
    for (const row of rows) {
      const mjDiff = maxRelDiff(row.kl(mj), row.mathjs(mj));
      const tfDiff = maxRelDiff(row.kl(bench), row.tf(bench));
      console.log(`${row.name.padEnd(40)} mathjs ${fmtRel(mjDiff).padStart(8)}   tfjs ${fmtRel(tfDiff).padStart(8)}`);
    }
    return;
  }

  if (options.pretouch) {
    // A notebook calls many kernel-lib functions; so do we, once each on small inputs, before timing.
    const small = makeData(3, 64, 4, C, (rng) => rng.normal(0, 3));
    for (const row of ROWS) consume(row.kl(small));
    for (const row of ROWS) if (row.check) row.check(small);
  }

  printHeader(options, versions);
  const results = [];
  for (const row of rows) {
    const [klT, naiveT] = timeInterleaved([() => row.kl(bench), () => row.naive(bench)], options.reps.kl);
    const [tfT] = timeInterleaved([() => row.tf(bench)], options.reps.tf);
    const [mjT] = timeInterleaved([() => row.mathjs(mj)], options.reps.mathjs);
    const kl = klT.median;
    const naive = naiveT.median;
    const tfMs = tfT.median;
    const mjSlice = mjT.median;
    const mjMs = mjSlice * MJ_SCALE;
    const accBench = accuracy(row, bench);
    const accProbe = accuracy(row, probe);
    const result = {
      name: row.name,
      size: row.rows ? `${R}x${C}` : String(N),
      kernelLibMs: kl,
      naiveMs: naive,
      tfjsCpuMs: tfMs,
      mathjsMs: mjMs,
      mathjsSliceMs: mjSlice,
      minMs: { kernelLib: klT.min, naive: naiveT.min, tfjsCpu: tfT.min, mathjs: mjT.min * MJ_SCALE },
      klOverNaive: kl / naive,
      mathjsOverKl: mjMs / kl,
      tfjsOverKl: tfMs / kl,
      naiveTailsBench: accBench.tails,
      naiveTailsProbe: accProbe.tails,
      probeCount: accProbe.count,
      klWorseThanNaive: accBench.worse + accProbe.worse,
      maxRelErrBench: accBench.maxRel,
    };
    results.push(result);
    printRow(row, result, { bench: accBench, probe: accProbe }, options);
  }

  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  const { missTarget, notAhead } = printFooter(results, options, versions, seconds);

  if (options.jsonFile) {
    writeFileSync(
      options.jsonFile,
      JSON.stringify(
        {
          node: process.version,
          tfjs: tf.version_core,
          mathjs: math.version,
          quick: options.quick,
          smoke: options.smoke,
          pretouch: options.pretouch,
          elements: N,
          rows: R,
          classes: C,
          mathjsScale: MJ_SCALE,
          reps: options.reps,
          results,
          missTarget: missTarget.map((r) => r.name),
          notAheadOfTfjs: notAhead.map((r) => r.name),
          sink: sinkValue(),
        },
        null,
        2,
      ) + "\n",
    );
    console.log(`wrote ${options.jsonFile}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
