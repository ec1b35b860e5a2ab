#!/usr/bin/env node
// Runs one of the project's Python tools (tools/lessontools: verify, grade, assignments, export...) in
// .venv after making sure set-up is done: `node tools/node/python.mjs verify notebooks/05-….ipynb`.
// The tool runs as a module of the lessontools package, from the folder the user stands in, with
// Jupyter's state (runtime files of the kernels it starts) inside the project.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { pythonToolEnv, venvBin } from "./project.mjs";
import { setup } from "./setup.mjs";

const [tool, ...args] = process.argv.slice(2);
if (!tool) {
  console.error("usage: node tools/node/python.mjs TOOL [ARGS...]  (TOOL: a module of tools/lessontools)");
  process.exit(2);
}
await setup();
// npm runs scripts from the package root but says where the user stood in INIT_CWD.
const cwd = process.env.INIT_CWD ?? process.cwd();
const result = spawnSync(venvBin("python"), ["-m", `lessontools.${tool}`, ...args], { stdio: "inherit", cwd, env: pythonToolEnv() });
process.exit(result.status ?? 1);
