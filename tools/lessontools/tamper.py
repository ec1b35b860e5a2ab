"""Static screening of solution cells before grading.

A solution cell is the student's implementation of one function. These identifiers reach the kernel's
internals, the file system or other modules, and no exercise needs them; a solution cell that uses one
is not run (graded as unanswered) and the report names the cell and the identifier. This is a first,
cheap line: comments and string literals are ignored, and obfuscated code (`obj["req" + "uire"]`) gets
past it; kernel-lib's in-kernel checks and the OS sandbox are what hold then (docs/grading-security.md).
"""
from __future__ import annotations

import re

FORBIDDEN = {
    "require": "loads modules (files, tslab, kernel-lib internals)",
    "import": "loads modules (files, tslab, kernel-lib internals)",
    "process": "reaches the kernel process (output streams, environment, files)",
    "globalThis": "reaches the kernel's global object",
    "global": "reaches the kernel's global object",
    "exports": "reaches tslab's table of every cell's names",
    "module": "reaches the module system",
    "__tslab__": "reaches tslab's internals",
    "eval": "runs code built from text",
    "Function": "runs code built from text",
    "constructor": "reaches the Function constructor (code built from text)",
    "__proto__": "rewires prototypes",
}

# Comments, then string and template literals (template text only; ${...} contents are kept).
_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_STRING = re.compile(r"'(?:\\.|[^'\\\n])*'|\"(?:\\.|[^\"\\\n])*\"")
_TEMPLATE_TEXT = re.compile(r"`(?:\\.|\$(?!\{)|[^`\\$])*(?:`|\$\{)|\}(?:\\.|\$(?!\{)|[^`\\$])*`")
_WORD = re.compile(r"(?<![\w$.])([A-Za-z_$][\w$]*)\b|(?<=\.)(constructor|__proto__)\b")


def code_only(source: str) -> str:
    """The source without comments and literal text, so words inside them are not flagged."""
    text = _COMMENT.sub(" ", source)
    text = _STRING.sub('""', text)
    return _TEMPLATE_TEXT.sub("``", text)


def forbidden_uses(source: str) -> list[str]:
    """The forbidden identifiers a cell uses, in order of first use: ["require", "process"]."""
    found: list[str] = []
    for match in _WORD.finditer(code_only(source)):
        word = match.group(1) or match.group(2)
        if word in FORBIDDEN and word not in found:
            found.append(word)
    return found


def screen(source: str, gid: str) -> str | None:
    """Why the solution cell `gid` may not run while grading, or None."""
    uses = forbidden_uses(source)
    if not uses:
        return None
    reasons = ", ".join(f"`{w}` ({FORBIDDEN[w]})" for w in uses)
    return f"solution cell {gid} was not run: it uses {reasons}. Solutions may not use these while grading"
