"""The student's workspace: their own copies of the lessons, made from the student versions, never overwritten.

  python -m lessontools.workspace [sync]        (run by `npm start` before JupyterLab opens)
  python -m lessontools.workspace reset LESSON  (`npm run reset -- 03`)

`sync` creates workspace/ on first run: every lesson's student version (no solution code, no hidden tests;
lesson charts and worked outputs kept, exercise outputs cleared) and a README written for students. Later
runs copy in lessons added upstream, and for a lesson whose student version changed upstream:
  - the student never changed their copy: it is replaced (nothing of theirs is lost);
  - they did: it stays, and sync prints the command that takes the new version (`npm run reset -- 03`).
What each copy came from is recorded in workspace/.lessons.json (the SHA-256 of the student version written),
so "changed upstream" and "changed by the student" are told apart without touching the student's file.

`reset` moves the student's copy to workspace/backups/NN-title-YYYYMMDD-HHMMSS.ipynb and writes the current
student version in its place.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from pathlib import Path

import nbformat

from .exercises import student_notebook
from .notebooks import LESSON_FILE, LESSONS, WORKSPACE, display, lessons, resolve
from .titles import lesson_title

MANIFEST_NAME = ".lessons.json"
README_NAME = "README.md"
README_TEMPLATE = Path(__file__).with_name("workspace_README.md")
BACKUPS = "backups"


def sha256(text: str | bytes) -> str:
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


def student_text(source: Path, nb=None) -> str:
    """The student version of a lesson, as the exact text written to the workspace."""
    nb = nb if nb is not None else nbformat.read(source, as_version=4)
    return nbformat.writes(student_notebook(nb, source.name)) + "\n"


def listed_title(source: Path, nb=None) -> str:
    """A lesson's title for the README's numbered list; without a heading, the file name's title part."""
    nb = nb if nb is not None else nbformat.read(source, as_version=4)
    return lesson_title(nb, LESSON_FILE.match(source.name).group(2).replace("-", " "))


# Parts of the template for one kind of reader: <!-- only:KIND --> … <!-- end only:KIND -->
ONLY = re.compile(r"<!-- only:(\w+) -->\n(.*?)<!-- end only:\1 -->\n", re.S)


def readme_text(sources: list[Path], notebooks: dict | None = None, *, workspace: bool = True, answers: bool = True) -> str:
    """The students' README with a numbered list of links to the lessons (relative links: they open the
    notebook inside JupyterLab, which serves this folder). For a release (workspace=False) the parts about
    the workspace and its commands are left out: a class handed the notebooks alone has neither; with
    answers=False, so is the sentence about the unfolding answers."""
    notebooks = notebooks or {}
    listing = "\n".join(f"{i}. [{listed_title(s, notebooks.get(s))}]({s.name})" for i, s in enumerate(sources, 1))
    kinds = {"workspace"} if workspace else {"release"}
    if answers:
        kinds.add("answers")
    text = README_TEMPLATE.read_text(encoding="utf-8").replace("{{LESSONS}}", listing)
    return re.sub(r"\n{3,}", "\n\n", ONLY.sub(lambda m: m.group(2) if m.group(1) in kinds else "", text))


