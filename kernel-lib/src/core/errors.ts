/**
 * Errors a student can read. Every error kernel-lib throws for bad input is built by `inputError`, which
 * keeps the class (TypeError or RangeError) and the message and drops the stack frames that are not the
 * caller's: kernel-lib's own files, packages under node_modules (in a notebook, the kernel's executor) and
 * Node's internals. In a notebook the student then sees
 *
 *   RangeError: meanSquaredError: yTrue has 2 values but yPred has 1; they must have the same length
 *       at averageError (evalmachine.<anonymous>:4:20)
 *
 * instead of a line of kernel-lib's compiled source and a dozen frames of the kernel. Set the environment
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
  let stack = lines.filter((line) => !isLibraryFrame(line)).slice(0, 1 + limit).join("\n");
  Object.defineProperty(error, "stack", {
    configurable: true,
    enumerable: false,
    get: () => stack,
    set: (value: unknown) => {
      // Node's vm (which runs notebook cells) prepends "file:line\n<source line>\n^" of the `throw` to the
      // stack of an error that escapes a script. That throw is in kernel-lib's source, which tells a student
      // nothing; any other change to the stack is kept.
      if (typeof value === "string" && value.length > stack.length && value.endsWith(stack) && value.startsWith(LIBRARY_ROOT)) return;
      stack = String(value);
    },
  });
  return error;
}
