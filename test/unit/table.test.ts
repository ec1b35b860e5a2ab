/** display/table.ts without a kernel: the three text forms and the errors that name the function called. */
import { describe, expect, it } from "vitest";
import { tableBundle } from "../../kernel-lib/src/index";
import { showTable } from "../../kernel-lib/src/display/table";

describe("tableBundle", () => {
  it("writes Markdown, HTML and aligned text with the same cells", () => {
    const t = tableBundle([{ z: 0, "σ(z)": 0.5, note: "a|b" }, { z: -0, "σ(z)": 1 / 3, note: null }], { digits: 3, math: ["note"], caption: "c" });
    expect(t["text/markdown"]).toBe("**c**\n\n| z | σ(z) | note |\n| --- | --- | --- |\n| 0 | 0.5 | $a\\|b$ |\n| -0 | 0.333 |  |");
    expect(t["text/html"]).toBe(
      "<table>\n<caption>c</caption>\n<thead><tr><th>z</th><th>σ(z)</th><th>note</th></tr></thead>\n<tbody>\n" +
        "<tr><td>0</td><td>0.5</td><td>$a|b$</td></tr>\n<tr><td>-0</td><td>0.333</td><td></td></tr>\n</tbody></table>",
    );
    expect(t["text/plain"]).toBe("c\nz   σ(z)   note\n--  -----  ----\n0   0.5    a|b\n-0  0.333");
  });

  it.each([
    [() => tableBundle("x" as never), TypeError, /^tableBundle: rows must be an array of objects .*got "x" \(a string\)$/],
    [() => tableBundle([]), RangeError, /^tableBundle: rows is empty; it needs at least one row$/],
    [() => tableBundle([{ a: 1 }, 3] as never), TypeError, /^tableBundle: rows\[1\] must be an object .*got 3$/],
    [() => tableBundle([{ a: 1 }], { digits: 0 }), RangeError, /^tableBundle: options\.digits must be a whole number from 1 to 21, got 0$/],
    [() => tableBundle([{ a: 1 }], { columns: "a" as never }), TypeError, /^tableBundle: options\.columns must be an array of column names/],
    [() => tableBundle([{ a: 1 }], null as never), TypeError, /^tableBundle: options must be an object/],
    [() => showTable([]), RangeError, /^showTable: rows is empty/],
    [() => showTable([{ a: 1 }], { math: [1] as never }), TypeError, /^showTable: options\.math must be an array of column names/],
  ])("bad input %#: a named error", (run, errorClass, message) => {
    expect(run).toThrow(errorClass);
    expect(run).toThrow(message);
  });
});
