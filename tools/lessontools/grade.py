"""npm run grade -- <submission.ipynb | student folder | class folder> [...] [--timeout 30] [--jobs 2] [--kernel deno]

Re-runs each submission in the real tslab kernel (or Deno's, with --kernel deno or LESSONS_KERNEL=deno: the
same scores, see docs/grading-security.md) and prints per-exercise points and feedback, ending with
`score: X/Y`. Only the students' solution cells are taken from a submission; every other cell, the tests
with their hidden checks included, comes from the lesson source in notebooks/ (matched by file name), so
deleting or editing a test cell gains nothing. The kernel judges nothing: its test cells send observations
(what the student's code returned, per check), and an exercise passes when its test cell ran without error
and its observations pass the same checks run on the reference solutions in the grader's own clean kernel
(lessontools/observations.py, reference.py; printed lines count for nothing); a cell stuck in a loop is
interrupted after --timeout seconds and the rest of the notebook is still graded.

Every submission runs in a fresh kernel of its own, sandboxed with bubblewrap where the system has it (see
lessontools/sandbox.py and docs/grading-sandbox.md): it sees only its own scratch copy and the course's
libraries, cannot start processes or reach the network, and its memory and output are capped. A kernel that
exits, crashes or floods the output costs that submission only.

Who the student is comes from the folders: `submissions/carol/03-….ipynb` and `submissions/carol` are
carol's; `submissions/` is a class with one sub-folder per student. Grading a folder shows progress on
stderr, ends with per-student totals and per-exercise statistics, and writes grades.csv and one feedback
file per student (feedback/<student>.md); --csv and --feedback choose where (for single files too).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import copy
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import report as reporting
from . import sandbox
from .exercises import forbidden_calls, grade_id, is_solution, is_test, points, student_cell
from .notebook_runner import ROOT, CellResult, error_summary, run_notebook
from .notebooks import LESSONS, WORKSPACE, lesson_key, notebooks_in
from .observations import GRADING_ENV, ObservingClient, verdict
from .reference import ReferenceProblem, reference_observations
from .tamper import delegation_note, screen

SOURCES = LESSONS
# The static screen of solution cells (tamper.py) is the first wall, the sandbox the second. Only the
# sandbox's own tests turn the screen off (LESSONS_GRADE_SCREEN=off), to attack the second wall directly;
# students cannot set the grader's environment.
SCREEN = os.environ.get("LESSONS_GRADE_SCREEN", "on") != "off"
# How many times one submission is graded again without a cell that timed out and could not be interrupted.
MAX_REGRADES = 3


class NoLesson(LookupError):
    pass


def find_source(submission: Path, sources: Path) -> Path:
    candidate = sources / submission.name
    if candidate.exists():
        return candidate
    raise NoLesson(f"no lesson named {submission.name} in {sources}; submissions keep the lesson's file name")


def assemble(source_nb, submission_nb, name: str):
    """The notebook that is run: the source, with each solution cell replaced by the student's cell of the
    same grade_id (or the unanswered stub if the student deleted it, or if the cell uses what solutions
    may not: lessontools/tamper.py)."""
    answers = {grade_id(c): c for c in submission_nb.cells if is_solution(c) and grade_id(c)}
    graded = copy.deepcopy(source_nb)
    tests = [c.source for c in source_nb.cells if is_test(c)]
    notes: list[str] = []
    for i, cell in enumerate(graded.cells):
        if is_solution(cell):
            gid = grade_id(cell)
            problem = screen(answers[gid].source, gid, cell.source, tests) if gid in answers and SCREEN else None
            if gid in answers and not problem:
                graded.cells[i].source = answers[gid].source
            elif problem:
                graded.cells[i] = student_cell(cell, f"{name} cell {i + 1}")
                notes.append(problem)
            else:
                graded.cells[i] = student_cell(cell, f"{name} cell {i + 1}")
                notes.append(f"solution cell {gid} is missing from the submission; graded as unanswered")
        if cell.cell_type == "code":
            graded.cells[i].outputs = []
    return graded, notes


def feedback_for(result, cell_outputs, gid: str, timeout: float, *, observed: list, reference: dict | None) -> tuple[bool, str]:
    stderr = "".join(o.get("text", "") for o in cell_outputs if o.get("output_type") == "stream" and o.get("name") == "stderr")
    if result is None:
        return False, "not run"
    if result.status == "timeout":
        return False, f"timed out after {timeout:g} s: is there an infinite loop in your code?"
    if result.status != "ok":
        return False, "the test cell failed: " + (result.error or error_summary(stderr) or result.status)
    judged = verdict(observed, reference, gid)
    return judged.passed, judged.feedback


@dataclass(frozen=True)
class Submission:
    path: Path
    student: str


def resolve_submissions(paths: list[str | Path], cwd: Path | None = None) -> list[Submission]:
    """Every notebook to grade and whose it is, from the command's arguments (relative to `cwd`, the folder
    the user ran the command in). A notebook's student is the folder it sits in, whichever form is used:
      submissions/carol/03-….ipynb   → carol       (a file: its folder's name)
      submissions/carol              → carol       (a folder holding notebooks: its own name)
      submissions                    → one student per sub-folder (alice/…, bob/…, any depth below)
      03, activation-functions       → the student's own workspace copy of that lesson (npm start's workspace/)
    Raises FileNotFoundError naming the argument that does not exist, ValueError when nothing is found."""
    cwd = cwd or Path.cwd()
    found: list[Submission] = []
    for arg in paths:
        path = Path(arg) if Path(arg).is_absolute() else cwd / arg
        if not path.exists():
            # Not a path: a lesson's number or name, as the other tools take it (lessontools.notebooks).
            lesson = lesson_key(str(arg), WORKSPACE)
            if lesson is None:
                raise FileNotFoundError(f"{arg} does not exist (looked in {cwd}) and is no lesson in {WORKSPACE}")
            path = lesson
        if path.is_file():
            found.append(Submission(path, path.resolve().parent.name))
            continue
        notebooks = notebooks_in(path, recursive=True)
        for nb in notebooks:
            relative = nb.relative_to(path)
            student = relative.parts[0] if len(relative.parts) > 1 else path.resolve().name
            found.append(Submission(nb, student))
    if not found:
        raise ValueError(f"no notebooks (*.ipynb) found in {', '.join(map(str, paths))}")
    return found


def _solution_cells_before(source_nb) -> dict[int, list[int]]:
    """For each test cell, the solution cells since the previous test cell: the code that exercise grades."""
    owned: dict[int, list[int]] = {}
    pending: list[int] = []
    for i, cell in enumerate(source_nb.cells):
        if is_solution(cell):
            pending.append(i)
        elif is_test(cell):
            owned[i] = pending
            pending = []
    return owned


SANDBOX_WORDS = ("EROFS", "ENOENT", "ECONNREFUSED", "ENETUNREACH", "fetch failed", "EACCES")
# Node's permission model names what it refused: `permission: 'FileSystemWrite', resource: '/path'`.
REFUSED = re.compile(r"permission: '(\w+)'(?:,\s*resource: '([^']*)')?")
REFUSED_WHAT = {"FileSystemWrite": "writing {}", "FileSystemRead": "reading {}", "ChildProcess": "starting a process",
                "WorkerThreads": "starting a worker thread", "Inspector": "the inspector", "WASI": "WASI"}


def _explain(summary: str, sandboxed: bool, stderr: str = "") -> str:
    """What a failure means when the grader's limits caused it, appended to the error."""
    if "allocation failed" in summary or "out of memory" in summary:
        return f"{summary} (grading caps a kernel's memory: {sandbox.HEAP_MB} MB of heap, {sandbox.DATA_BYTES // 1024**3} GB in all)"
    if "NotCapable" in summary:  # Deno: a permission kernel-lib revoked while grading (deno-permissions.ts)
        return f"{summary} (the grading sandbox revokes Deno's net, run, ffi, sys and env permissions)"
    if "Access to this API has been restricted" in summary or "ERR_ACCESS_DENIED" in summary:
        refused = REFUSED.search(stderr)
        what = REFUSED_WHAT.get(refused.group(1), refused.group(1)).format(refused.group(2) or "a file") if refused else "this"
        return f"{summary} (ERR_ACCESS_DENIED: the grading sandbox does not allow {what})"
    if sandboxed and any(word in summary for word in SANDBOX_WORDS):
        return (f"{summary} (the grading sandbox allows no files outside the submission's own folder, "
                "no child processes and no network)")
    return summary


