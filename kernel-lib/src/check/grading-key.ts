/**
 * Grading mode: `npm run grade` writes a fresh random key for each submission to a file and names the file
 * in LESSONS_GRADING_KEY_FILE. kernel-lib reads it here, at import — the lesson's import cell, which comes
 * from the instructor's source and runs before any solution cell — then deletes the file and the variable,
 * so no later cell can read the key. /proc/self/environ still shows the variable's initial value, which is
 * only the path of a file that no longer exists.
 *
 * Without the variable (JupyterLab, nbgrader, plain Node) there is no key and verdicts are not signed.
 * On Deno, grading mode also revokes the kernel's permissions once the key is read (deno-permissions.ts).
 * If the file cannot be read or deleted, grading mode still starts but signs nothing, so the grader
 * scores every exercise 0 with a message saying why, rather than trusting a key a student could read.
 */

import { readFileSync, unlinkSync } from "node:fs";
import { revokeDenoPermissions } from "./deno-permissions";
import { hmacSigner } from "./hmac";

export const KEY_FILE_VARIABLE = "LESSONS_GRADING_KEY_FILE";

export interface GradingMode {
  /** Signs a verdict's text; undefined when the key could not be loaded safely. */
  sign?: (text: string) => string;
  /** Why signing is unavailable. */
  problem?: string;
}

function loadGradingMode(): GradingMode | undefined {
  const env = typeof process === "object" ? process.env : undefined;
  const file = env?.[KEY_FILE_VARIABLE];
  if (!env || file === undefined) return undefined;
  delete env[KEY_FILE_VARIABLE];
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    return { problem: `the grading key file could not be read (${(e as Error).message})` };
  }
  try {
    unlinkSync(file);
  } catch (e) {
    bytes.fill(0);
    return { problem: `the grading key file could not be deleted (${(e as Error).message}), so student code could read it` };
  }
  if (bytes.length < 32) return { problem: "the grading key file holds fewer than 32 bytes" };
  const key = new Uint8Array(bytes);
  const sign = hmacSigner(key);
  key.fill(0);
  bytes.fill(0);
  return { sign };
}

function startGrading(): GradingMode | undefined {
  const mode = loadGradingMode();
  if (!mode) return undefined;
  // On Deno: give up the network, processes, native code, system information (the inspector) and the
  // environment, now that the key is in this closure (deno-permissions.ts). A permission that stays
  // granted leaves the kernel less shut in than grading promises: sign nothing, so every exercise scores 0
  // with the reason.
  const failed = revokeDenoPermissions();
  if (failed.length > 0 && mode.sign) return { problem: `Deno's permissions could not be revoked: ${failed.join(", ")}` };
  return mode;
}

/** Set once, when kernel-lib is first imported. */
export const gradingMode: GradingMode | undefined = startGrading();
