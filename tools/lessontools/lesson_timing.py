"""python -m lessontools.lesson_timing --kernel tslab|deno NOTEBOOK: one timed verify run, as one JSON line.

For `npm run bench -- --lessons` (tools/node/bench/lessons.mjs), which plans the runs (alternating kernels,
repeats) and prints the table. The lesson runs exactly as `npm run verify` runs it (run_notebook, one
kernel of its own) and is judged by verify's own judge(), so a timing always says whether the run
reproduced the stored outputs. The wall time is split at nbclient's own steps:

  start     launching the kernel process until it answers kernel_info (nbclient's wait_for_ready)
  cells     from then until the last cell has finished (includes kernel_info and nbclient's per-cell work)
  shutdown  asking the kernel to stop until its process is gone
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .notebook_runner import kernel_name, run_notebook
from .verify import judge


def timed_client(marks: dict[str, float]):
    """A NotebookClient that writes perf_counter() marks at the kernel's start, ready and shutdown."""

    class TimedClient(NotebookClient):
        async def async_start_new_kernel(self, **kwargs):
            marks["launch"] = time.perf_counter()
            await super().async_start_new_kernel(**kwargs)

        async def async_start_new_kernel_client(self):
            client = await super().async_start_new_kernel_client()
            marks["ready"] = time.perf_counter()
            return client

        async def _async_cleanup_kernel(self):
            marks.setdefault("shutdown", time.perf_counter())
            try:
                await super()._async_cleanup_kernel()
            finally:
                marks["gone"] = time.perf_counter()

    return TimedClient


async def time_lesson(path: Path, kernel: str, cell_timeout: float = 60) -> dict:
    stored = nbformat.read(path, as_version=4)
    marks: dict[str, float] = {}
    run = await run_notebook(path, cell_timeout=cell_timeout, notebook=nbformat.read(path, as_version=4), kernel=kernel, client_class=timed_client(marks))
    problems = judge(path, stored, run)
    span = lambda a, b: round(marks[b] - marks[a], 4) if a in marks and b in marks else None
    code = [i for i, c in enumerate(stored.cells) if c.cell_type == "code"]
    return {
        "notebook": path.name,
        "kernel": kernel,
        "kernelspec": kernel_name(kernel),
        "seconds": round(run.seconds, 4),
        "start": span("launch", "ready"),
        "cells": span("ready", "shutdown"),
        "shutdown": span("shutdown", "gone"),
        "codeCells": len(code),
        "cellsOk": sum(1 for i in code if i in run.cells and run.cells[i].status == "ok"),
        "reproduced": not problems,
        "problems": problems,
    }


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m lessontools.lesson_timing", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--kernel", required=True, help="tslab, deno or a kernelspec name")
    parser.add_argument("--timeout", type=float, default=60, help="seconds allowed per cell")
    args = parser.parse_args()
    if not args.notebook.is_file():
        parser.error(f"notebook: no such file {args.notebook}")
    print(json.dumps(asyncio.run(time_lesson(args.notebook.resolve(), args.kernel, args.timeout))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
