"""Signed verdicts: the only pass signal `npm run grade` trusts.

For each submission the grader makes a fresh random key (GradingKey), writes it to a file the kernel can
read and delete, and names the file in LESSONS_GRADING_KEY_FILE. kernel-lib reads the key when the lesson's
import cell runs (before any solution cell), deletes the file and the variable, and from then on sends each
exercise's verdict as a display_data of type application/vnd.lessons.verdict+json:
{"payload": "<JSON text>", "hmac": "<hex HMAC-SHA-256(key, payload)>"}. The payload names the exercise,
whether it passed, the number of checks, the feedback line, any tampering seen, and the sha256 of the
code of the cell that was executing when exercise() ran.

An exercise passes only when its test cell holds a correctly signed verdict for its own grade_id, computed
while that very test cell (same source digest) was executing, that says passed; anything unsigned,
mis-signed, for another exercise or another cell scores 0 with feedback saying so. Stdout and stderr
are not read at all: a student can print anything. See docs/grading-security.md.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

VERDICT_MIME = "application/vnd.lessons.verdict+json"
KEY_FILE_VARIABLE = "LESSONS_GRADING_KEY_FILE"
KEY_FILE_NAME = ".lessons-grading-key"


@dataclass
class GradingKey:
    """One submission's key: in memory for the grader, in a file (until kernel-lib deletes it) for the kernel."""

    key: bytes
    folder: Path
    owns_folder: bool

    @classmethod
    def create(cls, folder: Path | None = None) -> "GradingKey":
        """A new 32-byte key written to `folder`/.lessons-grading-key (default: a new private temp folder).
        The kernel must be able to read and delete that file; pass the submission's scratch folder when
        grading in a sandbox."""
        owns = folder is None
        target = Path(tempfile.mkdtemp(prefix="lessons-key-")) if folder is None else Path(folder)
        key = secrets.token_bytes(32)
        path = target / KEY_FILE_NAME
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(key)
        return cls(key=key, folder=target, owns_folder=owns)

    @property
    def path(self) -> Path:
        return self.folder / KEY_FILE_NAME

    @property
    def env(self) -> dict[str, str]:
        """What the kernel's environment needs: the key file's path."""
        return {KEY_FILE_VARIABLE: str(self.path)}

    def key_file_left(self) -> bool:
        """True if the kernel never took the key (the import cell did not run kernel-lib)."""
        return self.path.exists()

    def cleanup(self) -> None:
        self.path.unlink(missing_ok=True)
        if self.owns_folder:
            shutil.rmtree(self.folder, ignore_errors=True)


def source_digest(source: str) -> str:
    """sha256 of a cell's source as the kernel receives it (kernel-lib computes the same)."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def _verdict_bundles(outputs) -> list:
    found = []
    for o in outputs:
        if o.get("output_type") in ("display_data", "execute_result", "update_display_data"):
            data = o.get("data", {}) or {}
            if VERDICT_MIME in data:
                found.append(data[VERDICT_MIME])
    return found


def read_verdict(outputs, gid: str, key: bytes, cell_source: str, *, deno: bool = False) -> tuple[bool, str]:
    """(passed, feedback) for one test cell from its outputs. Passed needs one valid, signed, passing
    verdict for `gid` from this cell, and no invalid or failing verdict beside it. On Deno (`deno`) the
    kernel cannot see a cell's source, so the verdict names the kernel instead of the cell's digest; that
    it came from the test cell's own top level is checked in the kernel (docs/grading-security.md)."""
    bundles = _verdict_bundles(outputs)
    if not bundles:
        return False, (
            "the test cell sent no verdict: the check library's exercise() never reported "
            "(was `exercise` redefined, or the kernel's output intercepted?)"
        )
    expected_cell = source_digest(cell_source)
    passes: list[dict] = []
    for bundle in bundles:
        payload = bundle.get("payload") if isinstance(bundle, dict) else None
        mac = bundle.get("hmac") if isinstance(bundle, dict) else None
        if not isinstance(payload, str) or not isinstance(mac, str):
            return False, "a malformed verdict was sent from this cell (forged output?)"
        try:
            fields = json.loads(payload)
        except ValueError:
            fields = {}
        if not isinstance(fields, dict):
            fields = {}
        if fields.get("keyProblem"):
            return False, f"grading could not be secured: {fields['keyProblem']}"
        good = hmac.compare_digest(hmac.new(key, payload.encode("utf-8"), hashlib.sha256).hexdigest(), mac)
        if not good:
            return False, "a verdict with a wrong signature was sent from this cell: forged output does not count"
        if fields.get("id") != gid:
            return False, f"the test cell reported a verdict for {fields.get('id')!r}, not {gid!r}"
        if fields.get("kernel", "tslab") != ("deno" if deno else "tslab"):
            return False, f"the verdict was computed on another kernel ({fields.get('kernel', 'tslab')!r})"
        if not deno and fields.get("cell") != expected_cell:
            return False, "the verdict was computed outside this test cell's code (the test cell's code was replaced or bypassed)"
        if not fields.get("passed"):
            return False, str(fields.get("feedback", "")).removeprefix(f"✗ {gid}: ")
        passes.append(fields)
    best = passes[0]
    return True, str(best.get("feedback", "")).removeprefix(f"✓ {gid}: ")
