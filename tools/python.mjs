#!/usr/bin/env node
// Runs a Python tool of the project (verify, grade, export...) in .venv after making sure set-up is done.
import { spawnSync } from "node:child_process";
import { ROOT, setup, venvBin } from "./setup.mjs";

setup();
const result = spawnSync(venvBin("python"), process.argv.slice(2), { stdio: "inherit", cwd: ROOT });
process.exit(result.status ?? 1);
