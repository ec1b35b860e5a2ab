// JupyterLab as `npm start` opens it (tools/node/start.mjs), one server per kernel, serving a scratch folder,
// with a token, a free port on 127.0.0.1 and Jupyter's state in a scratch folder of its own (removed by stop()).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT, VENV, jupyterEnv, venvBin } from "../setup.mjs";

/** The kernelspec names and display names the lessons run on ("TypeScript (lessons)", "TypeScript (Deno)"). */
export function kernelspec(kernel) {
  const name = { tslab: JSON.parse(readFileSync(path.join(ROOT, "tools", "course.json"), "utf8")).kernel.name, deno: "deno-lessons" }[kernel];
  const file = path.join(VENV, "share", "jupyter", "kernels", name, "kernel.json");
  let spec;
  try {
    spec = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    throw new Error(`the ${kernel} kernel is not installed (${path.relative(ROOT, file)} is missing): run npm run setup`);
  }
  return { name, display_name: spec.display_name, language: spec.language };
}

// TODO(lead): start.mjs builds these arguments inline and cannot be imported (it starts JupyterLab on
// import). If it exported e.g. `labArguments({ kernel, rootDir })`, this copy (start.mjs as of a0f1881,
// minus --LabApp.default_url, which only picks the README tab) should be replaced by it.
function startLikeArguments(kernelName, rootDir) {
  return [
    "-m", "jupyterlab",
    `--ServerApp.root_dir=${rootDir}`,
    "--ServerApp.ip=127.0.0.1",
    `--KernelSpecManager.allowed_kernelspecs=${kernelName}`,
    "--KernelSpecManager.ensure_native_kernel=False",
    `--MappingKernelManager.default_kernel_name=${kernelName}`,
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
  ];
}

/**
 * Starts JupyterLab for `kernel` on `rootDir`; Jupyter's state (runtime files, settings, saved workspaces)
 * goes to `stateDir`. helpers = test/helpers/browser.ts (freePort, waitForServer, stopProcess).
 */
export async function startLab(kernel, rootDir, stateDir, helpers) {
  const spec = kernelspec(kernel);
  const port = await helpers.freePort();
  const token = randomBytes(16).toString("hex");
  const args = [
    ...startLikeArguments(spec.name, rootDir),
    "--no-browser",
    `--ServerApp.port=${port}`,
    "--ServerApp.port_retries=0",
    `--IdentityProvider.token=${token}`,
  ];
  if (process.getuid?.() === 0) args.push("--allow-root");
  for (const dir of ["config", "data", "runtime", "workspaces", "settings", "ipython"]) mkdirSync(path.join(stateDir, dir), { recursive: true });
  // Every cell attached to the page, as in the browser tests (test/helpers/browser.ts): JupyterLab's default
  // windowing attaches off-screen cells lazily, and a fast kernel finishes Run All before the last cells
  // exist in the page, so "every cell has run" could not be seen. Same setting for both kernels.
  const tracker = path.join(stateDir, "settings", "@jupyterlab", "notebook-extension");
  mkdirSync(tracker, { recursive: true });
  writeFileSync(path.join(tracker, "tracker.jupyterlab-settings"), JSON.stringify({ windowingMode: "none" }));
  const env = {
    ...jupyterEnv(),
    JUPYTER_CONFIG_DIR: path.join(stateDir, "config"),
    JUPYTER_DATA_DIR: path.join(stateDir, "data"),
    JUPYTER_RUNTIME_DIR: path.join(stateDir, "runtime"),
    JUPYTERLAB_WORKSPACES_DIR: path.join(stateDir, "workspaces"),
    JUPYTERLAB_SETTINGS_DIR: path.join(stateDir, "settings"),
    IPYTHONDIR: path.join(stateDir, "ipython"),
  };
  const server = spawn(venvBin("python"), args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  server.stdout.on("data", (d) => (log += d));
  server.stderr.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  await helpers.waitForServer(url, token, server, () => log);
  const api = async (method, route) => {
    const r = await fetch(`${url}/api/${route}${route.includes("?") ? "&" : "?"}token=${token}`, { method });
    if (!r.ok && r.status !== 404) throw new Error(`${method} /api/${route}: HTTP ${r.status}`);
    return r.status === 204 || r.status === 404 ? null : r.json();
  };
  return {
    kernel,
    spec,
    url,
    token,
    log: () => log,
    /** The last "Nudge: attempt N" in the log after `offset` (the server re-sends kernel_info to a kernel
     * that has not answered on iopub, and logs every tenth attempt), or 0. */
    nudgesSince: (offset) => Math.max(0, ...[...log.slice(offset).matchAll(/Nudge: attempt (\d+)/g)].map((m) => Number(m[1]))),
    /**
     * Shuts down every session and kernel of this server and waits until none is left. Run between lessons:
     * a second Deno kernel started while another still runs in the same JupyterLab may never become ready
     * (docs/deno-kernel.md, open problem), so every lesson opens with no other kernel alive.
     */
    async shutDownKernels(timeoutMs = 30_000) {
      for (const s of (await api("GET", "sessions")) ?? []) await api("DELETE", `sessions/${s.id}`);
      for (const k of (await api("GET", "kernels")) ?? []) await api("DELETE", `kernels/${k.id}`);
      const deadline = Date.now() + timeoutMs;
      while (((await api("GET", "kernels")) ?? []).length > 0) {
        if (Date.now() > deadline) throw new Error(`${kernel}: kernels still running ${timeoutMs / 1000} s after shutdown`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    stop: () => helpers.stopProcess(server),
  };
}
