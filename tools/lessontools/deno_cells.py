"""Deno's cells one at a time, each told how the cell before it ended (used by deno_relay.py).

Deno 2.3.7's kernel tells JavaScript nothing about a cell's outcome, so kernel-lib could not warn that a test
cell ran after a failed solution cell (the checks would pass against the earlier definition). The relay sees
every execute_reply: it passes an execute_request on to Deno only once Deno has replied to the one before
(JupyterLab's Run All sends them all at once; later ones wait here in order, as they would have waited in
Deno's own queue), and just before passing one on it writes how the cell run before it ended (its outcome
and code) to the file the relay names in Deno's environment (PREVIOUS_CELL_VARIABLE, tools/course.json);
with no cell run before, the file is removed. So while a cell runs, the file describes the cell run
immediately before it; kernel-lib's DenoSession reads it when a test cell calls exercise(). Only requests
the relay can read and verify (signed with the connection's key) wait; anything else passes straight on,
as do kernel_info, complete, inspect and control-channel traffic.

Deno 2.3.7 ignores stop_on_error (measured: every cell of a burst runs after an error too, never "aborted"),
so a Run All ran on past a failed cell, each later cell failing in turn or, worse, using what the failed
cell should have replaced. Holding the waiting cells, the relay does what Jupyter kernels do instead: when a
cell that asked for stop_on_error (JupyterLab asks for it, except for cells tagged raises-exception) replies
"error", every cell waiting behind it gets an "aborted" reply, with busy and idle on IOPub as ipykernel sends,
and never reaches Deno. Behind the relay Deno ignores an interrupt (SIGINT is ignored from the kernelspec's
shell down; Deno also ignores interrupt_request), so waiting cells wait exactly as long as in Deno's queue.
The file decides no grade: grading runs Deno without the relay and judges outside the kernel
(docs/grading-security.md); a student who writes the file only changes their own local feedback.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import time
import uuid
from collections import deque

import zmq

# kernel-lib names a cell by its first non-blank line: the start of the code is all it needs.
CODE_KEPT = 4000


def sign(key: bytes, scheme: str, parts: list[bytes]) -> bytes:
    """The HMAC of a message's four JSON parts, as Jupyter's wire format signs them (empty without a key)."""
    if not key:
        return b""
    mac = hmac.new(key, digestmod=getattr(hashlib, scheme.removeprefix("hmac-")))
    for part in parts:
        mac.update(part)
    return mac.hexdigest().encode()


def message_parts(frames: list) -> tuple[list[bytes], int] | None:
    """A Jupyter message's frames as bytes and the index of its `<IDS|MSG>` delimiter, or None."""
    raw = [f.bytes if hasattr(f, "bytes") else f for f in frames]
    try:
        at = raw.index(b"<IDS|MSG>")
    except ValueError:
        return None
    return (raw, at) if len(raw) >= at + 6 else None


