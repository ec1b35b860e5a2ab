"""npm run grade -- <submission.ipynb | student folder | class folder> [...] [--timeout 30] [--jobs 2] [--kernel deno]

Re-runs each submission in the real tslab kernel (or Deno's, with --kernel deno or LESSONS_KERNEL=deno: the
same scores, see docs/grading-security.md) and prints per-exercise points and feedback, ending with
`score: X/Y`. Only the students' solution cells are taken from a submission; every other cell, the tests
with their hidden checks included, comes from the lesson source in notebooks/ (matched by file name), so
deleting or editing a test cell gains nothing. The kernel judges nothing: its test cells send observations
(per check, what the student's code returned), and an exercise passes when they pass the same checks run on
the reference solutions in the grader's own kernel (lessontools/observations.py, reference.py; printed lines
count for nothing); a cell stuck in a loop is interrupted after
--timeout seconds and the rest of the notebook is still graded. A lesson whose solution cells all still
hold the stub is "not started": 0, and no kernel is started for it.

Every submission runs in a fresh kernel of its own, sandboxed with bubblewrap where the system has it (see
lessontools/sandbox.py and docs/grading-sandbox.md): it sees only its own scratch folder (a size-capped
tmpfs) and the course's libraries, cannot start processes or reach the network, and its memory and output
are capped. A kernel that exits, crashes or floods the output costs that submission only; so does a
submission that is a symbolic link (refused), not a notebook, or shaped to crash the grader.

Who the student is comes from the folders: `submissions/carol/03-….ipynb` and `submissions/carol` are
carol's; `submissions/` is a class with one sub-folder per student (one file per lesson each: a second copy
is named and not graded). Grading a folder shows progress on stderr, ends with per-student totals and
per-exercise statistics, and writes grades.csv and one feedback file per student (feedback/<student>.md, or
<student>-<hash>.md when the name is not a plain file name; grades.csv's feedback_file column names it);
--csv and --feedback choose where (for single files too). Everything printed or written that a student's
folder name or code could have put there is stripped of control characters, and test code is withheld.

The work itself is done by the stages in lessontools/grading/ (find → read → assemble → screen → run →
observe → compare → report); this module is the command line.
"""
from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from .grading.pipeline import grade_all, grade_one  # noqa: F401 (grade_one: the one-submission entry point)
from .grading.submissions import resolve_submissions
from .notebooks import LESSONS

SOURCES = LESSONS


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
