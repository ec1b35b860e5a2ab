/**
 * One cell's TypeScript → the JavaScript the JupyterLite JavaScript kernel runs. Types are stripped by
 * sucrase (45 KB gzipped, against 1.4 MB for the TypeScript compiler): nothing is type-checked, as on
 * Deno's kernel. The kernel itself then hoists top-level declarations to the global scope, so a later
 * cell sees them and re-running a `const` cell works.
 *
 * Module names are resolved here, never by the kernel: left bare, it would fetch them from a public CDN.
 * The site ships kernel-lib and mathjs (one copy, shared); any other module is an error that says so.
 *
 * Two more rewrites, each keeping every line of the cell on its own line number (a traceback then names the
 * student's lines, kernel.ts):
 * - static imports become `const { … } = await import("…")` on the same lines (the kernel's own rewrite
 *   adds a line per import);
 * - the cell's last expression statement is passed to the prelude's printer (PRINT_LAST), which prints its
 *   value as tslab does: `console.log(value)` unless it is null or undefined, Node's inspect format, as
 *   text. The kernel's own handling showed a JSON tree and broke on a parenthesised last expression
 *   (`({a: 1})`: it cut the expression out of its parentheses).
 */
import { transform } from "sucrase";
import { PRINT_LAST } from "./names";
// @ts-ignore: sucrase's parser has no type declarations under this path (dist/types has them); the shape used is below.
import { parse as sucraseParse } from "sucrase/dist/parser";
// @ts-ignore: as above.
import { TokenType } from "sucrase/dist/parser/tokenizer/types";

interface Token {
  type: number;
  start: number;
  end: number;
}
const parse = sucraseParse as (code: string, jsx: boolean, ts: boolean, flow: boolean) => { tokens: Token[] };
const tt = TokenType as Record<string, number>;

export class CellError extends Error {
  constructor(message: string, name = "SyntaxError") {
    super(message);
    this.name = name;
  }
}

/** Where a cell's last expression was moved right by the printer's call, for tracebacks: on line `line`
 * (1-based), columns from `column` on (1-based, as in a stack frame) are `shift` too high. */
export interface ColumnShift {
  line: number;
  column: number;
  shift: number;
}

export interface Transpiled {
  code: string;
  shift?: ColumnShift;
}

