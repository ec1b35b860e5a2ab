// The display helpers on both kernels: the same fixture notebook (test/fixtures/display.ipynb) runs in the
// real tslab kernel and in Deno's kernel (tools/node/deno.mjs), each through the real
// Jupyter client (lessontools.notebook_runner, kernel chosen by LESSONS_KERNEL). Each helper must send
// ONE display_data per call on both, and the bundles must be identical: same MIME types, same Plotly JSON,
// same LaTeX, Markdown, HTML and text. The expected values are tslab's, themselves checked against
// hand-written references in display-kernel.test.ts.
import { existsSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { COURSE, kernelspecFile } from "../helpers/course";
import { PLOTLY_MIME } from "../helpers/browser";
import { executeNotebook, ROOT, type KernelCell } from "../helpers/python";

const FIXTURE = "test/fixtures/display.ipynb";
const DENO_SPEC = kernelspecFile(COURSE.denoKernel.name);

const runOn = (kernel: "tslab" | "deno"): KernelCell[] => executeNotebook(FIXTURE, kernel);

const displays = (cell: KernelCell) => cell.outputs.filter((o) => o.output_type === "display_data").map((o) => o.data!);
const PLOTLY = PLOTLY_MIME;

let tslab: KernelCell[];
let deno: KernelCell[];
beforeAll(() => {
  // Set-up registers the Deno kernel wherever npm installs a Deno binary; this test needs it.
  if (!existsSync(DENO_SPEC)) throw new Error(`${DENO_SPEC} is missing: run npm run setup (Deno's kernelspec)`);
  tslab = runOn("tslab");
  deno = runOn("deno");
}, 240_000);

describe("display helpers send the same bundles on tslab and on Deno", () => {
  it("every cell runs on Deno without error output or stderr", () => {
    expect(deno.map((c) => c.status)).toEqual(tslab.map(() => "ok"));
    for (const cell of deno) {
      expect(cell.outputs.filter((o) => o.output_type === "error" || o.name === "stderr"), `cell ${cell.index}`).toEqual([]);
    }
  });

  it("show(figure): one bundle with the same MIME types and exactly the same Plotly JSON", () => {
    const [onTslab, onDeno] = [displays(tslab[1]), displays(deno[1])];
    expect(onDeno).toHaveLength(1);
    expect(Object.keys(onDeno[0]).sort()).toEqual(["application/vnd.plotly.v1+json", "text/plain"]);
    expect(Object.keys(onDeno[0]).sort()).toEqual(Object.keys(onTslab[0]).sort());
    expect(onDeno[0][PLOTLY]).toEqual(onTslab[0][PLOTLY]);
    expect(JSON.stringify(onDeno[0][PLOTLY])).toBe(JSON.stringify(onTslab[0][PLOTLY])); // key order too
    expect(onDeno[0]["text/plain"]).toBe("[chart] Sigmoid and its derivative — Sigmoid(z), Sigmoid′(z)");
  });

  it("showFormula, showTable and showMarkdown: the same single bundle on both kernels", () => {
    for (const index of [2, 3, 4]) {
      expect(displays(deno[index]), `cell ${index}`).toHaveLength(1);
      expect(displays(deno[index]), `cell ${index}`).toEqual(displays(tslab[index]));
    }
    expect(displays(deno[2])[0]).toEqual({ "text/latex": "$$\\frac{1}{1+\\exp\\left(- z\\right)}$$", "text/plain": "σ(z) = 1/(1+e^-z)" });
  });

  it("displayBundle reports the whole-bundle channel on Deno too (Deno.jupyter.broadcast, not the text fallback)", () => {
    const printed = (cell: KernelCell) => cell.outputs.filter((o) => o.output_type === "stream").map((o) => o.text).join("");
    expect(printed(deno[5])).toBe("bundle\n");
    expect(printed(tslab[5])).toBe("bundle\n");
    expect(displays(deno[5])).toEqual([{ "text/plain": "channel probe" }]);
    // Sent at once, as tslab's writer does: the display comes before the text the cell printed after it.
    expect(deno[5].outputs.map((o) => o.output_type)).toEqual(["display_data", "stream"]);
    expect(tslab[5].outputs.map((o) => o.output_type)).toEqual(["display_data", "stream"]);
  });
});
