"""Screen stage: solution cells that may not run while grading (tamper.py's static screen: identifiers that
reach the kernel's internals, names the tests use) are replaced by the stub, with a note. The first, cheap
wall; the sandbox (sandbox.py) is the second. Only the sandbox's own tests turn it off
(LESSONS_GRADE_SCREEN=off), to attack the second wall directly; students cannot set the grader's environment."""
from __future__ import annotations

import os

from ..exercises import grade_id
from ..tamper import screen as tamper_screen
from .records import Assembled


def enabled() -> bool:
    return os.environ.get("LESSONS_GRADE_SCREEN", "on") != "off"


def screen(assembled: Assembled) -> Assembled:
    if not enabled():
        return assembled
    lesson = assembled.lesson
    tests = list(lesson.test_sources)
    for i in lesson.solutions:
        gid = grade_id(lesson.notebook.cells[i])
        if gid not in assembled.handed.answers:
            continue
        problem = tamper_screen(assembled.handed.answers[gid], gid, lesson.notebook.cells[i].source, tests)
        if problem:
            assembled.notebook.cells[i].source = lesson.stubs[gid]
            assembled.notes.append(problem)
    return assembled
