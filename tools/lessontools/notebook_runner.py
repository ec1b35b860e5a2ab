"""Run notebooks in the real tslab kernel through nbclient, and judge each cell the way tslab needs.

tslab reports compile and runtime errors only as stderr text with reply status "error" (no "error"
output, no traceback), and it aborts cells queued within 200 ms after an error. So a cell's result is
read from its execute_reply status as well as its outputs, and after an expected error we wait 300 ms
before sending the next cell.

Shared by tools/verify.py (lessons) and the grading tools.
"""
from __future__ import annotations

import asyncio
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

# nbformat's validator imports jsonschema, which imports rfc3987_syntax when it is installed (jupyter's
# dependencies bring it) only to check "iri" formats that no notebook schema uses; building its grammar
# costs seconds at every start of every tool (5 s of `npm run progress`'s 7 s under load, measured with
# -X importtime). Marked absent, jsonschema skips it (its import is in `suppress(ImportError)`).
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

from .course import DENO_KERNEL_NAME, KERNEL_NAME, KERNELSPEC  # noqa: F401 (KERNELSPEC is re-exported for verify)

from .notebooks import ROOT  # noqa: E402,F401 (re-exported: the checkout, for the tools that run notebooks)
# The second kernel (tools/node/deno.mjs): Deno's own Jupyter kernel. Chosen per run with kernel= or the
# LESSONS_KERNEL environment variable ("deno", "tslab" or a kernelspec name); stored notebooks keep tslab's.
KERNEL_ALIASES = {"tslab": KERNEL_NAME, "deno": DENO_KERNEL_NAME}


def kernel_name(choice: str | None = None) -> str:
    """The kernelspec to run: `choice`, else $LESSONS_KERNEL, else tslab's."""
    choice = choice or os.environ.get("LESSONS_KERNEL") or KERNEL_NAME
    return KERNEL_ALIASES.get(choice, choice)


def is_deno(kernel: str | None) -> bool:
    """Whether the kernelspec `kernel` (a name or an alias, see kernel_name) is Deno's."""
    return kernel_name(kernel) == DENO_KERNEL_NAME


def kernel_family(kernel: str | None) -> str:
    """"deno" or "tslab": which of the two kernels `kernel` runs (names the results kept per kernel)."""
    return "deno" if is_deno(kernel) else "tslab"


ABORT_WINDOW_S = 0.3

RAISES_TAG = "raises-exception"
# How long nbclient waits, after a cell's reply, for the rest of its output (its closing "idle" status).
# nbclient's default, 4 s, is short on a loaded machine (its own help says so of CI): a reply can overtake
# the output it follows by seconds when the kernel or the grader is starved of CPU, and output given up on is
# lost — for the grader, an exercise's observation (0 points), or in the reference run a whole lesson
# ("reference fails"). Output normally arrives within milliseconds, so only a kernel that lost its own idle
# message (an output flood: grading/client.py) waits this long; hence not longer (measured: the sandbox
# suite's two flood attacks on both kernels took 37 s with 4 s, 95 s with 20 s).
IOPUB_TIMEOUT_S = 10
IGNORE_OUTPUT_TAGS = {"verify-ignore-output", "nbval-ignore-output"}

# The line of a Node error print-out that carries the error: "RangeError: meanSquaredError: ..."
ERROR_LINE = re.compile(r"^(?:Uncaught )?([A-Za-z]*Error|Error)(?: \[[A-Z_]+\])?: .*$", re.M)
# tslab's compile errors: "3:7 - Type 'string' is not assignable to type 'number'."
COMPILE_LINE = re.compile(r"^\d+:\d+ - .*$", re.M)


def error_summary(stderr: str) -> str:
    """The reproducible part of a failure print-out: compile errors or the error line, without stack paths."""
    compile_errors = COMPILE_LINE.findall(stderr)
    if compile_errors:
        return "\n".join(compile_errors)
    match = ERROR_LINE.search(stderr)
    return match.group(0) if match else stderr.strip().splitlines()[0] if stderr.strip() else ""


def tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


@dataclass
class CellResult:
    index: int
    status: str  # "ok", "error", "abort", "timeout" or "not run"
    seconds: float = 0.0
    stderr: str = ""
    error: str = ""  # "ename: evalue" of an error output (Deno sends them; tslab only prints to stderr)


