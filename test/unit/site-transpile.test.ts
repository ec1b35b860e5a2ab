// The browser kernel's cell transpiler (lite/src/transpile.ts): types removed, imports that a later cell
// needs kept, module names resolved to the site's own files, and anything else refused rather than fetched.
import { describe, expect, it } from "vitest";
import { CellError, transpileCell } from "../../lite/src/transpile";

const MODULES = { "kernel-lib": "http://127.0.0.1:1/kl.js", mathjs: "http://127.0.0.1:1/mathjs.js" };

describe("transpileCell", () => {
  it("removes type annotations, interfaces and type-only imports", () => {
    const js = transpileCell('import type { Figure } from "kernel-lib";\ninterface P { x: number }\nconst x: number = 1 as number;\nfunction f(a: P): number { return a.x; }', MODULES);
    expect(js).not.toMatch(/interface|: number|as number|Figure/);
    expect(new Function(`${js}; return f({ x }) + x;`)()).toBe(2);
  });

  it("keeps an import no code in the cell uses (the lesson's import cell) and points it at the site's build", () => {
    const js = transpileCell('import { sigmoid, relu } from "kernel-lib";\nimport * as math from "mathjs";', MODULES);
    expect(js).toContain(`from "${MODULES["kernel-lib"]}"`);
    expect(js).toContain(`from "${MODULES.mathjs}"`);
    expect(js).toMatch(/sigmoid, relu/);
  });

  it("resolves dynamic imports too, and leaves URLs and relative paths alone", () => {
    expect(transpileCell('const k = await import("kernel-lib");', MODULES)).toContain(`import("${MODULES["kernel-lib"]}")`);
    expect(transpileCell('import x from "./local.js";', MODULES)).toContain('"./local.js"');
  });

  it("leaves strings that only look like a module reference alone (lesson 08's labels)", () => {
    const code = 'const parts = ["a", "b"].join(" from ", "\n");\nconst t = "x".replace(" from ", ", ");';
    expect(transpileCell(code, MODULES)).toBe(code);
  });

  it("resolves a multi-line import", () => {
    expect(transpileCell('import {\n  sigmoid,\n  relu,\n} from "kernel-lib";', MODULES)).toContain(`from "${MODULES["kernel-lib"]}"`);
  });

  it("refuses any other module with a message that says what the browser edition offers", () => {
    expect(() => transpileCell('import _ from "lodash";', MODULES)).toThrow(CellError);
    expect(() => transpileCell('import _ from "lodash";', MODULES)).toThrow(/module "lodash" is not available.*kernel-lib and mathjs/);
  });

  it("reports a syntax error as a CellError", () => {
    expect(() => transpileCell("const = 3;", MODULES)).toThrow(CellError);
  });
});
