/**
 * Errors a student can read. Every error kernel-lib throws for bad input is built by `inputError`, which
 * keeps the class (TypeError or RangeError) and the message and drops the stack frames that are not the
 * caller's: kernel-lib's own files, packages under node_modules (in a notebook, the kernel's executor) and
 * Node's internals. In a notebook the student then sees
 *
 *   RangeError: meanSquaredError: yTrue has 2 values but yPred has 1; they must have the same length
 *       at averageError (cell [4]:2:10)
 *       at cell [4]:5:1
 *
 * instead of a line of kernel-lib's compiled source and a dozen frames of the kernel. The line numbers are
 * the cell's own when the notebook layer can tell them (display/cell-lines.ts registers how, through
 * setCallerFrameRewriter: core/ knows nothing of notebooks). Set the environment
 * variable KERNEL_LIB_FULL_STACKS=1 to keep every frame (for debugging kernel-lib itself).
 */

/** kernel-lib's own folder (src/ under vitest, dist/ when built): this file is in its core/ folder. */
const LIBRARY_ROOT = __dirname.replace(/[\\/]core$/, "");

/** A stack line "    at f (file:1:2)" or "    at file:1:2" whose file is not the caller's code. */
function isLibraryFrame(line: string): boolean {
  if (!/^\s+at /.test(line)) return false;
  return (
    line.includes(LIBRARY_ROOT + "/") ||
    line.includes(LIBRARY_ROOT + "\\") ||
    /[\\/]node_modules[\\/]/.test(line) ||
    /[( ]node:/.test(line)
  );
}

/** A frame of a built-in such as `at Array.map (<anonymous>)`: its own caller says whose it is. */
const isBuiltInFrame = (line: string) => /^\s+at .*\((?:<anonymous>|native)\)$/.test(line);

/**
 * The frames that are the caller's: not kernel-lib's, a package's or Node's, and not a built-in that one of
 * those called (kernel-lib's `rows.map(check)` shows as `at Array.map (<anonymous>)`). A built-in the
 * student called (`values.forEach(…)`) stays.
 */
export function callerFrames(frames: string[]): string[] {
  return frames.filter((line, i) => {
    if (isLibraryFrame(line)) return false;
    if (!isBuiltInFrame(line)) return true;
    let below = i + 1;
    while (below < frames.length && isBuiltInFrame(frames[below])) below++;
    return below < frames.length && !isLibraryFrame(frames[below]);
  });
}

/**
 * Turns the caller's frames into the form a student can find in the notebook; called when the error is
 * made, it returns the work to do when the stack is first read (most thrown errors are caught unread).
 */
export type CallerFrameRewriter = (frames: string[]) => () => string[];

let rewriter: CallerFrameRewriter | undefined;

/** Registers the notebook layer's rewriter (one at a time; undefined removes it). */
export function setCallerFrameRewriter(rewrite: CallerFrameRewriter | undefined): void {
  rewriter = rewrite;
}

/** The error class kernel-lib throws for bad input. */
type InputErrorClass = typeof TypeError | typeof RangeError;

/**
 * A TypeError or RangeError with `message` whose stack holds only the caller's frames. Throw it where the
 * input is checked: `throw inputError(RangeError, \`${fn}: ${name} must be finite, got ${x}\`)`.
 */
export function inputError(ErrorClass: InputErrorClass, message: string): Error {
  const limit = Error.stackTraceLimit;
  // Deep calls inside kernel-lib (a network calling a loss calling a validator) would otherwise use up the
  // default 10 frames before reaching the caller's.
  Error.stackTraceLimit = 50;
  const error = new ErrorClass(message);
  Error.stackTraceLimit = limit;
  if (process.env.KERNEL_LIB_FULL_STACKS) return error;
  const lines = (error.stack ?? `${error.name}: ${message}`).split("\n");
  // The message may span lines: the frames are the lines from the first "    at " on.
  const first = lines.findIndex((line) => /^\s+at /.test(line));
  const header = first === -1 ? lines : lines.slice(0, first);
  const frames = first === -1 ? [] : callerFrames(lines.slice(first)).slice(0, limit);
  const rewrite = rewriter?.(frames);
  let stack: string | undefined;
  const current = () => (stack ??= [...header, ...(rewrite ? rewrite() : frames)].join("\n"));
  Object.defineProperty(error, "stack", {
    configurable: true,
    enumerable: false,
    get: current,
    set: (value: unknown) => {
      // Node's vm (which runs notebook cells) prepends "file:line\n<source line>\n^" of the `throw` to the
      // stack of an error that escapes a script. That throw is in kernel-lib's source, which tells a student
      // nothing; any other change to the stack is kept.
      const now = current();
      if (typeof value === "string" && value.length > now.length && value.endsWith(now) && value.startsWith(LIBRARY_ROOT)) return;
      stack = String(value);
    },
  });
  return error;
}
