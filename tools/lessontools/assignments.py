"""npm run assignments [-- [--out release] [notebook-or-folder ...]]

Writes the student version of each lesson (default: every notebook in notebooks/) to the release folder:
solutions replaced by a stub that throws "not implemented", hidden tests removed, outputs cleared. The
nbgrader metadata stays, so instructors who use nbgrader can collect and grade these unchanged.
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import nbformat

from .exercises import exercises, student_notebook
from .notebook_runner import ROOT


def main() -> int:
    parser = argparse.ArgumentParser(prog="npm run assignments --", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", help="lesson notebooks or folders (default: notebooks/)")
    parser.add_argument("--out", default=str(ROOT / "release"), help="where the student versions go (default: release/)")
    args = parser.parse_args()
    sources: list[Path] = []
    for p in [Path(x) for x in args.paths] or [ROOT / "notebooks"]:
        sources += sorted(p.glob("*.ipynb")) if p.is_dir() else [p]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    total_points = 0.0
    for source in sources:
        nb = nbformat.read(source, as_version=4)
        released = student_notebook(nb, source.name)
        nbformat.validate(released)
        nbformat.write(released, out / source.name)
        graded = exercises(nb)
        total_points += sum(e["points"] for e in graded)
        print(f"{out / source.name}: {len(graded)} graded exercise(s), {sum(e['points'] for e in graded):g} points")
    readme = ROOT / "notebooks" / "README.md"
    if readme.exists():
        shutil.copy(readme, out / "README.md")
    print(f"assignments: {len(sources)} student notebook(s) written to {out}, {total_points:g} points in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
