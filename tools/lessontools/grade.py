"""npm run grade -- <submission.ipynb | folder> [...] [--csv report.csv] [--timeout 30]

Re-runs each submission in the real tslab kernel and prints per-exercise points and feedback, ending with
`score: X/Y`. Only the students' solution cells are taken from a submission; every other cell, the tests
with their hidden checks included, comes from the lesson source in notebooks/ (matched by file name), so
deleting or editing a test cell gains nothing. An exercise passes when its test cell ran without error
and sent a verdict for its own grade_id, signed with this submission's grading key, that says it passed
(lessontools/verdicts.py; printed lines count for nothing); a cell stuck in a loop is interrupted
after --timeout seconds and the rest of the notebook is still graded. A folder is graded submission by
submission (one notebook per student, in any sub-folder layout), with a CSV report.
"""
from __future__ import annotations

import argparse
import asyncio
import copy
import csv
import sys
from pathlib import Path

import nbformat

from .exercises import grade_id, is_solution, is_test, points, student_cell
from .notebook_runner import ROOT, error_summary, run_notebook
from .tamper import screen
from .verdicts import GradingKey, read_verdict

SOURCES = ROOT / "notebooks"


def find_source(submission: Path, sources: Path) -> Path:
    candidate = sources / submission.name
    if candidate.exists():
        return candidate
    sys.exit(f"grade: no lesson named {submission.name} in {sources}; submissions keep the lesson's file name")


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
            problem = screen(answers[gid].source, gid, cell.source, tests) if gid in answers else None
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


def feedback_for(result, cell_outputs, gid: str, timeout: float, *, key: bytes, cell_source: str) -> tuple[bool, str]:
    stderr = "".join(o.get("text", "") for o in cell_outputs if o.get("output_type") == "stream" and o.get("name") == "stderr")
    if result is None:
        return False, "not run"
    if result.status == "timeout":
        return False, f"timed out after {timeout:g} s: is there an infinite loop in your code?"
    if result.status != "ok":
        return False, "the test cell failed: " + (error_summary(stderr) or result.status)
    return read_verdict(cell_outputs, gid, key, cell_source)


async def grade_one(submission: Path, sources: Path, timeout: float) -> dict:
    source = find_source(submission, sources)
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
    key = GradingKey.create()  # read and deleted by kernel-lib in the import cell
    try:
        run = await run_notebook(
            source,  # runs in the lessons' folder, where `import ... from "kernel-lib"` resolves
            notebook=graded_nb,
            cell_timeout=timeout,
            stop_on_unexpected_error=False,
            interrupt_on_timeout=True,
            kernel_env=key.env,
        )
    finally:
        key.cleanup()
    rows = []
    for i, cell in enumerate(source_nb.cells):
        if not is_test(cell):
            continue
        gid = grade_id(cell)
        passed, message = feedback_for(run.cells.get(i), run.notebook.cells[i].outputs, gid, timeout, key=key.key, cell_source=graded_nb.cells[i].source)
        rows.append({"grade_id": gid, "points": points(cell) if passed else 0.0, "max_points": points(cell), "passed": passed, "feedback": message})
    if run.kernel_error:
        notes.append(f"kernel: {run.kernel_error}")
    return {"submission": submission, "lesson": source.name, "exercises": rows, "notes": notes}


def print_report(report: dict) -> None:
    print(f"{report['submission']} (lesson {report['lesson']})")
    for note in report["notes"]:
        print(f"  note: {note}")
    for row in report["exercises"]:
        mark = "✓" if row["passed"] else "✗"
        print(f"  {mark} {row['grade_id']}: {row['points']:g}/{row['max_points']:g}  {row['feedback']}")
    score = sum(r["points"] for r in report["exercises"])
    total = sum(r["max_points"] for r in report["exercises"])
    print(f"  score: {score:g}/{total:g}")


def student_of(submission: Path, folder: Path) -> str:
    relative = submission.relative_to(folder)
    return relative.parts[0] if len(relative.parts) > 1 else submission.stem


async def grade_all(paths: list[Path], sources: Path, timeout: float, csv_path: Path | None, jobs: int) -> int:
    jobs_list: list[tuple[Path, str]] = []
    folder_mode = False
    for p in paths:
        if p.is_dir():
            folder_mode = True
            jobs_list += [(s, student_of(s, p)) for s in sorted(p.rglob("*.ipynb")) if ".ipynb_checkpoints" not in s.parts]
        elif p.exists():
            jobs_list.append((p, p.stem))
        else:
            sys.exit(f"grade: {p} does not exist")
    if not jobs_list:
        sys.exit("grade: no submissions found")
    limit = asyncio.Semaphore(jobs)

    async def one(sub: Path):
        async with limit:
            return await grade_one(sub, sources, timeout)

    reports = await asyncio.gather(*(one(s) for s, _ in jobs_list))
    for report in reports:
        print_report(report)
    score = sum(r["points"] for rep in reports for r in rep["exercises"])
    total = sum(r["max_points"] for rep in reports for r in rep["exercises"])
    if folder_mode or csv_path:
        out = csv_path or Path("grades.csv")
        with out.open("w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["student", "submission", "lesson", "grade_id", "points", "max_points", "feedback"])
            for (sub, student), rep in zip(jobs_list, reports):
                for r in rep["exercises"]:
                    writer.writerow([student, str(sub), rep["lesson"], r["grade_id"], f"{r['points']:g}", f"{r['max_points']:g}", r["feedback"]])
        print(f"grade: report written to {out}")
    if len(reports) > 1:
        print(f"score: {score:g}/{total:g} (all {len(reports)} submissions)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="npm run grade --", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", help="submitted notebooks, or folders of them")
    parser.add_argument("--csv", type=Path, help="CSV report (default for folders: grades.csv)")
    parser.add_argument("--timeout", type=float, default=30, help="seconds allowed per cell (default 30)")
    parser.add_argument("--sources", type=Path, default=SOURCES, help="folder of lesson sources with solutions (default: notebooks/)")
    parser.add_argument("--jobs", type=int, default=2, help="submissions graded at once")
    args = parser.parse_args()
    return asyncio.run(grade_all([Path(p) for p in args.paths], args.sources, args.timeout, args.csv, args.jobs))


if __name__ == "__main__":
    sys.exit(main())
