#!/usr/bin/env node
// Every set-up step the lessons need, each skipped when already done, all inside this folder:
//   1. check Node and Python versions      2. .venv from requirements.txt     3. npm ci from the lock file
//   4. build kernel-lib (dist/) and the lessons' Plotly renderer for JupyterLab (lite/build-jupyterlab.mjs)
//   5. the tslab kernelspec inside .venv, pointing at this checkout's tslab
//   6. JupyterLab settings: offline (no news fetch, no update check), Markdown opens rendered; the Jupyter
//      config (tools/node/jupyter.mjs, jupyterConfigFiles). npm's and pip's caches stay in .cache/.
// Uses only Node's standard library: on a fresh clone it runs before node_modules exists.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { installDenoKernelspec } from "./deno.mjs";
import { installJupyterConfig } from "./jupyter.mjs";
import { COURSE, KERNEL_NAME, ROOT, VENV, isWindows, kernelspecFile } from "./project.mjs";

const MIN_NODE = [20, 0];
const MIN_PYTHON = [3, 10];
/** Download caches of npm and pip, inside the project (gitignored): their defaults are ~/.npm and ~/.cache/pip. */
export const CACHE = path.join(ROOT, ".cache");
/** The environment of every set-up step: npm's and pip's caches (venv's ensurepip included) in CACHE. */
const setupEnv = () => ({ ...process.env, npm_config_cache: path.join(CACHE, "npm"), PIP_CACHE_DIR: path.join(CACHE, "pip") });

const log = (message) => console.log(`[setup] ${message}`);

