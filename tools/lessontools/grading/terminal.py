"""What the grader prints: a progress line per graded submission (stderr), each submission's report, and
the class at a glance (per-student totals, per-exercise statistics). Names and paths come from the
students' folders: every one is cleaned (safe_text.name) before it reaches the terminal; notes and
feedback already were (report.py) and are cleaned again, so a Report built elsewhere cannot slip through."""
from __future__ import annotations

import statistics
import sys
import time
from collections import defaultdict

from .records import Report
from .safe_text import clean, name


class Progress:
    """One line on stderr per graded submission: done/total, elapsed time, failures so far. A failure is a
    submission that could not be graded normally (kernel died, memory or output limit, unreadable file)."""

    def __init__(self, total: int, stream=sys.stderr):
        self.total = total
        self.done = 0
        self.failures = 0
        self.started = time.monotonic()
        self.stream = stream

    def update(self, report: Report) -> None:
        self.done += 1
        if report.problem:
            self.failures += 1
        elapsed = time.monotonic() - self.started
        trouble = f" — {clean(report.problem, keep_newlines=False)}" if report.problem else ""
        print(
            f"[{self.done}/{self.total}] {name(report.student)} {name(report.lesson)}: {report.score:g}/{report.max_score:g}{trouble}"
            f"  (elapsed {elapsed:.0f} s, failures so far: {self.failures})",
            file=self.stream,
            flush=True,
        )


def _indented(text: str) -> str:
    return clean(text).replace("\n", "\n    ")


def print_report(report: Report) -> None:
    print(f"{clean(str(report.submission), 300, keep_newlines=False)} (lesson {name(report.lesson)}, student {name(report.student)})")
    for note in report.notes:
        print(f"  note: {_indented(note)}")
    for row in report.exercises:
        mark = "✓" if row.passed else "✗"
        print(f"  {mark} {name(row.grade_id)}: {row.points:g}/{row.max_points:g}  {_indented(row.feedback)}")
    print(f"  score: {report.score:g}/{report.max_score:g}")


def student_totals(reports: list[Report]) -> list[dict]:
    """Per student, in name order: points, maximum and the lessons they were graded on."""
    by_student: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        by_student[r.student].append(r)
    return [
        {
            "student": student,
            "score": sum(r.score for r in rs),
            "max_score": sum(r.max_score for r in rs),
            "lessons": [(r.lesson, r.score, r.max_score) for r in rs],
        }
        for student, rs in sorted(by_student.items())
    ]


def exercise_stats(reports: list[Report]) -> list[dict]:
    """Per lesson and exercise, over the students graded on it: mean and median points, how many scored full marks."""
    rows: dict[tuple[str, str], list] = defaultdict(list)
    for r in reports:
        for e in r.exercises:
            rows[(r.lesson, e.grade_id)].append(e)
    return [
        {
            "lesson": lesson,
            "grade_id": gid,
            "max_points": es[0].max_points,
            "students": len(es),
            "mean": statistics.fmean(e.points for e in es),
            "median": statistics.median(e.points for e in es),
            "full_marks": sum(e.points == e.max_points for e in es),
        }
        for (lesson, gid), es in rows.items()
    ]


def print_summary(reports: list[Report]) -> None:
    """The class at a glance: each student's total, then each exercise's statistics."""
    totals = student_totals(reports)
    names = {t["student"]: name(t["student"]) for t in totals}
    width = max(len(n) for n in names.values())
    print(f"\nstudents ({len(totals)}):")
    for t in totals:
        lessons = ", ".join(f"{name(lesson)} {s:g}/{m:g}" for lesson, s, m in t["lessons"])
        print(f"  {names[t['student']]:<{width}}  {t['score']:g}/{t['max_score']:g}  ({lessons})")
    stats = exercise_stats(reports)
    gid_width = max(len(s["grade_id"]) for s in stats) if stats else 0
    print("exercises (mean, median, full marks):")
    for s in stats:
        print(
            f"  {s['grade_id']:<{gid_width}}  mean {s['mean']:.2f}/{s['max_points']:g}  median {s['median']:g}  "
            f"full marks {s['full_marks']}/{s['students']}"
        )
