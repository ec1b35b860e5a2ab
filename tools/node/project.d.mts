// Types for the parts of project.mjs (plain JavaScript: tools/node has no build step) that the tests import.
export const ROOT: string;
export const COURSE: Record<string, any>;
export const FULL_PLOTLY: string;
/** Where set-up registers the kernelspec `name` (default prefix: the project's .venv). */
export function kernelspecFile(name: string, prefix?: string): string;
/** `env` with Jupyter's state in `stateDir` (default: the project's .jupyter/). */
export function jupyterEnv(env?: NodeJS.ProcessEnv, stateDir?: string): NodeJS.ProcessEnv;
