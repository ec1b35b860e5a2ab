"""The files the grader writes: grades.csv (one row per exercise, per submission) and one Markdown feedback
file per student. Both are opened by people (a spreadsheet, a Markdown viewer), so every student-controlled
field is made safe for its format (safe_text.py): CSV fields never start like a formula, Markdown outside
code blocks has its HTML escaped, and each student's file name is unique to that exact name."""
from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

from .records import Report
from .safe_text import clean, csv_field, file_stem, markdown_text, name

CSV_COLUMNS = ["student", "submission", "lesson", "grade_id", "points", "max_points", "feedback", "feedback_file"]


def feedback_files(reports: list[Report]) -> dict[str, str]:
    """student → the name of their feedback file (file_stem: unique per exact name)."""
    files: dict[str, str] = {}
    taken: set[str] = set()
    for student in sorted({r.student for r in reports}):
        stem = file_stem(student)
        while stem.lower() in taken:  # case-insensitive file systems: `Ann` and `ann`
            stem = file_stem(stem + "~")
        taken.add(stem.lower())
        files[student] = f"{stem}.md"
    return files


def write_csv(reports: list[Report], path: Path) -> None:
    files = feedback_files(reports)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(CSV_COLUMNS)
        for rep in reports:
            rows = rep.exercises or [None]  # a refused file has no exercises: one row says why
            for r in rows:
                writer.writerow([csv_field(rep.student), csv_field(rep.submission), csv_field(rep.lesson),
                                 csv_field(r.grade_id if r else ""), f"{r.points if r else 0:g}", f"{r.max_points if r else 0:g}",
                                 csv_field(r.feedback if r else "; ".join(rep.notes) or rep.problem), csv_field(files[rep.student])])


HINT_SEPARATOR = " — "  # kernel-lib's check library appends a check's hint after an em dash


def split_hint(feedback: str) -> tuple[str, list[str]]:
    """A failure message without its hints, and the hints: one failed check per line (kernel-lib and
    observations.py list them so), its hint after the em dash kept whole (a hint may hold "; ")."""
    messages, hints = [], []
    for line in feedback.split("\n"):
        message, _, hint = line.partition(HINT_SEPARATOR)
        messages.append(message)
        if hint:
            hints.append(hint)
    return "\n".join(messages), hints


def _fenced(text: str) -> str:
    """Text in a code block (no HTML or Markdown inside is interpreted), fenced longer than any run of
    backticks in it so it cannot close the block."""
    text = clean(text)
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text.strip()}\n{fence}"


def feedback_markdown(student: str, reports: list[Report], when: datetime | None = None) -> str:
    """One student's feedback: total, then per lesson a table of exercises and each exercise's feedback and hints."""
    when = when or datetime.now(timezone.utc)
    score = sum(r.score for r in reports)
    total = sum(r.max_score for r in reports)
    out = [f"# Feedback for {markdown_text(name(student))}", "", f"Graded {when:%Y-%m-%d %H:%M} UTC. Total: **{score:g}/{total:g}** points.", ""]
    for rep in reports:
        out += [f"## {markdown_text(rep.lesson)}: {rep.score:g}/{rep.max_score:g}", ""]
        if rep.notes:
            out += [f"- Note: {markdown_text(note)}" for note in rep.notes] + [""]
        if not rep.exercises:
            continue
        out += ["| exercise | points | result |", "| --- | --- | --- |"]
        out += [f"| {markdown_text(e.grade_id)} | {e.points:g}/{e.max_points:g} | {'passed' if e.passed else 'not passed'} |" for e in rep.exercises]
        out.append("")
        for e in rep.exercises:
            out += [f"### {markdown_text(e.grade_id)}: {e.points:g}/{e.max_points:g}", ""]
            message, hints = split_hint(e.feedback) if not e.passed else (e.feedback, [])
            out += [_fenced(message), ""]
            out += [f"**Hint:** {markdown_text(hint)}" for hint in hints]
            if hints:
                out.append("")
    return "\n".join(out).rstrip() + "\n"


def write_feedback(reports: list[Report], folder: Path) -> dict[str, Path]:
    """One feedback file per student, covering all their graded lessons: student → path. A file that cannot
    be written is reported on stderr; the others are still written."""
    folder.mkdir(parents=True, exist_ok=True)
    by_student: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        by_student[r.student].append(r)
    files = feedback_files(reports)
    written: dict[str, Path] = {}
    for student, rs in sorted(by_student.items()):
        path = folder / files[student]
        try:
            path.write_text(feedback_markdown(student, rs), encoding="utf-8")
        except OSError as exc:
            print(f"grade: could not write the feedback of {name(student)} ({exc.strerror})", file=sys.stderr)
            continue
        written[student] = path
    return written
