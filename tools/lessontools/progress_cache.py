"""`npm run progress` remembers each lesson's last result, so that running it again after working on one lesson
re-runs that lesson only.

A result is reused only when nothing that decides it has changed: the student's solution cells (what the
grader takes from the notebook; outputs and other cells are ignored exactly as grading ignores them), the
lesson in notebooks/ (tests, hidden ones included), kernel-lib's build, the kernel, the observation format,
the time allowed per cell and the grader's own settings (sandbox, screen). A result with a problem (a
timeout, a kernel that died, an output flood) is never kept: on a busy machine the next run may do better.

Kept in .cache/progress/ (inside the project, gitignored), one file per lesson and kernel. This is the
student's own convenience: `npm run grade` never reads it.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path

from . import sandbox
from .grading.read import read_submission
from .grading.records import ExerciseResult, Report, Submission
from .notebook_runner import ROOT
from .observations import FORMAT
from .reference import kernel_lib_digest

CACHE = ROOT / ".cache" / "progress"


def key(submission: Submission, lesson: Path, kernel: str, timeout: float) -> str:
    """What decides the result of grading `submission` against `lesson`, as one digest."""
    handed = read_submission(submission)
    decided_by = {
        "answers": handed.answers,
        "notes": handed.notes,
        "unreadable": handed.problem,
        "lesson": hashlib.sha256(lesson.read_bytes()).hexdigest(),
        "kernel-lib": kernel_lib_digest(),
        "kernel": kernel,
        "format": FORMAT,
        "timeout": timeout,
        "sandboxed": sandbox.status().sandboxed,
        "screen": os.environ.get("LESSONS_GRADE_SCREEN", ""),
    }
    return hashlib.sha256(json.dumps(decided_by, sort_keys=True).encode()).hexdigest()


def _file(submission: Submission, kernel: str) -> Path:
    return CACHE / f"{Path(submission.lesson_file).stem}.{kernel}.json"


def recall(submission: Submission, digest: str, kernel: str) -> Report | None:
    """The result kept for `submission` under `digest`, or None (none kept, another digest, unreadable)."""
    try:
        kept = json.loads(_file(submission, kernel).read_text())
        if kept["key"] != digest:
            return None
        report = kept["report"]
        report["exercises"] = [ExerciseResult(**row) for row in report["exercises"]]
        report["submission"] = submission.path
        return Report(**report)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def keep(submission: Submission, digest: str, kernel: str, report: Report) -> None:
    """Keeps `report` for the next run, unless something went wrong in it (see the module's note)."""
    if report.problem or report.not_started:
        return
    CACHE.mkdir(parents=True, exist_ok=True)
    kept = asdict(report)
    kept["submission"] = str(report.submission)
    fd, temporary = tempfile.mkstemp(dir=CACHE, suffix=".tmp")
    with os.fdopen(fd, "w") as f:
        json.dump({"key": digest, "report": kept}, f)
    os.replace(temporary, _file(submission, kernel))