class OneCellAtATime:
    """Deno's shell traffic, execute_requests held until the one before has its reply; before each one
    goes on, the previous-cell file describes the cell run before it (the module doc string says why)."""

    def __init__(self, state_file: str, key: bytes, scheme: str, to_deno: zmq.Socket, to_client: zmq.Socket, iopub: zmq.Socket):
        self.state_file = state_file
        self.key, self.scheme = key, scheme
        self.to_deno, self.to_client, self.iopub = to_deno, to_client, iopub
        self.session = uuid.uuid4().hex  # the relay's own messages (abort replies) come from this session
        self.running: str | None = None  # msg_id of the execute_request Deno is running
        self.running_code = ""
        self.running_stops_on_error = False
        self.aborting = False  # the running cell failed and asked for stop_on_error: abort those waiting
        self.waiting: deque[tuple[list, str, str, bool]] = deque()
        self.ran = 0  # cells that ran (reply "ok" or "error") since the kernel started
        self.last: dict | None = None  # the cell that ran last: its number, outcome and code
        self.write_state()  # a restarted kernel reuses the connection file's name: nothing from before

    def execute_request(self, frames: list) -> tuple[str, str, bool] | None:
        """(msg_id, code, stop_on_error) of a signed execute_request, else None (it is not one, or not one
        Deno will run: Deno drops what it cannot verify, and nothing must wait behind a request that gets no
        reply)."""
        parts = message_parts(frames)
        if parts is None or b"execute_request" not in parts[0][parts[1] + 2]:
            return None
        raw, at = parts
        if not hmac.compare_digest(sign(self.key, self.scheme, raw[at + 2 : at + 6]), raw[at + 1]):
            return None
        try:
            header, content = json.loads(raw[at + 2]), json.loads(raw[at + 5])
        except ValueError:
            return None
        if header.get("msg_type") != "execute_request" or not isinstance(content, dict) or not isinstance(content.get("code"), str):
            return None
        return str(header.get("msg_id", "")), content["code"], content.get("stop_on_error", True) is not False

    def from_client(self, frames: list) -> None:
        """A message on Jupyter's shell socket: passed on now, or queued if it is a cell and one is running."""
        request = self.execute_request(frames)
        if request is None:
            self.to_deno.send_multipart(frames, copy=False)
        elif self.running is None:
            self.start(frames, *request)
        else:
            self.waiting.append((frames, *request))

    def finished(self, frames: list) -> bool:
        """Whether a message from Deno's shell socket is the running cell's reply (then noted as the last
        cell run); the caller passes the reply on, then calls start_next()."""
        parts = message_parts(frames)
        if self.running is None or parts is None or b"execute_reply" not in parts[0][parts[1] + 2]:
            return False
        raw, at = parts
        try:
            parent, content = json.loads(raw[at + 3]), json.loads(raw[at + 5])
        except ValueError:
            return False
        if not isinstance(parent, dict) or parent.get("msg_id") != self.running:
            return False
        status = content.get("status") if isinstance(content, dict) else None
        if status in ("ok", "error"):  # "aborted" never ran (Deno 2.3.7 sends none): the last cell stays last
            self.ran += 1
            self.last = {"count": self.ran, "outcome": "ok" if status == "ok" else "failed", "code": self.running_code[:CODE_KEPT]}
        self.aborting = status == "error" and self.running_stops_on_error
        self.running = None
        return True

    def start_next(self) -> None:
        """Called once the running cell's reply has gone to the client: the cells waiting are aborted if it
        failed and asked for stop_on_error, else the next one starts."""
        if self.aborting:
            self.aborting = False
            while self.waiting:
                self.abort(self.waiting.popleft()[0])
        if self.running is None and self.waiting:
            self.start(*self.waiting.popleft())

    def start(self, frames: list, msg_id: str, code: str, stops_on_error: bool) -> None:
        self.write_state()
        self.running, self.running_code, self.running_stops_on_error = msg_id, code, stops_on_error
        self.to_deno.send_multipart(frames, copy=False)

    def abort(self, frames: list) -> None:
        """What ipykernel sends for a request it aborts: busy on IOPub, an "aborted" execute_reply to the
        client that asked (routed by its identities), idle. JupyterLab settles the cell on the reply and idle."""
        raw, at = message_parts(frames)
        request = json.loads(raw[at + 2])
        for state in ("busy", None, "idle"):
            if state is None:
                self.send(self.to_client, raw[:at], "execute_reply", request, {"status": "aborted"})
            else:
                self.send(self.iopub, [b"kernel.status"], "status", request, {"execution_state": state})

    def send(self, socket: zmq.Socket, identities: list[bytes], msg_type: str, parent: dict, content: dict) -> None:
        header = {
            "msg_id": uuid.uuid4().hex,
            "msg_type": msg_type,
            "username": "kernel",
            "session": self.session,
            "date": time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime()),
            "version": "5.3",
        }
        metadata = {"status": content["status"]} if msg_type == "execute_reply" else {}
        parts = [json.dumps(p).encode() for p in (header, parent, metadata, content)]
        socket.send_multipart([*identities, b"<IDS|MSG>", sign(self.key, self.scheme, parts), *parts])

    def write_state(self) -> None:
        """The previous-cell file for the cell about to start: the last cell that ran, or no file. Written
        whole (a temporary file renamed over it); if that fails the old file must not stay, so it goes."""
        try:
            if self.last is None:
                os.remove(self.state_file)
                return
            temporary = f"{self.state_file}.tmp"
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"previous": self.last}, f)
            os.replace(temporary, self.state_file)
        except FileNotFoundError:
            pass
        except OSError:
            try:
                os.remove(self.state_file)
            except OSError:
                pass
