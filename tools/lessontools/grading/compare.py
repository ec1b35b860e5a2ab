"""Compare stage: each exercise's Observation judged, as an Outcome (passed, feedback).

Today's judge is the signed verdict (verdicts.py: a verdict kernel-lib signed with this submission's key,
from this very test cell, saying passed). When the exercise failed, the student's own error comes first:
a solution cell that does not compile makes its test fail with "Cannot find name …" for every name it
defines, which says nothing about the real mistake (diagnose.py)."""
from __future__ import annotations

from ..notebook_runner import error_summary
from ..verdicts import read_verdict
from .diagnose import cell_trouble, explain, first_lines
from .lesson import where
from .records import Assembled, KernelRun, Observation, Outcome


def judge(observation: Observation, kernel_run: KernelRun) -> tuple[bool, str]:
    """(passed, message) from one test cell's run."""
    result = observation.result
    if result is None:
        return False, "not run"
    if result.status == "timeout":
        return False, f"timed out after {kernel_run.timeout:g} s: is there an infinite loop in your code?"
    if result.status != "ok":
        return False, "the test cell failed: " + (result.error or error_summary(result.stderr) or result.status)
    return read_verdict(observation.outputs, observation.exercise.grade_id, kernel_run.key, observation.source, deno=kernel_run.deno)


def compare(assembled: Assembled, kernel_run: KernelRun, observations: list[Observation]) -> list[Outcome]:
    lesson = assembled.lesson
    outcomes = []
    for observation in observations:
        passed, message = judge(observation, kernel_run)
        result = observation.result
        if result is None and kernel_run.died_in is not None:
            message = f"not run: {kernel_run.death} while running {where(lesson, kernel_run.died_in)}"
        if not passed:
            own = [(where(lesson, s), cell_trouble(kernel_run, s)) for s in lesson.owned.get(observation.exercise.index, [])]
            own = [f"your {cell}: {trouble}" for cell, trouble in own if trouble]
            if own:
                own_text = "; ".join(own)
                if result is not None:
                    own_text += ("" if own_text.endswith((".", "?", "!")) else ".") + " Then the test: " + first_lines(message)
                message = own_text
            elif result is not None and result.status not in ("ok", "timeout"):
                message = explain(message, kernel_run.sandboxed, result.stderr)
        outcomes.append(Outcome(observation.exercise, passed, message))
    return outcomes
