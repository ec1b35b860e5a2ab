// Where things are and the environments the tools run in: the project folder, its .venv, the facts in
// tools/course.json (kernels, folders, Jupyter's state), read once here for every Node module (set-up,
// start, the Jupyter launcher, the test runner, the bench) and for the tests' helpers.
// Uses only Node's standard library: set-up imports it on a fresh clone, before node_modules exists.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const VENV = path.join(ROOT, ".venv");
/** Where set-up builds the lessons' own JupyterLab extensions (lite/build-jupyterlab.mjs; the Plotly renderer),
 * and where JupyterLab is told to look for them (tools/node/jupyter.mjs): inside the project, gitignored. */
export const LESSON_LABEXTENSIONS = path.join(ROOT, "lite", "build", "jupyterlab");
/** tools/course.json: what the Node tools, the Python tools and the tests share. */
export const COURSE = JSON.parse(readFileSync(path.join(ROOT, "tools", "course.json"), "utf8"));
export const KERNEL_NAME = COURSE.kernel.name;
/** The full plotly.js, minified from plotly.js-dist by set-up (lite/full-plotly.mjs; course.json's builtFiles). */
export const FULL_PLOTLY = path.join(ROOT, ...COURSE.builtFiles.fullPlotly.split("/"));

/** The kernels `npm start -- --kernel` and the bench choose between: the choice → course.json's entry
 * ({ name, displayName, language }). */
export const KERNELS = { tslab: COURSE.kernel, deno: COURSE.denoKernel };

export const isWindows = process.platform === "win32";
export const venvBin = (name) => path.join(VENV, isWindows ? "Scripts" : "bin", isWindows ? `${name}.exe` : name);
/** Where set-up registers a kernelspec by name (the Python environment Jupyter runs from). */
export const kernelspecFile = (name, prefix = VENV) => path.join(prefix, "share", "jupyter", "kernels", name, "kernel.json");

/** The student's workspace: `LESSONS_WORKSPACE` (tests use a scratch one), else course.json's folder. */
export const workspaceFolder = (env = process.env) => path.resolve(ROOT, env.LESSONS_WORKSPACE || COURSE.folders.workspace);

/** The instructor versions of the lessons: `LESSONS_SOURCES` (tests use scratch copies), else course.json's folder. */
export const lessonsFolder = (env = process.env) => path.resolve(ROOT, env.LESSONS_SOURCES || COURSE.folders.lessons);

/** Where Jupyter keeps its state for this checkout (course.json's jupyterState says why it is ours). */
export const JUPYTER_STATE = process.env[COURSE.jupyterState.override] || path.join(ROOT, COURSE.jupyterState.folder);

/** Jupyter's state variables pointing into `stateDir` (config, data, runtime, JupyterLab's workspaces
 * and settings, IPython's folder), with the folders IPython and Jupyter expect made. */
export function jupyterStateVariables(stateDir = JUPYTER_STATE) {
  const variables = {};
  for (const [name, sub] of Object.entries(COURSE.jupyterState.variables)) variables[name] = path.join(stateDir, ...sub.split("/"));
  // IPython warns "not a writable location" and falls back to a temp folder when its folder's parent is missing.
  for (const dir of Object.values(variables)) mkdirSync(dir, { recursive: true });
  return variables;
}

/** `env` with Jupyter's state in `stateDir` (default: the project's .jupyter/). */
export const jupyterEnv = (env = process.env, stateDir = JUPYTER_STATE) => ({
  ...env,
  ...jupyterStateVariables(stateDir),
  // Packages a user pip-installed into ~/.local would otherwise shadow .venv's pinned ones.
  PYTHONNOUSERSITE: "1",
});

/** The environment the Python tools run in: the lessontools package (tools/) importable by module name,
 * Jupyter's state inside the project. */
export const pythonToolEnv = (env = process.env) => ({
  ...jupyterEnv(env),
  PYTHONPATH: [path.join(ROOT, "tools"), env.PYTHONPATH].filter(Boolean).join(path.delimiter),
});
