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

Measured on Deno 2.3.7 (and kept): it ignores stop_on_error (every cell of a burst runs, after an error too,
never "aborted"), and behind the relay it ignores an interrupt (SIGINT is ignored from the kernelspec's
shell down; Deno also ignores interrupt_request), so waiting cells wait exactly as long as in Deno's queue.
The file decides no grade: grading runs Deno without the relay and judges outside the kernel
(docs/grading-security.md); a student who writes the file only changes their own local feedback.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
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

    def __init__(self, state_file: str, key: bytes, scheme: str, to_deno: zmq.Socket):
        self.state_file = state_file
        self.key, self.scheme = key, scheme
        self.to_deno = to_deno
        self.running: str | None = None  # msg_id of the execute_request Deno is running
        self.running_code = ""
        self.waiting: deque[tuple[list, str, str]] = deque()
        self.ran = 0  # cells that ran (reply "ok" or "error") since the kernel started
        self.last: dict | None = None  # the cell that ran last: its number, outcome and code
        self.write_state()  # a restarted kernel reuses the connection file's name: nothing from before

    def execute_request(self, frames: list) -> tuple[str, str] | None:
        """(msg_id, code) of a signed execute_request, else None (it is not one, or not one Deno will run:
        Deno drops what it cannot verify, and nothing must wait behind a request that gets no reply)."""
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
        return str(header.get("msg_id", "")), content["code"]

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
        self.running = None
        return True

    def start_next(self) -> None:
        if self.running is None and self.waiting:
            self.start(*self.waiting.popleft())

    def start(self, frames: list, msg_id: str, code: str) -> None:
        self.write_state()
        self.running, self.running_code = msg_id, code
        self.to_deno.send_multipart(frames, copy=False)

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
