"""What the grader tells the instructor and the students: progress while a class is graded, per-student totals,
per-exercise class statistics, the CSV and one Markdown feedback file per student.

Every function takes the report dicts `grade.grade_one` returns:
{"student", "submission", "lesson", "exercises": [{"grade_id", "points", "max_points", "passed", "feedback"}],
 "notes", "score", "max_score", "problem", "seconds", "sandboxed"}.
"""
from __future__ import annotations

import csv
import re
import statistics
import sys
import time
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path


class Progress:
    """One line on stderr per graded submission: done/total, elapsed time, failures so far. A failure is a
    submission that could not be graded normally (kernel died, memory or output limit, unreadable file)."""

    def __init__(self, total: int, stream=sys.stderr):
        self.total = total
        self.done = 0
        self.failures = 0
        self.started = time.monotonic()
        self.stream = stream

    def update(self, report: dict) -> None:
        self.done += 1
        if report["problem"]:
            self.failures += 1
        elapsed = time.monotonic() - self.started
        trouble = f" — {report['problem']}" if report["problem"] else ""
        print(
            f"[{self.done}/{self.total}] {report['student']} {report['lesson']}: {report['score']:g}/{report['max_score']:g}{trouble}"
            f"  (elapsed {elapsed:.0f} s, failures so far: {self.failures})",
            file=self.stream,
            flush=True,
        )


def print_report(report: dict) -> None:
    print(f"{report['submission']} (lesson {report['lesson']}, student {report['student']})")
    for note in report["notes"]:
        print(f"  note: {note}")
    for row in report["exercises"]:
        mark = "✓" if row["passed"] else "✗"
        print(f"  {mark} {row['grade_id']}: {row['points']:g}/{row['max_points']:g}  {row['feedback']}")
    print(f"  score: {report['score']:g}/{report['max_score']:g}")


def student_totals(reports: list[dict]) -> list[dict]:
    """Per student, in name order: points, maximum and the lessons they were graded on."""
    by_student: dict[str, list[dict]] = defaultdict(list)
    for r in reports:
        by_student[r["student"]].append(r)
    return [
        {
            "student": student,
            "score": sum(r["score"] for r in rs),
            "max_score": sum(r["max_score"] for r in rs),
            "lessons": [(r["lesson"], r["score"], r["max_score"]) for r in rs],
        }
        for student, rs in sorted(by_student.items())
    ]


def exercise_stats(reports: list[dict]) -> list[dict]:
    """Per lesson and exercise, over the students graded on it: mean and median points, how many scored full marks."""
    rows: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in reports:
        for e in r["exercises"]:
            rows[(r["lesson"], e["grade_id"])].append(e)
    return [
        {
            "lesson": lesson,
            "grade_id": gid,
            "max_points": es[0]["max_points"],
            "students": len(es),
            "mean": statistics.fmean(e["points"] for e in es),
            "median": statistics.median(e["points"] for e in es),
            "full_marks": sum(e["points"] == e["max_points"] for e in es),
        }
        for (lesson, gid), es in rows.items()
    ]


def print_summary(reports: list[dict]) -> None:
    """The class at a glance: each student's total, then each exercise's statistics."""
    totals = student_totals(reports)
    width = max(len(t["student"]) for t in totals)
    print(f"\nstudents ({len(totals)}):")
    for t in totals:
        lessons = ", ".join(f"{lesson} {s:g}/{m:g}" for lesson, s, m in t["lessons"])
        print(f"  {t['student']:<{width}}  {t['score']:g}/{t['max_score']:g}  ({lessons})")
    stats = exercise_stats(reports)
    gid_width = max(len(s["grade_id"]) for s in stats) if stats else 0
    print(f"exercises (mean, median, full marks):")
    for s in stats:
        print(
            f"  {s['grade_id']:<{gid_width}}  mean {s['mean']:.2f}/{s['max_points']:g}  median {s['median']:g}  "
            f"full marks {s['full_marks']}/{s['students']}"
        )


def write_csv(reports: list[dict], path: Path) -> None:
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "submission", "lesson", "grade_id", "points", "max_points", "feedback"])
        for rep in reports:
            for r in rep["exercises"]:
                writer.writerow([rep["student"], str(rep["submission"]), rep["lesson"], r["grade_id"], f"{r['points']:g}", f"{r['max_points']:g}", r["feedback"]])


HINT_SEPARATOR = " — "  # kernel-lib's check library appends a check's hint after an em dash


def split_hint(feedback: str) -> tuple[str, list[str]]:
    """A failure message without its hints, and the hints (one per failed check that had one)."""
    parts = feedback.split("; ")
    messages, hints = [], []
    for part in parts:
        message, _, hint = part.partition(HINT_SEPARATOR)
        messages.append(message)
        if hint:
            hints.append(hint)
    return "; ".join(messages), hints


def _fenced(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text.strip()}\n{fence}"


def feedback_markdown(student: str, reports: list[dict], when: datetime | None = None) -> str:
    """One student's feedback: total, then per lesson a table of exercises and each exercise's feedback and hints."""
    when = when or datetime.now(timezone.utc)
    score = sum(r["score"] for r in reports)
    total = sum(r["max_score"] for r in reports)
    out = [f"# Feedback for {student}", "", f"Graded {when:%Y-%m-%d %H:%M} UTC. Total: **{score:g}/{total:g}** points.", ""]
    for rep in reports:
        out += [f"## {rep['lesson']}: {rep['score']:g}/{rep['max_score']:g}", ""]
        if rep["notes"]:
            out += [f"- Note: {note}" for note in rep["notes"]] + [""]
        out += ["| exercise | points | result |", "| --- | --- | --- |"]
        out += [f"| {e['grade_id']} | {e['points']:g}/{e['max_points']:g} | {'passed' if e['passed'] else 'not passed'} |" for e in rep["exercises"]]
        out.append("")
        for e in rep["exercises"]:
            out += [f"### {e['grade_id']}: {e['points']:g}/{e['max_points']:g}", ""]
            message, hints = split_hint(e["feedback"]) if not e["passed"] else (e["feedback"], [])
            out += [_fenced(message), ""]
            out += [f"**Hint:** {hint}" for hint in hints]
            if hints:
                out.append("")
    return "\n".join(out).rstrip() + "\n"


def write_feedback(reports: list[dict], folder: Path) -> list[Path]:
    """feedback/<student>.md for every student, covering all their graded lessons."""
    folder.mkdir(parents=True, exist_ok=True)
    by_student: dict[str, list[dict]] = defaultdict(list)
    for r in reports:
        by_student[r["student"]].append(r)
    written = []
    for student, rs in sorted(by_student.items()):
        path = folder / f"{safe_file_name(student)}.md"
        path.write_text(feedback_markdown(student, rs))
        written.append(path)
    return written


def safe_file_name(name: str) -> str:
    return re.sub(r"[^\w.@-]+", "_", name).strip("._") or "student"
