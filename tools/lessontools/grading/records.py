"""The records the grading stages pass on (see __init__.py). Plain dataclasses: each stage reads its input
record and returns a new one, so what a stage may rely on is written here once."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..notebook_runner import RunResult


@dataclass(frozen=True)
class Submission:
    """One file handed in (find stage). `refusal` says why it is not graded at all ("" when it is)."""

    path: Path
    student: str
    refusal: str = ""

    @property
    def lesson_file(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class Exercise:
    """A graded exercise of the instructor's lesson: its test cell's index, grade_id and points."""

    grade_id: str
    points: float
    index: int


@dataclass(frozen=True)
class Lesson:
    """The instructor's version of a lesson (solutions and hidden tests), read once per grading run."""

    path: Path
    notebook: object  # nbformat.NotebookNode; never modified (assemble copies it)
    exercises: tuple[Exercise, ...]
    solutions: tuple[int, ...]  # indices of solution cells
    stubs: dict  # solution grade_id -> the student version's source (the stub), to tell "not started"
    test_sources: tuple[str, ...]  # every test cell's source, hidden tests included: never shown to a student
    owned: dict  # test cell index -> the solution cell indices since the previous test cell

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def max_score(self) -> float:
        return sum(e.points for e in self.exercises)


@dataclass
class Handed:
    """What the student handed in (read stage): solution cell grade_id -> source, and notes on what was odd.
    `problem` is set when the file could not be read as a notebook at all (then `answers` is empty)."""

    submission: Submission
    answers: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    problem: str = ""


@dataclass
class Assembled:
    """The notebook that is run (assemble and screen stages): the lesson with the student's solution cells."""

    lesson: Lesson
    handed: Handed
    notebook: object  # nbformat.NotebookNode, a copy of the lesson's
    notes: list[str] = field(default_factory=list)
    started: set[str] = field(default_factory=set)  # solution grade_ids the student changed from the stub

    @property
    def not_started(self) -> bool:
        return not self.started


@dataclass
class KernelRun:
    """What happened in the kernel (run stage)."""

    run: RunResult
    deno: bool
    sandboxed: bool
    timeout: float
    observations: dict = field(default_factory=dict)  # cell index -> observation bundles (observe.py)
    truncated: dict[int, int] = field(default_factory=dict)  # cell index -> output bytes dropped
    lost_output: set[int] = field(default_factory=set)  # cells whose output the kernel itself dropped
    skipped: list[int] = field(default_factory=list)  # cells left out after a timeout they did not stop at
    died_in: int | None = None  # the cell running when the kernel died
    death: str = ""  # why the kernel died, in words


@dataclass
class Observation:
    """What one test cell sent (observe stage): its result, outputs and the source that ran."""

    exercise: Exercise
    result: object  # notebook_runner.CellResult or None (not run)
    outputs: list
    source: str
    observed: list = field(default_factory=list)  # the observation bundles its execution sent (observe.py)


@dataclass
class Outcome:
    """One exercise judged (compare stage)."""

    exercise: Exercise
    passed: bool
    feedback: str


@dataclass
class ExerciseResult:
    grade_id: str
    points: float
    max_points: float
    passed: bool
    feedback: str


@dataclass
class Report:
    """One submission graded (report stage): what the terminal, the CSV and the feedback files show. Every
    string in it is safe to print (safe_text.py) and holds no test source."""

    submission: Path
    student: str
    lesson: str
    exercises: list[ExerciseResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problem: str = ""  # "" when graded normally, else what went wrong (a failure in the progress lines)
    seconds: float = 0.0
    sandboxed: bool = False
    not_started: bool = False

    @property
    def score(self) -> float:
        return sum(e.points for e in self.exercises)

    @property
    def max_score(self) -> float:
        return sum(e.max_points for e in self.exercises)
