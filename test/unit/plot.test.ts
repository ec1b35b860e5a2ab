/**
 * The figure builders without Jupyter: each returns a plain Plotly figure whose data are the function values
 * a lesson claims, sampled where it says, rounded to 6 significant digits (forPlot), and JSON-serialisable
 * exactly (show() sends it as JSON). References are computed here with textbook formulas, not with the
 * library, and compared within forPlot's rounding: half a unit in the 6th significant digit.
 */
import { describe, expect, it } from "vitest";
import {
  compareActivations,
  forPlot,
  leakyRelu,
  linspace,
  plotActivation,
  plotDecisionBoundary,
  plotFunctions,
  plotLossCurves,
  plotSeries,
  plotSoftmaxVsSigmoid,
  plotTrainingCurves,
  relu,
  sigmoid,
  tanh,
  type Figure,
} from "../../kernel-lib/src/index";

const textbookSigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** forPlot keeps 6 significant digits: the rounded value is within half a unit of the 6th digit. */
function expectPlotted(actual: unknown, reference: number, what: string): void {
  if (!Number.isFinite(reference)) {
    expect(actual, what).toBeNull();
    return;
  }
  expect(typeof actual, what).toBe("number");
  const tolerance = reference === 0 ? 0 : 5e-6 * Math.abs(reference) * (1 + 1e-12);
  expect(Math.abs((actual as number) - reference), `${what}: plotted ${actual}, reference ${reference}`).toBeLessThanOrEqual(tolerance);
}

/** x_i = start + (stop − start)·i/(n − 1), computed independently, as plotted. */
const grid = (start: number, stop: number, n: number) => Array.from({ length: n }, (_, i) => start + ((stop - start) * i) / (n - 1));

/** A figure survives JSON exactly (what show() sends): plain arrays, no NaN, no undefined, no typed arrays. */
function expectJsonExact(figure: Figure): void {
  expect(JSON.parse(JSON.stringify(figure))).toEqual(figure);
  for (const trace of figure.data) {
    for (const key of ["x", "y"] as const) if (trace[key] !== undefined) expect(Array.isArray(trace[key]), `${trace.name}.${key}`).toBe(true);
  }
}

const title = (f: Figure) => (typeof f.layout.title === "object" ? f.layout.title.text : f.layout.title);

describe("linspace", () => {
  it("n evenly spaced points, both ends exact", () => {
    expect(Array.from(linspace(-1, 1, 5))).toEqual([-1, -0.5, 0, 0.5, 1]);
    const xs = linspace(-6, 6, 241);
    expect(xs).toBeInstanceOf(Float64Array);
    expect(xs.length).toBe(241);
    expect(xs[0]).toBe(-6);
    expect(xs[240]).toBe(6);
    grid(-6, 6, 241).forEach((x, i) => expect(Math.abs(xs[i] - x)).toBeLessThanOrEqual(2 * Number.EPSILON * 6));
    expect(linspace(0, 1).length).toBe(201);
    expect(Array.from(linspace(3, 3, 2))).toEqual([3, 3]);
    expect(Array.from(linspace(1, -1, 3))).toEqual([1, 0, -1]);
  });

  it.each([
    [() => linspace(NaN, 1), /^linspace: start and stop must be finite, got NaN and 1$/],
    [() => linspace(0, Infinity), /^linspace: start and stop must be finite, got 0 and Infinity$/],
    [() => linspace(0, 1, 1), /^linspace: n must be a whole number ≥ 2, got 1$/],
    [() => linspace(0, 1, 2.5), /^linspace: n must be a whole number ≥ 2, got 2.5$/],
  ])("bad input %#: a RangeError naming the argument", (run, message) => {
    expect(run).toThrow(RangeError);
    expect(run).toThrow(message);
  });
});

describe("forPlot", () => {
  it("keeps 6 significant digits and writes non-finite values as null (a gap in the line)", () => {
    expect(forPlot([Math.PI, 1 / 3, -2 / 3, 123456789, 1e-7 / 3, 0, 0.5])).toEqual([3.14159, 0.333333, -0.666667, 123457000, 3.33333e-8, 0, 0.5]);
    expect(forPlot([NaN, Infinity, -Infinity, 1])).toEqual([null, null, null, 1]);
    expect(forPlot(new Float64Array([0.1 + 0.2]))).toEqual([0.3]);
    expect(Array.isArray(forPlot(new Float64Array(3)))).toBe(true);
    expect(forPlot([])).toEqual([]);
  });
});

