// `npm start` as a student runs it and stops it: started through npm with an empty throw-away HOME, a lesson
// opened on the kernel (a session through the server's REST API, as JupyterLab opens one), then SIGINT to
// npm's whole process group, which is what Ctrl+C in a terminal sends. It must stop at once, with no
// Python traceback and no "Shut down this Jupyter server (y/[n])?", and leave no process behind: neither
// below npm (walked in /proc) nor anywhere else that belongs to this run (its folders in a process's
// command line or working folder), where a kernel re-parented to PID 1 would be. Its start-up output is
// the address once and no noise. Each kernel (tslab; Deno and the relay it runs behind) on its own start.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { descendants } from "../helpers/browser";
import { KERNELS, kernelspecFile } from "../helpers/course";
import { ROOT } from "../helpers/python";

const SCRATCH = path.join(ROOT, "test-results", "start-stop");
const LESSON = readdirSync(path.join(ROOT, "notebooks")).filter((f) => /^\d\d-.*\.ipynb$/.test(f)).sort()[0];

const cmdline = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").trim();
  } catch {
    return undefined; // gone
  }
};
const cwd = (pid: number) => {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return undefined;
  }
};
/** Every live process whose command line or working folder is inside `folder`. */
const processesIn = (folder: string) =>
  readdirSync("/proc")
    .filter((e) => /^\d+$/.test(e) && Number(e) !== process.pid)
    .map(Number)
    .filter((pid) => cmdline(pid)?.includes(folder) || cwd(pid)?.startsWith(folder));

const describeLinux = process.platform === "linux" ? describe : describe.skip;

describeLinux("npm start stops cleanly on Ctrl+C (SIGINT to its process group), with an empty HOME", () => {
  let home: string;
  beforeAll(() => {
    rmSync(SCRATCH, { recursive: true, force: true });
    mkdirSync(SCRATCH, { recursive: true });
    home = mkdtempSync(path.join(os.tmpdir(), "lessons-home-"));
  });
  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(SCRATCH, { recursive: true, force: true });
  });

  for (const choice of ["tslab", "deno"] as const) {
    const kernel = KERNELS[choice];
    it.skipIf(!existsSync(kernelspecFile(kernel.name)))(`--kernel ${choice}: the address once, no noise; a lesson's ${kernel.displayName} kernel; one SIGINT stops everything`, async () => {
      const run = path.join(SCRATCH, choice);
      const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, LESSONS_WORKSPACE: path.join(run, "workspace"), LESSONS_JUPYTER_STATE: path.join(run, "jupyter") };
      for (const key of ["XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR", "DENO_DIR", "npm_config_cache"]) delete env[key];
      // npm in a process group of its own, as a terminal runs it: the group is what Ctrl+C signals.
      const npm: ChildProcess = spawn("npm", ["start", "--", "--kernel", choice, "--no-browser"], { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
      let log = "";
      npm.stdout?.on("data", (d) => (log += d));
      npm.stderr?.on("data", (d) => (log += d));
      const exited = new Promise<void>((r) => npm.once("exit", () => r()));
      let below: number[] = [];
      try {
        await expect.poll(() => /running at (\S+)/.test(log) || npm.exitCode !== null, { timeout: 120_000, interval: 300 }).toBe(true);
        const address = log.match(/running at (\S+)/)?.[1];
        // The printed address opens the README (the first screen), not JupyterLab's launcher.
        expect(address, log).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/lab\/tree\/README\.md\?token=\w+$/);
        const base = address!.split("/lab/")[0];
        const token = address!.split("token=")[1];
        expect((await fetch(`${base}/api/contents/README.md?token=${token}`)).status, "the README the address opens is there").toBe(200);
        expect(log.split(token).length - 1, `the address printed once:\n${log}`).toBe(1);
        expect(log, "no jupyter-lsp list of servers").not.toContain("Skipped non-installed server");
        expect(log, "no Jupyter INFO lines").not.toMatch(/^\[I /m);

        // A lesson opened on the kernel, as JupyterLab opens one: a session for the notebook.
        const r = await fetch(`${base}/api/sessions?token=${token}`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ path: LESSON, type: "notebook", name: LESSON, kernel: { name: kernel.name } }),
        });
        expect(r.status).toBe(201);
        expect(((await r.json()) as { kernel: { name: string } }).kernel.name).toBe(kernel.name);
        // The kernel's processes: tslab's node, or the relay and the Deno it starts.
        const kernelProcess = choice === "tslab" ? "tslab kernel" : "deno jupyter --kernel";
        await expect
          .poll(() => descendants(npm.pid!).map(cmdline).some((c) => c?.includes(kernelProcess)), { timeout: 60_000, interval: 300, message: "the kernel runs" })
          .toBe(true);
        // A lesson saved as the student left it (outputs not re-run: jupyter_server warns it is "not trusted").
        const file = `${base}/api/contents/${encodeURIComponent(LESSON)}?token=${token}`;
        const model = (await (await fetch(file)).json()) as { content: unknown };
        const saved = await fetch(file, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ type: "notebook", format: "json", content: model.content }) });
        expect(saved.status).toBe(200);
        below = descendants(npm.pid!);
        expect(below.map(cmdline).filter((c) => c?.includes(run)).length, "the server and the kernel run with this run's folders").toBeGreaterThanOrEqual(2);
      } finally {
        // Ctrl+C: SIGINT to the whole group.
        if (npm.exitCode === null) process.kill(-npm.pid!, "SIGINT");
      }
      const stopping = Date.now();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 60_000))]);
      expect(npm.exitCode !== null || npm.signalCode !== null, "npm start ended within 60 s of one SIGINT").toBe(true);
      // Everything below it and everything of this run is gone (a stuck kernel gets 10 s more to be seen).
      const leftovers = () => [...new Set([...below.filter((pid) => cmdline(pid) !== undefined), ...processesIn(run)])];
      await expect.poll(() => leftovers().length, { timeout: 10_000, interval: 250 }).toBe(0);
      console.log(`npm start --kernel ${choice}: stopped ${((Date.now() - stopping) / 1000).toFixed(1)} s after SIGINT, ${below.length} processes gone`);
      // Jupyter's own lines that say nothing to a student are left out (jupyter.mjs's NOISE says why each).
      for (const noise of ["Traceback", "KeyboardInterrupt", "Shut down this Jupyter server", "Warning:", "is not trusted", "received signal"]) expect(log.includes(noise), `"${noise}" in the output:\n${log}`).toBe(false);
      const written = readdirSync(home);
      expect(written, "nothing written under HOME").toEqual([]);
    }, 240_000);
  }
});
