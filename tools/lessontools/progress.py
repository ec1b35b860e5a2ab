"""npm run progress [-- lesson ...] [--kernel deno] [--timeout 30] [--jobs N] [--again]

Grades the student's saved workspace lessons (default: every lesson in workspace/) with all the tests,
hidden ones included, exactly as `npm run grade` does: only the solution cells are taken from the student's
notebook, everything else comes from the lesson in notebooks/. Lessons run in parallel (--jobs, default the
number of cores); a lesson whose solution cells all still hold the stub is "not started" and needs no kernel.
Prints one line per lesson (not started, or exercises passed and points), then the details — each failed
exercise's feedback (input, expected, actual, hint), never the hidden test code — for the lessons started.
Lessons are numbers (`03`), names (`activation-functions`) or paths relative to where you stand.

A lesson whose solution cells have not changed since the last run (nor the lesson, kernel-lib or the kernel)
is not run again: its last result is shown, marked "unchanged since the last run" (progress_cache.py says
exactly what counts). --again runs every lesson anyway.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from .grading.pipeline import grade_one
from .grading.records import Report, Submission
from .grading.safe_text import clean, name
from .notebooks import LESSONS, WORKSPACE, display, resolve
from . import progress_cache
from .notebook_runner import kernel_family

UNCHANGED = "unchanged since the last run"


def summary_line(report: Report, recalled: bool = False) -> str:
    """One line for a lesson: `03-….ipynb: not started`, or exercises passed and points."""
    rows = report.exercises
    if report.not_started:
        status = "not started"
    else:
        status = f"{sum(r.passed for r in rows)} of {len(rows)} exercises passed, {report.score:g}/{report.max_score:g} points"
        if report.problem:
            status += f" ({clean(report.problem, 120, keep_newlines=False)})"
        if recalled:
            status += f" ({UNCHANGED})"
    return f"{name(report.lesson)}: {status}"


def details(report: Report) -> list[str]:
    """A started lesson's notes and exercises, each failure with its feedback."""
    lines = [f"{name(report.lesson)} in detail:"]
    lines += [f"  note: {clean(note)}" for note in report.notes]
    for r in report.exercises:
        if r.passed:
            lines.append(f"  ✓ {name(r.grade_id)} ({r.points:g}/{r.max_points:g})")
        else:
            lines.append(f"  ✗ {name(r.grade_id)} (0/{r.max_points:g}): {clean(r.feedback)}")
    return lines


async def progress(paths: list[Path], sources: Path, timeout: float, jobs: int, kernel: str | None = None,
                   again: bool = False) -> list[Report]:
    """Every lesson graded on `kernel`, `jobs` at a time, or its last result recalled when nothing that decides
    it changed (unless `again`); each summary line printed as soon as it and the ones before it are done
    (lesson order)."""
    limit = asyncio.Semaphore(jobs)
    family = kernel_family(kernel)

    async def one(path: Path) -> tuple[Report, bool]:
        submission = Submission(path, path.parent.name)
        digest = progress_cache.key(submission, sources / path.name, family, timeout)
        recalled = None if again else progress_cache.recall(submission, digest, family)
        if recalled is not None:
            return recalled, True
        async with limit:
            report = await grade_one(submission, sources, timeout, kernel=kernel)
        progress_cache.keep(submission, digest, family, report)
        return report, False

    tasks = [asyncio.ensure_future(one(p)) for p in paths]
    reports = []
    for task in tasks:
        report, recalled = await task
        print(summary_line(report, recalled), flush=True)
        reports.append(report)
    return reports


def main() -> int:
    parser = argparse.ArgumentParser(prog="npm run progress --", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("lessons", nargs="*", help="lesson numbers, names or paths (default: every lesson in your workspace)")
    parser.add_argument("--timeout", type=float, default=30, help="seconds allowed per cell (default 30)")
    parser.add_argument("--jobs", type=int, default=max(2, os.cpu_count() or 2), help="lessons graded at once (default: the number of cores)")
    parser.add_argument("--kernel", choices=["tslab", "deno"], default=None,
                        help="the kernel to run the lessons on: tslab or deno (default: $LESSONS_KERNEL, else tslab)")
    parser.add_argument("--again", action="store_true", help="run every lesson, even those unchanged since the last run")
    args = parser.parse_args()
    if args.jobs < 1:
        parser.error(f"--jobs must be at least 1, not {args.jobs}")
    if not WORKSPACE.exists():
        raise SystemExit(f"progress: there is no workspace yet ({display(WORKSPACE)}); `npm start` creates it")
    paths = resolve(args.lessons, folder=WORKSPACE, tool="progress")
    graded = []
    for path in paths:
        if (LESSONS / path.name).exists():
            graded.append(path)
        else:
            print(f"{display(path)}: not a lesson of the course (no {path.name} in {display(LESSONS)}), skipped")
    if not graded:
        return 1
    print(f"progress: running all tests, hidden ones included, on {len(graded)} saved lesson(s) (save your notebook first)…", flush=True)
    reports = asyncio.run(progress(graded, LESSONS, args.timeout, args.jobs, args.kernel, args.again))
    started = [r for r in reports if not r.not_started]
    for report in started:
        print()
        print("\n".join(details(report)))
    passed = sum(r.passed for rep in reports for r in rep.exercises)
    count = sum(len(rep.exercises) for rep in reports)
    score = sum(rep.score for rep in reports)
    total = sum(rep.max_score for rep in reports)
    waiting = len(reports) - len(started)
    print(f"\nprogress: {passed} of {count} exercises passed, {score:g}/{total:g} points"
          + (f"; {waiting} lesson(s) not started" if waiting else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
