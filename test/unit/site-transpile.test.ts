// The browser kernel's cell transpiler (lite/src/transpile.ts): types removed, imports that a later cell
// needs kept, module names resolved to the site's own files, and anything else refused rather than fetched.
import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { serveSite } from "../../tools/node/site-server.mjs";
// @ts-ignore: plain JavaScript (tools/node has no build step).
import { readSiteOptions } from "../../tools/node/bench/site.mjs";
import { CellError, transpile, transpileCell } from "../../lite/src/transpile";
import { DEFAULT_PLACE, cellTraceback, probePosition } from "../../lite/src/traceback";
import { NOTE, startupNote, makeTypeScriptKernel, type JavaScriptKernelLike } from "../../lite/src/kernel";
import { install } from "../../lite/src/prelude";

const MODULES = { "kernel-lib": "http://127.0.0.1:1/kl.js", mathjs: "http://127.0.0.1:1/mathjs.js" };

describe("transpileCell", () => {
  it("removes type annotations, interfaces and type-only imports", () => {
    const js = transpileCell('import type { Figure } from "kernel-lib";\ninterface P { x: number }\nconst x: number = 1 as number;\nfunction f(a: P): number { return a.x; }', MODULES);
    expect(js).not.toMatch(/interface|: number|as number|Figure/);
    expect(new Function(`${js}; return f({ x }) + x;`)()).toBe(2);
  });

  it("keeps an import no code in the cell uses (the lesson's import cell) and points it at the site's build", () => {
    // (as a dynamic import the kernel leaves alone: its own rewrite adds a line per import, transpile.ts)
    const js = transpileCell('import { sigmoid, relu } from "kernel-lib";\nimport * as math from "mathjs";', MODULES);
    expect(js).toContain(`import("${MODULES["kernel-lib"]}")`);
    expect(js).toContain(`import("${MODULES.mathjs}")`);
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
    expect(transpileCell('import {\n  sigmoid,\n  relu,\n} from "kernel-lib";', MODULES)).toContain(`import("${MODULES["kernel-lib"]}")`);
  });

  it("refuses any other module with a message that says what the browser edition offers", () => {
    expect(() => transpileCell('import _ from "lodash";', MODULES)).toThrow(CellError);
    expect(() => transpileCell('import _ from "lodash";', MODULES)).toThrow(/Cannot find module "lodash".*kernel-lib and mathjs/);
  });

  it("reports a syntax error as a CellError", () => {
    expect(() => transpileCell("const = 3;", MODULES)).toThrow(CellError);
  });
});

// A cell's last expression: printed as tslab prints it (console.log of the value, Node's inspect format,
// as text), never cut out of its parentheses; the lines of the cell keep their numbers.
describe("transpile: the cell's last value", () => {
  const printed = (code: string) => {
    const lines: string[] = [];
    const scope = { console: { log: (text: string) => lines.push(text), error: () => {} }, display: () => {} } as unknown as Parameters<typeof install>[0];
    install(scope);
    const js = transpile(code, MODULES).code;
    new Function("globalThis", js)(scope);
    return lines;
  };

  it("prints an array as Node's inspect does, as text", () => {
    expect(printed("[1, 2, 3].map((x) => x * 2)")).toEqual(["[ 2, 4, 6 ]"]);
  });

  it("prints a parenthesised object literal (the kernel cut its parentheses off: SyntaxError)", () => {
    expect(printed("({a: 1})")).toEqual(["{ a: 1 }"]);
    expect(printed("const o = { b: [1, 'x'] };\n(o)")).toEqual(["{ b: [ 1, 'x' ] }"]);
  });

  it("prints nothing for undefined or null, or when the cell ends with a declaration", () => {
    expect(printed("undefined")).toEqual([]);
    expect(printed("null")).toEqual([]);
    expect(printed("function f() { return 1; }")).toEqual([]);
    expect(printed("const y = 2;")).toEqual([]);
  });

  it("takes only the last statement, with or without semicolons", () => {
    expect(printed("const a = 2\nconst b = 3\na * b // six")).toEqual(["6"]);
    expect(printed("let s = 0;\nfor (const v of [1, 2]) s += v;\ns;")).toEqual(["3"]);
    // A line starting with `[` continues the line before it (no statement of its own).
    expect(transpile("const a = [[1]]\n[0]", MODULES).code).not.toContain("print-last");
  });

  it("keeps every line's number: imports become dynamic on their own lines", () => {
    const code = 'import {\n  sigmoid,\n  relu as r,\n} from "kernel-lib";\nimport * as math from "mathjs";\nconst x = 1;\nthrow new Error("line 7");';
    const js = transpile(code, MODULES).code;
    expect(js.split("\n")).toHaveLength(code.split("\n").length);
    expect(js.split("\n")[6]).toBe('throw new Error("line 7");');
    expect(js).toContain(`const math = await import("${MODULES.mathjs}");`);
    expect(js).toMatch(/const \{[^}]*sigmoid,\s*relu: r\s*\} = await import\("http:\/\/127\.0\.0\.1:1\/kl\.js"\);/);
    expect(js).not.toMatch(/^\s*import\s/m);
  });
});

