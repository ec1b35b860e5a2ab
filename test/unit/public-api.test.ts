/**
 * The public API is pinned: what `import { … } from "kernel-lib"` offers is listed here, so removing or
 * renaming a name (which breaks every notebook that uses it) is a deliberate edit of this file, not an
 * accident. Adding one is too: a new export also needs a line in kernel-lib/README.md and a doc comment.
 *
 * Runtime names come from loading kernel-lib/src/index.ts; type names from the TypeScript compiler API
 * (they vanish at runtime). The doc-comment check reads the same symbols: hovering a name in a notebook shows
 * the comment on its exported declaration, so it must sit there and not on a private helper. The examples
 * in those comments are run: every `@example` line written `expression; // value` must produce that value
 * (lines before it that declare, `const random = …;`, run first; lines without a `// value` comment are
 * illustrations and are not run).
 */
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import * as kernel from "../../kernel-lib/src/index";
import { asDocumented, commentShows } from "../helpers/doc-examples";

const INDEX = path.resolve(__dirname, "..", "..", "kernel-lib", "src", "index.ts");

/** Values a notebook can call or read. */
const PINNED_VALUES = [
  "Network",
  "TASK_PAIRINGS",
  "activations",
  "baseLayout",
  "binaryCrossEntropy",
  "binaryCrossEntropyFromLogits",
  "categoricalCrossEntropy",
  "categoricalCrossEntropyFromLogits",
  "compareActivations",
  "createNetwork",
  "describeFigure",
  "displayBundle",
  "exercise",
  "figureBundle",
  "forPlot",
  "hinge",
  "initStandardDeviation",
  "leakyRelu",
  "linear",
  "linspace",
  "loadPenguins",
  "logSoftmax",
  "losses",
  "meanAbsoluteError",
  "meanSquaredError",
  "plotActivation",
  "plotDecisionBoundary",
  "plotFunctions",
  "plotLossCurves",
  "plotSeries",
  "plotSoftmaxVsSigmoid",
  "plotTrainingCurves",
  "relu",
  "seededRandom",
  "show",
  "showFormula",
  "showMarkdown",
  "showTable",
  "sigmoid",
  "softmax",
  "sweep",
  "sweepInfo",
  "tableBundle",
  "tanh",
];

/** Types only (interfaces and aliases): the names a notebook can write in an annotation. */
const PINNED_TYPES = [
  "Activation",
  "ActivationInfo",
  "Cell",
  "Checker",
  "CloseOptions",
  "DisplayChannel",
  "ElementwiseFunction",
  "ElementwiseLoss",
  "Figure",
  "Frame",
  "Gradients",
  "HiddenLayerSpec",
  "Histogram",
  "Initialiser",
  "LabelledPoint",
  "LayerRole",
  "LayerStats",
  "LayerStatsOptions",
  "LayerValues",
  "Layout",
  "LeakyRelu",
  "LossCurve",
  "LossInfo",
  "LossOptions",
  "MimeBundle",
  "NamedFunction",
  "NetworkSpec",
  "PenguinData",
  "PenguinProvenance",
  "Random",
  "RangeOptions",
  "Reduction",
  "RowLoss",
  "Rows",
  "Softmax",
  "SweepInfo",
  "SweepOptions",
  "SweepValue",
  "TableOptions",
  "Task",
  "TaskPairing",
  "Trace",
  "TrainOptions",
  "Vector",
  "VectorFunction",
];

/** What changed between the pinned list and the real one, as a message that says what to do. */
export function apiDifference(kind: string, pinned: readonly string[], actual: readonly string[]): string | undefined {
  const added = actual.filter((n) => !pinned.includes(n));
  const removed = pinned.filter((n) => !actual.includes(n));
  if (added.length === 0 && removed.length === 0) return undefined;
  return [
    `kernel-lib's public ${kind} changed:`,
    added.length ? `  added:   ${added.join(", ")}` : "",
    removed.length ? `  removed: ${removed.join(", ")}` : "",
    `If that is deliberate, update PINNED_${kind === "values" ? "VALUES" : "TYPES"} in test/unit/public-api.test.ts ` +
      `(and kernel-lib/README.md); a removed name breaks every notebook that uses it.`,
  ]
    .filter(Boolean)
    .join("\n");
}

