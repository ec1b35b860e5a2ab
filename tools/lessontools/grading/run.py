"""Run stage: the assembled notebook in a fresh kernel of its own, sandboxed where the system allows
(sandbox.py), under the output and time limits of client.py. Returns what happened as a KernelRun.

A cell that times out and does not stop when interrupted (Deno's kernel never stops a synchronous loop:
SIGINT does not reach running JavaScript there) gets its kernel stopped; the notebook is then run again in
a fresh kernel without that cell (at most MAX_RERUNS times), so the exercises after a loop still count, as
on tslab.
"""
from __future__ import annotations

import copy
import shutil

from .. import sandbox
from ..notebook_runner import CellResult, execute, new_client
from ..observations import GRADING_ENV
from .diagnose import death_of
from .lesson import where
from .observe import ObservingClient
from .records import Assembled, KernelRun

MAX_RERUNS = 3
SKIPPED_SOURCE = "// not run again: it timed out while grading and did not stop when interrupted"


async def run_in_kernel(assembled: Assembled, timeout: float, kernel: str | None) -> KernelRun:
    lesson = assembled.lesson
    student = assembled.handed.submission.student
    scratch = sandbox.new_scratch(f"{student}-{lesson.path.stem}")
    # The notebook is not written into the scratch folder: the kernel needs only the cells nbclient sends, and
    # a copy there would hand student code the hidden tests' text.
    path = scratch / lesson.name
    skipped: list[int] = []
    km = client = None
    try:
        while True:
            running = copy.deepcopy(assembled.notebook)
            for index in skipped:
                running.cells[index].source = SKIPPED_SOURCE
            # Grading mode: kernel-lib sends observations instead of judging; no secret (observations.py).
            km = sandbox.kernel_manager(scratch, dict(GRADING_ENV), kernel)
            client = new_client(running, path, cell_timeout=timeout, interrupt_on_timeout=True,
                                client_class=ObservingClient, km=km, kernel=kernel)
            run = await execute(client, path, stop_on_unexpected_error=False)
            stuck = client.stopped_after_timeout
            if stuck is None or stuck in skipped or len(skipped) >= MAX_RERUNS:
                break
            skipped.append(stuck)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if getattr(km, "sockets", None):  # normally gone with the kernel's resources; not if cleanup was cut short
            shutil.rmtree(km.sockets, ignore_errors=True)
    for index in skipped:
        run.cells[index] = CellResult(index, "timeout", timeout)
        assembled.notes.append(f"{where(lesson, index)} timed out after {timeout:g} s and did not stop when interrupted: "
                               "the kernel was stopped and the notebook graded again in a new kernel without that cell")
    died_in = client.current_cell if run.kernel_error else None
    return KernelRun(
        run=run,
        deno=km.deno,
        sandboxed=sandbox.status().sandboxed,
        timeout=timeout,
        observations=dict(client.observations),
        truncated=dict(client.truncated),
        lost_output=set(client.lost_output),
        skipped=skipped,
        died_in=died_in,
        death=death_of(km, client, timeout) if run.kernel_error else "",
    )
