"""Find stage: the submissions the command's arguments name, whose each is, and which are refused.

A submission is what the student handed in, nothing else: a symbolic link (to a file or a folder, anywhere
below the folder the instructor named) is refused, whatever it points to (an archive restores
`03-….ipynb -> ../../notebooks/03-….ipynb` as easily as a file); so is anything whose real path lies
outside that folder. A refused entry still gets a report (0 and a note saying why) and its target is never
read. A student hands in one file per lesson: a second file with the same lesson name (in a sub-folder, say)
is named in a note and not graded.
"""
from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

from ..notebooks import WORKSPACE, lesson_key
from .records import Submission

SKIPPED_FOLDERS = {".ipynb_checkpoints", "backups"}  # Jupyter's autosaves, `npm run reset`'s old copies

LINK = "is a symbolic link: submissions must be the files themselves, so it was not read and scores 0"
OUTSIDE = "lies outside the folder being graded, so it was not read and scores 0"


def _walk(root: Path) -> list[tuple[Path, str]]:
    """Every notebook below `root`, and every symbolic link that could stand for one (a linked notebook or
    folder), without following links: [(path, refusal or "")]."""
    found: list[tuple[Path, str]] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        here = Path(folder)
        for d in list(dirs):
            if d in SKIPPED_FOLDERS:
                dirs.remove(d)
            elif (here / d).is_symlink():
                dirs.remove(d)
                found.append((here / d, f"the folder {d} {LINK}"))
        for f in files:
            path = here / f
            if path.is_symlink():
                if f.endswith(".ipynb"):
                    found.append((path, f"{f} {LINK}"))
            elif f.endswith(".ipynb"):
                found.append((path, ""))
    return sorted(found)


def _inside(path: Path, root: Path) -> bool:
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(root))
        return True
    except ValueError:
        return False


def _from_folder(root: Path) -> list[Submission]:
    out: list[Submission] = []
    root_name = Path(os.path.realpath(root)).name
    for path, refusal in _walk(root):
        relative = path.relative_to(root)
        folder_link = refusal and not path.name.endswith(".ipynb")  # a linked folder is a student's or below one
        student = relative.parts[0] if len(relative.parts) > 1 or folder_link else root_name
        if not refusal and not _inside(path, root):
            refusal = f"{path.name} {OUTSIDE}"
        out.append(Submission(path, student, refusal))
    return out


def _from_file(path: Path) -> Submission:
    student = Path(os.path.realpath(path.parent)).name
    return Submission(path, student, f"{path.name} {LINK}" if path.is_symlink() else "")


def one_per_lesson(found: list[Submission]) -> list[Submission]:
    """The first file of each (student, lesson name), by depth then name; the others refused with a note
    naming the one graded."""
    groups: dict[tuple[str, str], list[Submission]] = defaultdict(list)
    for s in found:
        groups[(s.student, s.path.name)].append(s)
    out: list[Submission] = []
    for (_student, lesson), subs in groups.items():
        ordered = sorted(subs, key=lambda s: (bool(s.refusal), len(s.path.parts), str(s.path)))
        kept = ordered[0]
        out.append(kept)
        for extra in ordered[1:]:
            out.append(Submission(extra.path, extra.student, extra.refusal or (
                f"a second copy of {lesson} from the same student: only {kept.path} is graded (one file per lesson)")))
    return sorted(out, key=lambda s: (s.student, str(s.path)))


def resolve_submissions(paths: list[str | Path], cwd: Path | None = None) -> list[Submission]:
    """Every notebook to grade and whose it is, from the command's arguments (relative to `cwd`):
      submissions/carol/03-….ipynb   → carol       (a file: its folder's name)
      submissions/carol              → carol       (a folder holding notebooks: its own name)
      submissions                    → one student per sub-folder (alice/…, bob/…, any depth below)
      03, activation-functions       → the student's own workspace copy of that lesson (npm start's workspace/)
    Raises FileNotFoundError naming an argument that does not exist, ValueError when nothing is found."""
    cwd = cwd or Path.cwd()
    found: list[Submission] = []
    for arg in paths:
        path = Path(arg) if Path(arg).is_absolute() else cwd / arg
        if not path.exists() and not path.is_symlink():
            lesson = lesson_key(str(arg), WORKSPACE)  # a lesson's number or name, as the other tools take it
            if lesson is None:
                raise FileNotFoundError(f"{arg} does not exist (looked in {cwd}) and is no lesson in {WORKSPACE}")
            path = lesson
        if path.is_dir():  # the folder the instructor named (a link to it is the instructor's choice)
            found += _from_folder(path)
        else:
            found.append(_from_file(path))
    if not found:
        raise ValueError(f"no notebooks (*.ipynb) found in {', '.join(map(str, paths))}")
    unique: dict[str, Submission] = {}
    for s in found:  # the same file named twice (a folder and a file in it) is one submission
        unique.setdefault(os.path.abspath(s.path), s)
    return one_per_lesson(list(unique.values()))
