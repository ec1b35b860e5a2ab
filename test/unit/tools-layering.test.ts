/**
 * Tools never lean on the tests: nothing under tools/ imports from test/ (test helpers may import tools,
 * as test/helpers/browser.ts imports tools/node/jupyter.mjs and chromium.mjs). The architecture's rule;
 * the reader is in test/helpers/layering.ts. And no source file in tools/, kernel-lib/src or lite/ (the
 * browser kernel) is over 400 lines: past that, a file is doing two jobs (split it by concern).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sourceFiles, toolImportsOfTests } from "../helpers/layering";

const ROOT = path.resolve(__dirname, "..", "..");
const tools = sourceFiles(ROOT, ["tools"]);
/** Everything the size rule covers: the tools, the library's source, the browser kernel (not its build). */
const sized = sourceFiles(ROOT, ["tools", "kernel-lib/src", "lite"]);

describe("tools/ stands on its own", () => {
  it("reads the tools (so the checks below are not vacuous)", () => {
    expect(tools).toContain("tools/node/jupyter.mjs");
    expect(tools.filter((f) => f.endsWith(".py")).length).toBeGreaterThan(10);
  });

  it("no file under tools/ imports from test/", () => {
    const found = toolImportsOfTests(ROOT, tools);
    expect(found, `tools must not import tests (move the code into tools/ and import it from the tests):\n${found.join("\n")}`).toEqual([]);
  });

  it("the reader finds an import of test/ in each form", () => {
    const lines = [
      `import { x } from "../../../test/helpers/browser.ts";`,
      `const m = await import("../../../test/helpers/python.ts");`,
      `const r = require("../../../test/helpers/course.ts");`,
      `const file = path.join(ROOT, "test", "helpers", "browser.ts");`,
      `import { ok } from "../jupyter.mjs"; // not a test`,
    ];
    const found = lines.map((line) => toolImportsOfTests(ROOT, ["tools/node/bench/probe.mjs"], () => line).length > 0);
    expect(found).toEqual([true, true, true, true, false]);
  });

  it("no source file in tools/, kernel-lib/src or lite/ is over 400 lines", () => {
    expect(sized).toContain("kernel-lib/src/network/network.ts");
    expect(sized).toContain("lite/src/kernel.ts");
    expect(sized.some((f) => f.startsWith("lite/build/"))).toBe(false);
    const long = sized.map((f) => [f, readFileSync(path.join(ROOT, f), "utf8").split("\n").length - 1] as const).filter(([, n]) => n > 400);
    expect(long.map(([f, n]) => `${f}: ${n} lines`)).toEqual([]);
  });
});
