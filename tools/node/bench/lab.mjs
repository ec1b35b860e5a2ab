// JupyterLab as `npm start` opens it (tools/node/jupyter.mjs, the one launcher), one server per kernel,
// serving a scratch folder, with a token, a free port on 127.0.0.1 and Jupyter's state in a scratch folder
// of its own (removed by stop()).
import { readFileSync } from "node:fs";
import path from "node:path";
import { jupyterLabArgs, startJupyterLab } from "../jupyter.mjs";
import { KERNELS, ROOT, kernelspecFile } from "../project.mjs";

/** The kernelspec the lessons run on for `kernel` ("tslab" or "deno"), as set-up registered it. */
export function kernelspec(kernel) {
  const { name } = KERNELS[kernel];
  const file = kernelspecFile(name);
  let spec;
  try {
    spec = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    throw new Error(`the ${kernel} kernel is not installed (${path.relative(ROOT, file)} is missing): run npm run setup`);
  }
  return { name, display_name: spec.display_name, language: spec.language };
}

/** Starts JupyterLab for `kernel` on `rootDir`, with npm start's arguments. */
export async function startLab(kernel, rootDir) {
  const spec = kernelspec(kernel);
  const lab = await startJupyterLab({ args: jupyterLabArgs({ rootDir, kernel: spec.name }) });
  return {
    ...lab,
    kernel,
    spec,
    /** The last "Nudge: attempt N" in the log after `offset` (the server re-sends kernel_info to a kernel
     * that has not answered on iopub, and logs every tenth attempt), or 0. */
    nudgesSince: (offset) => Math.max(0, ...[...lab.log().slice(offset).matchAll(/Nudge: attempt (\d+)/g)].map((m) => Number(m[1]))),
  };
}
