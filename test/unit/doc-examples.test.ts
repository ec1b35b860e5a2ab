/**
 * The examples in kernel-lib's doc comments (what hovering a name in a notebook shows) are run: every
 * `@example` line written `expression; // value` must produce that value. Lines before it that declare
 * (`const random = …;`) run first; lines without a `// value` comment are illustrations and are not run.
 */
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import * as kernel from "../../kernel-lib/src/index";
import { formatValue } from "../../kernel-lib/src/core/format";

const INDEX = path.resolve(__dirname, "..", "..", "kernel-lib", "src", "index.ts");
const program = ts.createProgram([INDEX], { noEmit: true, skipLibCheck: true, types: [], target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS });
const checker = program.getTypeChecker();
const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(INDEX)!)!);

/** A value as the doc comments write it: Float64Array [0.5, 0.5], [Float64Array […], …], "text", ["a", "b"]. */
export function asDocumented(value: unknown): string {
  if (value instanceof Float64Array) return `Float64Array [${Array.from(value, (v) => formatValue(v)).join(", ")}]`;
  if (Array.isArray(value)) return `[${value.map(asDocumented).join(", ")}]`;
  return formatValue(value);
}

interface Example {
  name: string;
  setup: string[];
  expression: string;
  expected: string;
}

const EXAMPLE_LINE = /^(.+?);\s*\/\/\s*(.+)$/;
const examples: Example[] = [];
for (const symbol of exported) {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  for (const tag of target.getJsDocTags(checker).filter((t) => t.name === "example")) {
    const setup: string[] = [];
    for (const raw of ts.displayPartsToString(tag.text).split("\n")) {
      const line = raw.trim();
      const match = EXAMPLE_LINE.exec(line);
      if (match) examples.push({ name: symbol.name, setup: [...setup], expression: match[1], expected: match[2] });
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
    // The comment starts with the value; a remark may follow in parentheses or after a colon.
    const rest = expected.startsWith(shown) ? expected.slice(shown.length) : undefined;
    expect(rest !== undefined && (rest === "" || /^( \(|:)/.test(rest)), `${example.expression} gives ${shown}; the comment says ${expected}`).toBe(true);
  });
});
