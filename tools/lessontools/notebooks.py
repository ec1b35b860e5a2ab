"""Where the lessons are, and what a user means by `03`, `activation-functions` or `../notebooks/03-….ipynb`.

One rule for every command (verify, assignments, grade, progress, reset, answer): a lesson is a notebook
named `NN-title.ipynb` (two digits, a dash, a title) in a lessons folder, taken in the order of its number;
README.md and other files are not lessons. An argument is, in this order:
  1. a path that exists, relative to the folder the user stands in (npm passes it in INIT_CWD, and
     tools/node/python.mjs runs the tool from there) or absolute: a notebook, or a folder of notebooks;
  2. a bare lesson number or name, looked up in the command's own folder (notebooks/ for verify and
     answer, workspace/ for progress and reset): `3`, `03`, `activation-functions`,
     `03-activation-functions` or `03-activation-functions.ipynb`.
Anything else stops the command with a message that lists the lessons it could have meant.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

# The checkout, the instructor versions (with solutions and hidden tests) and the student's own copies: one
# home, tools/course.json read by course.py (listing lessons must not load nbclient, so not notebook_runner).
from .course import LESSONS, ROOT, WORKSPACE  # noqa: F401 (re-exported for the tools)
# "03-activation-functions.ipynb" -> number "03", title "activation-functions"
LESSON_FILE = re.compile(r"^(\d{2})-(.+)\.ipynb$")


class LessonNotFound(SystemExit):
    """Raised (as a clean exit with a message) when an argument names no notebook and no lesson."""


def is_lesson(path: Path) -> bool:
    return path.is_file() and LESSON_FILE.match(path.name) is not None


def lessons(folder: Path = LESSONS) -> list[Path]:
    """The lessons in `folder`, in reading order (by number, then title)."""
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if is_lesson(p)), key=lambda p: p.name)


def notebooks_in(folder: Path, recursive: bool = False) -> list[Path]:
    """Every notebook in a folder the user named (lessons or not, e.g. submissions), sorted, without
    Jupyter's .ipynb_checkpoints copies and the workspace's backups/ (old copies kept by `npm run reset`)."""
    found = folder.rglob("*.ipynb") if recursive else folder.glob("*.ipynb")
    return sorted(p for p in found if ".ipynb_checkpoints" not in p.parts and "backups" not in p.relative_to(folder).parts)


def _lesson_named(arg: str, folder: Path) -> Path | None:
    name = arg.removesuffix(".ipynb").strip().strip("/")
    candidates = lessons(folder)
    if re.fullmatch(r"\d{1,2}", name):
        number = f"{int(name):02d}"
        matches = [p for p in candidates if p.name.startswith(number + "-")]
    else:
        matches = [p for p in candidates if p.stem == name or LESSON_FILE.match(p.name).group(2) == name]
    return matches[0] if len(matches) == 1 else None


def lesson_list(folder: Path) -> str:
    found = lessons(folder)
    if not found:
        return f"  (no lessons in {display(folder)})"
    return "\n".join(f"  {LESSON_FILE.match(p.name).group(1)}  {p.name}" for p in found)


def display(path: Path) -> str:
    """A path as the user would type it: relative to where they stand when that is shorter."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        try:
            return str(path.resolve().relative_to(ROOT))
        except ValueError:
            return str(path)


def resolve(
    args: list[str],
    *,
    folder: Path = LESSONS,
    tool: str,
    default_all: bool = True,
    recursive: bool = False,
    cwd: Path | None = None,
) -> list[Path]:
    """The notebooks the arguments name (see the module doc), in order, without duplicates.

    With no arguments: every lesson in `folder` (or an error if `default_all` is False). A folder argument
    gives the notebooks in it (`recursive` for nested folders of submissions).
    """
    cwd = cwd or Path.cwd()
    if not args:
        if not default_all:
            raise LessonNotFound(f"{tool}: name a lesson, e.g. `{lessons(folder)[0].name[:2] if lessons(folder) else '03'}`. Lessons in {display(folder)}:\n{lesson_list(folder)}")
        found = lessons(folder)
        if not found:
            raise LessonNotFound(f"{tool}: no lessons (NN-title.ipynb) in {display(folder)}")
        return found
    out: list[Path] = []
    for arg in args:
        path = Path(arg).expanduser()
        path = path if path.is_absolute() else cwd / path
        if path.is_dir():
            found = notebooks_in(path, recursive)
            if not found:
                raise LessonNotFound(f"{tool}: no notebooks in {arg}")
            out += found
        elif path.is_file() and path.suffix == ".ipynb":
            out.append(path)
        elif path.exists():
            raise LessonNotFound(f"{tool}: {arg} is not a notebook (.ipynb) or a folder")
        else:
            lesson = _lesson_named(arg, folder)
            if lesson is None:
                raise LessonNotFound(
                    f"{tool}: {arg!r} is neither a notebook nor a folder (looked in {display(cwd) or '.'}) nor a lesson in {display(folder)}.\n"
                    f"Give a path, or a lesson's number or name:\n{lesson_list(folder)}"
                )
            out.append(lesson)
    unique: list[Path] = []
    for p in out:
        if p.resolve() not in {u.resolve() for u in unique}:
            unique.append(p)
    return unique


def lesson_key(arg: str, folder: Path = LESSONS) -> Path | None:
    """The lesson a bare number or name means in `folder`, or None."""
    return _lesson_named(arg, folder)


if __name__ == "__main__":
    # `python -m lessontools.notebooks [ARG...]`: prints what the arguments resolve to (for tests and curiosity).
    for p in resolve(sys.argv[1:], tool="notebooks"):
        print(p)