// Chrome's stack of a cell run by the JavaScript kernel 0.4.0a5, as its cleanStackTrace passes it on.
const KERNEL_SCRIPT = "http://127.0.0.1:8765/lite/extensions/@jupyterlite/javascript-kernel-extension/static/507.64d42de71c5569c9.js";
const at = (line: number, column: number, name = "eval") =>
  `    at ${name} (eval at _createScopedFunction (${KERNEL_SCRIPT}:2:18421), <anonymous>:${line}:${column})`;

describe("cellTraceback: a student's error as tslab shows it", () => {
  it("names the cell's frames with the cell's own lines, and drops the kernel's", () => {
    const traceback = [["TypeError: Cannot read properties of undefined (reading 'x')", at(8, 20, "f"), at(7, 1), "    at Array.map (<anonymous>)"].join("\n")];
    const [text] = cellTraceback(traceback, { lines: 5, firstLineColumns: 6 });
    expect(text).toBe(["TypeError: Cannot read properties of undefined (reading 'x')", "    at f (cell:3:20)", "    at cell:2:1"].join("\n"));
    expect(text).not.toMatch(/http|_createScopedFunction|eval/);
  });

  it("undoes the last expression's move to the right (transpile's shift)", () => {
    const { shift } = transpile("const a = 1;\nnotDefined + a", MODULES);
    expect(shift).toBeDefined();
    const [text] = cellTraceback([["ReferenceError: notDefined is not defined", at(7, 1 + shift!.shift)].join("\n")], { lines: 5, firstLineColumns: 6 }, shift);
    expect(text.split("\n")[1]).toBe("    at cell:2:1");
    // The cell's first line is indented in the kernel's wrapper.
    const [first] = cellTraceback([["TypeError: x", at(6, 6 + 6)].join("\n")], { lines: 5, firstLineColumns: 6 });
    expect(first.split("\n")[1]).toBe("    at cell:1:6");
  });

  it("reads where the wrapper puts a cell from a probe's stack", () => {
    expect(probePosition(`Error\n${at(6, 47)}\n    at l.execute (${KERNEL_SCRIPT}:2:9)`)).toEqual({ line: 6, column: 47 });
  });
});