def _where(source_nb, index: int) -> str:
    cell = source_nb.cells[index]
    return f"solution cell {grade_id(cell)}" if is_solution(cell) else f"cell {index + 1}"


def _death(km, client, timeout: float) -> str:
    """Why the kernel stopped, in words."""
    if client is not None and client.stopped_after_timeout is not None:
        return f"timed out after {timeout:g} s and did not stop when interrupted, so the kernel was stopped"
    code = sandbox.exit_status(km)
    log = sandbox.kernel_log_tail(km)
    if "heap out of memory" in log or "Reached heap limit" in log or "allocation failed" in log:
        return f"the kernel ran out of memory (grading caps it at {sandbox.HEAP_MB} MB of heap)"
    if code is not None and code > 128:
        return f"the kernel crashed (signal {code - 128})"
    if code is not None and code < 0:
        return f"the kernel was killed by signal {-code}"
    if code is not None:
        return f"the kernel exited with code {code} (process.exit?)"
    return "the kernel stopped responding"


def _first_lines(message: str, keep: int = 1) -> str:
    lines = message.splitlines()
    more = len(lines) - keep
    return "\n".join(lines[:keep]) + (f" (and {more} more line{'s' if more > 1 else ''} like it)" if more > 0 else "")


async def grade_one(submission: Path, sources: Path, timeout: float, *, student: str | None = None, kernel: str | None = None) -> dict:
    """Grades one submitted notebook in a fresh kernel (sandboxed where possible) and returns its report:
    {"submission": Path, "student": str, "lesson": str (file name), "exercises": [{"grade_id", "points",
    "max_points", "passed", "feedback"}], "notes": [str], "score": float, "max_score": float,
    "problem": str ("" when graded normally, else what went wrong), "seconds": float, "sandboxed": bool}.
    Never raises for anything a submission contains. `kernel`: "tslab" (default, or $LESSONS_KERNEL) or "deno"."""
    started = time.perf_counter()
    student = student or submission.resolve().parent.name
    base = {"submission": submission, "student": student, "lesson": submission.name, "exercises": [], "notes": [],
            "score": 0.0, "max_score": 0.0, "problem": "", "seconds": 0.0, "sandboxed": sandbox.status().sandboxed}
    try:
        source = find_source(submission, sources)
    except NoLesson as exc:
        return {**base, "notes": [str(exc)], "problem": "no such lesson"}
    source_nb = nbformat.read(source, as_version=4)
    try:
        submitted = nbformat.read(submission, as_version=4)
    except Exception as exc:  # not JSON, not a notebook: grade as unanswered, keep grading the others
        submitted = nbformat.v4.new_notebook()
        unreadable = f"the submission could not be read as a notebook ({type(exc).__name__}: {str(exc)[:120]}); graded as unanswered"
    else:
        unreadable = ""
    graded_nb, notes = assemble(source_nb, submitted, submission.name)
    if unreadable:
        notes = [unreadable]
    try:  # the same checks on the reference solutions, in the grader's own kernel (cached per lesson and kernel)
        references = await reference_observations(source, kernel, timeout)
    except ReferenceProblem as exc:
        return {**base, "lesson": source.name, "notes": [str(exc)], "problem": "the lesson's reference solutions fail their own checks"}

    scratch = sandbox.new_scratch(f"{student}-{source.stem}")
    clients: list = []
    km = None

    def client_class(nb, **kw):
        clients.append(ObservingClient(nb, **kw))
        return clients[-1]

    # Cells that timed out and did not stop when interrupted (Deno's kernel never stops a synchronous loop:
    # SIGINT does not reach running JavaScript there). The kernel is stopped, and the notebook is graded
    # again in a fresh kernel without those cells, so the exercises after a loop still count, as on tslab.
    skipped: list[int] = []
    try:
        copy_path = scratch / source.name  # the submission's own scratch copy, the kernel's working folder
        nbformat.write(graded_nb, copy_path)
        while True:
            clients.clear()
            running = copy.deepcopy(graded_nb)
            for index in skipped:
                running.cells[index].source = "// not run again: it timed out while grading and did not stop when interrupted"
            # Grading mode: kernel-lib sends observations instead of judging (no secret: observations.py).
            km = sandbox.kernel_manager(scratch, dict(GRADING_ENV), kernel)
            run = await run_notebook(
                copy_path,
                notebook=running,
                cell_timeout=timeout,
                stop_on_unexpected_error=False,
                interrupt_on_timeout=True,
                client_class=client_class,
                km=km,
                kernel=kernel,
            )
            stuck = clients[0].stopped_after_timeout if clients else None
            if stuck is None or stuck in skipped or len(skipped) >= MAX_REGRADES:
                break
            skipped.append(stuck)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if getattr(km, "sockets", None):  # normally gone with the kernel's resources; not if cleanup was cut short
            shutil.rmtree(km.sockets, ignore_errors=True)
    for index in skipped:
        run.cells[index] = CellResult(index, "timeout", timeout)
        notes.append(f"{_where(source_nb, index)} timed out after {timeout:g} s and did not stop when interrupted: "
                     "the kernel was stopped and the notebook graded again in a new kernel without that cell")
    client = clients[0] if clients else None
    died_in = client.current_cell if client is not None and run.kernel_error else None
    death = _death(km, client, timeout) if run.kernel_error else ""

    problems: list[str] = []
    if died_in is not None:
        notes.append(f"{death} while running {_where(source_nb, died_in)}; nothing after it ran")
        problems.append(f"{death} while running {_where(source_nb, died_in)}")
    flooded = sorted({*(client.truncated if client else {}), *(client.lost_output if client else set())})
    for index in flooded:
        if index in client.truncated:
            notes.append(f"{_where(source_nb, index)} printed more than {sandbox.OUTPUT_BYTES // 1024} KB: "
                         f"{client.truncated[index] / 1024**2:.1f} MB more was dropped and the cell interrupted")
        else:
            notes.append(f"{_where(source_nb, index)} printed faster than the grader reads (over 1000 messages at once); the rest was lost")
        problems.append(f"output flood in {_where(source_nb, index)}")

    def solution_trouble(index: int) -> str:
        """What went wrong in one solution cell, or "" if it ran."""
        cell_result = run.cells.get(index)
        if index == died_in:
            return f"{death}; nothing after it ran"
        if client is not None and index in client.truncated:
            return f"its output passed {sandbox.OUTPUT_BYTES // 1024} KB and was cut off; the cell was interrupted"
        if client is not None and index in client.lost_output:
            return "it printed faster than the grader reads (over 1000 messages at once) and its output was lost"
        if cell_result is None:
            return ""
        if cell_result.status == "timeout":
            return f"timed out after {timeout:g} s: is there an infinite loop in your code?"
        if cell_result.status != "ok":
            # tslab prints a failure on stderr; Deno sends an error output (CellResult.error: "ename: evalue").
            summary = cell_result.error.splitlines()[0] if cell_result.error else error_summary(cell_result.stderr)
            return "it failed: " + _explain(summary or cell_result.status, base["sandboxed"], cell_result.stderr)
        return ""

    owned = _solution_cells_before(source_nb)
    rows = []
    for i, cell in enumerate(source_nb.cells):
        if not is_test(cell):
            continue
        gid = grade_id(cell)
        result = run.cells.get(i)
        observed = client.observations.get(i, []) if client is not None else []
        passed, message = feedback_for(result, run.notebook.cells[i].outputs, gid, timeout, observed=observed, reference=references.get(gid))
        if result is None and died_in is not None:
            message = f"not run: {death} while running {_where(source_nb, died_in)}"
        delegated = delegation_note([(grade_id(source_nb.cells[s]), graded_nb.cells[s].source) for s in owned.get(i, [])], forbidden_calls(cell))
        if delegated:  # "implement it yourself": the honest shortcut scores 0 (docs/grading-security.md)
            passed, message = False, delegated
        if not passed:
            # The student's own error first: a solution cell that does not compile makes the test cell fail with
            # "Cannot find name …" for every name it defines, which says nothing about the real mistake.
            own = [(grade_id(source_nb.cells[s]), solution_trouble(s)) for s in owned.get(i, [])]
            own = [f"your solution cell {sgid}: {trouble}" for sgid, trouble in own if trouble]
            if own:
                own_text = "; ".join(own)
                if result is not None:
                    own_text += ("" if own_text.endswith((".", "?", "!")) else ".") + " Then the test: " + _first_lines(message)
                message = own_text
            elif result is not None and result.status not in ("ok", "timeout"):
                message = _explain(message, base["sandboxed"], result.stderr)
        rows.append({"grade_id": gid, "points": points(cell) if passed else 0.0, "max_points": points(cell), "passed": passed, "feedback": message})
    if run.kernel_error and died_in is None:  # the kernel never ran a cell: it did not start
        notes.append(f"kernel: {run.kernel_error}")
        problems.append("the kernel did not start")
    timeouts = [i for i, r in run.cells.items() if r.status == "timeout"]
    if timeouts and died_in is None:
        problems.append(f"timed out in {len(timeouts)} cell(s)")
    if unreadable:
        problems.append("unreadable notebook")
    return {
        **base,
        "lesson": source.name,
        "exercises": rows,
        "notes": notes,
        "score": sum(r["points"] for r in rows),
        "max_score": sum(r["max_points"] for r in rows),
        "problem": "; ".join(problems),
        "seconds": time.perf_counter() - started,
    }


