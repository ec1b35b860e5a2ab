// Deno's kernelspec runs Deno's kernel behind tools/lessontools/deno_relay.py (Deno 2.3.7's
// own ZeroMQ sockets leave about one JupyterLab connection in two unread: see the relay's doc string). Here
// the real kernelspec is driven through jupyter_client by test/helpers/deno_kernel_check.py: messages
// arrive whole and to the client that asked, two clients share a kernel, JupyterLab's connection sequence is
// answered on every fresh kernel, and no Deno process outlives its relay (restart, shutdown, SIGKILL). The relay
// passes cells to Deno one at a time and tells kernel-lib how the cell before ended: a test cell run after a
// failed solution cell says nothing was checked, one by one and in a Run All burst, and a Run All stops at a
// failed cell (the relay aborts the cells waiting: Deno 2.3.7 ignores stop_on_error).
// The browser side (JupyterLab itself, several lessons at once) is browser-deno.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { KERNELS, kernelspecFile } from "../helpers/course";
import { PYTHON, ROOT } from "../helpers/python";

const DENO_SPEC = kernelspecFile(KERNELS.deno.name);
const STARTS = 6;

describe.skipIf(!existsSync(DENO_SPEC) || process.platform !== "linux")("Deno's kernel behind the relay (jupyter_client)", () => {
  let runtime: string;
  let seen: any;

  beforeAll(() => {
    runtime = mkdtempSync(path.join(os.tmpdir(), "lessons-deno-relay-"));
    const r = spawnSync(PYTHON, [path.join(ROOT, "test", "helpers", "deno_kernel_check.py"), String(STARTS)], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 240_000,
      env: { ...process.env, JUPYTER_RUNTIME_DIR: runtime },
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    seen = JSON.parse(r.stdout);
  }, 300_000);

  afterAll(() => rmSync(runtime, { recursive: true, force: true }));

  it("the kernelspec starts the relay, which starts one Deno; kernel_info is Deno's own; the heartbeat answers", () => {
    expect(seen.processes.relay_cmd[1]).toBe(path.join(ROOT, "tools", "lessontools", "deno_relay.py"));
    expect(seen.processes.deno_children).toBe(1);
    expect(seen.kernel_info).toEqual({ implementation: "Deno kernel", version: "2.3.7", language: "typescript" });
    expect(seen.heartbeat).toBe(true);
  });

  it("an execution's messages reach the client that asked: busy, the input, its outputs and result, idle, then the reply", () => {
    const { iopub, reply_status, reply_parent_is_request } = seen.execution;
    expect(iopub[0]).toEqual({ type: "status", text: "busy" });
    expect(iopub[1].type).toBe("execute_input");
    expect(iopub.at(-1)).toEqual({ type: "status", text: "idle" });
    // Without kernel-lib loaded, Deno 2.3 sends console output after broadcasts (docs/deno-kernel.md): the
    // order of these two is Deno's, not the relay's, so they are compared as a set.
    const middle = iopub.slice(2, -1).map((m: { type: string; text: string }) => `${m.type}: ${m.text}`);
    expect(middle.sort()).toEqual(["display_data: two", "execute_result: \u001b[33m42\u001b[39m", "stream: one\n"].sort());
    expect(reply_status).toBe("ok");
    expect(reply_parent_is_request).toBe(true);
  });

  it("two clients on one kernel each get their own replies", () => {
    expect(seen.two_clients).toEqual({ first_gets_its_reply: true, second_gets_its_reply: true });
  });

  // exercise()'s line for a test cell run right after a failed cell (kernel-lib/src/check/exercise.ts).
  const nothingChecked = /^✗ relay-demo: nothing was checked — the cell run before this one failed \("function square\(z: number\): number \{"\)/;
  const passed = /^✓ relay-demo: all 1 visible check passed/;

  it("a test cell run right after a failed solution cell checks nothing and says which cell to fix; fixed, it passes", () => {
    // Cells: good solution, test, broken solution, test, good solution, test.
    const cells = seen.stale_one_by_one as { status: string; output: string }[];
    expect(cells.map((c) => c.status)).toEqual(["ok", "ok", "error", "ok", "ok", "ok"]);
    expect(cells[1].output).toMatch(passed);
    expect(cells[3].output).toMatch(nothingChecked);
    expect(cells[3].output).not.toContain("✓");
    expect(cells[5].output).toMatch(passed);
  });

  it("a Run All burst stops at the failed cell as on tslab (Deno ignores stop_on_error; the relay aborts the cells waiting)", () => {
    const cells = seen.run_all_stops as { status: string; output: string; reply_order: number }[];
    expect(cells.map((c) => c.status)).toEqual(["ok", "ok", "error", "aborted", "aborted", "aborted"]);
    expect(cells.map((c) => c.reply_order)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(cells[1].output).toMatch(passed);
    for (const i of [3, 4, 5]) expect(cells[i].output).toBe("");
    // The aborted cells never ran: the next cell run still follows the broken one.
    expect(seen.after_abort.status).toBe("ok");
    expect(seen.after_abort.output).toMatch(nothingChecked);
  });

  it("with the failed cell's stop_on_error off (tagged raises-exception), the burst runs on and the warning lands in its cell", () => {
    const cells = seen.stale_run_all as { status: string; output: string; reply_order: number }[];
    expect(cells.map((c) => c.reply_order)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(cells.map((c) => c.status)).toEqual(["ok", "ok", "error", "ok", "ok", "ok"]);
    expect(cells[2].output).toMatch(/expected/i);
    expect(cells[1].output).toMatch(passed);
    expect(cells[3].output).toMatch(nothingChecked);
    expect(cells[5].output).toMatch(passed);
    for (const i of [0, 4]) expect(cells[i].output).toBe("");
  });

  it("a burst of 40 cells: each output in its own cell, replies in the order sent, no cell waits on a poll timeout", () => {
    const { outputs, reply_order, ms_per_execute } = seen.plain_burst;
    expect(outputs).toEqual(Array.from({ length: 40 }, (_, i) => `cell ${i}\n`));
    expect(reply_order).toEqual(Array.from({ length: 40 }, (_, i) => i));
    console.log(`Deno behind the relay: ${ms_per_execute.toFixed(1)} ms per execute in a burst of 40`);
    // The relay's poll loop wakes every 200 ms when idle: a cell released late would cost that much.
    expect(ms_per_execute).toBeLessThan(100);
  });

  it("the previous-cell file is the user's alone and goes with the kernel", () => {
    expect(seen.previous_cell_file).toEqual({ exists_while_running: true, mode: "0o600" });
    expect(seen.restart.previous_cell_file_left).toBe(false);
    expect(seen.shutdown.previous_cell_file_left).toBe(false);
  });

  it(`JupyterLab's connection sequence (probe, channels, nudge on new connections) is answered on ${STARTS} of ${STARTS} fresh kernels`, () => {
    expect(seen.jupyterlab_sequence).toEqual(Array(STARTS).fill(true));
  });

  it("restart, shutdown and a relay killed outright leave no Deno process and no Deno connection file", () => {
    expect(seen.restart).toMatchObject({ new_relay: true, old_deno_gone: true, answers: "ok" });
    expect(seen.shutdown).toMatchObject({ relay_gone: true, deno_gone: true });
    expect(seen.relay_killed).toEqual({ deno_gone: true, deno_connection_file_left: false });
    expect(readdirSync(runtime).filter((f) => f.endsWith("-deno.json") || f.includes("-previous-cell.json"))).toEqual([]);
  });
});
