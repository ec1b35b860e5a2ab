/** Names shared by the code that runs on the page (transpile.ts) and in the kernel's worker (prelude.ts). */

/** `globalThis[Symbol.for(PRINT_LAST)]`: prints a cell's last value as tslab does (prelude.ts). */
export const PRINT_LAST = "lessons.print-last-value";
