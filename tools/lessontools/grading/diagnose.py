"""What a failure means, in the student's words: a dead kernel, a limit of the grader (memory, output, time,
the sandbox's walls), or the student's own solution cell failing before its test."""
from __future__ import annotations

import re

from .. import sandbox
from ..notebook_runner import error_summary
from .client import OUTPUT_BYTES

SANDBOX_WORDS = ("EROFS", "ENOENT", "ECONNREFUSED", "ENETUNREACH", "fetch failed", "EACCES", "ENOSPC")
# Node's permission model names what it refused: `permission: 'FileSystemWrite', resource: '/path'`.
REFUSED = re.compile(r"permission: '(\w+)'(?:,\s*resource: '([^']*)')?")
REFUSED_WHAT = {"FileSystemWrite": "writing {}", "FileSystemRead": "reading {}", "ChildProcess": "starting a process",
                "WorkerThreads": "starting a worker thread", "Inspector": "the inspector", "WASI": "WASI"}


def explain(summary: str, sandboxed: bool, stderr: str = "") -> str:
    """`summary` (an error line) with what it means when the grader's limits caused it."""
    if "allocation failed" in summary or "out of memory" in summary:
        return f"{summary} (grading caps a kernel's memory: {sandbox.HEAP_MB} MB of heap, {sandbox.memory_words()})"
    if "ENOSPC" in summary or "No space left" in summary:
        return f"{summary} (grading caps the submission's scratch folder at {sandbox.SCRATCH_BYTES // 1024**2} MB in all)"
    if "EFBIG" in summary or "File too large" in summary:
        return f"{summary} (grading caps each file at {sandbox.FILE_BYTES // 1024**2} MB)"
    if "NotCapable" in summary:  # Deno: a permission kernel-lib revoked while grading (deno-permissions.ts)
        return f"{summary} (the grading sandbox revokes Deno's net, run, ffi, sys and env permissions)"
    if "Access to this API has been restricted" in summary or "ERR_ACCESS_DENIED" in summary:
        refused = REFUSED.search(stderr)
        what = REFUSED_WHAT.get(refused.group(1), refused.group(1)).format(refused.group(2) or "a file") if refused else "this"
        return f"{summary} (ERR_ACCESS_DENIED: the grading sandbox does not allow {what})"
    if sandboxed and any(word in summary for word in SANDBOX_WORDS):
        return (f"{summary} (the grading sandbox allows no files outside the submission's own folder, "
                "no child processes and no network)")
    return summary


def death_of(km, client, timeout: float) -> str:
    """Why the kernel stopped, in words."""
    if client is not None and client.stopped_after_timeout is not None:
        return f"timed out after {timeout:g} s and did not stop when interrupted, so the kernel was stopped"
    code = sandbox.exit_status(km)
    log = sandbox.kernel_log_tail(km)
    if "heap out of memory" in log or "Reached heap limit" in log or "allocation failed" in log:
        return f"the kernel ran out of memory (grading caps it at {sandbox.HEAP_MB} MB of heap)"
    if code is not None and code > 128:
        return f"the kernel crashed (signal {code - 128})"
    if code is not None and code < 0:
        return f"the kernel was killed by signal {-code}"
    if code is not None:
        return f"the kernel exited with code {code} (process.exit?)"
    return "the kernel stopped responding"


def first_lines(message: str, keep: int = 1) -> str:
    lines = message.splitlines()
    more = len(lines) - keep
    return "\n".join(lines[:keep]) + (f" (and {more} more line{'s' if more > 1 else ''} like it)" if more > 0 else "")


def cell_trouble(kernel_run, index: int) -> str:
    """What went wrong in one (solution) cell, or "" if it ran."""
    result = kernel_run.run.cells.get(index)
    if index == kernel_run.died_in:
        return f"{kernel_run.death}; nothing after it ran"
    if index in kernel_run.truncated:
        return f"its output passed {OUTPUT_BYTES // 1024} KB and was cut off; the cell was interrupted"
    if index in kernel_run.lost_output:
        return "it printed faster than the grader reads (over 1000 messages at once) and its output was lost"
    if result is None:
        return ""
    if result.status == "timeout":
        return f"timed out after {kernel_run.timeout:g} s: is there an infinite loop in your code?"
    if result.status != "ok":
        # tslab prints a failure on stderr; Deno sends an error output (CellResult.error: "ename: evalue").
        summary = result.error.splitlines()[0] if result.error else error_summary(result.stderr)
        return "it failed: " + explain(summary or result.status, kernel_run.sandboxed, result.stderr)
    return ""
