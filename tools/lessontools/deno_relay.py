"""Deno's Jupyter kernel behind a libzmq relay: Deno's kernelspec (tools/course.json) runs this, not Deno.

Why: Deno 2.3.7's kernel receives on its ZeroMQ sockets through zmq.rs (the `zeromq` crate 0.5.0-pre, via
runtimelib 0.28). That crate's fair queue (src/fair_queue.rs) returns "nothing yet" as soon as the first
connection it polls has nothing to read, without looking at the connections queued behind it; a connection
made after that, never polled, has no wake-up registered and is not read until some other connection wakes
the socket (changed upstream by zeromq/zmq.rs#208, merged after the 0.5.0-pre release Deno 2.3.7 uses).
Seen from outside: the unanswered connection's requests pile up unread in the kernel's TCP receive queue,
and any new connection to the same socket unsticks it. A Jupyter server opens three connections to the shell and control sockets within milliseconds
(its kernel_info probe, the browser's channels, then a short-lived "nudge" whose kernel_info_request must
be answered) and waits for the last one: in about half of all kernel starts (13 of 24 measured) the nudge
is never read, and JupyterLab shows "<Deno's display name> | Unknown" for good, whether it is the first kernel
or the second. nbclient (verify, grading) opens one connection per socket and never hit it.

Here Deno's kernel listens on ports of its own, the relay is its only client (one connection per socket,
made once: zmq.rs serves a single connection correctly) and the relay binds the ports Jupyter chose with
libzmq, which serves any number of clients. Messages pass through unchanged: a client's routing identity
travels to Deno as an extra identity frame, which Deno copies into its reply, and the relay's ROUTER
routes the reply back by it (the usual ROUTER-DEALER broker; every Jupyter kernel copies identities).
One change: a kernel_info reply carries the course's language_info (LANGUAGE_INFO below says why).

Cells go to Deno one at a time, each told how the cell before it ended (deno_cells.py says why and how): so
kernel-lib can say "nothing was checked" after a failed cell on Deno too, and a Run All stops at a failed
cell (stop_on_error, which Deno 2.3.7 ignores) as it does on tslab.

Before passing anything on, the relay makes sure Deno's kernel answers and that its IOPub subscription is
live (kernel_info_request until a reply and a status message arrive), so no output is lost to a
subscription still being set up. It exits with Deno's exit status when Deno exits (Jupyter then sees the
kernel die, as without the relay) and stops Deno when it is stopped. Jupyter signals the whole process
group, so an interrupt (SIGINT) reaches Deno directly; the relay ignores it.

Usage (the kernelspec's argv; see tools/node/deno.mjs):
    python deno_relay.py CONNECTION_FILE DENO jupyter --kernel --quiet --conn
The Deno command comes last; the relay appends the path of Deno's own connection file to it.
Standard library, pyzmq (it comes with jupyter_client) and deno_cells.py beside it: it runs as a plain script.
"""

from __future__ import annotations

import signal

if __name__ == "__main__":
    # Before anything slow is imported: Jupyter interrupts a kernel it shuts down (SIGINT to the process
    # group), and a relay still importing pyzmq then died with a KeyboardInterrupt traceback on the
    # terminal of `npm start`. main() sets the same again; an interrupt is Deno's to handle.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

import json  # noqa: E402
import os  # noqa: E402
import socket
import subprocess
import sys
import time
import uuid

import zmq

# A sibling module, found because Python puts the script's folder first on sys.path (the relay runs as a script).
from deno_cells import OneCellAtATime, message_parts, sign  # noqa: E402

CHANNELS = ("shell", "control", "stdin", "hb")
# How long Deno may take to start and answer before the relay gives up (a cold .deno/ cache included).
STARTUP_TIMEOUT_S = 120
# Deno's side is reached by this routing identity on shell and stdin alike: Deno sends an input_request on
# its stdin socket to the identities of the execute_request that asked for it, i.e. to the relay.
RELAY_IDENTITY = b"lessons-deno-relay"
# The language the lessons store (tools/course.json, tslab's own kernel_info). JupyterLab writes a running
# kernel's language_info into the notebook it opens; Deno's differs only in wording (mimetype, version,
# codemirror mode), yet the difference marked every lesson opened on Deno as modified and went into the
# file on save. The relay reports the course's instead: the same language, TypeScript.
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "course.json"), encoding="utf-8") as _course:
    _COURSE = json.load(_course)
LANGUAGE_INFO: dict = _COURSE["kernel"]["languageInfo"]
# The variable that gives Deno's kernel the path of the previous-cell file (kernel-lib's deno-session.ts
# reads it; tools/course.json is its one home).
PREVIOUS_CELL_VARIABLE: str = _COURSE["denoKernel"]["previousCellVariable"]


