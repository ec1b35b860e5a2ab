import { readFileSync } from "node:fs";
import path from "node:path";

interface Kernel {
  name: string;
  displayName: string;
  language: string;
  /** tslab's only: the language_info the lessons store (Deno's relay reports it too). */
  languageInfo?: Record<string, unknown>;
  /** Deno's only: the variable naming the relay's previous-cell file (deno_relay.py sets it, kernel-lib reads it). */
  previousCellVariable?: string;
}

/** tools/course.json: the facts the tools share (kernels, folders, Jupyter's state, student stub, delimiters). */
export const COURSE = JSON.parse(readFileSync(path.resolve(__dirname, "..", "..", "tools", "course.json"), "utf8")) as {
  kernel: Kernel;
  denoKernel: Kernel;
  browserKernel: { displayName: string };
  folders: { lessons: string; workspace: string };
  jupyterState: { folder: string; override: string; variables: Record<string, string> };
  studentStub: string[];
  textStub: string;
  delimiters: { beginSolution: string; endSolution: string; beginHiddenTests: string; endHiddenTests: string };
};

/** The kernelspec every lesson's metadata names, with nbformat's keys. */
export const KERNELSPEC = { name: COURSE.kernel.name, display_name: COURSE.kernel.displayName, language: COURSE.kernel.language };

/** The kernels by the choice npm start's --kernel takes. */
export const KERNELS = { tslab: COURSE.kernel, deno: COURSE.denoKernel };

/** Where set-up registers a kernelspec (in .venv): set-up's own answer (tools/node/project.mjs). */
export { kernelspecFile } from "../../tools/node/project.mjs";
