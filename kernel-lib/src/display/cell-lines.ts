/**
 * Line numbers a student can find in the cell. tslab compiles a cell's TypeScript to CommonJS, wraps it in
 * `(function(exports, require) { … })(…)` and runs it with node:vm, so V8 reports positions in that
 * compiled text: blank lines, comments and type-only lines are gone, and tslab adds lines of its own
 * (`Object.defineProperty(exports, "__esModule", …)`, `exports.x = void 0;`, `exports.x = x;`). The offset is
 * therefore not constant (measured: cell line 1 reported as :3:42, line 3 as :6:46).
 *
 * On tslab this module records each cell's source (from the execute request) and the compiled script
 * (from vm.runInThisContext), and maps a compiled position back to the source by aligning the two token
 * sequences (a longest common subsequence: tslab only inserts tokens such as `exports.` and deletes types,
 * it never reorders). core/errors.ts calls it for the frames it keeps, which then read
 *
 *   at averageError (cell [4]:3:10)
 *
 * with "[4]" the prompt JupyterLab shows beside the cell. Any other error that escapes a cell (a student's
 * typo, an exception thrown inside a function the student passed to kernel-lib) is tidied the same way as
 * it leaves the script: the message and the student's frames, without tslab's, Node's or kernel-lib's, and
 * without the compiled line Node's vm prints above it. Deno's kernel tells JavaScript nothing about the
 * cell's source, so there (and in plain Node) frames are left as they are.
 */
import { callerFrames, setCallerFrameRewriter } from "../core/errors";

interface Token {
  text: string;
  line: number;
  column: number;
}

interface CellRecord {
  count: number;
  source: string;
  compiled?: string;
  /** compiled token index → source token index (-1 when tslab inserted it); computed on first use. */
  alignment?: { compiled: Token[]; source: Token[]; match: Int32Array };
}

