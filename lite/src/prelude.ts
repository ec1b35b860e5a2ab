/**
 * Runs once in each kernel's Web Worker, before the first cell (kernel.ts sends it): what makes the
 * browser kernel print and display like tslab.
 *
 * - console output formatted by Node's own util.format (node-inspect-extracted is Node's inspect code,
 *   extracted), so `console.log([NaN, 0])` prints `[ NaN, 0 ]` as in the stored tslab outputs. The
 *   JavaScript kernel's console then receives one finished string, which it passes through unchanged.
 * - a cell's last value printed as tslab prints it: `console.log(value)` unless null or undefined
 *   (transpile.ts passes the last expression to it), so `[1, 2].map(…)` shows `[ 2, 4 ]` as text.
 * - kernel-lib's display adapter (kernel-lib/src/display/browser.ts): a bundle goes out as one
 *   display_data through the runtime's `display`, on the same channel as printed text, so in order.
 */
import { formatWithOptions } from "node-inspect-extracted";
import { PRINT_LAST } from "./names";

/** The browser kernel's display name (tools/course.json), given at build time (lite/build.mjs). */
declare const KERNEL_DISPLAY_NAME: string;

const BROWSER_KERNEL = Symbol.for("kernel-lib.browser-kernel");

type Write = (text: string) => void;
type Scope = typeof globalThis & { display?: (value: unknown) => void } & Record<symbol, unknown>;

export function install(scope: Scope): void {
  const console = scope.console as unknown as Record<string, unknown>;
  const stdout = console.log as Write;
  const stderr = console.error as Write;
  const formatted = (write: Write) => (...args: unknown[]) => write(formatWithOptions({}, ...args));
  for (const method of ["log", "info", "debug", "dir"]) console[method] = formatted(stdout);
  for (const method of ["warn", "error", "trace"]) console[method] = formatted(stderr);
  const log = console.log as (...args: unknown[]) => void;
  scope[Symbol.for(PRINT_LAST)] = (value: unknown) => {
    if (value !== null && value !== undefined) log(value);
  };

  const display = scope.display;
  if (typeof display !== "function") throw new Error(`${KERNEL_DISPLAY_NAME}: the JavaScript runtime has no display()`);
  scope[BROWSER_KERNEL] = {
    displayBundle: (bundle: Record<string, unknown>) => display({ _toMime: () => bundle }),
    selfCheckLabel: "self-check: ",
  };
}
