// What a cell printed, read from a notebook's JSON (a stored lesson, or the browser's model), and the
// comparison of a browser run with the stored tslab outputs: exact, or equal once every number is rounded
// to 9 significant digits and runs of spaces are one (a last-digit float difference also changes a text
// table's column widths). Exercise cells (solutions and their tests) are left out: the site holds the
// student versions, whose solutions are stubs. Used by the browser-edition test and `npm run bench -- --site`
// (tests import tools, never the other way round). Types: site-outputs.d.mts.

const TEXT_MIMES = ["text/plain", "text/html", "text/markdown", "text/latex"];
const join = (value) => (Array.isArray(value) ? value.join("") : String(value ?? ""));

export const isExerciseCell = (cell) => cell.cell_type === "code" && Boolean(cell.metadata?.nbgrader?.solution || cell.metadata?.nbgrader?.grade);

/** One string per output (consecutive prints to one stream are one), the text formats of displays. */
export function cellOutputs(cell) {
  const parts = [];
  let stream = "";
  for (const output of cell.outputs ?? []) {
    if (output.output_type === "stream") {
      const key = `${output.name}: `;
      if (stream.startsWith(key)) stream += join(output.text);
      else {
        if (stream) parts.push(stream);
        stream = key + join(output.text);
      }
      continue;
    }
    if (stream) parts.push(stream);
    stream = "";
    if (output.output_type === "error") parts.push(`error: ${output.ename}`);
    else {
      const data = output.data ?? {};
      const texts = TEXT_MIMES.filter((m) => m in data).map((m) => `${m}=${join(data[m])}`);
      const chart = "application/vnd.plotly.v1+json" in data ? ["chart"] : [];
      parts.push(`${output.output_type}: ${[...chart, ...texts].join(" | ")}`);
    }
  }
  if (stream) parts.push(stream);
  return parts;
}

const NUMBER = /-?(?:\d+\.\d*|\.\d+|\d+)(?:e[+-]?\d+)?/gi;
export const roughly = (text) => text.replace(NUMBER, (n) => String(Number(Number(n).toPrecision(9)))).replace(/[ \t]+/g, " ");

export function compareLesson(stored, run) {
  const expected = stored.cells.filter((c) => c.cell_type === "code");
  const actual = run.cells.filter((c) => c.cell_type === "code");
  if (expected.length !== actual.length) throw new Error(`code cells: ${expected.length} stored, ${actual.length} in the browser`);
  const result = { compared: 0, exact: 0, close: 0, mismatches: [], differences: [] };
  expected.forEach((cell, i) => {
    if (isExerciseCell(cell)) return;
    result.compared++;
    const want = cellOutputs(cell);
    const got = cellOutputs(actual[i]);
    if (JSON.stringify(want) === JSON.stringify(got)) {
      result.exact++;
      result.close++;
    } else if (JSON.stringify(want.map(roughly)) === JSON.stringify(got.map(roughly))) {
      result.close++;
      result.differences.push({ cell: i, expected: want, actual: got });
    } else {
      result.mismatches.push({ cell: i, expected: want, actual: got });
    }
  });
  return result;
}
