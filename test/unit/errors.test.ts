/** core/errors.ts: kernel-lib's input errors keep class and message and carry only the caller's frames. */
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { callerFrames, inputError, setCallerFrameRewriter } from "../../kernel-lib/src/core/errors";
import { sourcePosition, tokenize } from "../../kernel-lib/src/display/cell-lines";
import { softmax } from "../../kernel-lib/src/index";

const LIBRARY = path.resolve(__dirname, "..", "..", "kernel-lib", "src");

function callerOfSoftmax(): Error {
  try {
    softmax("x" as never);
  } catch (e) {
    return e as Error;
  }
  throw new Error("softmax did not throw");
}

describe("inputError", () => {
  afterEach(() => {
    delete process.env.KERNEL_LIB_FULL_STACKS;
  });

  it("keeps the class and the message; the stack starts with them", () => {
    const e = inputError(RangeError, "f: x must be finite, got NaN");
    expect(e).toBeInstanceOf(RangeError);
    expect(e.constructor).toBe(RangeError);
    expect(e.message).toBe("f: x must be finite, got NaN");
    expect(e.stack?.split("\n")[0]).toBe("RangeError: f: x must be finite, got NaN");
  });

  it("drops kernel-lib's frames and keeps the caller's, named", () => {
    const e = callerOfSoftmax();
    const frames = e.stack!.split("\n").slice(1);
    expect(frames.length).toBeGreaterThan(0);
    expect(frames[0]).toMatch(/at callerOfSoftmax .*errors\.test\.ts:\d+:\d+/);
    for (const frame of frames) expect(frame).not.toContain(LIBRARY + path.sep);
  });

  it("ignores only the vm's prepending of the throwing line inside kernel-lib; other stack changes are kept", () => {
    const e = callerOfSoftmax();
    const original = e.stack!;
    e.stack = `${path.join(LIBRARY, "core", "validate.ts")}:111\n    throw inputError(TypeError, …);\n    ^\n\n${original}`;
    expect(e.stack).toBe(original);
    e.stack = `somewhere/else.js:1\n^\n\n${original}`;
    expect(e.stack).toBe(`somewhere/else.js:1\n^\n\n${original}`);
    e.stack = "replaced";
    expect(e.stack).toBe("replaced");
  });

  it("KERNEL_LIB_FULL_STACKS=1 keeps every frame, for debugging kernel-lib", () => {
    process.env.KERNEL_LIB_FULL_STACKS = "1";
    const e = callerOfSoftmax();
    expect(e.stack).toContain(LIBRARY + path.sep);
  });
});

describe("callerFrames", () => {
  const lib = path.join(LIBRARY, "network", "network.ts");
  it("drops a built-in that kernel-lib called and keeps one the caller called", () => {
    const frames = [
      `    at requireRow (${lib}:10:5)`,
      "    at Array.map (<anonymous>)",
      `    at Network.predict (${lib}:20:5)`,
      "    at student (cell.ts:3:1)",
      "    at Array.forEach (<anonymous>)",
      "    at cell.ts:1:1",
      "    at Script.runInThisContext (node:vm:135:14)",
    ];
    expect(callerFrames(frames)).toEqual(["    at student (cell.ts:3:1)", "    at Array.forEach (<anonymous>)", "    at cell.ts:1:1"]);
  });
});

describe("setCallerFrameRewriter", () => {
  afterEach(() => setCallerFrameRewriter(undefined));

  it("rewrites the caller's frames, only when the stack is read", () => {
    let calls = 0;
    setCallerFrameRewriter((frames) => () => {
      calls++;
      return frames.map((frame) => frame.replace(/\(.*\)$/, "(cell [7]:2:3)"));
    });
    const e = callerOfSoftmax();
    expect(calls).toBe(0);
    const lines = e.stack!.split("\n");
    expect(calls).toBe(1);
    expect(lines[0]).toMatch(/^TypeError: softmax: z must be/);
    expect(lines[1]).toBe("    at callerOfSoftmax (cell [7]:2:3)");
    void e.stack;
    expect(calls).toBe(1);
  });
});

describe("cell-lines: a compiled position back to the cell's line and column", () => {
  // What tslab 1.0.22 compiles the cell to (node_modules/tslab/dist/converter.js and executor.js), by hand.
  const source = ["function averageError(): number {", "  // why", "", "  return meanSquaredError([1, 2], [1]);", "}", "", "averageError();"].join("\n");
  const compiled = [
    '(function(exports, require) { Object.defineProperty(exports, "__esModule", { value: true });',
    "exports.averageError = exports.tsLastExpr = void 0;",
    "function averageError() {",
    "    return exports.meanSquaredError([1, 2], [1]);",
    "}",
    "exports.averageError = averageError;",
    "exports.tsLastExpr = averageError();",
    "})(__tslab__.exports, __tslab__.require)",
  ].join("\n");

  it("maps a call inside a function past the removed comment and blank line", () => {
    // `meanSquaredError` in "    return exports.meanSquaredError(" starts at column 20 of compiled line 4.
    expect(sourcePosition(compiled, source, 4, 20)).toEqual({ line: 4, column: 10 });
  });

  it("maps the top-level call to the call, not to tslab's `exports.averageError = averageError` copy", () => {
    expect(sourcePosition(compiled, source, 7, 22)).toEqual({ line: 7, column: 1 });
  });

  it("tokenizes without comments and keeps strings whole", () => {
    expect(tokenize('f("a b", `c ${d}`); // e').map((t) => t.text)).toEqual(["f", "(", '"a b"', ",", "`c ${d}`", ")", ";"]);
  });
});