describe("plotFunctions", () => {
  const figure = plotFunctions(
    [
      { name: "σ(2z)", f: (z) => sigmoid(2 * z) },
      { name: "z²", f: (z) => z * z, dash: "dot" },
    ],
    { range: [-4, 4], points: 81, title: "Two functions", xTitle: "z", yTitle: "f(z)" },
  );

  it("one line per function, sampled on the range, with the given names, dash and titles", () => {
    expect(figure.data).toHaveLength(2);
    expect(figure.data.map((t) => t.name)).toEqual(["σ(2z)", "z²"]);
    // A curve without a dash of its own takes the template's style for its place (colour and dash in turn).
    expect(figure.data.map((t) => (t.line as { dash?: string } | undefined)?.dash)).toEqual([undefined, "dot"]);
    expect(figure.data.every((t) => t.type === "scatter" && t.mode === "lines")).toBe(true);
    expect(title(figure)).toBe("Two functions");
    expect(figure.layout.xaxis).toMatchObject({ title: { text: "z" } });
    expect(figure.layout.yaxis).toMatchObject({ title: { text: "f(z)" } });
    const xs = grid(-4, 4, 81);
    expect(figure.data[0].x).toHaveLength(81);
    xs.forEach((x, i) => {
      expectPlotted((figure.data[0].x as number[])[i], x, `x[${i}]`);
      expectPlotted((figure.data[0].y as number[])[i], textbookSigmoid(2 * x), `σ(2·${x})`);
      expectPlotted((figure.data[1].y as number[])[i], x * x, `${x}²`);
    });
    expectJsonExact(figure);
  });

  it("defaults: 241 points on [−6, 6]", () => {
    const f = plotFunctions([{ name: "id", f: (z) => z }]);
    expect(f.data[0].x).toHaveLength(241);
    expect((f.data[0].x as number[])[0]).toBe(-6);
    expect((f.data[0].x as number[])[240]).toBe(6);
    expect(title(f)).toBe("Functions");
  });

  it("a function that returns ±Infinity or NaN leaves a gap (null), not a broken chart", () => {
    const f = plotFunctions([{ name: "1/z", f: (z) => 1 / z }], { range: [-1, 1], points: 3 });
    expect(f.data[0].y).toEqual([-1, null, 1]);
    expectJsonExact(f);
  });

  it("a bad range is refused (by linspace, which names itself)", () => {
    expect(() => plotFunctions([{ name: "id", f: (z) => z }], { range: [0, NaN] })).toThrow(/^linspace: start and stop must be finite/);
    expect(() => plotFunctions([{ name: "id", f: (z) => z }], { points: 1 })).toThrow(/^linspace: n must be a whole number ≥ 2/);
  });
});

describe("plotActivation and compareActivations", () => {
  it("plotActivation: the function and its derivative, named from info.title", () => {
    const figure = plotActivation(tanh, { range: [-3, 3], points: 61 });
    expect(figure.data.map((t) => t.name)).toEqual(["Tanh(z)", "Tanh′(z)"]);
    expect(title(figure)).toBe("Tanh and its derivative");
    grid(-3, 3, 61).forEach((x, i) => {
      expectPlotted((figure.data[0].y as number[])[i], Math.tanh(x), `tanh(${x})`);
      expectPlotted((figure.data[1].y as number[])[i], 1 / Math.cosh(x) ** 2, `sech²(${x})`);
    });
    expectJsonExact(figure);
  });

  it("plotActivation: a user title overrides the default", () => {
    expect(title(plotActivation(relu, { title: "ReLU" }))).toBe("ReLU");
  });

  it("compareActivations: one line per activation, or per derivative", () => {
    const values = compareActivations([sigmoid, relu, leakyRelu], { range: [-2, 2], points: 5 });
    expect(values.data.map((t) => t.name)).toEqual(["Sigmoid", "ReLU", "Leaky ReLU"]);
    expect(title(values)).toBe("Activation functions compared");
    expect(values.data[1].y).toEqual([0, 0, 0, 1, 2]);
    expect(values.data[2].y).toEqual([-0.02, -0.01, 0, 1, 2]);
    grid(-2, 2, 5).forEach((x, i) => expectPlotted((values.data[0].y as number[])[i], textbookSigmoid(x), `σ(${x})`));

    const derivatives = compareActivations([sigmoid, relu], { derivative: true, range: [-2, 2], points: 5 });
    expect(derivatives.data.map((t) => t.name)).toEqual(["Sigmoid′", "ReLU′"]);
    expect(title(derivatives)).toBe("Activation derivatives compared");
    // ReLU′(0) = 0: the kink convention shows in the chart.
    expect(derivatives.data[1].y).toEqual([0, 0, 0, 1, 1]);
    grid(-2, 2, 5).forEach((x, i) => {
      const s = textbookSigmoid(x);
      expectPlotted((derivatives.data[0].y as number[])[i], s * (1 - s), `σ′(${x})`);
    });
    expectJsonExact(derivatives);
  });
});

