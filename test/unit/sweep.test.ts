/**
 * sweep(): one figure holding a chart per parameter value, switched by a slider and a play button with no
 * kernel. Checked here: which traces each slider step and frame shows, that the axes are the union of all
 * values (computed independently from the formulas, not from the figure), rounding, the text summary,
 * the stored size budget, and clear errors for bad input. The browser test (interactive.test.ts) drags
 * the slider and presses play in real JupyterLab and on the exported site.
 */
import { describe, expect, it } from "vitest";
import {
  describeFigure,
  figureBundle,
  plotFunctions,
  plotSeries,
  softmax,
  sweep,
  sweepInfo,
  type Figure,
} from "../../kernel-lib/src/index";

/** Lines y = a·x on [0, 1] for each slope a: two traces per value (the line and its mirror −a·x). */
const lines = (a: number): Figure =>
  plotFunctions(
    [
      { name: "a·x", f: (x) => a * x },
      { name: "−a·x", f: (x) => -a * x, dash: "dash" },
    ],
    { range: [0, 1], points: 11, title: `Lines of slope ${a}` },
  );

type Step = { label: string; method: string; args: [string[], unknown] };
const slider = (f: Figure) => (f.layout.sliders as { active: number; steps: Step[] }[])[0];

describe("sweep", () => {
  const values = [1, 2, 3];
  const fig = sweep({ parameter: "a", values, figure: lines, start: 2, play: true });

  it("holds every value's traces, only the start value's visible", () => {
    expect(fig.data).toHaveLength(6);
    expect(fig.data.map((t) => t.visible)).toEqual([false, false, true, true, false, false]);
    expect(fig.data.map((t) => t.name)).toEqual(["a·x", "−a·x", "a·x", "−a·x", "a·x", "−a·x"]);
    // The data of value 3 are the line 3x at x = 0, 0.1, …, 1.
    expect(fig.data[4].y).toEqual([0, 0.3, 0.6, 0.9, 1.2, 1.5, 1.8, 2.1, 2.4, 2.7, 3]);
  });

  it("has one named frame per value that shows exactly that value's traces, and the slider animates to them", () => {
    expect(fig.frames?.map((f) => f.name)).toEqual(["a = 1", "a = 2", "a = 3"]);
    expect(fig.frames?.[0].data?.map((d) => d.visible)).toEqual([true, true, false, false, false, false]);
    expect(fig.frames?.[2].data?.map((d) => d.visible)).toEqual([false, false, false, false, true, true]);
    const s = slider(fig);
    expect(s.active).toBe(1);
    expect(s.steps.map((st) => st.label)).toEqual(["a = 1", "a = 2", "a = 3"]);
    for (const st of s.steps) {
      expect(st.method).toBe("animate");
      expect(st.args[0]).toEqual([st.label]);
    }
  });

  it("titles that name the value change with the frame", () => {
    expect(fig.layout.title).toMatchObject({ text: "Lines of slope 2" });
    expect(fig.frames?.map((f) => (f.layout?.title as { text: string }).text)).toEqual(["Lines of slope 1", "Lines of slope 2", "Lines of slope 3"]);
  });

  it("fixes the axes to the union over all values", () => {
    // y spans −3x … 3x on [0, 1], i.e. [−3, 3]; 5% of the span (0.3) is added on each side. x is [0, 1].
    expect(fig.layout.yaxis).toMatchObject({ range: [-3.3, 3.3], autorange: false });
    expect(fig.layout.xaxis).toMatchObject({ range: [0, 1], autorange: false });
  });

  it("takes a log axis's range in log10 units, and keeps a range the builder fixed", () => {
    const logFig = sweep({
      parameter: "n",
      values: [1, 2],
      figure: (n) => plotSeries([{ name: "10^(n·k)", x: [1, 2, 3], y: [10 ** n, 10 ** (2 * n), 10 ** (3 * n)] }], { title: "t", xTitle: "k", yTitle: "v", logY: true }),
    });
    // log10 of the values spans 1 … 6; 5% of 5 is 0.25.
    expect(logFig.layout.yaxis).toMatchObject({ type: "log", range: [0.75, 6.25] });
    const clipped = sweep({
      parameter: "a",
      values: [1, 2],
      figure: (a) => {
        const f = lines(a);
        f.layout.yaxis = { ...f.layout.yaxis, range: [0, 1] };
        return f;
      },
    });
    expect(clipped.layout.yaxis).toMatchObject({ range: [0, 1] });
  });

  it("rounds plotted data to the requested significant digits, keeping gaps", () => {
    const f = sweep({
      parameter: "k",
      values: [1, 2],
      digits: 3,
      figure: (k) => ({ data: [{ type: "scatter", x: [1, 2, 3], y: [k / 3, NaN, Math.PI * k] }], layout: {} }),
    });
    expect(f.data[0].y).toEqual([0.333, null, 3.14]);
    expect(f.data[1].y).toEqual([0.667, null, 6.28]);
    expect(f.data[1].x).toEqual([1, 2, 3]);
  });

  it("adds play and pause buttons only when asked", () => {
    const menus = fig.layout.updatemenus as { buttons: { label: string; method: string; args: unknown[] }[] }[];
    expect(menus[0].buttons.map((b) => b.method)).toEqual(["animate", "animate"]);
    expect(menus[0].buttons[0].args[0]).toBeNull(); // null = all frames, in order
    const noPlay = sweep({ parameter: "a", values, figure: lines });
    expect(noPlay.layout.updatemenus).toBeUndefined();
    expect(slider(noPlay).active).toBe(0);
  });

  it("uses custom labels and string values", () => {
    const f = sweep({ parameter: "label", values: ["cat", "dog"], label: (v) => `y is ${v}`, figure: () => lines(1) });
    expect(f.frames?.map((fr) => fr.name)).toEqual(["y is cat", "y is dog"]);
    expect(f.frames?.[0].layout).toBeUndefined(); // same title for every value: nothing to switch
  });

  it("describes the control, its values, the start and the play button", () => {
    const f = sweep({ parameter: "a", values, figure: lines, start: 2, play: true, about: "the slope a" });
    expect(describeFigure(f)).toBe(
      "[chart] Lines of slope 2 — a·x, −a·x. A slider changes the slope a over 3 values: a = 1; a = 2; a = 3 (shown: a = 2). A play button steps through them.",
    );
    expect(sweepInfo(f)).toEqual({ parameter: "a", about: "the slope a", labels: ["a = 1", "a = 2", "a = 3"], start: 1, play: true });
    expect(sweepInfo(lines(1))).toBeUndefined();
  });

  it("ships the frames in the notebook output, and a lesson-sized sweep stays under 300 KB stored", () => {
    const logits = [2, 1, 0.1];
    const big = sweep({
      parameter: "T",
      values: [0.25, 0.5, 1, 2, 4],
      play: true,
      figure: (T) =>
        plotFunctions(
          [0, 1, 2].map((k) => ({ name: `p${k + 1}`, f: (s: number) => softmax(logits.map((z) => (s * z) / T))[k] })),
          { range: [-3, 3], title: `Softmax, T = ${T}` },
        ),
    });
    const bundle = figureBundle(big);
    expect((bundle["application/vnd.plotly.v1+json"] as Figure).frames).toHaveLength(5);
    expect(bundle["text/html"]).toContain('"frames"');
    const stored = JSON.stringify(bundle).length;
    expect(stored).toBeLessThan(300_000);
  });

  it("rejects bad input with an error naming the argument", () => {
    expect(() => sweep({ parameter: "", values, figure: lines })).toThrow(/parameter/);
    expect(() => sweep({ parameter: "a", values: [1], figure: lines })).toThrow(/values must be an array of 2 to 40/);
    expect(() => sweep({ parameter: "a", values: [1, NaN], figure: lines })).toThrow(/values must be finite/);
    expect(() => sweep({ parameter: "a", values, figure: lines, start: 5 })).toThrow(/start must be one of values/);
    expect(() => sweep({ parameter: "a", values: [1, 1], figure: lines })).toThrow(/labels must differ/);
    expect(() => sweep({ parameter: "a", values, figure: 3 as unknown as () => Figure })).toThrow(/figure must be a function/);
    expect(() => sweep({ parameter: "a", values, figure: () => ({ data: [], layout: {} }) })).toThrow(/figure\(1\) must return a Plotly figure/);
    expect(() => sweep({ parameter: "a", values, figure: lines, digits: 1 })).toThrow(/digits/);
    expect(() => sweep({ parameter: "a", values, figure: lines, frameMs: 0 })).toThrow(/frameMs/);
  });
});
