// The second kernel: Deno's built-in Jupyter kernel (course.json's denoKernel), beside tslab's.
// Deno comes pinned from npm (devDependency `deno`; its binary is the per-platform package
// @deno/<platform>, picked by npm's optionalDependencies). npm 11 does not run the `deno` package's
// postinstall (package.json's allowScripts says so on purpose): we never need it, because the kernelspec
// points at the platform package's binary itself, not at the Node wrapper in node_modules/.bin.
// All Deno state (its module cache, compiled-code cache) stays in .deno/ inside the project (gitignored).
// Jupyter does not start Deno directly but tools/lessontools/deno_relay.py, which starts Deno and relays its
// sockets through libzmq: Deno 2.3.7's own sockets (zmq.rs) can leave a JupyterLab connection unread
// forever, "<Deno's display name> | Unknown" (the relay's doc string says why and how).
// Uses only Node's standard library, like setup.mjs, which calls installDenoKernelspec().
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { COURSE, ROOT, VENV, kernelspecFile } from "./project.mjs";

/** The kernelspec's name and display name: tools/course.json's denoKernel. */
export const DENO_KERNEL_NAME = COURSE.denoKernel.name;
export const DENO_DISPLAY_NAME = COURSE.denoKernel.displayName;
/** Deno's cache (DENO_DIR) for this checkout; Deno's default is ~/.cache/deno, shared by every checkout. */
export const DENO_DIR = path.join(ROOT, ".deno");

/** The npm package holding the Deno binary for this machine, as named in the `deno` package's
 * optionalDependencies, or undefined where Deno publishes none (e.g. Linux with musl, 32-bit systems). */
export function denoPlatformPackage(platform = process.platform, arch = process.arch) {
  const cpu = { x64: "x64", arm64: "arm64" }[arch];
  if (!cpu) return undefined;
  if (platform === "win32" || platform === "darwin") return `@deno/${platform}-${cpu}`;
  if (platform !== "linux") return undefined;
  // Deno's Linux builds link glibc; Node reports the glibc version it runs on (absent on musl).
  const glibc = process.report?.getReport?.().header?.glibcVersionRuntime;
  return glibc ? `@deno/linux-${cpu}-glibc` : undefined;
}

/** Absolute path of this checkout's Deno binary, or undefined when npm did not install one here. */
export function denoBinary(root = ROOT) {
  const pkg = denoPlatformPackage();
  if (!pkg) return undefined;
  const exe = path.join(root, "node_modules", ...pkg.split("/"), process.platform === "win32" ? "deno.exe" : "deno");
  return existsSync(exe) ? exe : undefined;
}

/** The relay between Jupyter and Deno's kernel (a Python script: pyzmq comes with Jupyter itself). */
export const DENO_RELAY = path.join(ROOT, "tools", "lessontools", "deno_relay.py");

/** The Python of the environment Jupyter runs from (`prefix`: .venv, or a hosted image's prefix). */
export function pythonIn(prefix) {
  const candidates = process.platform === "win32" ? ["Scripts/python.exe", "python.exe"] : ["bin/python3", "bin/python"];
  return candidates.map((c) => path.join(prefix, ...c.split("/"))).find((p) => existsSync(p));
}

/**
 * The kernelspec's argv: the relay, then Deno's kernel command (the relay appends Deno's connection file).
 * `--quiet` keeps Deno's own diagnostics off the terminal that runs JupyterLab or verify: every kernel start
 * printed 'Warning "deno jupyter" is unstable…' and 'Unsupported compiler options in …tsconfig.json'
 * (the root tsconfig.json is tsc's, for kernel-lib; Deno reads it because it finds it). Errors still print:
 * --quiet only lowers Deno's log level to errors; a cell's errors go to the notebook as before.
 */
