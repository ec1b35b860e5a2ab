/**
 * The browser kernel's adapter: the site's TypeScript kernel for JupyterLite (lite/) runs
 * cells in a Web Worker and, before the first cell, registers how to send a display bundle under a
 * global symbol. kernel-lib sends its bundles there as one display_data each, like on tslab and Deno.
 *
 * A symbol rather than JupyterLite's own global `display`: that one exists in any JupyterLite JavaScript
 * kernel, and only the course's kernel promises to send the bundle unchanged and in order with the
 * cell's printed text (lite/src/prelude.ts).
 */
import type { MimeBundle } from "./bundle";

export const BROWSER_KERNEL = Symbol.for("kernel-lib.browser-kernel");

export interface BrowserKernel {
  /** Sends the bundle as one display_data of the executing cell. */
  displayBundle(bundle: MimeBundle): void;
  /** Says what a kernel-lib self-check is in this kernel (prefixed to each ✓/✗ line). */
  selfCheckLabel: string;
}

/** The browser kernel kernel-lib runs in, or undefined in tslab, Deno, plain Node and vitest. */
export function browserKernel(): BrowserKernel | undefined {
  const kernel = (globalThis as Record<symbol, unknown>)[BROWSER_KERNEL] as Partial<BrowserKernel> | undefined;
  return kernel && typeof kernel.displayBundle === "function" ? (kernel as BrowserKernel) : undefined;
}
