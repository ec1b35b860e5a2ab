import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { PYTHON, ROOT, runTool } from "./python";

/** Debian's Chromium (or CHROMIUM=/path). Under CI it must exist; elsewhere browser tests skip loudly. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].filter(Boolean) as string[];
  const found = candidates.find((c) => existsSync(c));
  if (!found) {
    const message = "Chromium not found: browser tests need Debian's chromium (apt-get install -y chromium) or CHROMIUM=/path/to/chrome";
    if (process.env.CI === "true") throw new Error(message);
    console.warn(`\n⚠️  SKIPPING BROWSER TESTS. ${message}\n`);
  }
  return found;
}

export async function launchChromium(executablePath: string): Promise<BrowserContext> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), "lessons-chromium-"));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export interface Lab {
  url: string;
  token: string;
  stop(): Promise<void>;
}

/** JupyterLab from .venv on 127.0.0.1 with a random token, serving `rootDir`; stopped by `stop()`. */
export async function startJupyterLab(rootDir: string): Promise<Lab> {
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  const args = [
    "-m", "jupyterlab", "--no-browser",
    "--ServerApp.ip=127.0.0.1", `--ServerApp.port=${port}`, "--ServerApp.port_retries=0",
    `--IdentityProvider.token=${token}`, `--ServerApp.root_dir=${rootDir}`,
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
  ];
  if (process.getuid?.() === 0) args.push("--allow-root");
  const configDir = mkdtempSync(path.join(os.tmpdir(), "lessons-jupyter-config-"));
  // A settings folder of the test's own: render every cell (no windowing), so checks see the whole notebook.
  const settingsDir = mkdtempSync(path.join(os.tmpdir(), "lessons-lab-settings-"));
  mkdirSync(path.join(settingsDir, "@jupyterlab", "notebook-extension"), { recursive: true });
  writeFileSync(path.join(settingsDir, "@jupyterlab", "notebook-extension", "tracker.jupyterlab-settings"), JSON.stringify({ windowingMode: "none" }));
  const lab: ChildProcess = spawn(PYTHON, args, {
    cwd: ROOT,
    env: { ...process.env, JUPYTER_CONFIG_DIR: configDir, JUPYTERLAB_SETTINGS_DIR: settingsDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  lab.stdout?.on("data", (d) => (log += d));
  lab.stderr?.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (lab.exitCode !== null) throw new Error(`JupyterLab exited early:\n${log}`);
    try {
      const r = await fetch(`${url}/api/status?token=${token}`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      lab.kill("SIGKILL");
      throw new Error(`JupyterLab did not start within 90 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    token,
    async stop() {
      if (lab.exitCode !== null) return;
      const exited = new Promise((r) => lab.once("exit", r));
      lab.kill("SIGTERM");
      const timer = setTimeout(() => lab.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function runExport(outDir: string) {
  return runTool(["export", "--out", outDir], 300_000);
}
