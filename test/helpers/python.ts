import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..");
export const PYTHON = path.join(ROOT, ".venv", process.platform === "win32" ? "Scripts/python.exe" : "bin/python");

/** The environment the Python tools run in: the lessontools package importable (as tools/node/python.mjs does). */
export const TOOL_ENV = { ...process.env, PYTHONPATH: path.join(ROOT, "tools") };

/**
 * Runs a project Python tool (a module of tools/lessontools: "verify", "grade", ...) in .venv, set up by
 * `npm test` before vitest starts: `runTool(["verify", "notebooks"])`.
 */
export function runTool(args: string[], timeoutMs = 180_000, cwd = ROOT, env: NodeJS.ProcessEnv = TOOL_ENV) {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: run npm test (or npm start) once to set up .venv`);
  const [tool, ...rest] = args;
  const result = spawnSync(PYTHON, ["-m", `lessontools.${tool}`, ...rest], { cwd, encoding: "utf8", timeout: timeoutMs, env });
  return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "", output: (result.stdout ?? "") + (result.stderr ?? "") };
}

export interface KernelCell {
  index: number;
  status: string;
  outputs: { output_type: string; name?: string; text?: string; data?: Record<string, unknown> }[];
}

/** Executes a notebook in a real kernel (tslab unless told) and returns what each code cell sent. */
export function executeNotebook(notebookPath: string, kernel: "tslab" | "deno" = "tslab"): KernelCell[] {
  const result = runTool(["notebook_runner", notebookPath], 180_000, ROOT, { ...TOOL_ENV, LESSONS_KERNEL: kernel });
  if (result.status !== 0) throw new Error(`notebook_runner on ${kernel} failed:\n${result.output}`);
  const parsed = JSON.parse(result.stdout) as { kernel_error: string; cells: KernelCell[] };
  if (parsed.kernel_error) throw new Error(`${kernel} kernel error: ${parsed.kernel_error}`);
  return parsed.cells;
}