const TSLAB_JUPYTER = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;
/** The first line tslab's executor puts before a cell's compiled code (executor.js, `execute`). */
const TSLAB_WRAPPER = /^\(?(async )?function\(exports, require\) \{ /;
/** Frames of tslab's executor and Node's vm under every cell. */
const TSLAB_FRAME = /[\\/]tslab[\\/]dist[\\/]|\(node:|^\s+at node:/;
const CELL_FRAME = /^(\s+at )(?:(.+) \()?evalmachine\.<anonymous>:(\d+):(\d+)\)?$/;
/**
 * vm.runInThisContext as tslab calls it, with the cell's compiled code recorded first and an error leaving
 * the cell tidied (see install()). Plain JavaScript, compiled at install. A cell with a top-level await
 * returns its promise: what it rejects with is tidied too.
 */
const WRAPPER = `(function (original, isCell, tidy) {
  return function runInThisContext(code, options) {
    if (!isCell(code)) return original.call(this, code, options);
    try {
      const result = original.call(this, code, options);
      if (/^\\(async /.test(code) && result instanceof Promise) return result.then(undefined, (error) => Promise.reject(tidy(error)));
      return result;
    } catch (error) {
      throw tidy(error);
    }
  };
})`;
/** Enough cells for a lesson; older cells' frames keep tslab's numbers. */
const KEPT_CELLS = 300;
/** Past this many tokens a cell is not aligned (the table would need too much memory). */
const MAX_TOKENS = 2500;

const TOKEN =
  /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|`(?:\\[\s\S]|[^\\`])*`|"(?:\\.|[^\\"\n])*"|'(?:\\.|[^\\'\n])*'|[A-Za-z_$][\w$]*|\d[\w.]*|[\s\S]/g;

/** The tokens of a cell (TypeScript or compiled JavaScript): words, literals and single punctuation marks. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let lineStart = 0;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match !== null; match = TOKEN.exec(text)) {
    const piece = match[0];
    const start = match.index;
    if (!/^\s/.test(piece) && !piece.startsWith("//") && !piece.startsWith("/*")) {
      tokens.push({ text: piece, line, column: start - lineStart + 1 });
    }
    for (let i = piece.indexOf("\n"); i !== -1; i = piece.indexOf("\n", i + 1)) {
      line++;
      lineStart = start + i + 1;
    }
  }
  return tokens;
}

/** For each token of `a`, the index of the token of `b` it is paired with in a longest common subsequence, or -1. */
export function alignTokens(a: Token[], b: Token[]): Int32Array {
  const n = a.length;
  const m = b.length;
  const match = new Int32Array(n).fill(-1);
  if (n === 0 || m === 0 || n > MAX_TOKENS || m > MAX_TOKENS) return match;
  // lengths[i][j]: LCS of a[i:] and b[j:], row-major with stride m + 1.
  const lengths = new Uint16Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * (m + 1) + j] =
        a[i].text === b[j].text
          ? lengths[(i + 1) * (m + 1) + j + 1] + 1
          : Math.max(lengths[(i + 1) * (m + 1) + j], lengths[i * (m + 1) + j + 1]);
    }
  }
  // Among equally long alignments, pair each source token with the LAST compiled candidate: tslab inserts
  // copies before the original (`exports.f = f;` after a declaration, before the call `f()` that follows).
  for (let i = 0, j = 0; i < n && j < m; ) {
    const here = lengths[i * (m + 1) + j];
    if (lengths[(i + 1) * (m + 1) + j] === here) {
      i++;
    } else if (a[i].text === b[j].text) {
      match[i++] = j++;
    } else {
      j++;
    }
  }
  return match;
}

/**
 * The source position (1-based line and column) of the compiled position `line:column`, taken from the
 * first compiled token at or after it that the source also has; undefined when there is none.
 */
export function sourcePosition(compiled: string, source: string, line: number, column: number): { line: number; column: number } | undefined {
  const a = tokenize(compiled);
  const b = tokenize(source);
  return positionIn({ compiled: a, source: b, match: alignTokens(a, b) }, line, column);
}

function positionIn(alignment: NonNullable<CellRecord["alignment"]>, line: number, column: number) {
  const { compiled, source, match } = alignment;
  let k = 0;
  while (k < compiled.length && (compiled[k].line < line || (compiled[k].line === line && compiled[k].column < column))) k++;
  for (; k < compiled.length; k++) {
    if (match[k] >= 0) return { line: source[match[k]].line, column: source[match[k]].column };
  }
  return undefined;
}

const recorded: CellRecord[] = [];

function alignmentOf(cell: CellRecord) {
  if (!cell.alignment) {
    const compiled = tokenize(cell.compiled ?? "");
    const source = tokenize(cell.source);
    cell.alignment = { compiled, source, match: alignTokens(compiled, source) };
  }
  return cell.alignment;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Does this compiled cell define a function (or method, or arrow assigned to a name) called `name`? */
function defines(cell: CellRecord, name: string): boolean {
  const bare = escapeRegExp(name.replace(/^.*\./, ""));
  return new RegExp(`\\bfunction\\*?\\s+${bare}\\s*\\(|\\b${bare}\\s*=|\\b${bare}\\s*\\([^)]*\\)\\s*\\{|\\bclass\\s+${bare}\\b`).test(cell.compiled ?? "");
}

/** The cell a frame ran in: the current one, unless a named function comes from an earlier cell. */
function cellOf(cells: CellRecord[], name: string | undefined, line: number): CellRecord | undefined {
  const current = cells.length - 1;
  const fits = (cell: CellRecord) => cell.compiled !== undefined && line <= cell.compiled.split("\n").length;
  const here = cells[current];
  if (!here) return undefined;
  if (!name || defines(here, name)) return fits(here) ? here : undefined;
  for (let i = current - 1; i >= 0; i--) if (defines(cells[i], name) && fits(cells[i])) return cells[i];
  return fits(here) ? here : undefined;
}

/** Frames in the cell's numbering; the wrapper's own call on the script's last line is dropped. */
function rewriteFrames(cells: CellRecord[], frames: string[]): string[] {
  const out: string[] = [];
  frames.forEach((frame, index) => {
    const parts = CELL_FRAME.exec(frame);
    if (!parts) return void out.push(frame);
    const [, at, name, lineText, columnText] = parts;
    const cell = cellOf(cells, name, Number(lineText));
    if (!cell?.compiled) return void out.push(frame);
    const lastLine = cell.compiled.split("\n").length;
    if (!name && index === frames.length - 1 && Number(lineText) === lastLine) return;
    const position = positionIn(alignmentOf(cell), Number(lineText), Number(columnText));
    if (!position) return void out.push(frame);
    const place = `cell [${cell.count}]:${position.line}:${position.column}`;
    // A function of an earlier cell is called as a property of tslab's exports proxy: "Proxy.f".
    const shown = name?.replace(/^Proxy\./, "");
    out.push(shown ? `${at}${shown} (${place})` : `${at}${place}`);
  });
  return out;
}

/** An error leaving a cell, with the stack a student can read (see above); anything else is left alone. */
function tidy(error: unknown): unknown {
  if (!(error instanceof Error) || process.env.KERNEL_LIB_FULL_STACKS) return error;
  try {
    const stack = error.stack;
    if (typeof stack !== "string") return error;
    let lines = stack.split("\n");
    const first = lines.findIndex((line) => /^\s+at /.test(line));
    if (first === -1) return error;
    // Node's vm puts "file:line", the compiled source line and a caret, then a blank line, above the message.
    const header = lines.slice(0, first);
    const blank = header.lastIndexOf("");
    const message = blank === -1 ? header : header.slice(blank + 1);
    lines = callerFrames(lines.slice(first).filter((line) => !TSLAB_FRAME.test(line)));
    const frames = rewriteFrames(recorded.slice(), lines);
    Object.defineProperty(error, "stack", { value: [...message, ...frames].join("\n"), writable: true, configurable: true, enumerable: false });
  } catch {
    // A stack that cannot be read or replaced is printed as it is.
  }
  return error;
}

function install(): void {
  const cache = typeof require === "function" ? require.cache : undefined;
  if (!cache) return;
  const id = Object.keys(cache).find((key) => TSLAB_JUPYTER.test(key));
  const proto = id ? (cache[id]?.exports as { JupyterHandlerImpl?: { prototype: Record<string, any> } }).JupyterHandlerImpl?.prototype : undefined;
  if (!proto || typeof proto.handleExecuteImpl !== "function") return;
  // Only where tslab runs: node:vm is tslab's, and Deno's kernel never loads tslab.
  const vm = require("node:vm") as { runInThisContext: (code: string, options?: unknown) => unknown };
  const originalExecute = proto.handleExecuteImpl;
  const originalRun = vm.runInThisContext;
  proto.handleExecuteImpl = function (this: { execCount?: number }, req: { code?: unknown }, ...rest: unknown[]) {
    // tslab numbers the execution with ++execCount inside the call: the prompt the cell will show.
    recorded.push({ count: (this.execCount ?? 0) + 1, source: typeof req?.code === "string" ? req.code : "" });
    if (recorded.length > KEPT_CELLS) recorded.shift();
    return originalExecute.call(this, req, ...rest);
  };
  // The wrapper is compiled with node:vm's own file name, so that while a cell runs its frame reads like the
  // vm frames around it: check/session.ts accepts exercise() only when the frames between the cell and
  // tslab's executor are node:vm's, and this wrapper must not change what that check sees (it records and
  // tidies; the cell's top level still calls exercise() itself).
  const wrap = vm.runInThisContext(WRAPPER, { filename: "node:vm" }) as (
    original: unknown,
    isCell: (code: unknown) => boolean,
    tidy: (error: unknown) => unknown,
  ) => typeof vm.runInThisContext;
  const isCell = (code: unknown) => {
    const latest = recorded[recorded.length - 1];
    if (latest === undefined || latest.compiled !== undefined || typeof code !== "string" || !TSLAB_WRAPPER.test(code)) return false;
    latest.compiled = code;
    return true;
  };
  vm.runInThisContext = wrap(originalRun, isCell, tidy);
  // The cells as they are when the error is made; the frames are rewritten when the stack is first read.
  setCallerFrameRewriter((frames) => {
    const cells = recorded.slice();
    return () => rewriteFrames(cells, frames);
  });
}

let started = false;

/**
 * Starts recording cells and tidying errors on tslab (does nothing elsewhere, or the second time). Called by
 * index.ts's body before the check library starts, so its wrapper is in place when the checks look at the
 * frames under a cell; importing this file does nothing.
 */
export function startCellLines(): void {
  if (started) return;
  started = true;
  install();
}
