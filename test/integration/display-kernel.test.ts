// show(), showFormula(), showTable() in the real tslab kernel: each sends ONE display_data whose bundle
// holds every MIME type (tslab's public API would send one message per type).
import { beforeAll, describe, expect, it } from "vitest";
import { executeNotebook, type KernelCell } from "../helpers/python";

let cells: KernelCell[];
beforeAll(() => {
  cells = executeNotebook("test/fixtures/display.ipynb");
}, 120_000);

const displays = (cell: KernelCell) => cell.outputs.filter((o) => o.output_type === "display_data");

describe("display helpers in the tslab kernel", () => {
  it("runs every cell without error or stderr", () => {
    for (const cell of cells) {
      expect(cell.status, `cell ${cell.index}`).toBe("ok");
      expect(cell.outputs.filter((o) => o.name === "stderr"), `cell ${cell.index}`).toEqual([]);
    }
  });

  it("show(figure) sends one bundle: Plotly JSON and a text summary (the figure is stored once)", () => {
    const out = displays(cells[1]);
    expect(out).toHaveLength(1);
    const data = out[0].data!;
    expect(Object.keys(data).sort()).toEqual(["application/vnd.plotly.v1+json", "text/plain"]);
    const fig = data["application/vnd.plotly.v1+json"] as { data: { name: string; x: number[]; y: number[] }[]; layout: { title: { text: string } } };
    expect(fig.layout.title.text).toBe("Sigmoid and its derivative");
    expect(fig.data.map((t) => t.name)).toEqual(["Sigmoid(z)", "Sigmoid′(z)"]);
    expect(fig.data[0].x).toEqual([-6, 0, 6]);
    expect(fig.data[0].y).toEqual([0.00247262, 0.5, 0.997527]);
    expect(fig.data[1].y[1]).toBe(0.25);
    expect(data["text/plain"]).toBe("[chart] Sigmoid and its derivative — Sigmoid(z), Sigmoid′(z)");
  });

  it("showFormula sends LaTeX with a plain-text alternative", () => {
    const out = displays(cells[2]);
    expect(out).toHaveLength(1);
    expect(out[0].data).toEqual({ "text/latex": "$$\\frac{1}{1+\\exp\\left(- z\\right)}$$", "text/plain": "σ(z) = 1/(1+e^-z)" });
  });

  it("showTable sends Markdown (math typeset), HTML and aligned text in one output", () => {
    const out = displays(cells[3]);
    expect(out).toHaveLength(1);
    const data = out[0].data!;
    expect(data["text/markdown"]).toBe("| name | formula | range |\n| --- | --- | --- |\n| ReLU | $\\max\\left(0,  z\\right)$ | [0, ∞) |");
    expect(data["text/html"]).toContain("<td>ReLU</td>");
    expect(data["text/plain"]).toMatch(/^name\s+formula\s+range\n/);
  });

  it("showMarkdown sends Markdown", () => {
    expect(displays(cells[4])[0].data).toEqual({ "text/markdown": "**bold** $x^2$", "text/plain": "**bold** $x^2$" });
  });

  it("feature-detects tslab's bundle writer", () => {
    // displayBundle reports the channel it used; in tslab 1.0.22 that must be the whole-bundle writer.
    const streams = cells[5].outputs.filter((o) => o.output_type === "stream").map((o) => o.text).join("");
    expect(streams).toContain("bundle");
    expect(displays(cells[5])).toHaveLength(1);
  });
});
