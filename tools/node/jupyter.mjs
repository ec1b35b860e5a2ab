// The one way JupyterLab is launched: by `npm start`, by the bench (bench/lab.mjs) and by the browser tests
// (test/helpers/browser.ts). Its arguments, its environment (Jupyter's state inside the project or in a
// scratch folder), its config files, starting it, waiting until it answers, and stopping it with every
// kernel it started (tslab, Deno and Deno's relay), so that nothing is left running.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { LESSON_LABEXTENSIONS, ROOT, jupyterEnv, jupyterStateVariables, venvBin } from "./project.mjs";

/**
 * The arguments npm start gives `python`: JupyterLab on `rootDir`, offering only `kernel` (a kernelspec
 * name) when one is given, then `labArgs` (later arguments win).
 */
export function jupyterLabArgs({ rootDir, kernel, labArgs = [] }) {
  const args = [
    "-m", "jupyterlab",
    `--ServerApp.root_dir=${rootDir}`,
    "--ServerApp.ip=127.0.0.1",
    // The first screen: the README, rendered (set-up's settings make Markdown open in the preview).
    "--LabApp.default_url=/lab/tree/README.md",
    // The update check would reach out to the internet from the server; none is needed to run lessons.
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
  ];
  if (kernel) {
    args.push(
      // The chosen lessons' kernel only: .venv's ipykernel would otherwise put "Python 3" first in the
      // Launcher. The notebooks' metadata names tslab's kernelspec. With Deno chosen, JupyterLab finds no
      // kernelspec of that name and, as exactly one allowed kernelspec has the notebook's language
      // (typescript), starts that one without asking (checked in Chromium by browser-deno.test.ts). Keep it
      // to one kernelspec per language here: with two, JupyterLab would ask the student to pick one.
      `--KernelSpecManager.allowed_kernelspecs=${kernel}`,
      "--KernelSpecManager.ensure_native_kernel=False",
      `--MappingKernelManager.default_kernel_name=${kernel}`,
    );
  }
  // JupyterLab refuses to run as root unless told; containers and CI run as root.
  if (process.getuid?.() === 0) args.push("--allow-root");
  return [...args, ...labArgs];
}

/** The pre-save hook that keeps saved lessons free of PNG chart snapshots (the file says why). */
export const SAVE_HOOK = path.join(ROOT, "tools", "jupyter", "save_hook.py");

/**
 * The files of a Jupyter config folder, as path inside it → text. One entry per file: add a setting to
 * the object of its application (jupyter_server_config.json for the server and its extensions).
 */
export function jupyterConfigFiles() {
  const json = (value) => JSON.stringify(value, null, 2) + "\n";
  return {
    // The lessons' own JupyterLab extension, built by set-up: the Plotly renderer and the lessons' stylesheet
    // (lite/build-jupyterlab.mjs says why).
    "jupyter_lab_config.json": json({ LabApp: { extra_labextensions_path: [LESSON_LABEXTENSIONS] } }),
    // jupyter-lsp (installed with JupyterLab) looks for a dozen language servers at every start and logs a
    // long "Skipped non-installed server(s): …" line; the lessons use none of them.
    "jupyter_server_config.json": json({ LanguageServerManager: { autodetect: false } }),
    // Saving drops PNG snapshots beside a chart's Plotly JSON, which PyPI plotly's renderer adds (the lessons'
    // renderer never does; other front ends may): tools/jupyter/save_hook.py. A server extension registers the
    // hook: the ContentsManager.pre_save_hook option is applied again when JupyterLab's extensions load their
    // config, and traitlets then printed "Overriding existing pre_save_hook" on every npm start.
    "jupyter_server_config.py":
      `__import__("sys").path.insert(0, ${JSON.stringify(path.dirname(SAVE_HOOK))})\n` +
      `c.ServerApp.jpserver_extensions.update({${JSON.stringify(path.basename(SAVE_HOOK, ".py"))}: True})\n`,
  };
}

