#!/usr/bin/env node
// `npm start`: set up whatever is missing (first run only), bring the student's workspace up to date
// (workspace/: their own copies of the lessons, never overwritten), then open JupyterLab on it, showing
// the workspace README. `npm start -- --instructor` opens notebooks/ (instructor versions, with solutions).
// `npm start -- --kernel deno` runs the lessons on Deno's kernel instead of tslab (see README, "Two kernels").
// Other arguments go to JupyterLab: `npm start -- --no-browser --port 8899`.
// All Jupyter state (settings, open tabs, runtime files) stays inside the project: see jupyterEnv().
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { DENO_KERNEL_NAME } from "./deno.mjs";
import { KERNEL_NAME, ROOT, VENV, jupyterEnv, pythonToolEnv, setup, venvBin } from "./setup.mjs";

/** The kernels `--kernel` chooses between: the choice → its kernelspec name. */
export const KERNELS = { tslab: KERNEL_NAME, deno: DENO_KERNEL_NAME };

/**
 * npm start's own options out of its arguments: `--instructor`, `--kernel tslab|deno` (default tslab); the
 * rest goes to JupyterLab. Throws with a message naming the option when `--kernel` has no known value.
 */
export function parseStartArgs(argv) {
  const at = argv.indexOf("--kernel");
  const kernelChoice = at === -1 ? "tslab" : argv[at + 1];
  if (!(kernelChoice in KERNELS)) throw new Error(`--kernel takes tslab (the default) or deno, not ${kernelChoice ?? "nothing"}`);
  return {
    instructor: argv.includes("--instructor"),
    kernelChoice,
    kernel: KERNELS[kernelChoice],
    labArgs: argv.filter((a, i) => a !== "--instructor" && (at === -1 || (i !== at && i !== at + 1))),
  };
}

/**
 * The arguments npm start gives `python`: JupyterLab on `rootDir` offering `kernel` (a kernelspec name)
 * only, then `labArgs`. Exported so the browser tests start JupyterLab exactly this way.
 */
export function jupyterLabArgs({ rootDir, kernel, labArgs = [] }) {
  const args = [
    "-m", "jupyterlab",
    `--ServerApp.root_dir=${rootDir}`,
    "--ServerApp.ip=127.0.0.1",
    // The first screen: the README, rendered (setup's settings make Markdown open in the preview).
    "--LabApp.default_url=/lab/tree/README.md",
    // The chosen lessons' kernel only: .venv's ipykernel would otherwise put "Python 3" first in the Launcher.
    // The notebooks' metadata names tslab's kernelspec (tslab-lessons). With Deno chosen, JupyterLab finds
    // no kernelspec of that name and, as exactly one allowed kernelspec has the notebook's language
    // (typescript), starts that one without asking (checked in Chromium by browser-deno.test.ts). Keep it
    // to one kernelspec per language here: with two, JupyterLab would ask the student to pick one.
    `--KernelSpecManager.allowed_kernelspecs=${kernel}`,
    "--KernelSpecManager.ensure_native_kernel=False",
    `--MappingKernelManager.default_kernel_name=${kernel}`,
    // The update check would reach out to the internet from the server; none is needed to run lessons.
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
  ];
  // JupyterLab refuses to run as root unless told; containers and CI run as root.
  if (process.getuid?.() === 0) args.push("--allow-root");
  return [...args, ...labArgs];
}

async function main() {
  let options;
  try {
    options = parseStartArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`[start] ${error.message}`);
    process.exit(2);
  }
  const { instructor, kernelChoice, kernel, labArgs } = options;

  await setup();
  if (!existsSync(path.join(VENV, "share", "jupyter", "kernels", kernel, "kernel.json"))) {
    console.error(`[start] the ${kernelChoice} kernel is not installed here (set-up said why above); run npm start without --kernel for tslab`);
    process.exit(1);
  }

  let rootDir;
  if (instructor) {
    rootDir = path.join(ROOT, "notebooks");
  } else {
    // lessontools.workspace reads the same variable (tests point it at a scratch workspace).
    rootDir = path.resolve(ROOT, process.env.LESSONS_WORKSPACE || "workspace");
    const sync = spawnSync(venvBin("python"), ["-m", "lessontools.workspace", "sync"], { stdio: "inherit", cwd: ROOT, env: pythonToolEnv() });
    if (sync.status !== 0) process.exit(sync.status ?? 1);
  }

  console.log(
    instructor
      ? "[start] opening JupyterLab on notebooks/, the instructor versions with solutions (Ctrl+C to stop). After editing kernel-lib: npm run build, then restart the kernel."
      : `[start] opening JupyterLab on your workspace, ${path.relative(ROOT, rootDir)}/ (Ctrl+C to stop). Instructors: npm start -- --instructor`,
  );
  if (instructor && kernelChoice !== "tslab") {
    // JupyterLab writes the running kernel's kernelspec into a notebook it saves; the stored lessons name tslab's.
    console.log(`[start] note: a lesson saved from here names the ${kernelChoice} kernel in its metadata; store lessons with npm run verify -- --update (tslab) before committing`);
  }
  const lab = spawn(venvBin("python"), jupyterLabArgs({ rootDir, kernel, labArgs }), { stdio: "inherit", cwd: ROOT, env: jupyterEnv() });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => lab.kill(signal));
  lab.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
