"""Read stage: the student's file → Handed (the solution cells' text by grade_id), never trusting its shape.

Everything a notebook can hold is checked before use, since a submission is any bytes a student chose: the
file is opened without following links (O_NOFOLLOW, so a link swapped in after the find stage is not read
either) and must be a regular file of at most MAX_BYTES; it must be UTF-8 and JSON, a version-4 notebook
whose cells are objects. A solution cell counts when its metadata.nbgrader is an object with solution true
and a string grade_id, and its source is a string or a list of strings of at most MAX_CELL_CHARS; any other
cell is skipped with a note (a number as source, a string as metadata.nbgrader, a list as grade_id...).
"""
from __future__ import annotations

import json
import os
import stat

from .records import Handed, Submission

# The largest lesson is 0.4 MB; a student's copy with every chart output and PNG snapshots stays below 5 MB.
MAX_BYTES = 20 * 1024**2
MAX_CELL_CHARS = 200_000


class Unreadable(ValueError):
    """The file is not a notebook this grader reads; the message says why, in the student's terms."""


def read_bytes(path) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if os.path.islink(path):
            raise Unreadable("it is a symbolic link") from None
        raise Unreadable(f"it could not be opened ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable("it is not a regular file")
        if info.st_size > MAX_BYTES:
            raise Unreadable(f"it is {info.st_size / 1024**2:.0f} MB, more than the {MAX_BYTES // 1024**2} MB a submission may be")
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise Unreadable(f"it is more than the {MAX_BYTES // 1024**2} MB a submission may be")
        return data
    finally:
        os.close(fd)


def parse(data: bytes) -> dict:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Unreadable(f"it is not UTF-8 text (byte {exc.start})") from None
    try:
        nb = json.loads(text)
    except RecursionError:
        raise Unreadable("its JSON is nested too deeply") from None
    except ValueError as exc:
        raise Unreadable(f"it is not JSON ({getattr(exc, 'msg', 'invalid')} at line {getattr(exc, 'lineno', '?')})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise Unreadable("it is not a Jupyter notebook (no list of cells)")
    if nb.get("nbformat") != 4:
        raise Unreadable(f"it is not a version-4 Jupyter notebook (nbformat {nb.get('nbformat')!r:.20})")
    return nb


def _source(cell: dict) -> str | None:
    source = cell.get("source")
    if isinstance(source, list) and all(isinstance(line, str) for line in source):
        source = "".join(source)
    return source if isinstance(source, str) else None


def solution_answers(nb: dict) -> tuple[dict[str, str], list[str]]:
    """grade_id -> source of each well-formed solution cell (the first of a repeated grade_id), and notes on
    the cells that were skipped."""
    answers: dict[str, str] = {}
    notes: list[str] = []
    for n, cell in enumerate(nb["cells"], start=1):
        if not isinstance(cell, dict):
            continue
        metadata = cell.get("metadata")
        info = metadata.get("nbgrader") if isinstance(metadata, dict) else None
        if info is None:
            continue
        if not isinstance(info, dict):
            notes.append(f"cell {n}: its metadata.nbgrader is not an object; the cell was ignored")
            continue
        if info.get("solution") is not True:
            continue
        gid = info.get("grade_id")
        if not isinstance(gid, str) or not gid:
            notes.append(f"cell {n}: a solution cell whose grade_id is not a string; the cell was ignored")
            continue
        source = _source(cell)
        if source is None:
            notes.append(f"cell {n} ({gid}): its source is not text; the cell was ignored")
        elif len(source) > MAX_CELL_CHARS:
            notes.append(f"cell {n} ({gid}): {len(source)} characters, more than {MAX_CELL_CHARS}; the cell was ignored")
        elif gid in answers:
            notes.append(f"cell {n}: a second solution cell {gid}; only the first is graded")
        else:
            answers[gid] = source
    return answers, notes


def read_submission(submission: Submission) -> Handed:
    """The student's answers, or Handed.problem saying why the file could not be read."""
    try:
        nb = parse(read_bytes(submission.path))
    except Unreadable as exc:
        return Handed(submission, problem=f"the submission could not be read as a notebook: {exc}; graded as unanswered")
    answers, notes = solution_answers(nb)
    return Handed(submission, answers, notes)
