/**
 * The check library's start-up, run once by index.ts's body (after every kernel-lib module has loaded,
 * whatever the order of index.ts's imports): read grading mode, start the session of the kernel this runs
 * in (tslab's or Deno's, or none in plain Node), and on Deno arm it now, before the import cell ends and
 * any solution cell runs (deno-session.ts). tslab's session arms itself at the next execution.
 * Importing this file does nothing; calling startChecks() twice does nothing the second time.
 */

import type { CheckSession } from "./contract";
import { startDenoSession } from "./deno-session";
import { readGradingMode, type GradingMode } from "./grading-mode";
import { startTslabSession } from "./tslab-session";

interface Started {
  session?: CheckSession;
  grading?: GradingMode;
}

let started: Started | undefined;

export function startChecks(): void {
  if (started) return;
  const grading = readGradingMode();
  const tslab = startTslabSession(grading !== undefined);
  const deno = tslab ? undefined : startDenoSession(grading !== undefined);
  deno?.arm();
  started = { session: tslab ?? deno, grading };
}

/** The kernel's session, or undefined outside a kernel (plain Node, vitest) or before start-up. */
export function currentSession(): CheckSession | undefined {
  return started?.session;
}

/** Grading mode, or undefined in a student's own session. */
export function gradingMode(): GradingMode | undefined {
  return started?.grading;
}
