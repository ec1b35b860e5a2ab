"""The stages strung together (see __init__.py), one submission at a time inside its own error boundary:
whatever a submission holds — a refused link, bytes that are no notebook, a cell shaped to crash a stage —
it gets a Report (0 and a note at worst), and the rest of the class is graded."""
from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from .. import sandbox
from ..course import DENO_KERNEL_NAME
from ..notebook_runner import is_deno
from ..reference import ReferenceProblem, reference_observations
from . import files, terminal
from .assemble import assemble
from .compare import compare
from .lesson import NoLesson, load_lesson, where
from .observe import observe
from .read import read_submission
from .records import Report, Submission
from .report import NOT_STARTED_LESSON, graded, zero
from .run import run_in_kernel
from .safe_text import name
from .screen import screen
from .client import OUTPUT_BYTES


def _problems(assembled, kernel_run) -> list[str]:
    """What kept a submission from being graded normally (a failure in the progress lines), and the notes
    that say so."""
    lesson, run, notes = assembled.lesson, kernel_run.run, assembled.notes
    problems: list[str] = []
    if kernel_run.died_in is not None:
        at = where(lesson, kernel_run.died_in)
        notes.append(f"{kernel_run.death} while running {at}; nothing after it ran")
        problems.append(f"{kernel_run.death} while running {at}")
    for index in sorted({*kernel_run.truncated, *kernel_run.lost_output}):
        if index in kernel_run.truncated:
            notes.append(f"{where(lesson, index)} printed more than {OUTPUT_BYTES // 1024} KB: "
                         f"{kernel_run.truncated[index] / 1024**2:.1f} MB more was dropped and the cell interrupted")
        else:
            notes.append(f"{where(lesson, index)} printed faster than the grader reads (over 1000 messages at once); the rest was lost")
        problems.append(f"output flood in {where(lesson, index)}")
    if run.kernel_error and kernel_run.died_in is None:  # the kernel never ran a cell: it did not start
        notes.append(f"kernel: {run.kernel_error}")
        problems.append("the kernel did not start")
    timeouts = [i for i, r in run.cells.items() if r.status == "timeout"]
    if timeouts and kernel_run.died_in is None:
        problems.append(f"timed out in {len(timeouts)} cell(s)")
    return problems


async def _grade(submission: Submission, sources: Path, timeout: float, kernel: str | None, started: float) -> Report:
    sandboxed = sandbox.status().sandboxed
    seconds = lambda: time.perf_counter() - started  # noqa: E731
    try:
        lesson = load_lesson(submission.lesson_file, sources)
    except NoLesson as exc:
        return zero(submission, None, "", [submission.refusal or str(exc)], "refused" if submission.refusal else "no such lesson", seconds(), sandboxed)
    if submission.refusal:
        return zero(submission, lesson, f"not graded: {submission.refusal}", [submission.refusal], "refused", seconds(), sandboxed)
    handed = read_submission(submission)
    if handed.problem:
        return zero(submission, lesson, "not graded: the submission could not be read", [handed.problem], "unreadable notebook", seconds(), sandboxed)
    assembled = screen(assemble(lesson, handed))
    if assembled.not_started:
        return zero(submission, lesson, NOT_STARTED_LESSON, assembled.notes, "", seconds(), sandboxed, not_started=True)
    try:  # the same checks on the reference solutions, in the grader's own kernel (cached per lesson and kernel)
        references = await reference_observations(lesson.path, kernel, timeout)
    except ReferenceProblem as exc:
        return zero(submission, lesson, "not graded: the lesson's reference solutions fail their own checks", [str(exc)],
                    "reference fails", seconds(), sandboxed)
    kernel_run = await run_in_kernel(assembled, timeout, kernel)
    outcomes = compare(assembled, kernel_run, observe(assembled, kernel_run), references)
    problems = _problems(assembled, kernel_run)
    return graded(submission, assembled, outcomes, problems, seconds(), kernel_run.sandboxed)


async def grade_one(submission: Submission, sources: Path, timeout: float, *, kernel: str | None = None) -> Report:
    """Grades one submission (a fresh, sandboxed kernel when it has anything to run) and returns its Report.
    Never raises for anything a submission contains."""
    started = time.perf_counter()
    try:
        return await _grade(submission, sources, timeout, kernel, started)
    except Exception as exc:  # the error boundary: a bug or an input no stage foresaw costs this student only
        print(f"grade: could not grade {name(submission.student)} {name(submission.path.name)}: {name(type(exc).__name__)}",
              file=sys.stderr, flush=True)
        try:
            lesson = load_lesson(submission.lesson_file, sources)
        except Exception:
            lesson = None
        note = f"the grader could not grade this submission ({type(exc).__name__}: {str(exc)[:200]}); it scores 0: tell your instructor"
        return zero(submission, lesson, "not graded: the grader failed on this submission", [note], "grader error",
                    time.perf_counter() - started, sandbox.status().sandboxed)


async def grade_all(submissions: list[Submission], sources: Path, timeout: float, jobs: int,
                    csv_path: Path | None, feedback_dir: Path | None, summary: bool, kernel: str | None = None) -> int:
    print(sandbox.status().banner(), file=sys.stderr, flush=True)
    if is_deno(kernel):
        print(f"grade: on Deno's kernel ({DENO_KERNEL_NAME})", file=sys.stderr, flush=True)
    progress = terminal.Progress(len(submissions))
    limit = asyncio.Semaphore(jobs)

    async def one(sub: Submission) -> Report:
        async with limit:
            rep = await grade_one(sub, sources, timeout, kernel=kernel)
        progress.update(rep)
        return rep

    reports = await asyncio.gather(*(one(s) for s in submissions))
    for rep in reports:
        terminal.print_report(rep)
    if summary:
        terminal.print_summary(reports)
    if csv_path:
        files.write_csv(reports, csv_path)
        print(f"grade: grades written to {csv_path}")
    if feedback_dir:
        written = files.write_feedback(reports, feedback_dir)
        print(f"grade: {len(written)} feedback file(s) written to {feedback_dir}{'/' if not str(feedback_dir).endswith('/') else ''}")
        renamed = [(s, p.name) for s, p in written.items() if p.stem != s]
        for student, file_name in renamed:  # the mapping, where a name could not be the file's own
            print(f"grade:   {name(student)!r} → {file_name}")
    return 0
