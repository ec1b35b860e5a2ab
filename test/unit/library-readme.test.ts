/**
 * kernel-lib/README.md is the library's reference, so its examples must be true: every ```ts block runs
 * (TypeScript transpiled by the compiler the project pins, kernel-lib's public API in scope), and every
 * top-level expression statement followed by `// value` must give that value, written as the doc comments
 * write values (test/helpers/doc-examples.ts; strings as they are). Statements that display (`show(…)`,
 * `showFormula(…)` …) carry remarks, not values: they run against recording stand-ins, which check what
 * they were given the way the kernel's display path would (a figure must describe itself, a table must build).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import * as kernel from "../../kernel-lib/src/index";
import { asDocumented, commentShows } from "../helpers/doc-examples";

const README = path.resolve(__dirname, "..", "..", "kernel-lib", "README.md");
const text = readFileSync(README, "utf8");

/** The ```ts blocks, with the line each starts on (for failure messages). */
const blocks = [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => ({
  code: m[1],
  line: text.slice(0, m.index).split("\n").length + 1,
}));

const DISPLAYING = new Set(["show", "showFormula", "showTable", "showMarkdown", "displayBundle"]);

interface Checked {
  expression: string;
  comment: string;
  index: number;
}

/** The block as a program that records each checked statement's value, plus the list of those statements. */
function instrument(code: string): { program: string; checked: Checked[] } {
  const source = ts.createSourceFile("block.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const checked: Checked[] = [];
  const parts: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) continue;
    const statementText = statement.getText(source);
    const lineEnd = code.indexOf("\n", statement.end);
    const trailing = code.slice(statement.end, lineEnd === -1 ? undefined : lineEnd);
    const comment = /^\s*\/\/\s*(.+)$/.exec(trailing)?.[1]?.trim();
    const call = ts.isExpressionStatement(statement) && ts.isCallExpression(statement.expression) ? statement.expression : undefined;
    const displays = call !== undefined && ts.isIdentifier(call.expression) && DISPLAYING.has(call.expression.text);
    if (comment !== undefined && ts.isExpressionStatement(statement) && !displays) {
      const expression = statement.expression.getText(source);
      parts.push(`record(${checked.length}, (${expression}));`);
      checked.push({ expression, comment, index: checked.length });
    } else {
      parts.push(statementText);
    }
  }
  const program = ts.transpileModule(parts.join("\n"), { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None } }).outputText;
  return { program, checked };
}

/** Display functions that do the kernel-independent part of the real ones and keep what they were given. */
function recordingDisplay(shown: unknown[]) {
  return {
    show: (figure: kernel.Figure) => shown.push(kernel.describeFigure(figure)),
    showFormula: (latex: string) => {
      if (typeof latex !== "string" || latex.length === 0) throw new TypeError("showFormula: latex must be a non-empty string");
      shown.push(latex);
    },
    showTable: (rows: Parameters<typeof kernel.tableBundle>[0], options?: Parameters<typeof kernel.tableBundle>[1]) =>
      shown.push(kernel.tableBundle(rows, options)),
    showMarkdown: (markdown: string) => shown.push(markdown),
    displayBundle: (bundle: kernel.MimeBundle) => shown.push(bundle),
  };
}

function runBlock(code: string): { values: Map<number, unknown>; checked: Checked[]; shown: unknown[] } {
  const { program, checked } = instrument(code);
  const values = new Map<number, unknown>();
  const shown: unknown[] = [];
  const scope: Record<string, unknown> = { ...kernel, ...recordingDisplay(shown), record: (i: number, v: unknown) => values.set(i, v) };
  const names = Object.keys(scope);
  new Function(...names, program)(...names.map((n) => scope[n]));
  return { values, checked, shown };
}

const asShown = (value: unknown) => (typeof value === "string" ? value : asDocumented(value));

describe("kernel-lib/README.md: the examples run and give the values they show", () => {
  it("has examples for every part of the library", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    const all = blocks.map((b) => b.code).join("\n");
    for (const name of ["sigmoid", "softmax", "binaryCrossEntropy", "meanSquaredError", "hinge", "show", "sweep", "showTable", "createNetwork", "seededRandom", "exercise"]) {
      expect(all.includes(`${name}(`), `kernel-lib/README.md has no example calling ${name}`).toBe(true);
    }
  });

  it.each(blocks.map((b) => [`block at line ${b.line}`, b] as const))("%s", (_label, block) => {
    const { values, checked } = runBlock(block.code);
    for (const { expression, comment, index } of checked) {
      expect(values.has(index), `${expression} did not run`).toBe(true);
      const shown = asShown(values.get(index));
      expect(commentShows(comment, shown), `README line ~${block.line}: ${expression} gives ${shown}; the README says ${comment}`).toBe(true);
    }
  });

  it("a wrong value in an example is caught (the check can fail)", () => {
    const { values, checked } = runBlock("sigmoid(0); // 0.6\n");
    expect(commentShows(checked[0].comment, asShown(values.get(0)))).toBe(false);
  });
});