def error_output_summary(outputs) -> str:
    """An error output as the one line a Node print-out would show: "TypeError: softmax: z must be ..."."""
    return "\n".join(f"{o.get('ename', '')}: {o.get('evalue', '')}" for o in outputs if o.get("output_type") == "error")


@dataclass
class RunResult:
    path: Path
    notebook: object
    cells: dict[int, CellResult] = field(default_factory=dict)
    seconds: float = 0.0
    kernel_error: str = ""


class StopRun(Exception):
    """Raised from the cell hook to stop executing a notebook."""


def new_client(
    nb,
    path: Path,
    *,
    cell_timeout: float = 60,
    interrupt_on_timeout: bool = False,
    client_class=NotebookClient,
    km=None,
    kernel: str | None = None,
):
    """nbclient's client for one notebook, set up the way every tool runs a lesson (errors allowed, so
    `execute` judges each cell itself). The grader passes its own client class (output caps) and kernel
    manager (a sandboxed kernel)."""
    return client_class(
        nb,
        km=km,
        kernel_name=kernel_name(kernel),
        timeout=cell_timeout,
        allow_errors=True,
        interrupt_on_timeout=interrupt_on_timeout,
        iopub_timeout=IOPUB_TIMEOUT_S,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )


async def execute(
    client,
    path: Path,
    *,
    stop_on_unexpected_error: bool = True,
    expected_error=lambda cell: RAISES_TAG in tags(cell),
) -> RunResult:
    """Runs the notebook `client` holds and returns it executed, with per-cell status."""
    cell_timeout = client.timeout
    result = RunResult(path=path, notebook=client.nb)
    started: dict[int, float] = {}

    async def on_start(cell, cell_index):
        started[cell_index] = time.perf_counter()

    async def on_executed(cell, cell_index, execute_reply):
        elapsed = time.perf_counter() - started.get(cell_index, time.perf_counter())
        # After a timeout nbclient interrupts the kernel (interrupt_on_timeout) and may have no reply at all.
        status = "timeout" if execute_reply is None or elapsed >= cell_timeout else execute_reply["content"].get("status", "error")
        stderr = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream" and o.get("name") == "stderr")
        result.cells[cell_index] = CellResult(cell_index, status, elapsed, stderr, error_output_summary(cell.outputs))
        if status != "ok":
            # Give tslab's 200 ms abort window time to pass, so the next cell really runs.
            await asyncio.sleep(ABORT_WINDOW_S)
            if stop_on_unexpected_error and not expected_error(cell):
                raise StopRun()

    client.on_cell_start = on_start
    client.on_cell_executed = on_executed
    t0 = time.perf_counter()
    try:
        await client.async_execute()
    except StopRun:
        pass
    except Exception as exc:  # timeouts, a dead kernel
        name = type(exc).__name__
        if "Timeout" in name:
            index = max(started) if started else 0
            result.cells[index] = CellResult(index, "timeout", cell_timeout)
        else:
            result.kernel_error = f"{name}: {exc}"
    # No cleanup here: async_execute's async_setup_kernel context shuts the kernel down on every exit.
    result.seconds = time.perf_counter() - t0
    return result


async def run_notebook(
    path: Path,
    *,
    cell_timeout: float = 60,
    stop_on_unexpected_error: bool = True,
    expected_error=lambda cell: RAISES_TAG in tags(cell),
    notebook=None,
    client_class=NotebookClient,
    kernel: str | None = None,
) -> RunResult:
    """Executes a notebook (a copy; the file is not written) and returns the executed notebook with per-cell status."""
    nb = notebook if notebook is not None else nbformat.read(path, as_version=4)
    client = new_client(nb, path, cell_timeout=cell_timeout, client_class=client_class, kernel=kernel)
    return await execute(client, path, stop_on_unexpected_error=stop_on_unexpected_error, expected_error=expected_error)


if __name__ == "__main__":
    # `python tools/notebook_runner.py NOTEBOOK`: runs it and prints each code cell's status and outputs as
    # JSON, for tests that inspect exactly what the kernel sent. LESSONS_KERNEL=deno runs it on Deno.
    import json
    import sys

    run = asyncio.run(run_notebook(Path(sys.argv[1]), stop_on_unexpected_error=False))
    report = [
        {
            "index": i,
            "status": run.cells[i].status if i in run.cells else "not run",
            "outputs": cell.get("outputs", []),
        }
        for i, cell in enumerate(run.notebook.cells)
        if cell.cell_type == "code"
    ]
    json.dump({"kernel_error": run.kernel_error, "cells": report}, sys.stdout)
