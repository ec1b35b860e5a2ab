/**
 * The public API is pinned: what `import { … } from "kernel-lib"` offers is listed here, so removing or
 * renaming a name (which breaks every notebook that uses it) is a deliberate edit of this file, not an
 * accident. Adding one is too: a new export also needs a line in the README and a doc comment.
 *
 * Runtime names come from loading kernel-lib/src/index.ts; type names from the TypeScript compiler API
 * (they vanish at runtime). The doc-comment check reads the same symbols: hovering a name in a notebook shows
 * the comment on its exported declaration, so it must sit there and not on a private helper.
 */
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import * as kernel from "../../kernel-lib/src/index";

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
  "forPlot",
  "hinge",
  "leakyRelu",
  "linear",
  "linspace",
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
  "tableBundle",
  "tanh",
];

/** Types only (interfaces and aliases): the names a notebook can write in an annotation. */
const PINNED_TYPES = [
  "Activation",
  "ActivationInfo",
  "Cell",
  "Checker",
  "DisplayChannel",
  "ElementwiseFunction",
  "ElementwiseLoss",
  "Figure",
  "Gradients",
  "HiddenLayerSpec",
  "LabelledPoint",
  "LayerRole",
  "LayerValues",
  "Layout",
  "LeakyRelu",
  "LossCurve",
  "LossInfo",
  "LossOptions",
  "MimeBundle",
  "NamedFunction",
  "NetworkSpec",
  "Random",
  "RangeOptions",
  "Reduction",
  "RowLoss",
  "Rows",
  "Softmax",
  "TableOptions",
  "Task",
  "TaskPairing",
  "Trace",
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
      `(and the README's kernel-lib section); a removed name breaks every notebook that uses it.`,
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
        "test/unit/public-api.test.ts (and the README's kernel-lib section); a removed name breaks every notebook that uses it.",
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
