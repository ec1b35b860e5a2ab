"""npm run assignments [-- [--out release] [--no-answers] [--clear-outputs] [lesson ...]]

Writes the student version of each lesson (default: every lesson in notebooks/) to the release folder:
solutions replaced by a stub that throws "not implemented", hidden tests removed. Lesson charts and worked
outputs stay (only the exercises' solution and test cells are cleared), and so do the collapsed answers
to the "Check yourself" questions. The instructor decides what a classroom gets:
  --no-answers     leave out the answer cells (markdown cells tagged "answer")
  --clear-outputs  clear every output, as nbgrader's generate_assignment does
The nbgrader metadata stays, so instructors who use nbgrader can collect and grade these unchanged. The
release gets a README for students (the workspace's, without its commands), not the instructor index. Lessons are
paths (relative to where you stand) or bare numbers or names: `npm run assignments -- 03 05`.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

from .exercises import exercises, is_answer, student_notebook
from .notebook_runner import ROOT
from .notebooks import LESSONS, display, resolve
from .workspace import readme_text



def main() -> int:
    parser = argparse.ArgumentParser(prog="npm run assignments --", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", help="lesson notebooks, folders, numbers or names (default: every lesson in notebooks/)")
    parser.add_argument("--out", default=str(ROOT / "release"), help="where the student versions go (default: release/)")
    parser.add_argument("--no-answers", action="store_true", help='leave out the "Check yourself" answers (cells tagged "answer")')
    parser.add_argument("--clear-outputs", action="store_true", help="clear every output, lesson charts included")
    args = parser.parse_args()
    sources = resolve(args.paths, folder=LESSONS, tool="assignments")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    total_points = 0.0
    answers_left_out = 0
    for source in sources:
        nb = nbformat.read(source, as_version=4)
        released = student_notebook(nb, source.name, outputs="none" if args.clear_outputs else "lessons", answers=not args.no_answers)
        nbformat.validate(released)
        nbformat.write(released, out / source.name)
        graded = exercises(nb)
        answers_left_out += sum(1 for c in nb.cells if is_answer(c)) if args.no_answers else 0
        total_points += sum(e["points"] for e in graded)
        print(f"{display(out / source.name)}: {len(graded)} graded exercise(s), {sum(e['points'] for e in graded):g} points")
    (out / "README.md").write_text(readme_text(sources, workspace=False, answers=not args.no_answers), encoding="utf-8")
    kept = "lesson outputs kept" if not args.clear_outputs else "all outputs cleared"
    answers = f"{answers_left_out} answer cell(s) left out" if args.no_answers else "answers kept (--no-answers leaves them out)"
    print(f"assignments: {len(sources)} student notebook(s) written to {display(out)}, {total_points:g} points in all; {kept}; {answers}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
