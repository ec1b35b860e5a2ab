/**
 * Grading mode: `npm run grade` starts a submission's kernel with LESSONS_GRADING=observe, and the kernel
 * that runs the reference solutions with LESSONS_GRADING=reference. Then exercise() sends observations
 * (what the checks saw) instead of printing ✓/✗, and the grader judges them outside the kernel. A
 * submission's observations hold only each check's label, kind and the value the student's code returned:
 * the expected values, tolerances and hints the grader uses come from the reference kernel's, so nothing
 * a student's code can intercept on its way out holds an answer to copy. The variable is no secret:
 * a student who reads it learns only that the notebook is being graded, and nothing they send can say
 * "passed" (docs/grading-security.md). Without it (JupyterLab, nbgrader, plain Node) exercise() judges
 * locally for the student.
 *
 * On Deno, grading mode also gives up the kernel's net, run, ffi, sys and env permissions
 * (deno-permissions.ts): the sandbox's second wall. One that stays granted is reported with every
 * observation, and the grader scores the exercise 0 with the reason.
 */

import { revokeDenoPermissions } from "./deno-permissions";

export const GRADING_VARIABLE = "LESSONS_GRADING";

export interface GradingMode {
  /** The reference kernel: observations carry the checks' expected values, tolerances and hints too. */
  reference: boolean;
  /** Why the kernel is less shut in than grading promises ("" when all is well). */
  problem: string;
}

/** Reads (and removes) the variable; called once, by startup.ts. */
export function readGradingMode(): GradingMode | undefined {
  const env = typeof process === "object" ? process.env : undefined;
  const value = env?.[GRADING_VARIABLE];
  if (!env || (value !== "observe" && value !== "reference")) return undefined;
  delete env[GRADING_VARIABLE];
  const failed = revokeDenoPermissions();
  return { reference: value === "reference", problem: failed.length > 0 ? `Deno's permissions could not be revoked: ${failed.join(", ")}` : "" };
}