describe("plotSeries", () => {
  it("lines through the given points, markers by default, a log axis on request", () => {
    const depths = [1, 2, 3, 4];
    const products = depths.map((n) => 0.25 ** n);
    const figure = plotSeries([{ name: "0.25ⁿ", x: depths, y: products }, { name: "1ⁿ", x: new Float64Array(depths), y: [1, 1, 1, 1], mode: "lines" }], {
      title: "Gradient factor",
      xTitle: "layers",
      yTitle: "factor",
      logY: true,
    });
    expect(figure.data.map((t) => [t.name, t.mode])).toEqual([
      ["0.25ⁿ", "lines+markers"],
      ["1ⁿ", "lines"],
    ]);
    expect(figure.data[0].x).toEqual([1, 2, 3, 4]);
    expect(figure.data[0].y).toEqual([0.25, 0.0625, 0.015625, 0.00390625]);
    expect(figure.data[1].x).toEqual([1, 2, 3, 4]);
    expect(figure.layout.yaxis).toMatchObject({ type: "log", title: { text: "factor" } });
    expect(title(figure)).toBe("Gradient factor");
    expectJsonExact(figure);
    expect(plotSeries([{ name: "a", x: [1], y: [2] }], { title: "t", xTitle: "x", yTitle: "y" }).layout.yaxis).not.toHaveProperty("type");
  });
});

describe("plotLossCurves and plotTrainingCurves", () => {
  it("plotLossCurves: the loss against the prediction; infinite losses are gaps; yMax clips the axis", () => {
    const bce = (p: number) => -Math.log(p); // BCE of one example with y = 1, written out here
    const figure = plotLossCurves([{ name: "BCE, y = 1", loss: bce }], { range: [0, 1], points: 11, yMax: 5, title: "BCE" });
    expect(figure.data).toHaveLength(1);
    const y = figure.data[0].y as (number | null)[];
    expect(y[0]).toBeNull(); // −log 0 = Infinity
    grid(0, 1, 11).forEach((p, i) => expectPlotted(y[i], bce(p), `−log(${p})`));
    expect(y[10]).toBe(0);
    expect(figure.layout.yaxis).toMatchObject({ range: [0, 5] });
    expect(title(figure)).toBe("BCE");
    expectJsonExact(figure);
    expect(plotLossCurves([{ name: "a", loss: (p) => p }], { range: [0, 1] }).data[0].x).toHaveLength(241);
  });

  it("plotTrainingCurves: loss per epoch from 1, one line per run, optional log axis", () => {
    const losses = new Float64Array([0.7, 0.5, 1 / 3]);
    const figure = plotTrainingCurves([{ name: "XOR", losses }, { name: "empty", losses: [] }], { logY: true, xTitle: "step" });
    expect(figure.data[0].x).toEqual([1, 2, 3]);
    expect(figure.data[0].y).toEqual([0.7, 0.5, 0.333333]);
    expect(figure.data[1].x).toEqual([]);
    expect(figure.layout.yaxis).toMatchObject({ type: "log" });
    expect(figure.layout.xaxis).toMatchObject({ title: { text: "step" } });
    expect(title(figure)).toBe("Training loss");
    expectJsonExact(figure);
  });
});