// `import … from "x"` and `export … from "x"` (statements: at a line's start, so a string such as
// `" from "` in code is never taken for one), `import "x"`, and `import("x")`.
const MODULE_REFERENCES = [
  /^(\s*(?:import|export)\b[^;]*?\bfrom\s*)(["'])([^"'\n]+)\2/gm,
  /^(\s*import\s*)(["'])([^"'\n]+)\2/gm,
  /(\bimport\s*\(\s*)(["'])([^"'\n]+)\2/g,
];

/** `modules` maps a bare module name to the URL of its browser build. */
export function transpileCell(code: string, modules: Record<string, string>): string {
  return transpile(code, modules).code;
}

export function transpile(code: string, modules: Record<string, string>): Transpiled {
  let js: string;
  try {
    js = transform(code, {
      transforms: ["typescript"],
      // An import used only by a later cell must stay: the kernel makes its names global.
      keepUnusedImports: true,
      // The browser runs modern JavaScript itself; only the types go.
      disableESTransforms: true,
    }).code;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CellError(message);
  }
  const resolve = (whole: string, before: string, quote: string, name: string) => {
    if (/^(?:[a-z][a-z\d+.-]*:|\/|\.\.?\/)/i.test(name)) return whole;
    const url = modules[name];
    if (!url) {
      throw new CellError(
        `Cannot find module "${name}": the browser edition offers only ${Object.keys(modules).join(" and ")} ` +
          "and fetches nothing from the internet. Run the lesson in JupyterLab (npm start) for other modules.",
        "ModuleNotFoundError",
      );
    }
    return `${before}${quote}${url}${quote}`;
  };
  js = MODULE_REFERENCES.reduce((code, pattern) => code.replace(pattern, resolve), js);
  return printLastValue(dynamicImports(js));
}

// A static import statement at a line's start: its clause (default, `* as ns`, `{ … }` or a default and
// one of those) and its source, which is a URL by now.
const STATIC_IMPORT = /^([ \t]*)import\s*((?:[\w$]+\s*,?\s*)?(?:\*\s*as\s+[\w$]+|\{[^}]*\})?)\s*from\s*(["'][^"'\n]+["'])[ \t]*;?|^([ \t]*)import\s*(["'][^"'\n]+["'])[ \t]*;?/gm;

/** Static imports → `const … = await import(…)`, each on the lines the import was on. */
function dynamicImports(js: string): string {
  return js.replace(STATIC_IMPORT, (whole, indent, clause: string | undefined, source, bareIndent, bareSource) => {
    if (bareSource) return `${bareIndent}await import(${bareSource});`;
    const match = /^([\w$]+)?\s*,?\s*(?:\*\s*as\s+([\w$]+)|\{([^}]*)\})?\s*$/.exec(clause ?? "");
    if (!match) return whole;
    const [, defaultName, namespace, named] = match;
    // Newlines inside the clause are kept, so the lines after the import keep their numbers.
    const newlines = "\n".repeat((whole.match(/\n/g) ?? []).length - (named?.match(/\n/g) ?? []).length);
    const load = `await import(${source})`;
    if (namespace) {
      return `${indent}const ${namespace} = ${load}${defaultName ? `, { default: ${defaultName} } = ${namespace}` : ""};${newlines}`;
    }
    const names = [
      ...(defaultName ? [`default: ${defaultName}`] : []),
      ...(named !== undefined && named.trim() ? [named.replace(/([\w$]+)\s+as\s+([\w$]+)/g, "$1: $2").replace(/,(\s*)$/, "$1")] : []),
    ];
    if (names.length === 0) return `${indent}${load};${newlines}`;
    return `${indent}const { ${names.join(", ")} } = ${load};${newlines}`;
  });
}

const parses = (code: string) => {
  try {
    parse(code, false, false, false);
    return true;
  } catch {
    return false;
  }
};

const OPENERS = new Set([tt.parenL, tt.bracketL, tt.braceL, tt.dollarBraceL]);
const CLOSERS = new Set([tt.parenR, tt.bracketR, tt.braceR]);
// Tokens that start an expression but, after a line break, continue the previous statement instead.
const CONTINUES = new Set([tt.parenL, tt.bracketL, tt.backQuote, tt.plus, tt.minus, tt.plusMin, tt.slash, tt.regexp]);

// sucrase's parser accepts some statements inside parentheses; the expression must not start like one.
const DECLARATION_OR_STATEMENT =
  /^(?:\{|(?:function|class|async\s+function|throw|return|if|else|for|while|do|switch|try|var|let|const|export|break|continue|debugger|with)\b|import\b(?!\s*[(.]))/;

/**
 * The last statement, if it is an expression (an assignment too, as in tslab; not a declaration), wrapped as
 * `globalThis[Symbol.for(PRINT_LAST)]((…));`: the prelude prints its value. Found with sucrase's tokens:
 * a statement starts at the cell's start, after a `;` or a `}` at the top level, or on a new line; the
 * last statement is the earliest such start whose rest is one expression and whose beginning is a
 * whole program. If in doubt, nothing is wrapped (and nothing printed).
 */
function printLastValue(js: string): Transpiled {
  let tokens: Token[];
  try {
    tokens = parse(js, false, false, false).tokens.filter((t) => t.type !== tt.eof);
  } catch {
    return { code: js };
  }
  if (tokens.length === 0) return { code: js };
  let end = tokens.length; // the expression's tokens are [start, end)
  if (tokens[end - 1].type === tt.semi) end--;
  const candidates: number[] = [];
  let depth = 0;
  const templates: number[] = [];
  for (let i = 0; i < end; i++) {
    const token = tokens[i];
    if (depth === 0 && templates.length === 0) {
      const previous = tokens[i - 1];
      if (previous?.type === tt.semi) candidates.length = 0; // the statement cannot reach back past a `;`
      const newLine = previous !== undefined && /[\n\r\u2028\u2029]/.test(js.slice(previous.end, token.start));
      if (!previous || previous.type === tt.semi || ((newLine || previous.type === tt.braceR) && !CONTINUES.has(token.type))) candidates.push(i);
    }
    if (token.type === tt.backQuote) {
      if (templates.length > 0 && templates[templates.length - 1] === depth) templates.pop();
      else templates.push(depth);
    } else if (OPENERS.has(token.type)) depth++;
    else if (CLOSERS.has(token.type)) depth = Math.max(0, depth - 1);
  }
  if (end === 0) return { code: js };
  const stop = tokens[end - 1].end;
  for (const i of candidates) {
    const from = tokens[i].start;
    const expression = js.slice(from, stop);
    if (DECLARATION_OR_STATEMENT.test(expression)) continue;
    if (!parses(`(${expression}\n)`) || !parses(js.slice(0, from))) continue;
    const call = `globalThis[Symbol.for(${JSON.stringify(PRINT_LAST)})]((`;
    const rest = js.slice(stop).replace(/^(\s*);/, "$1");
    const before = js.slice(0, from);
    const line = (before.match(/\n/g) ?? []).length + 1;
    const column = from - (before.lastIndexOf("\n") + 1) + 1;
    return { code: `${before}${call}${expression}));${rest}`, shift: { line, column, shift: call.length } };
  }
  // Not found: an ending `;` keeps the kernel from taking a last expression itself (it would show it as a
  // JSON tree, and cut a parenthesised one out of its parentheses).
  return { code: tokens[tokens.length - 1].type === tt.semi || tokens[tokens.length - 1].type === tt.braceR ? js : `${js}\n;` };
}
