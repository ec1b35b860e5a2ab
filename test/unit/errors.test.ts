/** core/errors.ts: kernel-lib's input errors keep class and message and carry only the caller's frames. */
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { inputError } from "../../kernel-lib/src/core/errors";
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