export function denoKernelArgv(python, deno) {
  const relay = [python, DENO_RELAY, "{connection_file}", deno, "jupyter", "--kernel", "--quiet", "--conn"];
  // Started with SIGINT ignored (a disposition exec keeps, and Python then leaves alone): when JupyterLab stops,
  // it interrupts kernels that may still be starting, and a relay interrupted while Python imports its first
  // module printed a KeyboardInterrupt traceback on npm start's terminal (seen on a fresh clone's first run).
  return process.platform === "win32" ? relay : ["/bin/sh", "-c", 'trap "" INT; exec "$@"', "deno-relay", ...relay];
}

/** The environment Deno runs in, for the kernelspec and for tools that start Deno themselves. */
export const denoEnv = () => ({
  DENO_DIR,
  // No network from a classroom kernel: Deno would otherwise check for a newer release now and then.
  DENO_NO_UPDATE_CHECK: "1",
  // A kernel has no terminal to answer a permission prompt on.
  DENO_NO_PROMPT: "1",
});

/**
 * Registers Deno's kernelspec under `prefix`/share/jupyter/kernels (beside tslab's).
 * Returns what happened, as one line for set-up to print, or undefined when nothing changed.
 * Without a Deno binary for this platform it registers nothing (tslab remains) and says so.
 */
export function installDenoKernelspec(prefix, root = ROOT) {
  const deno = denoBinary(root);
  if (!deno) {
    return `Deno kernel skipped: no Deno binary from npm for ${process.platform}-${process.arch}${denoPlatformPackage() ? ` (expected ${denoPlatformPackage()}; run npm ci)` : ""}; the lessons run on tslab`;
  }
  const python = pythonIn(prefix);
  if (!python) return `Deno kernel skipped: no Python found in ${prefix} to run its relay (tools/lessontools/deno_relay.py); the lessons run on tslab`;
  const spec = {
    // Absolute paths, as for tslab: this checkout's pinned Deno whatever PATH Jupyter starts with.
    argv: denoKernelArgv(python, deno),
    display_name: DENO_DISPLAY_NAME,
    language: COURSE.denoKernel.language,
    env: denoEnv(),
    metadata: { note: "Installed by tools/node/deno.mjs; Deno from npm (devDependency deno) behind tools/lessontools/deno_relay.py, its cache in .deno/." },
  };
  const text = JSON.stringify(spec, null, 2) + "\n";
  const file = kernelspecFile(DENO_KERNEL_NAME, prefix);
  if (existsSync(file) && readFileSync(file, "utf8") === text) return undefined;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return `installed the "${DENO_DISPLAY_NAME}" kernel into ${path.relative(root, prefix) || prefix}`;
}

/**
 * The kernels of an `npm start -- --kernel deno` session. JupyterLab writes the running kernel's kernelspec
 * (name, display name) and language_info into every notebook it opens; the lessons name tslab's kernelspec,
 * so on Deno's own kernelspec each opened lesson was marked modified and saved with Deno's name. Here the
 * session's kernelspec keeps the name and display name the lessons store and runs Deno (the relay reports
 * the course's language_info): opening a lesson changes nothing in it. It lives in the session's own
 * Jupyter path (`stateDir`/deno-session, first in JUPYTER_PATH for this JupyterLab only), never in .venv,
 * so verify, grading and tslab sessions still find tslab's. Returns the kernelspec name and the variables.
 */
export function denoSession(stateDir, prefix = VENV) {
  const spec = JSON.parse(readFileSync(kernelspecFile(DENO_KERNEL_NAME, prefix), "utf8"));
  const jupyterPath = path.join(stateDir, "deno-session", "share", "jupyter");
  const alias = {
    ...spec,
    display_name: COURSE.kernel.displayName,
    language: COURSE.kernel.language,
    metadata: { note: `npm start -- --kernel deno: Deno's kernel (${DENO_KERNEL_NAME}) under the lessons' kernelspec name; written by tools/node/deno.mjs at every start.` },
  };
  const file = kernelspecFile(COURSE.kernel.name, path.join(stateDir, "deno-session"));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(alias, null, 2) + "\n");
  return { kernel: COURSE.kernel.name, env: { JUPYTER_PATH: [jupyterPath, process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter) } };
}
