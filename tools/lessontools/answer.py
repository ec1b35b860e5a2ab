"""npm run answer -- <exercise id | lesson [exercise number]>

Prints the reference solution of one exercise, from the instructor version in notebooks/, for a student
who has tried and wants to compare. Nothing in the workspace changes.

  npm run answer -- l03-stable-sigmoid     the exercise with this id (its test cell prints it)
  npm run answer -- 03 1                   lesson 03, first exercise (number, name or path of the lesson)
  npm run answer -- 03                     lists lesson 03's exercises
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

from .exercises import BEGIN_SOLUTION, END_SOLUTION, grade_id, is_solution, is_test, points
from .notebooks import LESSONS, display, lessons, resolve

EXERCISE_ID = re.compile(r"^l\d{2}-[\w-]+$")


def pts(value: float) -> str:
    return f"{value:g} point" + ("" if value == 1 else "s")


def lesson_exercises(source: Path) -> list[dict]:
    """Each graded exercise of a lesson with its solution cells (the solution cells between the previous
    test cell and its own)."""
    nb = nbformat.read(source, as_version=4)
    found: list[dict] = []
    pending: list[str] = []
    for cell in nb.cells:
        if is_solution(cell):
            pending.append(cell.source)
        elif is_test(cell):
            found.append({"grade_id": grade_id(cell), "points": points(cell), "solutions": pending, "lesson": source.name})
            pending = []
    return found


def without_markers(source: str) -> str:
    return "\n".join(line for line in source.splitlines() if BEGIN_SOLUTION not in line and END_SOLUTION not in line)


def show(exercise: dict, number: int, of: int) -> None:
    print(f"Reference solution of {exercise['grade_id']} ({exercise['lesson']}, exercise {number} of {of}, {pts(exercise['points'])}):\n")
    for source in exercise["solutions"]:
        print(without_markers(source).rstrip() + "\n")
    print("Compare it with yours; a different solution that passes `npm run progress` is just as right.")


def listing(source: Path, found: list[dict]) -> str:
    lines = [f"{source.name}: {len(found)} exercise(s)"]
    key = source.name[:2]
    lines += [f"  {i}. {e['grade_id']} ({pts(e['points'])}): npm run answer -- {key} {i}" for i, e in enumerate(found, 1)]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(prog="npm run answer --", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", help="an exercise id (l03-stable-sigmoid), or a lesson number, name or path")
    parser.add_argument("number", nargs="?", type=int, help="the exercise's number in the lesson (1 = first)")
    args = parser.parse_args()
    wanted = args.what.removesuffix("-solution")
    if EXERCISE_ID.match(wanted) and args.number is None:
        for source in lessons(LESSONS):
            found = lesson_exercises(source)
            for i, e in enumerate(found, 1):
                if e["grade_id"] == wanted:
                    show(e, i, len(found))
                    return 0
        ids = ", ".join(e["grade_id"] for s in lessons(LESSONS) for e in lesson_exercises(s))
        raise SystemExit(f"answer: no exercise {wanted!r}. Exercises: {ids}")
    (path,) = resolve([args.what], folder=LESSONS, tool="answer")[:1]
    source = LESSONS / path.name  # a path to the student's copy means the lesson of that name
    if not source.exists():
        raise SystemExit(f"answer: {display(path)} is not a lesson of the course (no {path.name} in {display(LESSONS)})")
    found = lesson_exercises(source)
    if args.number is None:
        print(listing(source, found))
        return 0
    if not 1 <= args.number <= len(found):
        raise SystemExit(f"answer: {source.name} has exercises 1 to {len(found)}, not {args.number}\n{listing(source, found)}")
    show(found[args.number - 1], args.number, len(found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
