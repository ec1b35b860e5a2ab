// The lessons benchmark's printed tables: per lesson, the median of each measure on each kernel and the
// ratio Deno ÷ tslab (below 1: Deno is faster), a total row (sums of the per-lesson medians) and, under
// each table, every run that did not reproduce its outputs or did not finish. Medians use clean runs only;
// a lesson with no clean run shows its flagged runs' median, marked ✗ in the last column.

export function median(xs) {
  const s = xs.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const num = (x, width, digits = 2) => (x === null || x === undefined ? "—" : x.toFixed(digits)).padStart(width);
const ratio = (deno, tslab) => (deno === null || tslab === null || tslab === 0 ? null : deno / tslab);

/** Medians per lesson and kernel of the given measures, plus ratios and totals. */
export function summarize(runs, lessons, kernels, measures) {
  const rows = lessons.map((lesson) => {
    const row = { lesson, kernels: {}, ratios: {} };
    for (const kernel of kernels) {
      const mine = runs.filter((r) => r.lesson === lesson && r.kernel === kernel);
      const clean = mine.filter((r) => !r.flagged);
      // Clean runs only; a lesson with none shows the median of its flagged runs, marked ✗.
      const pool = clean.length ? clean : mine;
      row.kernels[kernel] = {
        runs: mine.length,
        flagged: mine.length - clean.length,
        ...Object.fromEntries(measures.map((m) => [m, median(pool.map((r) => r[m]))])),
      };
    }
    if (kernels.includes("tslab") && kernels.includes("deno")) {
      for (const m of measures) row.ratios[m] = ratio(row.kernels.deno[m], row.kernels.tslab[m]);
    }
    return row;
  });
  const total = { lesson: "total", kernels: {}, ratios: {} };
  for (const kernel of kernels) {
    total.kernels[kernel] = { runs: 0, flagged: 0 };
    for (const m of measures) {
      const values = rows.map((r) => r.kernels[kernel][m]);
      total.kernels[kernel][m] = values.some((v) => v === null) ? null : values.reduce((a, b) => a + b, 0);
    }
    for (const r of rows) {
      total.kernels[kernel].runs += r.kernels[kernel].runs;
      total.kernels[kernel].flagged += r.kernels[kernel].flagged;
    }
  }
  if (kernels.includes("tslab") && kernels.includes("deno")) {
    for (const m of measures) total.ratios[m] = ratio(total.kernels.deno[m], total.kernels.tslab[m]);
  }
  return { rows, total };
}

/**
 * Prints one table: a title, a header, one row per lesson and the total. `columns` = [{ key, label }] in
 * the order shown for each kernel; the ratio columns repeat them for Deno ÷ tslab; the last column says how
 * many runs per kernel were clean ("3/3 3/3", a ✗ when any was flagged).
 */
export function printTable(title, summary, kernels, columns, log = console.log) {
  const W = 30;
  const C = 7;
  const both = kernels.includes("tslab") && kernels.includes("deno");
  const group = (name) => `${name} ` + columns.map((c) => c.label.padStart(C)).join("");
  const groupWidth = Math.max(...kernels.map((k) => group(k).length));
  const header = [
    "lesson".padEnd(W),
    ...kernels.map((k) => group(k).padStart(groupWidth)),
    ...(both ? ["deno/tslab " + columns.map((c) => c.label.padStart(C)).join("")] : []),
    "clean runs",
  ].join(" | ");
  log(title);
  log(header);
  log("-".repeat(header.length));
  for (const row of [...summary.rows, summary.total]) {
    const name = row.lesson.replace(/\.ipynb$/, "");
    const cells = [
      (name.length > W ? name.slice(0, W - 1) + "…" : name).padEnd(W),
      ...kernels.map((k) => columns.map((c) => num(row.kernels[k][c.key], C)).join("").padStart(groupWidth)),
      ...(both ? [columns.map((c) => num(row.ratios[c.key], C)).join("").padStart(("deno/tslab " + columns.map(() => "".padStart(C)).join("")).length)] : []),
      kernels.map((k) => `${row.kernels[k].runs - row.kernels[k].flagged}/${row.kernels[k].runs}${row.kernels[k].flagged ? "✗" : ""}`).join(" "),
    ];
    log(cells.join(" | "));
  }
}

/** The footnotes: every flagged run with its reasons (a few per run). */
export function printFlags(runs, log = console.log) {
  const flagged = runs.filter((r) => r.flagged);
  if (flagged.length === 0) {
    log("every run reproduced / finished cleanly");
    return;
  }
  log(`✗ ${flagged.length} run(s) flagged (left out of the medians above unless a lesson had no clean run on that kernel):`);
  for (const r of flagged) {
    const reasons = r.problems.slice(0, 3).map((p) => p.split("\n")[0].slice(0, 160));
    log(`  ${r.lesson.replace(/\.ipynb$/, "")} on ${r.kernel}, run ${r.repeat + 1}: ${reasons.join("; ")}${r.problems.length > 3 ? ` (+${r.problems.length - 3} more)` : ""}`);
  }
}
