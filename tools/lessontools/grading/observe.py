"""Observe stage: what each test cell sent, as one Observation per exercise: its result, its outputs and
the observations kernel-lib sent from it (lessontools/observations.py: per check, the label, the kind and
what the student's code returned; nothing there can say "passed"). The compare stage judges them against
the reference run (compare.py, lessontools/reference.py).

The observations are collected by ObservingClient as the messages arrive, from the messages whose parent
is the test cell's own execute request (nbclient hands process_message only those), in arrival order and
before a `clear_output` could remove one from the cell's outputs: a forged observation next to the real
one is a duplicate, never a replacement."""
from __future__ import annotations

from ..observations import OBSERVATION_MIME
from .client import GradingClient
from .records import Assembled, KernelRun, Observation


class ObservingClient(GradingClient):
    """The grader's client, keeping every observation each cell's own execution sent."""

    def __init__(self, nb, km=None, **kw):
        super().__init__(nb, km=km, **kw)
        self.observations: dict[int, list] = {}

    def process_message(self, msg, cell, cell_index):
        if msg.get("msg_type") in ("display_data", "execute_result", "update_display_data"):
            data = (msg.get("content") or {}).get("data") or {}
            if isinstance(data, dict) and OBSERVATION_MIME in data:
                self.observations.setdefault(cell_index, []).append(data[OBSERVATION_MIME])
        return super().process_message(msg, cell, cell_index)


def observe(assembled: Assembled, kernel_run: KernelRun) -> list[Observation]:
    cells = kernel_run.run.notebook.cells
    return [
        Observation(exercise, kernel_run.run.cells.get(exercise.index), list(cells[exercise.index].outputs),
                    assembled.notebook.cells[exercise.index].source, list(kernel_run.observations.get(exercise.index, [])))
        for exercise in assembled.lesson.exercises
    ]
