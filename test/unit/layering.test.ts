/**
 * kernel-lib's layers hold: every import in kernel-lib/src goes downward (core ← activations ← losses ←
 * network ← plot ← display; check on core and display; index.ts lists the public API), and only display/
 * knows about tslab/Jupyter. The rules are data in test/helpers/layering.ts (LAYERS); a wrong import fails
 * here in seconds, naming the file, the import and the rule.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { layerOf, layeringViolations, LAYERS, readImportGraph, readSourceFacts, type SourceFileFacts } from "../helpers/layering";

const SRC = path.resolve(__dirname, "..", "..", "kernel-lib", "src");
const graph = readImportGraph(SRC);

describe("kernel-lib/src respects its layers", () => {
  it("reads a real graph (so the check below is not vacuous)", () => {
    expect(graph.length).toBeGreaterThan(30);
    const index = graph.find((f) => f.file === "index.ts");
    // index.ts is all `export … from`: each of those is an edge.
    expect(index?.imports.length).toBeGreaterThan(20);
    for (const layer of Object.keys(LAYERS)) expect(graph.some((f) => layerOf(f.file) === layer), `a file in ${layer}/`).toBe(true);
    // display/ finds tslab's writer by a pattern: the mention detector must see it, and it is allowed there.
    expect(graph.find((f) => f.file === "display/bundle.ts")?.notebookMentions.length).toBeGreaterThan(0);
  });

  it("every import goes downward and only display/ knows about tslab/Jupyter", () => {
    const problems = layeringViolations(graph);
    expect(problems, `layering rules broken (rules: test/helpers/layering.ts):\n${problems.join("\n")}`).toEqual([]);
  });

  it("every relative import names a file that exists", () => {
    const missing = graph.flatMap((f) => f.imports.filter((e) => e.target?.endsWith("(no such file)")).map((e) => `${f.file}:${e.line} ${e.specifier}`));
    expect(missing).toEqual([]);
  });
});

describe("the import reader finds every kind of edge", () => {
  const text = [
    `import { a } from "../core/a";`,
    `import type { T } from "../core/types";`,
    `export { b } from "./b";`,
    `export * from "../activations/c";`,
    `export type { U } from "../losses/u";`,
    `import fs = require("fs");`,
    `const m = require("mathjs");`,
    `const later = () => import("../plot/later");`,
    `type V = import("../display/v").V;`,
    `// import { fake } from "../display/comment"; comments are not imports`,
    `const s = "tslab";`,
  ].join("\n");
  const facts = readSourceFacts("losses/x.ts", text, (s) => path.posix.normalize(path.posix.join("losses", s)) + ".ts");

  it("import, import type, export … from, export *, export type … from, import = require, require(), import(), import types", () => {
    expect(facts.imports.map((e) => e.specifier)).toEqual([
      "../core/a",
      "../core/types",
      "./b",
      "../activations/c",
      "../losses/u",
      "fs",
      "mathjs",
      "../plot/later",
      "../display/v",
    ]);
    expect(facts.imports.map((e) => e.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(facts.imports[0].target).toBe("core/a.ts");
  });

  it("sees a tslab string in code, not in comments", () => {
    expect(facts.notebookMentions).toEqual([{ text: `"tslab"`, line: 11 }]);
  });
});

describe("the rules fail when they should (fake graphs)", () => {
  const file = (name: string, imports: [string, string?][], mentions: string[] = []): SourceFileFacts => ({
    file: name,
    imports: imports.map(([specifier, target], i) => ({ specifier, target, line: i + 1 })),
    notebookMentions: mentions.map((text) => ({ text, line: 1 })),
  });

  it("a clean graph passes", () => {
    const clean = [
      file("core/validate.ts", []),
      file("activations/relu.ts", [["../core/validate", "core/validate.ts"]]),
      file("network/network.ts", [["../activations/relu", "activations/relu.ts"], ["../losses/hinge", "losses/hinge.ts"]]),
      file("display/bundle.ts", [["node:util"]], [`/tslab/`]),
      file("index.ts", [["./display/bundle", "display/bundle.ts"], ["./core/validate", "core/validate.ts"]]),
    ];
    expect(layeringViolations(clean)).toEqual([]);
  });

  it("core importing an activation names the file, the import, its line and the rule", () => {
    const problems = layeringViolations([file("core/numerics.ts", [["mathjs"], ["../activations/sigmoid", "activations/sigmoid.ts"]])]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^core\/numerics\.ts:2 imports "\.\.\/activations\/sigmoid" \(activations\/sigmoid\.ts\): rule "core\/ imports only core\/" — core\/ is the leaf layer/);
  });

  it.each([
    ["activations/x.ts", "losses/hinge.ts", /rule "activations\/ imports only activations\/, core\/"/],
    ["losses/x.ts", "activations/softmax.ts", /rule "losses\/ imports only losses\/, core\/" — .*not on activations' internals/],
    ["losses/x.ts", "network/network.ts", /rule "losses\/ imports only/],
    ["network/x.ts", "plot/figure.ts", /rule "network\/ imports only network\/, core\/, activations\/, losses\/"/],
    ["plot/x.ts", "display/show.ts", /rule "plot\/ imports only plot\/, core\/, activations\/, losses\/, network\/"/],
    ["plot/x.ts", "check/exercise.ts", /rule "plot\/ imports only/],
    ["display/x.ts", "losses/hinge.ts", /rule "display\/ imports only display\/, core\/, plot\/"/],
    ["check/x.ts", "activations/relu.ts", /rule "check\/ imports only check\/, core\/, display\/"/],
    ["data/x.ts", "core/validate.ts", /rule "data\/ imports only data\/" — data\/ holds data sets/],
    ["losses/x.ts", "data/penguins.ts", /rule "losses\/ imports only losses\/, core\/"/],
  ])("%s importing %s is refused", (from, to, message) => {
    const problems = layeringViolations([file(from, [[`../${to.replace(/\.ts$/, "")}`, to]])]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it("nothing inside imports the public index, and files outside a layer are named", () => {
    const problems = layeringViolations([file("plot/x.ts", [["../index", "index.ts"]]), file("helpers.ts", [])]);
    expect(problems).toEqual([
      `plot/x.ts:1 imports "../index": nothing inside kernel-lib may import index.ts (the public API); import the file that defines the name`,
      expect.stringMatching(/^helpers\.ts is in no layer/),
    ]);
  });

  it("packages are allowed per layer", () => {
    expect(layeringViolations([file("core/f.ts", [["mathjs"]]), file("display/s.ts", [["node:util"]])])).toEqual([]);
    const problems = layeringViolations([file("plot/f.ts", [["plotly.js-dist"]]), file("losses/l.ts", [["node:fs"]])]);
    expect(problems[0]).toMatch(/^plot\/f\.ts:1 imports "plotly\.js-dist": plot\/ may not use the package plotly\.js-dist \(allowed: none\)/);
    expect(problems[1]).toMatch(/^losses\/l\.ts:1 imports "node:fs": losses\/ may not use the Node built-in node:fs/);
  });

  it("tslab or Jupyter in code outside display/ and check/ is refused", () => {
    const problems = layeringViolations([file("losses/e.ts", [], [`"tslab"`]), file("plot/p.ts", [], ["jupyterOutput"]), file("check/s.ts", [], [`"tslab"`])]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^losses\/e\.ts:1 mentions "tslab" in code: only display\/, check\/ may know about tslab\/Jupyter/);
    expect(problems[1]).toMatch(/^plot\/p\.ts:1 mentions jupyterOutput/);
  });

});