/** Writes jupyterConfigFiles() into `configDir` (default: the project's), leaving unchanged files alone. */
export function installJupyterConfig(configDir = jupyterStateVariables().JUPYTER_CONFIG_DIR) {
  // An earlier set-up's copy of the stylesheet (LabApp.custom_css): the lessons' extension adds it now.
  rmSync(path.join(configDir, "custom", "custom.css"), { force: true });
  for (const [name, text] of Object.entries(jupyterConfigFiles())) {
    const file = path.join(configDir, ...name.split("/"));
    if (existsSync(file) && readFileSync(file, "utf8") === text) continue;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

/** A TCP port free on 127.0.0.1 at the time of asking. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Waits until the Jupyter server at `url` answers, or throws with its log (and kills it). */
export async function waitForServer(url, token, server, log, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.exitCode !== null || server.signalCode !== null) throw new Error(`the Jupyter server exited early:\n${log()}`);
    try {
      const r = await fetch(`${url}/api/status?token=${token}`);
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      server.kill("SIGKILL");
      throw new Error(`the Jupyter server did not start within ${timeoutMs / 1000} s:\n${log()}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** The ids of every process below `pid` (children, their children…), from /proc; [] where there is none. */
export function descendants(pid) {
  if (!existsSync("/proc/self/stat")) return [];
  const children = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name (field 2) is in parentheses and may hold spaces: the parent id follows the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  const found = [];
  const queue = [pid];
  while (queue.length) for (const child of children.get(queue.shift()) ?? []) found.push(child), queue.push(child);
  return found;
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Stops a Jupyter server and everything it started. SIGTERM lets Jupyter shut its kernels down (each
 * through the kernel protocol, then its process group); after `graceMs` the server is killed. Any kernel
 * or relay still alive afterwards (found under the server before the stop) is killed too: a kernel that
 * outlives its server would keep hundreds of MB, re-parented to PID 1.
 */
export async function stopProcess(child, graceMs = 15_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const below = descendants(child.pid);
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
  const left = below.filter(alive);
  for (const pid of left) process.kill(pid, "SIGKILL");
  const deadline = Date.now() + 5_000;
  while (left.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

/** What Jupyter writes about a running server (url, port, token…) into its runtime folder, or undefined. */
export function serverInfo(runtimeDir, pid) {
  try {
    return JSON.parse(readFileSync(path.join(runtimeDir, `jpserver-${pid}.json`), "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * Lines the server's output carries that tell a student nothing, dropped by `stdio: "quiet"` (npm start):
 *  - tslab 1.0.22 prints "unknown msg_type: history_request" each time JupyterLab asks a notebook's kernel for
 *    its input history, which tslab does not keep (nothing is lost: JupyterLab works without it);
 *  - jupyter_server warns "Notebook … is not trusted" when a lesson is saved with outputs the student has not
 *    re-run; trust only decides whether HTML and scripts in outputs run, and the lessons' charts, formulas and
 *    tables render untrusted;
 *  - "received signal 15, stopping": npm start's own way of stopping the server, which it has just announced.
 */
export const NOISE = [/^unknown msg_type: history_request$/, /^\[W [^\]]*ServerApp\] Notebook .* is not trusted$/, /^\[C [^\]]*ServerApp\] received signal 15, stopping$/];

/** Copies `input` to `output` line by line, leaving out lines that match a pattern of `drop`. */
export function withoutNoise(input, output, drop = NOISE) {
  let partial = "";
  const pass = (line) => drop.some((pattern) => pattern.test(line.replace(/\r$/, ""))) || output.write(`${line}\n`);
  input.setEncoding("utf8");
  input.on("data", (chunk) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop();
    lines.forEach(pass);
  });
  input.on("end", () => partial && pass(partial));
}

/**
 * Starts JupyterLab from .venv and waits until it answers.
 *  - `args`: the arguments for `python` (default: jupyterLabArgs({ rootDir, kernel })); the port, token and
 *    --no-browser are appended unless `serve` is false (npm start: the student's own arguments decide).
 *  - `stateDir`: Jupyter's state (default: a scratch folder under the system's temp folder, with every cell
 *    attached to the page, as browser checks need, and removed by stop()); project.mjs's JUPYTER_STATE for npm start.
 *  - `stdio`: "pipe" (the log is kept, read it with log()), "inherit" (the terminal sees it) or "quiet" (the
 *    terminal sees it without the lines of NOISE).
 *  - `ownGroup`: the server in a process group of its own, so that Ctrl+C in the terminal reaches only the
 *    caller, which stops the server (npm start: one Ctrl+C, no question asked, no traceback).
 */
export async function startJupyterLab({ rootDir, kernel, args, stateDir, serve = true, stdio = "pipe", ownGroup = false, env = process.env, timeoutMs = 120_000 } = {}) {
  const scratch = stateDir === undefined;
  const state = scratch ? mkdtempSync(path.join(os.tmpdir(), "lessons-jupyter-")) : stateDir;
  const vars = jupyterStateVariables(state);
  installJupyterConfig(vars.JUPYTER_CONFIG_DIR);
  if (scratch) {
    // Every cell attached to the page: JupyterLab's default windowing attaches off-screen cells lazily, and
    // a fast kernel finishes Run All before the last cells exist in the page.
    const dir = path.join(vars.JUPYTERLAB_SETTINGS_DIR, "@jupyterlab", "notebook-extension");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "tracker.jupyterlab-settings"), JSON.stringify({ windowingMode: "none" }));
  }
  const port = serve ? await freePort() : undefined;
  const token = serve ? randomBytes(16).toString("hex") : undefined;
  const served = serve ? ["--no-browser", `--ServerApp.port=${port}`, "--ServerApp.port_retries=0", `--IdentityProvider.token=${token}`] : [];
  const argv = [...(args ?? jupyterLabArgs({ rootDir, kernel })), ...served];
  const output = stdio === "inherit" ? "inherit" : "pipe"; // "quiet" reads the output to filter it
  const server = spawn(venvBin("python"), argv, {
    cwd: ROOT,
    env: jupyterEnv(env, state),
    stdio: ["ignore", output, output],
    detached: ownGroup,
  });
  let log = "";
  if (stdio === "quiet") {
    withoutNoise(server.stdout, process.stdout);
    withoutNoise(server.stderr, process.stderr);
  } else {
    server.stdout?.on("data", (d) => (log += d));
    server.stderr?.on("data", (d) => (log += d));
  }
  const removeState = () => scratch && rmSync(state, { recursive: true, force: true });
  let url = serve ? `http://127.0.0.1:${port}` : undefined;
  let key = token;
  try {
    if (!serve) {
      // The student's arguments may set the port or the token: read them where Jupyter writes them.
      const deadline = Date.now() + timeoutMs;
      let info;
      while (!(info = serverInfo(vars.JUPYTER_RUNTIME_DIR, server.pid))) {
        if (server.exitCode !== null || server.signalCode !== null) throw new Error(`JupyterLab exited (${server.exitCode ?? server.signalCode})${log ? `:\n${log}` : ""}`);
        if (Date.now() > deadline) throw new Error(`JupyterLab did not start within ${timeoutMs / 1000} s`);
        await new Promise((r) => setTimeout(r, 300));
      }
      url = info.url.replace(/\/$/, "");
      key = info.token;
    }
    await waitForServer(url, key, server, () => log, timeoutMs);
  } catch (error) {
    await stopProcess(server);
    removeState();
    throw error;
  }
  const api = async (method, route) => {
    const r = await fetch(`${url}/api/${route}${route.includes("?") ? "&" : "?"}token=${key}`, { method });
    if (!r.ok && r.status !== 404) throw new Error(`${method} /api/${route}: HTTP ${r.status}`);
    return r.status === 204 || r.status === 404 ? null : r.json();
  };
  return {
    url,
    token: key,
    process: server,
    stateDir: state,
    /** Everything the server (and the kernels it started) printed so far (with stdio "pipe"). */
    log: () => log,
    /** A call to the server's REST API (`api("POST", "kernels")`), its JSON reply or null. */
    api,
    /** Shuts down every session and kernel of this server and waits until none is left. */
    async shutDownKernels(timeout = 30_000) {
      for (const s of (await api("GET", "sessions")) ?? []) await api("DELETE", `sessions/${s.id}`);
      for (const k of (await api("GET", "kernels")) ?? []) await api("DELETE", `kernels/${k.id}`);
      const deadline = Date.now() + timeout;
      while (((await api("GET", "kernels")) ?? []).length > 0) {
        if (Date.now() > deadline) throw new Error(`kernels still running ${timeout / 1000} s after shutdown`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async stop() {
      await stopProcess(server);
      removeState();
    },
  };
}