class Workspace:
    def __init__(self, folder: Path = WORKSPACE, sources: Path = LESSONS):
        self.folder = folder
        self.sources = sources
        self.manifest_path = folder / MANIFEST_NAME
        try:
            self.manifest: dict = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            self.manifest = {}
        self.manifest.setdefault("files", {})

    def save(self) -> None:
        self.manifest["note"] = "What each file was copied from (SHA-256 of the student version written); read by npm start and npm run reset."
        self.manifest_path.write_text(json.dumps(self.manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    def upstream(self) -> dict[str, str]:
        """File name -> the text it would get today: each lesson's student version, and the README."""
        found = lessons(self.sources)
        notebooks = {s: nbformat.read(s, as_version=4) for s in found}
        texts = {s.name: student_text(s, notebooks[s]) for s in found}
        texts[README_NAME] = readme_text(found, notebooks)
        return texts

    def write(self, name: str, text: str) -> None:
        (self.folder / name).write_text(text, encoding="utf-8")
        self.manifest["files"][name] = {"sha256": sha256(text), "copied": time.strftime("%Y-%m-%dT%H:%M:%S%z")}

    def sync(self) -> list[str]:
        """Brings the workspace up to date without overwriting the student's work; returns what to tell them."""
        first = not self.folder.exists()
        self.folder.mkdir(parents=True, exist_ok=True)
        messages: list[str] = []
        changed: list[str] = []
        records = self.manifest["files"]
        for name, text in self.upstream().items():
            target = self.folder / name
            new = sha256(text)
            record = records.get(name, {}).get("sha256")
            if not target.exists():
                self.write(name, text)
                if not first:
                    messages.append(f"copied {name} into your workspace ({'it was missing' if record else 'new lesson'})")
                continue
            current = sha256(target.read_bytes())
            if current == new:
                if record != new:
                    records[name] = {"sha256": new, "copied": records.get(name, {}).get("copied", "")}
            elif record == new:
                pass  # the student changed their copy; upstream did not change since
            elif record == current:
                self.write(name, text)  # upstream changed and the student never touched the file: nothing to lose
                messages.append(f"updated {name} to the new version (you had not changed it)")
            else:
                changed.append(name)
        for name in sorted(set(records) - set(self.upstream_names())):
            if (self.folder / name).exists():
                messages.append(f"{name} is no longer part of the course; your copy stays")
        self.save()
        if first:
            messages.insert(0, f"created your workspace in {display(self.folder)}: {len(lessons(self.folder))} lessons and a README")
        for name in changed:
            key = LESSON_FILE.match(name).group(1) if LESSON_FILE.match(name) else name
            messages.append(f"{name} has a new version. Your copy is kept; to take the new one (yours goes to {BACKUPS}/): npm run reset -- {key}")
        return messages

    def upstream_names(self) -> list[str]:
        return [s.name for s in lessons(self.sources)] + [README_NAME]

    def reset(self, names: list[str]) -> list[str]:
        self.folder.mkdir(parents=True, exist_ok=True)
        messages = []
        stamp = time.strftime("%Y%m%d-%H%M%S")
        for name in names:
            source = self.sources / name
            if not source.exists():
                raise SystemExit(f"reset: {name} is not a lesson of the course (no {display(source)})")
            target = self.folder / name
            if target.exists():
                backups = self.folder / BACKUPS
                backups.mkdir(exist_ok=True)
                backup = backups / f"{target.stem}-{stamp}{target.suffix}"
                n = 1
                while backup.exists():
                    n += 1
                    backup = backups / f"{target.stem}-{stamp}-{n}{target.suffix}"
                target.replace(backup)
                messages.append(f"your copy of {name} is saved as {display(backup)}")
            self.write(name, student_text(source))
            messages.append(f"{display(target)} is now the course's current version")
        self.save()
        if names:
            messages.append("If the lesson is open in JupyterLab, use File → Reload Notebook from Disk (do not save the old tab over it).")
        return messages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="npm run reset --", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("sync", help="create the workspace or bring in new lessons (npm start does this)")
    reset = sub.add_parser("reset", help="replace lessons with the current version, keeping a backup of yours")
    reset.add_argument("lessons", nargs="*", help="lesson numbers, names or paths: 03, activation-functions, 03-activation-functions.ipynb")
    args = parser.parse_args(argv)
    ws = Workspace()
    if args.command == "reset":
        # A bare number or name means the course lesson (the student's copy may be gone); a path to a copy
        # in the workspace means the lesson of the same file name.
        names = [p.name for p in resolve(args.lessons, folder=LESSONS, tool="reset", default_all=False)]
        messages = ws.reset(names)
    else:
        messages = ws.sync()
    for message in messages:
        print(f"[workspace] {message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
