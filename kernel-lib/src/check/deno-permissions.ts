/**
 * The second wall around a grading kernel on Deno (the first is bubblewrap, tools/lessontools/sandbox.py).
 * Deno 2.3.7's `deno jupyter` takes no permission flags: the kernel starts with every permission. What a
 * running Deno can still do is give permissions up, for good, with `Deno.permissions.revokeSync`. While
 * grading (LESSONS_GRADING is set: grading-mode.ts), kernel-lib does so when it reads grading mode, in the
 * import cell, before any solution cell runs. Never in a student's own kernel: there the lessons keep every
 * permission they may want.
 *
 * Measured in the 2.3.7 kernel (docs/grading-sandbox.md has the evidence):
 * - net: fetch, Deno.connect, WebSocket, node:net and node:http refuse (NotCapable; node:net reports it as
 *   ECONNREFUSED), and a listener sees no connection;
 * - run: Deno.Command, node:child_process and Deno.kill refuse;
 * - ffi: Deno.dlopen refuses (no native code, so nothing below JavaScript);
 * - sys: Deno.hostname and friends refuse, and so does node:inspector's Session.connect (it needs
 *   sys "inspector"), which could otherwise reach into kernel-lib's closures;
 * - env: Deno.env and process.env refuse;
 * - write and read CANNOT be taken back: revokeSync answers "prompt" (or "granted" for a path), yet writes
 *   and reads still succeed. The file system is bubblewrap's job alone (read-only except the scratch folder).
 * `Deno.permissions.requestSync` cannot get them back: the kernel has no terminal (DENO_NO_PROMPT), so it
 * answers "denied".
 */

/** The permissions given up while grading, in this order (env last: the key file's variable is deleted before). */
export const REVOKED_WHILE_GRADING = ["net", "run", "ffi", "sys", "env"] as const;

interface Permissions {
  revokeSync(descriptor: { name: string }): { state: string };
}

/** Revokes REVOKED_WHILE_GRADING on Deno; returns what could not be revoked (empty on success, and
 * outside Deno, where there is nothing to do). */
export function revokeDenoPermissions(): string[] {
  const deno = (globalThis as { Deno?: { permissions?: Permissions } }).Deno;
  const permissions = deno?.permissions;
  if (!permissions || typeof permissions.revokeSync !== "function") return [];
  const failed: string[] = [];
  for (const name of REVOKED_WHILE_GRADING) {
    try {
      const { state } = permissions.revokeSync({ name });
      if (state === "granted") failed.push(`${name} (still granted)`);
    } catch (e) {
      failed.push(`${name} (${(e as Error).message})`);
    }
  }
  return failed;
}
