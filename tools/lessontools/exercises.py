"""The exercise format shared by `npm run assignments` and `npm run grade` (nbgrader schema v3 metadata).

Solution cells carry metadata.nbgrader.solution = true and a region between BEGIN SOLUTION / END SOLUTION;
test cells carry metadata.nbgrader.grade = true with points, one `exercise(grade_id, ...)` call, and hidden
checks between BEGIN HIDDEN TESTS / END HIDDEN TESTS.
"""
from __future__ import annotations

import copy
import re

# The delimiters and the stub that replaces a solution region (indented like the region's first line) come
# from tools/course.json, which nbgrader_config.py reads too.
from .course import BEGIN_HIDDEN, BEGIN_SOLUTION, END_HIDDEN, END_SOLUTION, STUB  # noqa: F401


def nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def is_solution(cell) -> bool:
    return bool(nbgrader(cell).get("solution"))


def is_test(cell) -> bool:
    return bool(nbgrader(cell).get("grade")) and cell.cell_type == "code"


def grade_id(cell) -> str | None:
    return nbgrader(cell).get("grade_id")


def points(cell) -> float:
    return float(nbgrader(cell).get("points", 0))


def forbidden_calls(cell) -> list[str]:
    """The library functions a test cell's exercise asks students to implement themselves rather than
    call, from `metadata.lessons.forbids` (["softmax.jacobian", "sigmoid"]): a solution cell of that
    exercise that calls one scores 0 (tamper.py's `calls_to`, grade.py). Malformed metadata forbids nothing."""
    lessons = cell.get("metadata", {}).get("lessons", {})
    forbids = lessons.get("forbids", []) if isinstance(lessons, dict) else []
    return [f for f in forbids if isinstance(f, str) and f] if isinstance(forbids, list) else []


def _replace_regions(source: str, begin: str, end: str, replacement: list[str] | None, where: str) -> str:
    out: list[str] = []
    inside = False
    for line in source.splitlines():
        if begin in line:
            if inside:
                raise ValueError(f"{where}: nested '{begin}'")
            inside = True
            if replacement is not None:
                indent = re.match(r"\s*", line).group(0)
                out += [indent + r for r in replacement]
            continue
        if end in line:
            if not inside:
                raise ValueError(f"{where}: '{end}' without '{begin}'")
            inside = False
            continue
        if not inside:
            out.append(line)
    if inside:
        raise ValueError(f"{where}: '{begin}' is never closed by '{end}'")
    return "\n".join(out)


ANSWER_TAG = "answer"


def is_answer(cell) -> bool:
    """A "Check yourself" answer: a markdown cell tagged "answer" (a collapsed <details> block)."""
    return cell.cell_type == "markdown" and ANSWER_TAG in cell.get("metadata", {}).get("tags", [])


def is_exercise_cell(cell) -> bool:
    """A cell whose outputs belong to an exercise (its solution or its test), not to the lesson."""
    return is_solution(cell) or is_test(cell)


def student_cell(cell, where: str, clear_outputs: bool = True):
    """The student version of one cell: solutions replaced by the stub, hidden tests removed, outputs
    cleared when `clear_outputs` (a lesson cell's chart or worked output can stay)."""
    cell = copy.deepcopy(cell)
    if BEGIN_SOLUTION in cell.source and not is_solution(cell):
        raise ValueError(f"{where}: has a solution region but no nbgrader solution metadata")
    cell.source = _replace_regions(cell.source, BEGIN_SOLUTION, END_SOLUTION, STUB, where)
    cell.source = _replace_regions(cell.source, BEGIN_HIDDEN, END_HIDDEN, None, where)
    if cell.cell_type == "code" and clear_outputs:
        cell.outputs = []
        cell.execution_count = None
    return cell


def student_notebook(nb, name: str, *, outputs: str = "lessons", answers: bool = True):
    """The student version of a lesson: no solution code, no hidden tests.

    outputs="lessons" (the workspace and the default release) keeps every lesson chart and worked output
    and clears only the exercises' solution and test cells (their stored outputs would show the reference
    solution passing); outputs="none" clears every output, as nbgrader's generate_assignment does.
    answers=False drops the markdown cells tagged "answer" (a classroom release without the answers to
    the "Check yourself" questions).
    """
    if outputs not in ("lessons", "none"):
        raise ValueError(f"student_notebook: outputs must be 'lessons' or 'none', not {outputs!r}")
    released = copy.deepcopy(nb)
    released.cells = [
        student_cell(c, f"{name} cell {i + 1}", clear_outputs=outputs == "none" or is_exercise_cell(c))
        for i, c in enumerate(nb.cells)
        if answers or not is_answer(c)
    ]
    return released


def exercises(nb) -> list[dict]:
    """The graded exercises of a source notebook: test cells with their points."""
    return [{"grade_id": grade_id(c), "points": points(c), "index": i} for i, c in enumerate(nb.cells) if is_test(c)]
