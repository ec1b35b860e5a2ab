#!/usr/bin/env node
// `npm start`: set up whatever is missing (first run only), then open JupyterLab on the lessons.
// Extra arguments go to JupyterLab: `npm start -- --no-browser --port 8899`.
import { spawn } from "node:child_process";
import path from "node:path";
import { ROOT, setup, venvBin } from "./setup.mjs";

setup();

const args = [
  "-m", "jupyterlab",
  `--ServerApp.root_dir=${path.join(ROOT, "notebooks")}`,
  "--ServerApp.ip=127.0.0.1",
  // The update check would reach out to the internet from the server; none is needed to run lessons.
  "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
];
// JupyterLab refuses to run as root unless told; containers and CI run as root.
if (process.getuid?.() === 0) args.push("--allow-root");
args.push(...process.argv.slice(2));

console.log("[start] opening JupyterLab on notebooks/ (Ctrl+C to stop). After editing kernel-lib: npm run build, then restart the kernel.");
const lab = spawn(venvBin("python"), args, { stdio: "inherit", cwd: ROOT });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => lab.kill(signal));
lab.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
