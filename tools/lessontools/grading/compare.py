"""Compare stage: each exercise's Observation judged, as an Outcome (passed, feedback).

The judge is outside the student's kernel: the test cell's observations (what the student's code returned)
against the reference run's (lessontools/observations.py, reference.py): the kind of check, expected value,
tolerance and hint all come from the reference; a missing, duplicated or extra observation fails. An
exercise whose solution cells use a library function it forbids (test cell metadata `lessons.forbids`)
scores 0 saying which (tamper.py's delegation_note). When the exercise failed, the student's own error comes first:
a solution cell that does not compile makes its test fail with "Cannot find name …" for every name it
defines, which says nothing about the real mistake (diagnose.py)."""
from __future__ import annotations

from ..notebook_runner import error_summary
from ..exercises import forbidden_calls, grade_id
from ..observations import LISTED_FAILURES, verdict
from ..tamper import delegation_note
from .diagnose import cell_trouble, explain, first_lines
from .lesson import where
from .records import Assembled, KernelRun, Observation, Outcome


def judge(observation: Observation, kernel_run: KernelRun, reference: dict | None) -> tuple[bool, str]:
    """(passed, message) from one test cell's run."""
    result = observation.result
    if result is None:
        return False, "not run"
    if result.status == "timeout":
        return False, f"timed out after {kernel_run.timeout:g} s: is there an infinite loop in your code?"
    if result.status != "ok":
        return False, "the test cell failed: " + (result.error or error_summary(result.stderr) or result.status)
    judged = verdict(observation.observed, reference, observation.exercise.grade_id)
    return judged.passed, judged.feedback


def compare(assembled: Assembled, kernel_run: KernelRun, observations: list[Observation], references: dict[str, dict]) -> list[Outcome]:
    """`references`: grade_id → the reference run's observation (reference.py)."""
    lesson = assembled.lesson
    outcomes = []
    for observation in observations:
        index = observation.exercise.index
        passed, message = judge(observation, kernel_run, references.get(observation.exercise.grade_id))
        result = observation.result
        if result is None and kernel_run.died_in is not None:
            message = f"not run: {kernel_run.death} while running {where(lesson, kernel_run.died_in)}"
        solutions = [(grade_id(assembled.notebook.cells[s]), assembled.notebook.cells[s].source) for s in lesson.owned.get(index, [])]
        delegated = delegation_note(solutions, forbidden_calls(lesson.notebook.cells[index]))
        if delegated:  # "implement it yourself": the honest shortcut scores 0 (docs/grading-security.md)
            passed, message = False, delegated
        if not passed:
            own = [(where(lesson, s), cell_trouble(kernel_run, s)) for s in lesson.owned.get(observation.exercise.index, [])]
            own = [f"your {cell}: {trouble}" for cell, trouble in own if trouble]
            if own:
                own_text = "; ".join(own)
                if result is not None:
                    # A judged test lists each failed check on its own line (observations.py): keep them all.
                    keep = LISTED_FAILURES + 2 if result.status == "ok" else 1
                    own_text += ("" if own_text.endswith((".", "?", "!")) else ".") + " Then the test: " + first_lines(message, keep)
                message = own_text
            elif result is not None and result.status not in ("ok", "timeout"):
                message = explain(message, kernel_run.sandboxed, result.stderr)
        outcomes.append(Outcome(observation.exercise, passed, message))
    return outcomes
