"""The instructor's lessons, the side of grading the student does not control: read once per grading run
and shared by every submission of that lesson (never modified: assemble works on a copy)."""
from __future__ import annotations

import functools
from pathlib import Path

import nbformat

from ..exercises import grade_id, is_solution, is_test, points, student_cell
from .records import Exercise, Lesson


class NoLesson(LookupError):
    """A submission's file name names no lesson in the sources folder."""


def find_lesson(file_name: str, sources: Path) -> Path:
    candidate = sources / file_name
    if file_name and "/" not in file_name and candidate.is_file():
        return candidate
    raise NoLesson(f"no lesson named {file_name} in {sources}; submissions keep the lesson's file name")


def _owned(nb) -> dict[int, list[int]]:
    """For each test cell, the solution cells since the previous test cell: the code that exercise grades."""
    owned: dict[int, list[int]] = {}
    pending: list[int] = []
    for i, cell in enumerate(nb.cells):
        if is_solution(cell):
            pending.append(i)
        elif is_test(cell):
            owned[i] = pending
            pending = []
    return owned


@functools.lru_cache(maxsize=64)
def _load(path: Path, mtime_ns: int) -> Lesson:
    nb = nbformat.read(path, as_version=4)
    exercises = tuple(Exercise(str(grade_id(c)), points(c), i) for i, c in enumerate(nb.cells) if is_test(c))
    solutions = tuple(i for i, c in enumerate(nb.cells) if is_solution(c))
    stubs = {grade_id(nb.cells[i]): student_cell(nb.cells[i], f"{path.name} cell {i + 1}").source for i in solutions}
    tests = tuple(c.source for c in nb.cells if is_test(c))
    return Lesson(path, nb, exercises, solutions, stubs, tests, _owned(nb))


def load_lesson(file_name: str, sources: Path) -> Lesson:
    """The lesson a submission named `file_name` answers (NoLesson if there is none)."""
    path = find_lesson(file_name, sources).resolve()
    return _load(path, path.stat().st_mtime_ns)


def where(lesson: Lesson, index: int) -> str:
    """A cell as feedback names it: "solution cell <grade_id>" or "cell <n>"."""
    cell = lesson.notebook.cells[index]
    return f"solution cell {grade_id(cell)}" if is_solution(cell) else f"cell {index + 1}"
