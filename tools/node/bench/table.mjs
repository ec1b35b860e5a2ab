// The printed table: header, one line per row, footnotes and the summary.

export const fmtMs = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
export const fmtRatio = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
export const fmtRel = (x) => (x === 0 ? "0" : x.toExponential(1));
/** 1000000 as "1e6", 100000 as "1e5"; other counts as they are. */
const count = (n) => (n >= 1e5 && Number.isInteger(Math.log10(n)) ? `1e${Math.log10(n)}` : String(n));

const HEADER = ["operation", "size", "kernel-lib ms", "naive ms", "kl ÷ naive", "mathjs ÷ kl ¹", "tfjs-cpu ÷ kl ²", "naive tails: bench", "probe ³", "max rel err ⁴"];
const WIDTHS = [38, 7, 13, 9, 10, 13, 15, 18, 14, 13];
const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(WIDTHS[i]) : String(c).padStart(WIDTHS[i]))).join(" ");

/** The first lines: what was run, on what, with which versions, and the column headers. */
export function printHeader({ sizes, reps, quick, smoke }, versions) {
  const { N, R, C } = sizes;
  console.log(
    `kernel-lib benchmark: ${N.toExponential(0)} elements (normal logits, σ = 3), ${R} × ${C} rows; ` +
      `median of ${reps.kl[1]} (tfjs ${reps.tf[1]}, mathjs ${reps.mathjs[1]}) after warm-up${quick ? " [--quick]" : ""}${smoke ? " [--smoke]" : ""}; ` +
      `node ${versions.node}, tfjs ${versions.tfjs}, mathjs ${versions.mathjs}`,
  );
  console.log(line(HEADER));
  console.log("-".repeat(WIDTHS.reduce((a, b) => a + b + 1, -1)));
}

/** One operation's line (✗ marks a missed target); `accuracy` is the tail count on the bench and probe data. */
export function printRow(row, result, accuracy, { sizes }) {
  const { N, R, C } = sizes;
  console.log(
    line([
      row.name,
      row.rows ? `${R >= 1000 ? `${R / 1000}k` : R}×${C}` : count(N),
      fmtMs(result.kernelLibMs),
      fmtMs(result.naiveMs),
      fmtRatio(result.klOverNaive) + (result.klOverNaive <= 1.3 ? "  " : " ✗"),
      fmtRatio(result.mathjsOverKl),
      fmtRatio(result.tfjsOverKl) + (result.tfjsOverKl > 1 ? "  " : " ✗"),
      `${accuracy.bench.tails}/${accuracy.bench.count}`,
      `${accuracy.probe.tails}/${accuracy.probe.count}`,
      fmtRel(result.maxRelErrBench),
    ]),
  );
  if (result.klWorseThanNaive) console.log(`   ! ${row.name}: kernel-lib is 0/non-finite where naive is not in ${result.klWorseThanNaive} elements`);
}

/** The footnotes and the one-line summary. */
export function printFooter(results, { sizes, pretouch }, versions, seconds) {
  const { N, R, C, MJ_SCALE, PROBE_N, PROBE_R, PROBE_RANGE } = sizes;
  const missTarget = results.filter((r) => r.klOverNaive > 1.3);
  const notAhead = results.filter((r) => r.tfjsOverKl <= 1);
  console.log(
    [
      "",
      "✗ marks kernel-lib ÷ naive > 1.3 (the target) and tfjs-cpu ÷ kernel-lib ≤ 1 (kernel-lib not ahead).",
      `¹ mathjs ${versions.mathjs} timed on the first 1/${MJ_SCALE} of the data (${count(N / MJ_SCALE)} elements / ${R / MJ_SCALE} rows) and scaled ×${MJ_SCALE}; includes Array.from of the inputs; idiomatic mathjs 15 (map(M, exp), dotMultiply, …).`,
      "² tfjs-core + tfjs-backend-cpu compute in float32, not float64; timed call includes tensor creation from the Float64Arrays, the op",
      "  (tf.grad for derivatives and gradients), dataSync(), and row views for row outputs. BCE on probabilities is tf.losses.logLoss",
      "  (clamps with ε = 1e-7); CCE on probabilities is −mean(sum(y·log p, 1)) from tf ops (tfjs-core has no such loss); hingeLoss gets 0/1 labels.",
      `³ tail probe: ${PROBE_N} logits (${PROBE_R} × ${C} rows) uniform in ±${PROBE_RANGE}, p = sigmoid/softmax of them. A tail is an element (a row`,
      "  for categorical losses) where kernel-lib is finite but the naive loop gives NaN/±Infinity, or naive gives 0 where kernel-lib is nonzero.",
      "⁴ largest |naive − kernel-lib| / |kernel-lib| on the benchmark data, per element (per row for categorical losses).",
      `Losses are compared per element/row using kernel-lib's { reduction: "none" }.${pretouch ? " Every kernel-lib function was called once before timing, as in a notebook." : " (--no-pretouch: functions were not called before timing.)"}`,
      "",
      `Summary: ${missTarget.length ? `${missTarget.length} row(s) miss the 1.3× target: ${missTarget.map((r) => `${r.name} (${r.klOverNaive.toFixed(2)}×)`).join(", ")}` : "every row meets the 1.3× target"}; ` +
        `${notAhead.length ? `not ahead of tfjs-cpu: ${notAhead.map((r) => `${r.name} (${r.tfjsOverKl.toFixed(2)}×)`).join(", ")}` : "kernel-lib is ahead of tfjs-cpu on every row"}. (${seconds} s)`,
    ].join("\n"),
  );
  return { missTarget, notAhead };
}