function fail(message) {
  console.error(`\n[setup] ${message}\n`);
  process.exit(1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", cwd: ROOT, env: setupEnv(), ...options });
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
export async function setUpPython(venvDir = VENV, requirements = "requirements.txt") {
  const key = sha(path.join(ROOT, requirements));
  const stamp = path.join(venvDir, ".requirements.sha256");
  const python = path.join(venvDir, isWindows ? "Scripts" : "bin", isWindows ? "python.exe" : "python");
  if (!existsSync(python)) {
    const system = findPython();
    log(`creating ${path.relative(ROOT, venvDir)} with ${system}`);
    run(system, ["-m", "venv", venvDir]);
  }
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === key) return;
  log(`installing Python packages from ${requirements} into ${path.relative(ROOT, venvDir)} (first run only, a few minutes)`);
  const logFile = path.join(venvDir, "pip-install.log");
  await runWithProgress(python, ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-r", requirements], logFile, pipProgress);
  removeRetiredPackages(python, logFile);
  writeFileSync(stamp, key);
  log("Python packages ready");
}

// Packages an earlier requirements.txt installed that are now in the way, removed from a .venv made before:
// PyPI plotly's JupyterLab renderer (the lessons draw charts with their own) made JupyterLab fetch and parse a
// second, 4.8 MB plotly.js on every page load, disabled or not.
const RETIRED_PACKAGES = ["plotly"];

function removeRetiredPackages(python, logFile) {
  const listed = spawnSync(python, ["-m", "pip", "list", "--disable-pip-version-check", "--format=json"], { encoding: "utf8", env: setupEnv() });
  const installed = new Set(JSON.parse(listed.stdout || "[]").map((p) => p.name.toLowerCase()));
  const retired = RETIRED_PACKAGES.filter((name) => installed.has(name));
  if (retired.length === 0) return;
  log(`removing ${retired.join(", ")} from ${path.relative(ROOT, path.dirname(path.dirname(python)))} (no longer used)`);
  const removed = spawnSync(python, ["-m", "pip", "uninstall", "--disable-pip-version-check", "-y", ...retired], { encoding: "utf8", env: setupEnv() });
  appendFileSync(logFile, removed.stdout + removed.stderr);
}

/** pip's output reduced to one status: how many packages it has collected, then that it is installing. */
function pipProgress(line, state) {
  if (/^Collecting /.test(line)) state.collected = (state.collected ?? 0) + 1;
  if (/^Installing collected packages/.test(line)) state.installing = true;
  return state.installing
    ? `installing ${state.collected ?? ""} packages into the environment…`
    : `downloading and resolving packages: ${state.collected ?? 0} so far…`;
}

/**
 * Runs a long step with its full output in `logFile` and, in the terminal, one status line kept up to
 * date (rewritten in place on a terminal, repeated every 20 s otherwise): progress without a flood. On
 * failure the last lines of the output are shown with the log's path.
 */
function runWithProgress(command, args, logFile, describe) {
  return new Promise((resolve) => {
    mkdirSync(path.dirname(logFile), { recursive: true });
    let output = "";
    let status = "starting…";
    const state = {};
    const tty = process.stdout.isTTY;
    const started = Date.now();
    const show = () => {
      const line = `[setup]   ${status} (${Math.round((Date.now() - started) / 1000)} s)`;
      if (tty) process.stdout.write(`\r${line.slice(0, (process.stdout.columns || 100) - 1).padEnd((process.stdout.columns || 100) - 1)}`);
      else console.log(line);
    };
    const timer = setInterval(show, tty ? 1000 : 20_000);
    const child = spawn(command, args, { cwd: ROOT, env: setupEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let pending = "";
    const take = (chunk) => {
      output += chunk;
      pending += chunk;
      const lines = pending.split(/\r?\n/);
      pending = lines.pop();
      for (const line of lines) status = describe(line.trim(), state) ?? status;
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("error", (error) => fail(`could not run ${command}: ${error.message}`));
    child.on("close", (code) => {
      clearInterval(timer);
      if (tty) process.stdout.write("\r" + " ".repeat((process.stdout.columns || 100) - 1) + "\r");
      writeFileSync(logFile, output);
      if (code !== 0) {
        const tail = output.trim().split(/\n/).slice(-30).join("\n");
        fail(`${path.basename(command)} ${args.join(" ")} failed (exit ${code}). Last lines (all in ${path.relative(ROOT, logFile)}):\n${tail}`);
      }
      resolve();
    });
  });
}

export function setUpNode() {
  const key = sha(path.join(ROOT, "package-lock.json"));
  const stamp = path.join(ROOT, "node_modules", ".package-lock.sha256");
  if (once(stamp, key, () => {
    log("installing Node packages with npm ci (first run only)");
    // npm shows its own progress. Its debug log (only kept when something fails) and its download cache
    // (setupEnv(); ~/.npm by default, 160 MB) stay in the project.
    // zeromq (tslab's transport) ships prebuilt binaries and esbuild its platform binary as an optional
    // dependency: package.json's allowScripts skips their install scripts (and npm's warning about them).
    run(isWindows ? "npm.cmd" : "npm", ["ci", "--no-audit", "--no-fund", `--logs-dir=${path.join(ROOT, "node_modules", ".npm-logs")}`]);
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

/** The lessons' Plotly renderer for JupyterLab (lite/build-jupyterlab.mjs), rebuilt when its sources change.
 * Imported only now: the build needs esbuild from node_modules. */
async function buildPlotlyRenderer() {
  const { buildJupyterLabRenderer, rendererOutdated } = await import("../../lite/build-jupyterlab.mjs");
  if (!rendererOutdated()) return;
  log("building the lessons' Plotly renderer for JupyterLab (esbuild)");
  await buildJupyterLabRenderer();
}

/** Hosted Jupyter (--kernel-prefix): the lessons' Plotly renderer copied into `prefix`'s labextensions
 * folder, where JupyterLab finds prebuilt extensions (locally, extra_labextensions_path points at the build). */
async function installPlotlyRenderer(prefix) {
  await buildPlotlyRenderer();
  const { EXTENSION_NAME, OUT } = await import("../../lite/build-jupyterlab.mjs");
  const target = path.join(prefix, "share", "jupyter", "labextensions", ...EXTENSION_NAME.split("/"));
  rmSync(target, { recursive: true, force: true });
  cpSync(OUT, target, { recursive: true });
  log(`installed the lessons' Plotly renderer into ${path.relative(ROOT, prefix) || prefix}`);
}

/** The tslab kernelspec under `prefix`/share/jupyter/kernels (default: .venv; Binder/JupyterHub: the image's prefix). */
export function installKernelspec(prefix = VENV) {
  const spec = {
    // Absolute paths: the kernel must be this checkout's tslab under the Node that set it up, whatever
    // PATH JupyterLab or VS Code is started with.
    argv: [process.execPath, path.join(ROOT, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", "{connection_file}"],
    display_name: COURSE.kernel.displayName,
    language: COURSE.kernel.language,
    metadata: { note: "Installed by tools/node/setup.mjs; kernel-lib is imported by bare name from this checkout." },
  };
  const text = JSON.stringify(spec, null, 2) + "\n";
  const file = kernelspecFile(KERNEL_NAME, prefix);
  if (existsSync(file) && readFileSync(file, "utf8") === text) return;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  log(`installed the "${spec.display_name}" kernel into ${path.relative(ROOT, prefix) || prefix}`);
}

/** The second kernel, Deno's (tools/node/deno.mjs), beside tslab's; skipped with one line where npm has no Deno binary. */
export function installKernelspecs(prefix = VENV) {
  installKernelspec(prefix);
  const said = installDenoKernelspec(prefix);
  if (said) log(said);
}

export function configureJupyterLab(prefix = VENV) {
  // No internet here or in many classrooms: turn off the news feed and update check that would otherwise
  // try to reach the network from the browser.
  const dir = path.join(prefix, "share", "jupyter", "lab", "settings");
  // A README opens rendered, not as Markdown source (students land on the workspace README).
  const overrides = {
    "@jupyterlab/apputils-extension:notification": { checkForUpdates: false, fetchNews: "false" },
    "@jupyterlab/docmanager-extension:plugin": { defaultViewers: { markdown: "Markdown Preview" } },
  };
  const file = path.join(dir, "overrides.json");
  const text = JSON.stringify(overrides, null, 2) + "\n";
  if (existsSync(file) && readFileSync(file, "utf8") === text) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, text);
}

export async function setup() {
  checkNode();
  await setUpPython();
  setUpNode();
  buildKernelLib();
  await buildPlotlyRenderer();
  installKernelspecs();
  configureJupyterLab();
  installJupyterConfig();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf("--kernel-prefix");
  if (process.argv.includes("--nbgrader")) {
    // nbgrader for instructors who grade with it (and for its test), kept out of the students' .venv:
    // it would add its own menus to their JupyterLab.
    await setup();
    await setUpPython(path.join(ROOT, ".venv-nbgrader"), "requirements-nbgrader.txt");
  } else if (at !== -1) {
    // For hosted Jupyter (Binder's postBuild, JupyterHub images): Python packages are the image's, so only
    // register the kernel and settings in that environment's prefix.
    const prefix = process.argv[at + 1];
    if (!prefix) fail("--kernel-prefix needs a folder, e.g. the output of: python3 -c 'import sys; print(sys.prefix)'");
    installKernelspecs(path.resolve(prefix));
    configureJupyterLab(path.resolve(prefix));
    await installPlotlyRenderer(path.resolve(prefix));
  } else {
    await setup();
    log("done");
  }
}
