"""Observe stage: what each test cell sent, as one Observation per exercise. Today that is the test cell's
outputs (where kernel-lib's signed verdict travels, verdicts.py); the verdict redesign records the student's
values here instead and compares them outside (compare.py)."""
from __future__ import annotations

from .records import Assembled, KernelRun, Observation


def observe(assembled: Assembled, kernel_run: KernelRun) -> list[Observation]:
    cells = kernel_run.run.notebook.cells
    return [
        Observation(exercise, kernel_run.run.cells.get(exercise.index), list(cells[exercise.index].outputs),
                    assembled.notebook.cells[exercise.index].source)
        for exercise in assembled.lesson.exercises
    ]