describe("plotDecisionBoundary", () => {
  const points = [
    { x: 0, y: 0, label: 0 },
    { x: 1, y: 1, label: 0 },
    { x: 0, y: 1, label: 1 },
    { x: 1, y: 0, label: 1 },
  ];
  // A prediction written out here: a smooth function of both coordinates, so rows and columns cannot be swapped unnoticed.
  const predict = (x: number, y: number) => textbookSigmoid(3 * x - 2 * y);
  const figure = plotDecisionBoundary(predict, points, { xRange: [-1, 2], yRange: [0, 1], resolution: 7 });

  it("a heat map of predict(x, y): rows are y, columns are x", () => {
    const [heat, contour] = figure.data;
    expect(heat.type).toBe("heatmap");
    expect(heat.x).toHaveLength(7);
    expect(heat.y).toHaveLength(7);
    const xs = grid(-1, 2, 7);
    const ys = grid(0, 1, 7);
    const z = heat.z as number[][];
    expect(z).toHaveLength(7);
    ys.forEach((y, r) => {
      expect(z[r]).toHaveLength(7);
      xs.forEach((x, c) => expectPlotted(z[r][c], predict(x, y), `predict(${x}, ${y})`));
    });
    expect(contour.type).toBe("contour");
    expect(contour.z).toBe(heat.z);
    expect(contour.contours).toMatchObject({ start: 0.5, end: 0.5 });
    expect(contour.name).toBe("boundary (p = 0.5)");
  });

  it("the training points on top, one trace per label, each holding exactly its points", () => {
    const scatter = figure.data.slice(2);
    expect(scatter.map((t) => t.name)).toEqual(["label 0", "label 1"]);
    expect(scatter[0].x).toEqual([0, 1]);
    expect(scatter[0].y).toEqual([0, 1]);
    expect(scatter[1].x).toEqual([0, 1]);
    expect(scatter[1].y).toEqual([1, 0]);
    expect(title(figure)).toBe("Decision boundary");
    expectJsonExact(figure);
  });

  it("defaults: a 61 × 61 grid over [−0.5, 1.5]²; another level moves the contour", () => {
    const f = plotDecisionBoundary(predict, points, { level: 0.8 });
    expect(f.data[0].z).toHaveLength(61);
    expect((f.data[0].x as number[])[0]).toBe(-0.5);
    expect((f.data[0].x as number[])[60]).toBe(1.5);
    expect(f.data[1].contours).toMatchObject({ start: 0.8, end: 0.8 });
  });
});

describe("plotSoftmaxVsSigmoid", () => {
  it("softmax([z₁, z₂])₁ is σ(z₁ − z₂), and σ(z₁) alone is another curve", () => {
    const figure = plotSoftmaxVsSigmoid({ range: [-4, 4], secondLogit: 2, points: 25 });
    const [sigmoidAlone, softmaxFirst, markers] = figure.data;
    expect(figure.data.map((t) => t.name)).toEqual(["σ(z₁)", "softmax([z₁, 2])₁", "σ(z₁ − 2)"]);
    const xs = grid(-4, 4, 25);
    xs.forEach((z1, i) => {
      expectPlotted((sigmoidAlone.y as number[])[i], textbookSigmoid(z1), `σ(${z1})`);
      // Two-class softmax written out: e^z₁ / (e^z₁ + e^z₂).
      expectPlotted((softmaxFirst.y as number[])[i], Math.exp(z1) / (Math.exp(z1) + Math.exp(2)), `softmax([${z1}, 2])₁`);
    });
    // Every 12th point gets a marker at σ(z₁ − z₂), on the softmax curve.
    expect(markers.x).toHaveLength(3);
    (markers.x as number[]).forEach((z1, k) => {
      expectPlotted((markers.y as number[])[k], textbookSigmoid(z1 - 2), `σ(${z1} − 2)`);
      expect((markers.y as number[])[k]).toBe((softmaxFirst.y as number[])[12 * k]);
    });
    expect(title(figure)).toBe("Sigmoid vs two-class softmax (z₂ = 2)");
    expectJsonExact(figure);
  });

  it("defaults: 241 points on [−6, 6] with z₂ = 1", () => {
    const figure = plotSoftmaxVsSigmoid();
    expect(figure.data[0].x).toHaveLength(241);
    expect(figure.data[1].name).toBe("softmax([z₁, 1])₁");
    expect(figure.data[2].x).toHaveLength(21);
  });
});

describe("every builder's layout", () => {
  it("has a title, labelled axes and a height", () => {
    const figures = [
      plotFunctions([{ name: "a", f: (z) => z }]),
      plotActivation(sigmoid),
      compareActivations([relu]),
      plotSeries([{ name: "a", x: [1], y: [1] }], { title: "t", xTitle: "x", yTitle: "y" }),
      plotLossCurves([{ name: "a", loss: (p) => p }], { range: [0, 1] }),
      plotTrainingCurves([{ name: "a", losses: [1] }]),
      plotDecisionBoundary(() => 0.5, [], { resolution: 2 }),
      plotSoftmaxVsSigmoid(),
    ];
    for (const f of figures) {
      expect(title(f)?.length, JSON.stringify(f.layout.title)).toBeGreaterThan(0);
      expect((f.layout.xaxis as { title: { text: string } }).title.text.length).toBeGreaterThan(0);
      expect((f.layout.yaxis as { title: { text: string } }).title.text.length).toBeGreaterThan(0);
      expect(f.layout.height).toBeGreaterThanOrEqual(300);
      expectJsonExact(f);
    }
  });
});
