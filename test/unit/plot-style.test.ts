/**
 * What every chart looks like, independent of the renderer: a real template object (plotly.js ignores
 * template names), transparent backgrounds so the chart sits on the notebook's light or dark background,
 * the Okabe–Ito palette with a dash style per curve, sign-aware legend text, and the hidden text
 * description `show` adds for screen readers. Rendering in both themes is checked in the browser
 * (test/integration/interactive.test.ts).
 */
import { describe, expect, it } from "vitest";
import { compareActivations, figureBundle, plotActivation, plotSoftmaxVsSigmoid, relu, sigmoid, sweep, tanh, type Figure } from "../../kernel-lib/src/index";

/** WCAG 2 relative luminance and contrast ratio, written from the definition (not from the library). */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

describe("chart style", () => {
  const fig = compareActivations([sigmoid, tanh, relu]);
  const template = fig.layout.template as { layout: Record<string, any>; data: { scatter: { line: { dash: string } }[] } };

  it("uses a template object with transparent backgrounds", () => {
    expect(typeof template).toBe("object");
    expect(template.layout.paper_bgcolor).toBe("rgba(0,0,0,0)");
    expect(template.layout.plot_bgcolor).toBe("rgba(0,0,0,0)");
  });

  it("keeps text readable on JupyterLab's light (#ffffff) and dark (#111111) backgrounds", () => {
    const text = template.layout.font.color as string;
    expect(contrast(text, "#ffffff")).toBeGreaterThan(4.2);
    expect(contrast(text, "#111111")).toBeGreaterThan(4.2);
  });

  it("gives curves the Okabe–Ito colours and a different dash each", () => {
    expect(template.layout.colorway).toEqual(["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00"]);
    const dashes = template.data.scatter.map((t) => t.line.dash);
    expect(new Set(dashes).size).toBe(dashes.length);
    // The builders leave the dash to the template unless the dash means something (f solid, f′ dashed).
    expect(fig.data.every((t) => (t.line as { dash?: string } | undefined)?.dash === undefined)).toBe(true);
    expect(plotActivation(sigmoid).data.map((t) => (t.line as { dash: string }).dash)).toEqual(["solid", "dash"]);
  });

  it("keeps a curve's colour and dash from one sweep value to the next", () => {
    const s = sweep({ parameter: "k", values: [1, 2, 3], figure: () => compareActivations([sigmoid, tanh]) });
    const style = (i: number) => s.data[i].line as { color: string; dash: string };
    for (const step of [0, 1, 2]) {
      expect(style(2 * step)).toMatchObject({ color: "#0072B2", dash: "solid" });
      expect(style(2 * step + 1)).toMatchObject({ color: "#D55E00", dash: "dash" });
    }
  });

  it("writes the sigmoid of a logit difference with the right sign", () => {
    expect(plotSoftmaxVsSigmoid({ secondLogit: -3 }).data.map((t) => t.name)).toEqual(["σ(z₁)", "softmax([z₁, −3])₁", "σ(z₁ + 3)"]);
    expect(plotSoftmaxVsSigmoid({ secondLogit: 2 }).data[2].name).toBe("σ(z₁ − 2)");
    expect(plotSoftmaxVsSigmoid({ secondLogit: 0 }).data[2].name).toBe("σ(z₁)");
    expect(() => plotSoftmaxVsSigmoid({ secondLogit: NaN })).toThrow(/secondLogit must be a finite number/);
  });

  it("show() carries the text description inside the figure, invisible but in the SVG, and as the HTML fallback's label", () => {
    const bundle = figureBundle(plotActivation(sigmoid, { points: 3 }));
    const shown = bundle["application/vnd.plotly.v1+json"] as Figure;
    const notes = shown.layout.annotations as { name: string; text: string; font: { color: string; size: number } }[];
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ name: "description", text: "[chart] Sigmoid and its derivative — Sigmoid(z), Sigmoid′(z)", font: { color: "rgba(0,0,0,0)", size: 1 } });
    expect(bundle["text/html"]).toContain('role="img"');
    expect(bundle["text/html"]).toContain('aria-label="[chart] Sigmoid and its derivative — Sigmoid(z), Sigmoid′(z)"');
  });
});