def address(info: dict, port: int) -> str:
    """The ZeroMQ address of `port` in a Jupyter connection file's terms (tcp or ipc)."""
    if info.get("transport", "tcp") == "ipc":
        return f"ipc://{info['ip']}-{port}"
    return f"tcp://{info['ip']}:{port}"


def free_ports(ip: str, count: int) -> list[int]:
    """`count` TCP ports free on `ip` right now (held open together so they differ, as jupyter_client does)."""
    held = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind((ip, 0))
            held.append(s)
        return [s.getsockname()[1] for s in held]
    finally:
        for s in held:
            s.close()


def deno_connection_info(front: dict) -> dict:
    """Deno's connection file: the same key and signature scheme, fresh ports on the loopback interface."""
    ip = "127.0.0.1"
    ports = free_ports(ip, 5)
    return {
        **{k: v for k, v in front.items() if not k.endswith("_port")},
        "transport": "tcp",
        "ip": ip,
        **dict(zip(("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"), ports)),
    }


def signed_kernel_info_request(key: bytes, scheme: str) -> list[bytes]:
    """A kernel_info_request in Jupyter's wire format, signed with the connection's key."""
    header = {
        "msg_id": uuid.uuid4().hex,
        "msg_type": "kernel_info_request",
        "username": "relay",
        "session": uuid.uuid4().hex,
        "date": time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime()),
        "version": "5.3",
    }
    parts = [json.dumps(p).encode() for p in (header, {}, {}, {})]
    return [b"<IDS|MSG>", sign(key, scheme, parts), *parts]


def with_course_language(frames: list, key: bytes, scheme: str) -> list:
    """`frames` (a message from Deno) with the course's language_info if it is a kernel_info_reply, re-signed."""
    parts = message_parts(frames)
    if parts is None:
        return frames
    raw, at = parts
    if b"kernel_info_reply" not in raw[at + 2]:
        return frames
    content = json.loads(raw[at + 5])
    if content.get("language_info") == LANGUAGE_INFO:
        return frames
    content["language_info"] = LANGUAGE_INFO
    parts = [*raw[at + 2 : at + 5], json.dumps(content).encode()]
    return [*raw[:at], b"<IDS|MSG>", sign(key, scheme, parts), *parts, *raw[at + 6 :]]


