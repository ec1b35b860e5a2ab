"""Assemble stage: the notebook that is run is the instructor's lesson, with each solution cell replaced by
the student's cell of the same grade_id (the stub where the student has none). Every other cell — the tests
with their hidden checks — comes from the lesson, so deleting or editing a test cell gains nothing.
Outputs are cleared: nothing stored in a submission counts."""
from __future__ import annotations

import copy

from ..exercises import grade_id
from .records import Assembled, Handed, Lesson


def _same_code(a: str, b: str) -> bool:
    """Equal up to trailing spaces and blank lines at the end (what an editor may add or remove)."""
    strip = lambda s: "\n".join(line.rstrip() for line in s.rstrip().splitlines())  # noqa: E731
    return strip(a) == strip(b)


def assemble(lesson: Lesson, handed: Handed) -> Assembled:
    graded = copy.deepcopy(lesson.notebook)
    notes = list(handed.notes)
    started: set[str] = set()
    for i in lesson.solutions:
        gid = grade_id(graded.cells[i])
        answer = handed.answers.get(gid)
        if answer is None:
            graded.cells[i].source = lesson.stubs[gid]
            if not handed.problem:
                notes.append(f"solution cell {gid} is missing from the submission; graded as unanswered")
            continue
        graded.cells[i].source = answer
        if not _same_code(answer, lesson.stubs[gid]):
            started.add(gid)
    for cell in graded.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return Assembled(lesson, handed, graded, notes, started)