/** A stand-in for JupyterLite's JavaScript kernel: what makeTypeScriptKernel calls, recorded. */
function fakeKernel(run: (code: string, kernel: JavaScriptKernelLike) => Record<string, unknown>) {
  const published: { type: string; bundle?: any }[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  const notes: string[] = [];
  const kernel: JavaScriptKernelLike = {
    ready: Promise.resolve(),
    executionCount: 1,
    parentHeader: { msg_id: "cell" },
    runtimeBackend: {
      async execute() {
        // The prelude's run: its probe's value comes back as the result (a string, quoted as the kernel does):
        // here a wrapper of 8 lines above the cell (the real one has 5), its first line indented by 6.
        kernel.processRuntimeMessage({ type: "execute_result", bundle: { data: { "text/plain": `'Error\n${at(9, 54)}'` } } });
        return { status: "ok" };
      },
    },
    async executeRequest(content) {
      return run(content.code, kernel);
    },
    async kernelInfoRequest() {
      return {};
    },
    processRuntimeMessage(message) {
      published.push(message);
    },
    publishExecuteError(content) {
      published.push({ type: "execute_error", bundle: content });
    },
  };
  const assets = { modules: MODULES, prelude: "http://127.0.0.1:1/prelude.js", language: { name: "typescript", displayName: "TS", info: {} }, notify: (m: string) => notes.push(m) };
  return { kernel: makeTypeScriptKernel(kernel, assets), published, notes };
}

describe("the browser kernel's errors", () => {
  const throwing = (_code: string, kernel: JavaScriptKernelLike) => {
    const bundle = { ename: "Error", evalue: "boom", traceback: [`Error: boom\n${at(10, 9)}`] };
    kernel.processRuntimeMessage({ type: "execute_error", bundle });
    return { status: "error", ...bundle };
  };

  it("shows the cell's line numbers, measured by the prelude's probe", async () => {
    const { kernel, published } = fakeKernel(throwing);
    const reply = await kernel.executeRequest({ code: "const a = 1;\nthrow new Error('boom');" });
    expect(reply.traceback).toEqual(["Error: boom\n    at cell:2:9"]);
    expect(cellTraceback(["Error: boom\n" + at(6, 13)], DEFAULT_PLACE)).toEqual(["Error: boom\n    at cell:1:7"]);
    const error = published.find((m) => m.type === "execute_error")!;
    expect(error.bundle.traceback[0]).toBe("Error: boom\n    at cell:2:9");
    // The probe's own result is not published anywhere.
    expect(published.filter((m) => m.type === "execute_result")).toEqual([]);
  });

  it("says at the session's first error, and only there, that cells are not type-checked and how to stop a cell", async () => {
    const { kernel, published, notes } = fakeKernel(throwing);
    await kernel.executeRequest({ code: "x" });
    await kernel.executeRequest({ code: "x" });
    const errors = published.filter((m) => m.type === "execute_error").map((m) => m.bundle.traceback.join("\n"));
    expect(errors[0]).toContain(NOTE);
    expect(errors[1]).not.toContain(NOTE);
    expect(NOTE).toMatch(/not type-checked.*Kernel → Restart Kernel/);
    // The start-up status line: one, outside every cell's output.
    expect(notes).toEqual([startupNote("TS")]);
    expect(notes[0]).toMatch(/^TS: cells are not type-checked. A cell that never ends: Kernel → Restart Kernel\.$/);
  });

  it("prints nothing extra for a cell that runs without error", async () => {
    const { kernel, published } = fakeKernel(() => ({ status: "ok" }));
    await kernel.executeRequest({ code: "const ok = 1;" });
    expect(published).toEqual([]);
  });

  it("reports a module the site does not ship by its name and what the site offers, not as a SyntaxError", async () => {
    const { kernel, published } = fakeKernel(() => ({ status: "ok" }));
    const reply = await kernel.executeRequest({ code: 'import _ from "lodash";' });
    expect(reply.ename).not.toBe("SyntaxError");
    expect(reply.ename).toBe("ModuleNotFoundError");
    expect(String(reply.evalue)).toMatch(/Cannot find module "lodash".*kernel-lib and mathjs/);
    expect(published[0].bundle.ename).toBe("ModuleNotFoundError");
  });
});

// The site's static server (tools/node/site-server.mjs): validators on every file and 304 for a file the
// browser already holds, so a second visit does not download the app again.
describe("serveSite: conditional requests", () => {
  it("sends Last-Modified and an ETag, and answers 304 when either still matches", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "site-server-"));
    writeFileSync(path.join(dir, "index.html"), "<p>hi</p>");
    const server = await serveSite(dir, 0);
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/index.html`;
    try {
      const first = await fetch(url);
      expect(first.status).toBe(200);
      expect(await first.text()).toBe("<p>hi</p>");
      const etag = first.headers.get("etag");
      const lastModified = first.headers.get("last-modified");
      expect(etag).toBeTruthy();
      expect(lastModified).toBeTruthy();
      expect((await fetch(url, { headers: { "if-none-match": etag! } })).status).toBe(304);
      expect((await fetch(url, { headers: { "if-modified-since": lastModified! } })).status).toBe(304);
      // A changed file is sent again.
      writeFileSync(path.join(dir, "index.html"), "<p>hello</p>");
      utimesSync(path.join(dir, "index.html"), new Date(), new Date(Date.now() + 5000));
      const changed = await fetch(url, { headers: { "if-none-match": etag!, "if-modified-since": lastModified! } });
      expect(changed.status).toBe(200);
      expect(await changed.text()).toBe("<p>hello</p>");
    } finally {
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// `npm run bench -- --site`: its options (the benchmark itself builds and serves the site: not in npm test).
describe("bench --site options", () => {
  it("defaults to lessons 01, 05 and 12 with tslab's Run All, and refuses an unknown flag", () => {
    expect(readSiteOptions(["--site"])).toEqual({ lessonArgs: ["01", "05", "12"], tslab: true, jsonFile: undefined });
    expect(readSiteOptions(["--site", "03", "--no-tslab", "--json", "n.json"])).toEqual({ lessonArgs: ["03"], tslab: false, jsonFile: "n.json" });
    expect(() => readSiteOptions(["--site", "--fast"])).toThrow(/unknown option --fast/);
  });
});