async def grade_all(submissions: list[Submission], sources: Path, timeout: float, jobs: int,
                    csv_path: Path | None, feedback_dir: Path | None, summary: bool, kernel: str | None = None) -> int:
    print(sandbox.status().banner(), file=sys.stderr, flush=True)
    if sandbox.is_deno(kernel):
        print("grade: on Deno's kernel (TypeScript (Deno))", file=sys.stderr, flush=True)
    progress = reporting.Progress(len(submissions))
    limit = asyncio.Semaphore(jobs)

    async def one(sub: Submission) -> dict:
        async with limit:
            rep = await grade_one(sub.path, sources, timeout, student=sub.student, kernel=kernel)
        progress.update(rep)
        return rep

    reports = await asyncio.gather(*(one(s) for s in submissions))
    for rep in reports:
        reporting.print_report(rep)
    if summary:
        reporting.print_summary(reports)
    if csv_path:
        reporting.write_csv(reports, csv_path)
        print(f"grade: grades written to {csv_path}")
    if feedback_dir:
        written = reporting.write_feedback(reports, feedback_dir)
        print(f"grade: {len(written)} feedback file(s) written to {feedback_dir}{'/' if not str(feedback_dir).endswith('/') else ''}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="npm run grade --", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", help="submitted notebooks, a student's folder, or a class folder of student folders")
    parser.add_argument("--csv", type=Path, help="CSV of every exercise's points (default when grading a folder: grades.csv)")
    parser.add_argument("--feedback", type=Path, help="folder for one Markdown feedback file per student (default when grading a folder: feedback/)")
    parser.add_argument("--timeout", type=float, default=30, help="seconds allowed per cell (default 30)")
    parser.add_argument("--sources", type=Path, default=SOURCES, help="folder of lesson sources with solutions (default: notebooks/)")
    parser.add_argument("--jobs", type=int, default=2, help="submissions graded at once (default 2)")
    parser.add_argument("--kernel", choices=["tslab", "deno"], default=None,
                        help="the kernel to grade on: tslab (default) or deno, Deno's built-in kernel (default: $LESSONS_KERNEL, else tslab)")
    args = parser.parse_args()
    if args.timeout <= 0:
        parser.error(f"--timeout must be a positive number of seconds, not {args.timeout:g}")
    if args.jobs < 1:
        parser.error(f"--jobs must be at least 1, not {args.jobs}")
    try:
        submissions = resolve_submissions(args.paths)
    except (FileNotFoundError, ValueError) as exc:
        parser.error(str(exc))
    folder_mode = any(Path(p).is_dir() for p in args.paths)
    csv_path = args.csv or (Path("grades.csv") if folder_mode else None)
    feedback_dir = args.feedback or (Path("feedback") if folder_mode else None)
    summary = len({s.student for s in submissions}) > 1 or len(submissions) > 1
    return asyncio.run(grade_all(submissions, args.sources, args.timeout, args.jobs, csv_path, feedback_dir, summary, args.kernel))


if __name__ == "__main__":
    sys.exit(main())
