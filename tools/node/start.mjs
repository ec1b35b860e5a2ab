#!/usr/bin/env node
// `npm start`: set up whatever is missing (first run only), bring the student's workspace up to date
// (workspace/: their own copies of the lessons, never overwritten), then open JupyterLab on it, showing
// the workspace README. `npm start -- --instructor` opens notebooks/ (instructor versions, with solutions).
// `npm start -- --kernel deno` runs the lessons on Deno's kernel instead of tslab (see README, "Two kernels").
// Other arguments go to JupyterLab: `npm start -- --no-browser --port 8899`.
// All Jupyter state (settings, open tabs, runtime files) stays inside the project (project.mjs, jupyterEnv()).
// One Ctrl+C (or SIGINT/SIGTERM/SIGHUP to npm start) stops JupyterLab and every kernel it started.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { denoSession } from "./deno.mjs";
import { jupyterLabArgs, startJupyterLab } from "./jupyter.mjs";
import { JUPYTER_STATE, KERNELS, ROOT, kernelspecFile, lessonsFolder, pythonToolEnv, venvBin, workspaceFolder } from "./project.mjs";
import { setup } from "./setup.mjs";

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
    kernel: KERNELS[kernelChoice].name,
    labArgs: argv.filter((a, i) => a !== "--instructor" && (at === -1 || (i !== at && i !== at + 1))),
  };
}

/**
 * JupyterLab's arguments for npm start, unless the student's own `labArgs` set them (Jupyter refuses an
 * option given twice): warnings and errors only on the terminal (npm start prints the address itself,
 * once), and a token of our own, so that Jupyter does not print its "To access the server…" banner with
 * the address twice more.
 */
export function quietArgs(labArgs = []) {
  const given = (...names) => labArgs.some((a) => names.some((n) => a === n || a.startsWith(`${n}=`)));
  const args = [];
  if (!given("--ServerApp.log_level", "--log-level")) args.push("--ServerApp.log_level=WARN");
  if (!given("--LabApp.log_level")) args.push("--LabApp.log_level=WARN");
  if (!given("--IdentityProvider.token", "--ServerApp.token", "--NotebookApp.token")) args.push(`--IdentityProvider.token=${randomBytes(24).toString("hex")}`);
  return args;
}

async function main() {
  let options;
  try {
    options = parseStartArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`[start] ${error.message}`);
    process.exit(2);
  }
  const { instructor, kernelChoice, labArgs } = options;
  let { kernel } = options;

  await setup();
  if (!existsSync(kernelspecFile(kernel))) {
    console.error(`[start] the ${kernelChoice} kernel is not installed here (set-up said why above); run npm start without --kernel for tslab`);
    process.exit(1);
  }

  let rootDir;
  if (instructor) {
    rootDir = lessonsFolder();
  } else {
    rootDir = workspaceFolder();
    const sync = spawnSync(venvBin("python"), ["-m", "lessontools.workspace", "sync"], { stdio: "inherit", cwd: ROOT, env: pythonToolEnv() });
    if (sync.status !== 0) process.exit(sync.status ?? 1);
  }

  console.log(
    instructor
      ? "[start] opening JupyterLab on notebooks/, the instructor versions with solutions. After editing kernel-lib: npm run build, then restart the kernel."
      : `[start] opening JupyterLab on your workspace, ${path.relative(ROOT, rootDir)}/. Instructors: npm start -- --instructor`,
  );
  // On Deno, the lessons keep their kernelspec: the session's one of that name runs Deno (deno.mjs says why).
  let env = process.env;
  if (kernelChoice === "deno") {
    const session = denoSession(JUPYTER_STATE);
    kernel = session.kernel;
    env = { ...env, ...session.env };
    console.log(`[start] the lessons run on Deno's kernel; JupyterLab shows it under the lessons' kernel name, so opening a lesson does not change it`);
  }
  // JupyterLab in a process group of its own: Ctrl+C reaches only this script, which stops JupyterLab and
  // its kernels (Jupyter's own Ctrl+C handling asks "Shut down this Jupyter server (y/[n])?" and resumes).
  let stopping;
  const stop = (lab) => {
    if (!stopping) console.log("[start] stopping JupyterLab and its kernels…");
    return (stopping ??= lab.stop().then(() => process.exit(0)));
  };
  let lab;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => {
      if (lab) stop(lab);
      else process.exitCode = 130; // JupyterLab still starting: stopped as soon as it is up (below)
    });
  }
  try {
    lab = await startJupyterLab({
      args: jupyterLabArgs({ rootDir, kernel, labArgs: [...quietArgs(labArgs), ...labArgs] }),
      stateDir: JUPYTER_STATE,
      env,
      serve: false,
      stdio: "quiet",
      ownGroup: true,
    });
  } catch (error) {
    console.error(`[start] ${error.message}`);
    process.exit(1);
  }
  if (process.exitCode === 130) return stop(lab);
  // The README's own address: JupyterLab's default_url (the README, rendered) applies to "/" only, and the
  // /lab?token=… address printed before opened the launcher instead, for anyone who followed the printed link.
  console.log(`[start] JupyterLab is running at ${lab.url}/lab/tree/README.md?token=${lab.token}  (Ctrl+C to stop)`);
  lab.process.on("exit", (code, signal) => stopping ?? process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