const program = ts.createProgram([INDEX], {
  noEmit: true,
  skipLibCheck: true,
  types: [],
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.CommonJS,
});
const checker = program.getTypeChecker();
const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(INDEX)!)!;
const exported = checker.getExportsOfModule(moduleSymbol).map((s) => ({
  name: s.name,
  symbol: s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s,
}));

describe("kernel-lib's public API", () => {
  it("runtime exports are the pinned values", () => {
    const actual = Object.keys(kernel).sort();
    const difference = apiDifference("values", PINNED_VALUES, actual);
    expect(difference, difference).toBeUndefined();
    expect(actual).toEqual([...PINNED_VALUES].sort());
  });

  it("type-only exports are the pinned types", () => {
    const types = exported.filter((e) => !(e.symbol.flags & ts.SymbolFlags.Value)).map((e) => e.name).sort();
    const difference = apiDifference("types", PINNED_TYPES, types);
    expect(difference, difference).toBeUndefined();
    // The compiler and the runtime agree on what is a value.
    const values = exported.filter((e) => e.symbol.flags & ts.SymbolFlags.Value).map((e) => e.name).sort();
    expect(values).toEqual(Object.keys(kernel).sort());
  });

  it("the message names exactly what was added and removed", () => {
    expect(apiDifference("values", ["a", "b"], ["a", "b"])).toBeUndefined();
    expect(apiDifference("values", ["a", "b", "c"], ["a", "c", "d", "e"])).toBe(
      "kernel-lib's public values changed:\n  added:   d, e\n  removed: b\nIf that is deliberate, update PINNED_VALUES in " +
        "test/unit/public-api.test.ts (and kernel-lib/README.md); a removed name breaks every notebook that uses it.",
    );
  });

  it("every exported value has a doc comment on its exported declaration (what notebooks show on hover)", () => {
    const undocumented = exported
      .filter((e) => e.symbol.flags & ts.SymbolFlags.Value)
      .filter((e) => ts.displayPartsToString(e.symbol.getDocumentationComment(checker)).trim().length < 20)
      .map((e) => {
        const declaration = e.symbol.declarations?.[0];
        const where = declaration ? path.relative(path.dirname(INDEX), declaration.getSourceFile().fileName) : "?";
        return `${e.name} (${where})`;
      });
    expect(undocumented, `exported without a doc comment: ${undocumented.join(", ")}`).toEqual([]);
  });
});

interface Example {
  name: string;
  setup: string[];
  expression: string;
  expected: string;
}

const EXAMPLE_LINE = /^(.+?);\s*\/\/\s*(.+)$/;
const examples: Example[] = [];
for (const { name, symbol: target } of exported) {
  for (const tag of target.getJsDocTags(checker).filter((t) => t.name === "example")) {
    const setup: string[] = [];
    for (const raw of ts.displayPartsToString(tag.text).split("\n")) {
      const line = raw.trim();
      const match = EXAMPLE_LINE.exec(line);
      if (match) examples.push({ name, setup: [...setup], expression: match[1], expected: match[2] });
      else if (/^(const|let) /.test(line)) setup.push(line);
    }
  }
}

const names = Object.keys(kernel);
function run(example: Example): unknown {
  const body = `${example.setup.join("\n")}\nreturn (${example.expression});`;
  return new Function(...names, body)(...names.map((n) => (kernel as Record<string, unknown>)[n]));
}

describe("doc-comment examples give the values they show", () => {
  it("there are examples for the activations and losses", () => {
    const documented = new Set(examples.map((e) => e.name));
    for (const name of [...Object.keys(kernel.activations), ...Object.keys(kernel.losses), "logSoftmax", "seededRandom", "activations", "losses"]) {
      expect(documented.has(name), `${name} has no checked @example line`).toBe(true);
    }
  });

  it.each(examples.map((e) => [`${e.name}: ${e.expression}`, e] as const))("%s", (_label, example) => {
    const shown = asDocumented(run(example));
    const expected = example.expected;
    expect(commentShows(expected, shown), `${example.expression} gives ${shown}; the comment says ${expected}`).toBe(true);
  });
});
