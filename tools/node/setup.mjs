#!/usr/bin/env node
// Every set-up step the lessons need, each skipped when already done, all inside this folder:
//   1. check Node and Python versions      2. .venv from requirements.txt     3. npm ci from the lock file
//   4. build kernel-lib (dist/)            5. the tslab kernelspec inside .venv, pointing at this checkout's tslab
//   6. JupyterLab settings for an offline machine (no news fetch, no update check)
// Uses only Node's standard library: on a fresh clone it runs before node_modules exists.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const VENV = path.join(ROOT, ".venv");
/** tools/course.json: the kernel's name and display name (and what the Python tools share with us). */
export const COURSE = JSON.parse(readFileSync(path.join(ROOT, "tools", "course.json"), "utf8"));
export const KERNEL_NAME = COURSE.kernel.name;
const MIN_NODE = [20, 0];
const MIN_PYTHON = [3, 10];
const isWindows = process.platform === "win32";
export const venvBin = (name) => path.join(VENV, isWindows ? "Scripts" : "bin", isWindows ? `${name}.exe` : name);
/** The environment the Python tools run in: the lessontools package (tools/) importable by module name. */
export const pythonToolEnv = (env = process.env) => ({
  ...env,
  PYTHONPATH: [path.join(ROOT, "tools"), env.PYTHONPATH].filter(Boolean).join(path.delimiter),
});

const log = (message) => console.log(`[setup] ${message}`);

function fail(message) {
  console.error(`\n[setup] ${message}\n`);
  process.exit(1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", cwd: ROOT, ...options });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(" ")} failed (exit ${result.status})`);
}

const sha = (file) => createHash("sha256").update(readFileSync(file)).digest("hex");
const versionAtLeast = (have, want) => have[0] > want[0] || (have[0] === want[0] && have[1] >= want[1]);

function checkNode() {
  const have = process.versions.node.split(".").map(Number);
  if (!versionAtLeast(have, MIN_NODE)) {
    fail(`Node.js ${process.versions.node} is too old: install Node.js ${MIN_NODE[0]} or newer (https://nodejs.org), then run npm start again.`);
  }
}

function findPython() {
  const candidates = process.env.PYTHON ? [process.env.PYTHON] : isWindows ? ["python", "py"] : ["python3", "python"];
  const found = [];
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ["-c", "import sys, venv; print('%d.%d' % sys.version_info[:2])"], { encoding: "utf8" });
    if (probe.status !== 0) continue;
    const version = probe.stdout.trim();
    if (versionAtLeast(version.split(".").map(Number), MIN_PYTHON)) return candidate;
    found.push(`${candidate} is Python ${version}`);
  }
  fail(
    `No Python ${MIN_PYTHON.join(".")} or newer with the venv module was found (${found.join(", ") || "tried " + candidates.join(", ")}).\n` +
      `Install Python ${MIN_PYTHON.join(".")}+ (on Debian/Ubuntu: apt install python3 python3-venv), or set PYTHON=/path/to/python3, then run npm start again.`,
  );
}

/** Runs `step` unless `stampFile` already records `key`; records it afterwards. */
function once(stampFile, key, step) {
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === key) return false;
  step();
  mkdirSync(path.dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, key);
  return true;
}

/** A virtual environment at `venvDir` with `requirements` installed (re-installed when the file changes). */
function setUpPython(venvDir = VENV, requirements = "requirements.txt") {
  const key = sha(path.join(ROOT, requirements));
  const stamp = path.join(venvDir, ".requirements.sha256");
  const python = path.join(venvDir, isWindows ? "Scripts" : "bin", isWindows ? "python.exe" : "python");
  if (!existsSync(python)) {
    const system = findPython();
    log(`creating ${path.relative(ROOT, venvDir)} with ${system}`);
    run(system, ["-m", "venv", venvDir]);
  }
  if (once(stamp, key, () => {
    log(`installing Python packages from ${requirements} into ${path.relative(ROOT, venvDir)} (first run only)`);
    run(python, ["-m", "pip", "install", "--disable-pip-version-check", "--quiet", "-r", requirements]);
  })) log("Python packages ready");
}

function setUpNode() {
  const key = sha(path.join(ROOT, "package-lock.json"));
  const stamp = path.join(ROOT, "node_modules", ".package-lock.sha256");
  if (once(stamp, key, () => {
    log("installing Node packages with npm ci (first run only)");
    run(isWindows ? "npm.cmd" : "npm", ["ci", "--no-audit", "--no-fund"]);
  })) log("Node packages ready");
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function buildKernelLib() {
  const lib = path.join(ROOT, "kernel-lib");
  const output = path.join(lib, "dist", "index.js");
  const sources = Math.max(newestMtime(path.join(lib, "src")), statSync(path.join(lib, "tsconfig.json")).mtimeMs);
  if (existsSync(output) && statSync(output).mtimeMs >= sources) return;
  log("building kernel-lib (tsc)");
  run(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", lib]);
}

/** The tslab kernelspec under `prefix`/share/jupyter/kernels (default: .venv; Binder/JupyterHub: the image's prefix). */
export function installKernelspec(prefix = VENV) {
  const dir = path.join(prefix, "share", "jupyter", "kernels", KERNEL_NAME);
  const spec = {
    // Absolute paths: the kernel must be this checkout's tslab under the Node that set it up, whatever
    // PATH JupyterLab or VS Code is started with.
    argv: [process.execPath, path.join(ROOT, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", "{connection_file}"],
    display_name: COURSE.kernel.displayName,
    language: COURSE.kernel.language,
    metadata: { note: "Installed by tools/node/setup.mjs; kernel-lib is imported by bare name from this checkout." },
  };
  const text = JSON.stringify(spec, null, 2) + "\n";
  const file = path.join(dir, "kernel.json");
  if (existsSync(file) && readFileSync(file, "utf8") === text) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, text);
  log(`installed the "${spec.display_name}" kernel into ${path.relative(ROOT, prefix) || prefix}`);
}

export function configureJupyterLab(prefix = VENV) {
  // No internet here or in many classrooms: turn off the news feed and update check that would otherwise
  // try to reach the network from the browser.
  const dir = path.join(prefix, "share", "jupyter", "lab", "settings");
  const overrides = {
    "@jupyterlab/apputils-extension:notification": { checkForUpdates: false, fetchNews: "false" },
  };
  const file = path.join(dir, "overrides.json");
  const text = JSON.stringify(overrides, null, 2) + "\n";
  if (existsSync(file) && readFileSync(file, "utf8") === text) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, text);
}

export function setup() {
  checkNode();
  setUpPython();
  setUpNode();
  buildKernelLib();
  installKernelspec();
  configureJupyterLab();
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf("--kernel-prefix");
  if (process.argv.includes("--nbgrader")) {
    // nbgrader for instructors who grade with it (and for its test), kept out of the students' .venv:
    // it would add its own menus to their JupyterLab.
    setup();
    setUpPython(path.join(ROOT, ".venv-nbgrader"), "requirements-nbgrader.txt");
  } else if (at !== -1) {
    // For hosted Jupyter (Binder's postBuild, JupyterHub images): Python packages are the image's, so only
    // register the kernel and settings in that environment's prefix.
    const prefix = process.argv[at + 1];
    if (!prefix) fail("--kernel-prefix needs a folder, e.g. the output of: python3 -c 'import sys; print(sys.prefix)'");
    installKernelspec(path.resolve(prefix));
    configureJupyterLab(path.resolve(prefix));
  } else {
    setup();
    log("done");
  }
}
