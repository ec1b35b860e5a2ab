/**
 * What every chart looks like, independent of the renderer: a real template object (plotly.js ignores
 * template names), transparent backgrounds so the chart sits on the notebook's light or dark background,
 * the Okabe–Ito palette with a dash style per curve, sign-aware legend text, and the hidden text
 * description `show` adds for screen readers. Rendering in both themes is checked in the browser
 * (test/integration/interactive.test.ts).
 */
import { describe, expect, it } from "vitest";
import { compareActivations, figureBundle, plotActivation, plotDecisionBoundary, plotSoftmaxVsSigmoid, plotTrainingCurves, relu, sigmoid, sweep, tanh, type Figure } from "../../kernel-lib/src/index";

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

  it("show() carries the text description inside the figure (invisible but in the SVG) and as text/plain, and stores the figure once", () => {
    const bundle = figureBundle(plotActivation(sigmoid, { points: 3 }));
    const shown = bundle["application/vnd.plotly.v1+json"] as Figure;
    const notes = shown.layout.annotations as { name: string; text: string; font: { color: string; size: number } }[];
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ name: "description", text: "[chart] Sigmoid and its derivative — Sigmoid(z), Sigmoid′(z)", font: { color: "rgba(0,0,0,0)", size: 1 } });
    expect(bundle["text/plain"]).toBe("[chart] Sigmoid and its derivative — Sigmoid(z), Sigmoid′(z)");
    // No HTML copy of the figure: the exported site draws charts from the JSON (labelled by the summary).
    expect(Object.keys(bundle).sort()).toEqual(["application/vnd.plotly.v1+json", "text/plain"]);
  });
});

describe("axes, slider and legend a reader can see whole", () => {
  const bundleFigure = (figure: Figure) => figureBundle(figure)["application/vnd.plotly.v1+json"] as Figure;

  it("a log y axis over a decade or more labels the decades only; under a decade, or with the author's dtick, it is left alone", () => {
    const wide = plotTrainingCurves([{ name: "run", losses: [1, 0.1, 0.01] }], { logY: true });
    const shown = bundleFigure(wide);
    expect(shown.layout.yaxis).toMatchObject({ type: "log", dtick: 1, minor: { dtick: "D1" } });
    expect(wide.layout.yaxis?.dtick, "the builder's figure is not changed").toBeUndefined();
    const narrow = bundleFigure(plotTrainingCurves([{ name: "run", losses: [0.74, 0.7, 0.69] }], { logY: true }));
    expect(narrow.layout.yaxis?.dtick).toBeUndefined();
    const own = plotTrainingCurves([{ name: "run", losses: [1, 0.001] }], { logY: true });
    own.layout.yaxis = { ...own.layout.yaxis, dtick: "D2" };
    expect(bundleFigure(own).layout.yaxis?.dtick).toBe("D2");
  });

  it("training curves leave 2 % of the epochs' span empty before the first epoch and after the last", () => {
    const figure = plotTrainingCurves([{ name: "a", losses: new Array(201).fill(1) }, { name: "b", losses: [1, 2] }]);
    // 201 epochs: a span of 200, so 4 epochs of air at each end.
    expect(figure.layout.xaxis).toMatchObject({ range: [-3, 205], autorange: false });
  });

  it("a sweep's slider is inset by half its longest label at both ends (8 px a character), beside a play button", () => {
    const figure = sweep({ parameter: "learning rate", values: [0.01, 10], play: true, figure: (v) => plotTrainingCurves([{ name: "run", losses: [v, v / 2] }]) });
    const [slider] = figure.layout.sliders as { pad: { l: number; r: number } }[];
    // "learning rate = 0.01" has 20 characters: 20 × 8 / 2 + 4 = 84 px; the play button needs 130 on the left.
    expect(slider.pad).toMatchObject({ l: 130, r: 84 });
    const quiet = sweep({ parameter: "learning rate", values: [0.01, 10], figure: (v) => plotTrainingCurves([{ name: "run", losses: [v, v / 2] }]) });
    expect((quiet.layout.sliders as { pad: { l: number } }[])[0].pad.l).toBe(84);
  });

  it("the decision boundary's line (its legend entry) reads on the light and the dark background alike", () => {
    const figure = plotDecisionBoundary((x, y) => (x + y > 1 ? 1 : 0), [{ x: 0, y: 0, label: 0 }]);
    const boundary = figure.data.find((t) => t.type === "contour")!;
    const colour = (boundary.line as { color: string }).color;
    expect(contrast(colour, "#ffffff")).toBeGreaterThanOrEqual(3);
    expect(contrast(colour, "#111111")).toBeGreaterThanOrEqual(3);
  });
});
