"""Report stage: a submission's Report record, built from the stages before it. Everything a student's code
or files could have put into a note or a feedback line passes through `safe` here, once: text holding the
lesson's test code is withheld (a function's source reached through `fn.caller`, the text of a notebook),
and control characters are removed and the length capped (safe_text.py). Names and paths are cleaned where
they are printed (terminal.py, files.py), since the raw name also keys the student's feedback file."""
from __future__ import annotations

from ..exercises import grade_id
from .records import Assembled, ExerciseResult, Lesson, Outcome, Report, Submission
from .safe_text import clean, test_code_lines, withhold_test_source

NOT_STARTED = "not started: the solution cell still holds the stub; write your code there"
NOT_STARTED_LESSON = "not started: every solution cell still holds the stub, so the lesson was not run"


class Safe:
    """Makes one lesson's feedback safe to show (see the module doc)."""

    def __init__(self, lesson: Lesson | None):
        self.lines = test_code_lines(lesson.test_sources) if lesson else frozenset()

    def __call__(self, text: object) -> str:
        return clean(withhold_test_source(clean(text, 100_000), self.lines))


def _started(assembled: Assembled, index: int) -> bool:
    lesson = assembled.lesson
    owned = lesson.owned.get(index, [])
    return not owned or any(grade_id(lesson.notebook.cells[s]) in assembled.started for s in owned)


def graded(submission: Submission, assembled: Assembled, outcomes: list[Outcome], problems: list[str], seconds: float, sandboxed: bool) -> Report:
    """The report of a submission that ran: per exercise its points and feedback."""
    safe = Safe(assembled.lesson)
    rows = []
    for o in outcomes:
        feedback = o.feedback
        if not o.passed and not _started(assembled, o.exercise.index):
            feedback = NOT_STARTED + ("" if "not implemented" in feedback else f". Then the test: {feedback}")
        rows.append(ExerciseResult(o.exercise.grade_id, o.exercise.points if o.passed else 0.0, o.exercise.points, o.passed, safe(feedback)))
    return Report(submission.path, submission.student, assembled.lesson.name, rows, [safe(n) for n in assembled.notes],
                  "; ".join(safe(p) for p in problems), seconds, sandboxed)


def zero(submission: Submission, lesson: Lesson | None, feedback: str, notes: list[str], problem: str, seconds: float,
         sandboxed: bool, *, not_started: bool = False) -> Report:
    """Every exercise of the lesson at 0 with the same feedback, without running anything (a refused or
    unreadable file, a lesson not started, a submission the grader failed on)."""
    safe = Safe(lesson)
    rows = [ExerciseResult(e.grade_id, 0.0, e.points, False, safe(feedback)) for e in (lesson.exercises if lesson else ())]
    return Report(submission.path, submission.student, lesson.name if lesson else submission.path.name, rows,
                  [safe(n) for n in notes], safe(problem), seconds, sandboxed, not_started)