def die_with_parent() -> None:
    """Linux: Deno gets SIGTERM if the relay is killed alone, so no orphan kernel keeps running."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:  # other systems: Jupyter signals the whole process group anyway
        pass


class Relay:
    def __init__(self, connection_file: str, deno_command: list[str]):
        with open(connection_file, encoding="utf-8") as f:
            self.front_info = json.load(f)
        self.back_info = deno_connection_info(self.front_info)
        base, _ = os.path.splitext(connection_file)
        self.back_file = f"{base}-deno.json"
        # How the cell run before the current one ended, for kernel-lib (OneCellAtATime); beside the
        # connection file, in Jupyter's runtime folder, which only this user can read.
        self.previous_cell_file = f"{base}-previous-cell.json"
        self.deno_command = [*deno_command, self.back_file]
        self.context = zmq.Context()
        self.front: dict[str, zmq.Socket] = {}
        self.back: dict[str, zmq.Socket] = {}
        self.deno: subprocess.Popen | None = None

    def socket(self, kind: int, **options) -> zmq.Socket:
        s = self.context.socket(kind)
        s.linger = 1000
        for name, value in options.items():
            setattr(s, name, value)
        return s

    def start(self) -> None:
        # Jupyter's ports first: if one is taken, fail before starting Deno.
        for name in CHANNELS:
            self.front[name] = self.socket(zmq.ROUTER)
            if name != "hb":
                # As ipykernel does: a client reconnecting with its old identity (jupyter_server uses the
                # browser's session id) takes the route over instead of being ignored (zeromq/libzmq#2892).
                self.front[name].router_handover = 1
            self.front[name].bind(address(self.front_info, self.front_info[f"{name}_port"]))
        self.front["iopub"] = self.socket(zmq.PUB)
        self.front["iopub"].bind(address(self.front_info, self.front_info["iopub_port"]))

        fd = os.open(self.back_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it holds the key
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(self.back_info, f, indent=2)
        env = {**os.environ, PREVIOUS_CELL_VARIABLE: self.previous_cell_file}
        self.deno = subprocess.Popen(self.deno_command, env=env, preexec_fn=die_with_parent if sys.platform == "linux" else None)

        # ZeroMQ retries a connect until Deno has bound its ports; every 20 ms instead of every 100 ms.
        for name in CHANNELS:
            self.back[name] = self.socket(zmq.DEALER, reconnect_ivl=20)
            if name in ("shell", "stdin"):
                self.back[name].identity = RELAY_IDENTITY
            self.back[name].connect(address(self.back_info, self.back_info[f"{name}_port"]))
        self.back["iopub"] = self.socket(zmq.SUB, reconnect_ivl=20)
        self.back["iopub"].setsockopt(zmq.SUBSCRIBE, b"")
        self.back["iopub"].connect(address(self.back_info, self.back_info["iopub_port"]))

    def wait_until_deno_answers(self) -> bool:
        """kernel_info_request on Deno's shell every 100 ms until it replies and a status message has come
        through IOPub (the subscription is live). Returns False if Deno exited or never answered."""
        key = self.back_info.get("key", "").encode()
        scheme = self.back_info.get("signature_scheme", "hmac-sha256")
        shell, iopub = self.back["shell"], self.back["iopub"]
        poller = zmq.Poller()
        poller.register(shell, zmq.POLLIN)
        poller.register(iopub, zmq.POLLIN)
        sent = replies = 0
        published = False
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        next_request = 0.0
        while not (replies and published):
            if self.deno.poll() is not None or time.monotonic() > deadline:
                return False
            if time.monotonic() >= next_request:
                shell.send_multipart(signed_kernel_info_request(key, scheme))
                sent += 1
                next_request = time.monotonic() + 0.1
            for s, _ in poller.poll(20):
                s.recv_multipart()
                replies += s is shell
                published |= s is iopub
        # The answers to the relay's other requests (replies and their busy/idle status) are its own: read
        # and dropped until all replies are in and nothing more has come for 50 ms, so no client sees them.
        end = time.monotonic() + 1
        while time.monotonic() < end:
            events = dict(poller.poll(50))
            if not events and replies >= sent:
                break
            for s in events:
                s.recv_multipart()
                replies += s is shell
        return True

    def forward(self) -> None:
        """Passes every message through until Deno exits, unchanged but for kernel_info replies' language;
        cells go to Deno one at a time (OneCellAtATime)."""
        routes = {self.front[n]: self.back[n] for n in CHANNELS}
        routes.update({self.back[n]: self.front[n] for n in CHANNELS})
        routes[self.back["iopub"]] = self.front["iopub"]
        replies = {self.back["shell"], self.back["control"]}
        key = self.front_info.get("key", "").encode()
        scheme = self.front_info.get("signature_scheme", "hmac-sha256")
        cells = OneCellAtATime(self.previous_cell_file, key, scheme, self.back["shell"], self.front["shell"], self.front["iopub"])
        from_client, from_deno = self.front["shell"], self.back["shell"]
        poller = zmq.Poller()
        for s in routes:
            poller.register(s, zmq.POLLIN)
        while self.deno.poll() is None:
            for s, _ in poller.poll(200):
                # Everything already queued on this socket, so one busy channel cannot stall the poll loop.
                while True:
                    try:
                        frames = s.recv_multipart(zmq.NOBLOCK, copy=False)
                    except zmq.Again:
                        break
                    if s is from_client:
                        cells.from_client(frames)
                        continue
                    finished = s is from_deno and cells.finished(frames)
                    if s in replies:
                        frames = with_course_language(frames, key, scheme)
                    routes[s].send_multipart(frames, copy=False)
                    if finished:
                        cells.start_next()

    def stop(self) -> int:
        code = 1
        if self.deno is not None:
            if self.deno.poll() is None:
                self.deno.terminate()
                try:
                    self.deno.wait(5)
                except subprocess.TimeoutExpired:
                    self.deno.kill()
            code = self.deno.wait()
        for s in [*self.front.values(), *self.back.values()]:
            s.close(linger=0)
        self.context.term()
        self.remove_deno_connection_file()
        for leftover in (self.previous_cell_file, f"{self.previous_cell_file}.tmp"):
            try:
                os.remove(leftover)
            except FileNotFoundError:
                pass
        return code

    def remove_deno_connection_file(self) -> None:
        try:
            os.remove(self.back_file)
        except FileNotFoundError:
            pass


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2:
        print("usage: deno_relay.py CONNECTION_FILE DENO jupyter --kernel [--quiet] --conn", file=sys.stderr)
        return 2
    # An interrupt is Deno's to handle (Jupyter signals the process group); the relay carries on.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Stopped by Jupyter (SIGTERM): stop Deno too and clean up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    relay = Relay(args[0], args[1:])
    answered = False
    try:
        relay.start()
        answered = relay.wait_until_deno_answers()
        if answered:
            # Deno read its connection file at start; removed now, the key is not left on disk even if
            # the relay is killed outright.
            relay.remove_deno_connection_file()
            relay.forward()
        elif relay.deno.poll() is None:
            print(f"[deno relay] Deno's kernel did not answer within {STARTUP_TIMEOUT_S} s; stopping it", file=sys.stderr)
    finally:
        code = relay.stop()
    return code if answered else (code or 1)


if __name__ == "__main__":
    sys.exit(main())
