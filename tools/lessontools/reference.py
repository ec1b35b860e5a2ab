"""The reference observations a submission is compared with: the lesson's own test cells run on the
instructor's solutions, in a clean grading kernel of the grader's own (sandboxed like a submission's, with
LESSONS_GRADING=reference: its observations carry what each check expects), once per lesson and kernel.

Cached in .cache/grading-reference/ (inside the project, gitignored), keyed by the sha256 of the lesson
notebook's bytes, the kernel, the observation format and kernel-lib's build: edit a lesson, rebuild
kernel-lib or switch kernels and the reference is run again (the entry it replaces is removed). A reference
that does not pass its own checks (an exercise whose reference solution fails, a check that stopped) is an
error in the lesson, reported to the instructor rather than used to grade anyone.
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import nbformat

from . import sandbox
from .course import BEGIN_HIDDEN
from .exercises import grade_id, is_test
from .notebook_runner import ROOT, execute, kernel_family, new_client
from .observations import FORMAT, REFERENCE_ENV, parse, verdict

CACHE = ROOT / ".cache" / "grading-reference"
# What a cached reference holds beyond the kernel's observations (a change here makes older entries stale):
# "hidden-checks" — each check marked hidden or not (mark_hidden).
REFERENCE_VERSION = "hidden-checks"
KERNEL_LIB_DIST = ROOT / "kernel-lib" / "dist"


class ReferenceProblem(RuntimeError):
    """The lesson's reference solutions do not pass their own checks: grading against them would be wrong."""


def kernel_lib_digest() -> str:
    """sha256 of kernel-lib's build (every dist/*.js, path and bytes): a rebuild changes it."""
    digest = hashlib.sha256()
    for path in sorted(KERNEL_LIB_DIST.rglob("*.js")):
        digest.update(str(path.relative_to(KERNEL_LIB_DIST)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_path(source: Path, kernel: str) -> Path:
    digest = hashlib.sha256()
    for part in (source.read_bytes(), kernel.encode(), str(FORMAT).encode(), kernel_lib_digest().encode(), REFERENCE_VERSION.encode()):
        digest.update(hashlib.sha256(part).digest())
    return CACHE / f"{source.stem}.{kernel}.{digest.hexdigest()[:24]}.json"


async def _run(source: Path, kernel: str, timeout: float) -> dict[str, dict]:
    from .grading.observe import ObservingClient  # the grader's own client (no import cycle at load time)

    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    scratch = sandbox.new_scratch(f"reference-{source.stem}")
    km = client = None
    try:
        km = sandbox.kernel_manager(scratch, dict(REFERENCE_ENV), kernel)
        client = new_client(nb, scratch / source.name, cell_timeout=timeout, interrupt_on_timeout=True,
                            client_class=ObservingClient, km=km, kernel=kernel)
        run = await execute(client, scratch / source.name, stop_on_unexpected_error=False)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if getattr(km, "sockets", None):
            shutil.rmtree(km.sockets, ignore_errors=True)
    clients = [client] if client is not None else []
    if run.kernel_error or not clients:
        raise ReferenceProblem(f"{source.name}: the reference kernel failed: {run.kernel_error or 'it did not start'}")
    client = clients[0]
    found: dict[str, dict] = {}
    problems: list[str] = []
    for i, cell in enumerate(nb.cells):
        if not is_test(cell):
            continue
        gid = grade_id(cell)
        bundles = client.observations.get(i, [])
        parsed = [parse(b) for b in bundles]
        if len(parsed) != 1 or parsed[0] is None or parsed[0]["id"] != gid:
            problems.append(f"{gid}: {len(bundles)} observation(s) instead of one ({run.cells.get(i).status if run.cells.get(i) else 'not run'})")
            continue
        obs = parsed[0]
        own = verdict(bundles, obs, gid)  # the reference judged by itself: every check must pass
        if not own.passed:
            problems.append(f"{gid}: the reference solution fails its own checks: {own.feedback}")
            continue
        found[gid] = {"checks": mark_hidden(obs["checks"], "".join(cell.source) if isinstance(cell.source, list) else cell.source)}
    if problems:
        raise ReferenceProblem(f"{source.name} on {kernel}: " + "; ".join(problems))
    return found


def mark_hidden(checks: list[dict], source: str) -> list[dict]:
    """`checks` with "hidden": True on each check that is not in the test cell's visible part (before BEGIN
    HIDDEN TESTS): feedback never shows a hidden check's expected value (observations.judge). A check counts
    as visible when its label is written there as a string literal (the n-th check of a label, when the visible
    part writes it at least n times); a label built at run time is taken as hidden, so when in doubt the
    answer stays out of the feedback."""
    if BEGIN_HIDDEN not in source:
        return checks
    visible = source.split(BEGIN_HIDDEN, 1)[0]
    seen: dict[str, int] = {}
    marked = []
    for check in checks:
        label = str(check.get("label", ""))
        seen[label] = seen.get(label, 0) + 1
        written = sum(visible.count(f"{quote}{label}{quote}") for quote in "\"'`")
        marked.append(check if seen[label] <= written else {**check, "hidden": True})
    return marked


_locks: dict[Path, asyncio.Lock] = {}


async def reference_observations(source: Path, kernel: str | None, timeout: float) -> dict[str, dict]:
    """grade_id → the reference observation ({"checks": [...]}) of every test cell of `source` on `kernel`
    ("tslab" or "deno"; None: $LESSONS_KERNEL, else tslab), from the cache or run now. Raises
    ReferenceProblem when the reference does not pass its own checks."""
    name = kernel_family(kernel)
    path = cache_path(source, name)
    lock = _locks.setdefault(path, asyncio.Lock())
    async with lock:
        if path.exists():
            try:
                return json.loads(path.read_text())["exercises"]
            except (OSError, ValueError, KeyError):  # removed meanwhile by another grader, or cut short
                path.unlink(missing_ok=True)
        found = await _run(source, name, timeout)
        CACHE.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=CACHE, suffix=".tmp")
        with os.fdopen(fd, "w") as f:
            json.dump({"lesson": source.name, "source": str(source.resolve()), "kernel": name, "format": FORMAT, "exercises": found}, f)
        os.replace(temporary, path)
        _drop_stale(path, source, name)
        return found


def _drop_stale(kept: Path, source: Path, kernel: str) -> None:
    """Removes earlier entries of the same lesson file on `kernel` (an edited lesson, a rebuilt kernel-lib) and
    entries whose source file is gone. Another lesson file of the same name elsewhere (a test's cut-down copy,
    another course folder) keeps its entry: two graders at once must not evict each other's reference."""
    here = str(source.resolve())
    for old in CACHE.glob(f"{source.stem}.{kernel}.*.json"):
        if old == kept:
            continue
        try:
            recorded = json.loads(old.read_text()).get("source")
        except (OSError, ValueError, AttributeError):
            recorded = None
        if recorded is None or recorded == here or not Path(recorded).exists():
            old.unlink(missing_ok=True)
