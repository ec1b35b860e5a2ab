"""npm run progress [-- lesson ...] [--timeout 30] [--jobs 2]

Grades the student's saved workspace lessons (default: every lesson in workspace/) with all the tests,
hidden ones included, exactly as `npm run grade` does: only the solution cells are taken from the student's
notebook, everything else comes from the lesson in notebooks/. Prints, per lesson, the exercises passed
and the points, and for each failure the feedback a test gives (input, expected, actual, hint), never the
hidden test code. Lessons are numbers (`03`), names (`activation-functions`) or paths relative to where
you stand.
"""
from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from .grade import grade_one
from .notebooks import LESSONS, WORKSPACE, display, resolve


def lesson_report(report: dict) -> list[str]:
    rows = report["exercises"]
    passed = sum(1 for r in rows if r["passed"])
    score = sum(r["points"] for r in rows)
    total = sum(r["max_points"] for r in rows)
    lines = [f"{report['lesson']}: {passed} of {len(rows)} exercises passed, {score:g}/{total:g} points"]
    for note in report["notes"]:
        lines.append(f"  note: {note}")
    for r in rows:
        if r["passed"]:
            lines.append(f"  ✓ {r['grade_id']} ({r['points']:g}/{r['max_points']:g})")
        else:
            lines.append(f"  ✗ {r['grade_id']} (0/{r['max_points']:g}): {r['feedback']}")
    return lines


async def progress(paths: list[Path], sources: Path, timeout: float, jobs: int) -> tuple[float, float, int, int]:
    limit = asyncio.Semaphore(jobs)

    async def one(path: Path):
        async with limit:
            return await grade_one(path, sources, timeout)

    tasks = [asyncio.ensure_future(one(p)) for p in paths]
    score = total = 0.0
    passed = count = 0
    for task in tasks:  # in lesson order, each printed as soon as it and the ones before it are done
        report = await task
        print("\n".join(lesson_report(report)), flush=True)
        score += sum(r["points"] for r in report["exercises"])
        total += sum(r["max_points"] for r in report["exercises"])
        passed += sum(1 for r in report["exercises"] if r["passed"])
        count += len(report["exercises"])
    return score, total, passed, count


def main() -> int:
    parser = argparse.ArgumentParser(prog="npm run progress --", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("lessons", nargs="*", help="lesson numbers, names or paths (default: every lesson in your workspace)")
    parser.add_argument("--timeout", type=float, default=30, help="seconds allowed per cell (default 30)")
    parser.add_argument("--jobs", type=int, default=2, help="lessons graded at once (default 2)")
    args = parser.parse_args()
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
    score, total, passed, count = asyncio.run(progress(graded, LESSONS, args.timeout, args.jobs))
    print(f"progress: {passed} of {count} exercises passed, {score:g}/{total:g} points")
    return 0


if __name__ == "__main__":
    sys.exit(main())
