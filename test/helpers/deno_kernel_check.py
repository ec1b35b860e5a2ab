"""Drives the registered Deno kernelspec (Deno behind tools/lessontools/deno_relay.py) through
jupyter_client and prints what it observed as one JSON object, for test/integration/deno-relay.test.ts.

  .venv/bin/python deno_kernel_check.py [STARTS]      (JUPYTER_RUNTIME_DIR: where connection files go)

Observations: kernel_info; one execution's messages (order and parents); two clients on one kernel at once;
a test cell run after a failed solution cell, one by one and in a Run All burst (the relay tells kernel-lib how
the cell before ended); a burst's outputs and replies, in order and to their cells, and its time per execute;
JupyterLab's connection sequence on STARTS fresh kernels (its kernel_info probe, its channels, then the
"nudge" on new connections, which must be answered); restart, shutdown and a relay killed outright (no
Deno process may outlive it); the heartbeat.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid

import zmq
from jupyter_client import BlockingKernelClient
from jupyter_client.manager import KernelManager
from jupyter_client.session import Session

NOTEBOOKS = os.path.join(os.path.dirname(__file__), "..", "..", "notebooks")


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def manager(name: str) -> KernelManager:
    """A kernel manager whose connection file goes to JUPYTER_RUNTIME_DIR (the test's scratch folder)."""
    runtime = os.environ["JUPYTER_RUNTIME_DIR"]
    return KernelManager(kernel_name=name, connection_file=os.path.join(runtime, f"kernel-{uuid.uuid4()}.json"))


def start(name: str) -> tuple[KernelManager, BlockingKernelClient]:
    km = manager(name)
    km.start_kernel(cwd=NOTEBOOKS)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    return km, kc


def jupyterlab_sequence(km: KernelManager) -> bool:
    """What jupyter_server does when JupyterLab opens a notebook: a kernel_info probe on a connection it then
    closes, the websocket's channels (identity = session), then kernel_info on fresh shell and control
    connections every 0.5 s until a reply and an IOPub message arrive. True if that happens within 10 s."""
    info = km.get_connection_info()
    session = Session(key=info["key"])
    ctx = zmq.Context.instance()

    def connect(kind: int, port: int, identity: bytes | None = None) -> zmq.Socket:
        s = ctx.socket(kind)
        s.linger = 0
        if identity:
            s.identity = identity
        s.connect(f"tcp://{info['ip']}:{port}")
        return s

    probe = connect(zmq.DEALER, info["shell_port"])
    session.send(probe, "kernel_info_request")
    probe_answered = probe.poll(20_000)
    probe.close()
    channels = [connect(zmq.DEALER, info[f"{c}_port"], session.bsession) for c in ("shell", "control", "stdin")]
    iopub = connect(zmq.SUB, info["iopub_port"])
    iopub.setsockopt(zmq.SUBSCRIBE, b"")
    shell, control = connect(zmq.DEALER, info["shell_port"]), connect(zmq.DEALER, info["control_port"])
    poller = zmq.Poller()
    for s in (shell, control, iopub):
        poller.register(s, zmq.POLLIN)
    replied = published = False
    deadline = time.monotonic() + 10
    while not (replied and published) and time.monotonic() < deadline:
        session.send(shell, "kernel_info_request")
        session.send(control, "kernel_info_request")
        end = time.monotonic() + 0.5
        while time.monotonic() < end and not (replied and published):
            for s, _ in poller.poll(50):
                s.recv_multipart()
                replied |= s is not iopub
                published |= s is iopub
    for s in (*channels, iopub, shell, control):
        s.close()
    return bool(probe_answered) and replied and published


# A solution cell, the same cell broken, and a test cell calling kernel-lib's exercise() (as the lessons do).
GOOD = "function square(z: number): number {\n  return z * z;\n}\n"
BROKEN = "function square(z: number): number {\n  return (z * z;\n}\n"
TEST = 'exercise("relay-demo", (t) => { t.close(square(3), 9, "square(3)"); });'


def burst(kc: BlockingKernelClient, cells: list[str], stop_on_error: list[bool] | None = None) -> list[dict]:
    """All `cells` sent at once, as JupyterLab's Run All does (stop_on_error, as JupyterLab sends it but for
    cells tagged raises-exception: `stop_on_error` per cell); for each: its reply's status, the order replies
    came in, and the text of the outputs addressed to it (an aborted cell also gets busy and idle)."""
    ids = [kc.execute(code, stop_on_error=stop) for code, stop in zip(cells, stop_on_error or [True] * len(cells))]
    replies: dict[str, tuple[int, str]] = {}
    while len(replies) < len(ids):
        reply = kc.get_shell_msg(timeout=60)
        parent = reply["parent_header"].get("msg_id")
        if parent in ids:
            replies[parent] = (len(replies), reply["content"]["status"])
    outputs: dict[str, list[str]] = {i: [] for i in ids}
    idle: set[str] = set()
    while len(idle) < len(ids):
        msg = kc.get_iopub_msg(timeout=60)
        parent = msg["parent_header"].get("msg_id")
        if parent not in outputs:
            continue
        content = msg["content"]
        if msg["msg_type"] == "stream":
            outputs[parent].append(content["text"])
        elif msg["msg_type"] == "error":
            outputs[parent].append(f"{content['ename']}: {content['evalue']}")
        elif msg["msg_type"] == "status" and content["execution_state"] == "idle":
            idle.add(parent)
    return [{"reply_order": replies[i][0], "status": replies[i][1], "output": "".join(outputs[i])} for i in ids]


def main() -> int:
    starts = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools", "course.json"), encoding="utf-8") as course:
        name = json.load(course)["denoKernel"]["name"]  # the kernelspec set-up registers (one home: course.json)
    result: dict = {}

    km, kc = start(name)
    relay = km.provisioner.process.pid
    deno = children(relay)
    result["processes"] = {"relay_cmd": open(f"/proc/{relay}/cmdline").read().split("\0")[:2], "deno_children": len(deno)}
    reply = kc.kernel_info(reply=True, timeout=30)["content"]
    result["kernel_info"] = {"implementation": reply["implementation"], "version": reply["implementation_version"], "language": reply["language_info"]["name"]}
    # The heartbeat channel counts as beating after its first answered ping, which a loaded machine may
    # not have had time for when kernel_info has just been answered: asked until it beats, for 10 s.
    deadline = time.monotonic() + 10
    while not kc.hb_channel.is_beating() and time.monotonic() < deadline:
        time.sleep(0.1)
    result["heartbeat"] = kc.hb_channel.is_beating()

    # One execution: what comes back, in order, and to whom.
    seen: list[dict] = []
    msg_id = kc.execute('console.log("one"); Deno.jupyter.broadcast("display_data", { data: { "text/plain": "two" }, metadata: {}, transient: {} }); 6 * 7')
    while True:
        msg = kc.get_iopub_msg(timeout=30)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        content = msg["content"]
        seen.append({"type": msg["msg_type"], "text": content.get("text") or content.get("data", {}).get("text/plain") or content.get("execution_state")})
        if msg["msg_type"] == "status" and content["execution_state"] == "idle":
            break
    execute_reply = kc.get_shell_msg(timeout=30)
    result["execution"] = {"iopub": seen, "reply_status": execute_reply["content"]["status"], "reply_parent_is_request": execute_reply["parent_header"]["msg_id"] == msg_id}

    # A second client on the same kernel (a second browser tab): each gets its own replies.
    # (km.client() would share the first client's session, hence its ZeroMQ identity: a different client.)
    other = km.client(session=Session(key=km.session.key))
    other.start_channels()
    a = kc.execute("const who = 'first'; who", silent=False)
    b = other.execute("'second'", silent=False)
    ra, rb = kc.get_shell_msg(timeout=30), other.get_shell_msg(timeout=30)
    result["two_clients"] = {"first_gets_its_reply": ra["parent_header"]["msg_id"] == a, "second_gets_its_reply": rb["parent_header"]["msg_id"] == b}
    other.stop_channels()

    # A stale definition, cell by cell as a student runs them: a broken solution cell, then its test cell
    # (nothing checked, never ✓); fixed, the test passes. Then the same as one Run All burst: it stops at the
    # broken cell (the cells after it are aborted, never run), and the next cell run alone still follows the
    # broken one. With the broken cell's stop_on_error off (tagged raises-exception), the burst runs on.
    steps = [GOOD, TEST, BROKEN, TEST, GOOD, TEST]
    result["stale_one_by_one"] = [burst(kc, [code])[0] for code in ['import { exercise } from "kernel-lib";', *steps]][1:]
    result["run_all_stops"] = burst(kc, steps)
    result["after_abort"] = burst(kc, [TEST])[0]
    result["stale_run_all"] = burst(kc, steps, [True, True, False, True, True, True])
    previous_cell_file = os.path.splitext(km.connection_file)[0] + "-previous-cell.json"
    exists = os.path.exists(previous_cell_file)
    result["previous_cell_file"] = {"exists_while_running": exists, "mode": oct(os.stat(previous_cell_file).st_mode & 0o777) if exists else None}

    # A burst of plain cells: each output in its own cell, replies in the order sent; time per execute.
    count = 40
    started = time.perf_counter()
    plain = burst(kc, [f'console.log("cell {i}")' for i in range(count)])
    result["plain_burst"] = {
        "outputs": [c["output"] for c in plain],
        "reply_order": [c["reply_order"] for c in plain],
        "ms_per_execute": (time.perf_counter() - started) * 1000 / count,
    }

    # Restart: a new relay and a new Deno; the old Deno is gone.
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=120)
    new_relay = km.provisioner.process.pid
    result["restart"] = {"new_relay": new_relay != relay, "old_deno_gone": not any(alive(p) for p in deno), "answers": kc.kernel_info(reply=True, timeout=30)["content"]["status"],
                         # The restarted kernel keeps the connection file's name: nothing may describe a cell of the old one.
                         "previous_cell_file_left": os.path.exists(previous_cell_file)}

    # Shutdown: relay and Deno exit, Deno's own connection file is gone.
    new_deno = children(new_relay)
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    time.sleep(0.5)
    result["shutdown"] = {"relay_gone": not alive(new_relay), "deno_gone": not any(alive(p) for p in new_deno), "previous_cell_file_left": os.path.exists(previous_cell_file)}

    # The relay killed outright (SIGKILL to it alone): Deno must not outlive it.
    km, kc = start(name)
    relay = km.provisioner.process.pid
    deno = children(relay)
    deno_connection_file = os.path.splitext(km.connection_file)[0] + "-deno.json"
    os.kill(relay, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while any(alive(p) for p in deno) and time.monotonic() < deadline:
        time.sleep(0.1)
    result["relay_killed"] = {"deno_gone": not any(alive(p) for p in deno), "deno_connection_file_left": os.path.exists(deno_connection_file)}
    kc.stop_channels()
    km.cleanup_resources()

    # JupyterLab's connection sequence on fresh kernels.
    answered = []
    for _ in range(starts):
        km = manager(name)
        km.start_kernel(cwd=NOTEBOOKS)
        answered.append(jupyterlab_sequence(km))
        km.shutdown_kernel(now=True)
    result["jupyterlab_sequence"] = answered

    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
