/** core/format.ts: the one value formatter and the one HTML escape every output uses. */
import { describe, expect, it } from "vitest";
import { escapeHtml, formatValue } from "../../kernel-lib/src/core/format";
import { tableBundle } from "../../kernel-lib/src/index";

describe("formatValue", () => {
  it("writes values as they read in code by default", () => {
    expect(formatValue(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(formatValue(-0)).toBe("-0");
    expect(formatValue(NaN)).toBe("NaN");
    expect(formatValue(-Infinity)).toBe("-Infinity");
    expect(formatValue("abc")).toBe('"abc"');
    expect(formatValue("")).toBe('""');
    expect(formatValue(null)).toBe("null");
    expect(formatValue(undefined)).toBe("undefined");
    expect(formatValue(true)).toBe("true");
    expect(formatValue([1, "2", -0])).toBe('[1, "2", -0]');
    expect(formatValue(new Float64Array([0.5, 2]))).toBe("[0.5, 2]");
    expect(formatValue([[1, 2], [3]])).toBe("[[1, 2], [3]]");
    expect(formatValue(new RangeError("softmax: z is empty"))).toBe("RangeError: softmax: z is empty");
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
  });

  it("shortens long arrays after maxItems entries", () => {
    expect(formatValue(Array.from({ length: 10 }, (_, i) => i))).toBe("[0, 1, 2, 3, 4, 5, 6, 7, …]");
    expect(formatValue([1, 2, 3], { maxItems: 2 })).toBe("[1, 2, …]");
  });

  it("rounds to significant digits when asked", () => {
    expect(formatValue(Math.PI, { digits: 4 })).toBe("3.142");
    expect(formatValue(123456, { digits: 2 })).toBe("120000");
    expect(formatValue(-1e-20, { digits: 3 })).toBe("-1e-20");
    expect(formatValue(Infinity, { digits: 3 })).toBe("Infinity");
  });

  it("table style: strings as they are, missing values empty", () => {
    expect(formatValue("σ(z)", { style: "table" })).toBe("σ(z)");
    expect(formatValue(null, { style: "table" })).toBe("");
    expect(formatValue(undefined, { style: "table" })).toBe("");
    expect(formatValue(2 / 3, { style: "table", digits: 3 })).toBe("0.667");
  });

  it("cyclic objects do not throw", () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(formatValue(a)).toBe("[object Object]");
  });
});

describe("escapeHtml", () => {
  it("escapes the four characters that matter in elements and double-quoted attributes", () => {
    expect(escapeHtml(`a < b & "c" > 'd'`)).toBe("a &lt; b &amp; &quot;c&quot; &gt; 'd'");
    expect(escapeHtml("σ′(z) — plain")).toBe("σ′(z) — plain");
    // Escaping is not idempotent on purpose: an entity in the text is shown as typed.
    expect(escapeHtml("&amp;")).toBe("&amp;amp;");
  });

  it("is what tables use", () => {
    const html = tableBundle([{ a: "x < y", b: "it's" }])["text/html"];
    expect(html).toContain("<td>x &lt; y</td><td>it's</td>");
  });
});
