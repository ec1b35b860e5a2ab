"""Student-controlled text made safe for the instructor's terminal, CSV and Markdown.

Folder names, error messages and values echoed in feedback come from student code. Printed raw they can
drive the terminal (ESC sequences: OSC 52 writes the clipboard, OSC 0 the window title, CSI moves the cursor
and rewrites earlier lines into a fake "score: 99/99"), reorder what is shown (bidi overrides), run as
spreadsheet formulas (`=HYPERLINK(…)` in a CSV cell) or as HTML in a Markdown viewer. Every such string
goes through `clean` (controls and bidi controls removed, length capped) before any output, and through
`csv_field` or `markdown_text` for those formats. `withhold_test_source` keeps the lesson's test code (hidden
tests included) out of anything shown to a student.
"""
from __future__ import annotations

import hashlib
import html
import re
import unicodedata

# ESC-introduced sequences: CSI (ESC [ … final byte), OSC/DCS/SOS/PM/APC strings (ESC ] … BEL or ESC \),
# and two-byte escapes (ESC + one character). Removed whole, so no parameter bytes are left behind.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC, DCS, SOS, PM, APC (terminated or not)
    r"|\x9b[0-?]*[ -/]*[@-~]?"  # 8-bit CSI
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # 8-bit string introducers
    r"|\x1b[\x20-\x7e]?"  # any other escape
)
# Bidirectional controls (embeddings, overrides, isolates, marks) reorder what follows them on screen.
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_LINE_BREAKS = "\u2028\u2029\x85"
# Characters a spreadsheet reads as the start of a formula (OWASP's CSV-injection list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NAME_LIMIT = 80
TEXT_LIMIT = 2000


def _allowed(c: str, keep_newlines: bool) -> bool:
    if c == "\n":
        return keep_newlines
    if c in BIDI or c in _LINE_BREAKS:
        return False
    category = unicodedata.category(c)
    # Cc: C0 and C1 controls (tab included: it moves the cursor too); Cf: other invisible format characters
    # (zero-width joiners excepted, which emoji need); Cs: lone surrogates (not valid text).
    if category in ("Cc", "Cs"):
        return False
    if category == "Cf" and c not in "\u200c\u200d":
        return False
    return True


def clean(text: object, limit: int = TEXT_LIMIT, *, keep_newlines: bool = True) -> str:
    """`text` (any value; str() of it) without escape sequences, control, bidi or invisible format characters,
    at most `limit` characters (the rest counted). Tabs become a space; with `keep_newlines` False every line
    break does too (one-line fields: names, CSV cells that a viewer shows on one line)."""
    s = text if isinstance(text, str) else str(text)
    s = _ESCAPES.sub("", s).replace("\t", " ").replace("\r\n", "\n").replace("\r", "\n")
    if not keep_newlines:
        s = s.replace("\n", " ")
    s = "".join(c if _allowed(c, keep_newlines) else ("\n" if c in _LINE_BREAKS and keep_newlines else "") for c in s)
    if len(s) > limit:
        s = s[:limit] + f"… ({len(s) - limit} more characters)"
    return s


def name(text: object) -> str:
    """A student's or a file's name for one line of output: cleaned, no line breaks, capped."""
    return clean(text, NAME_LIMIT, keep_newlines=False) or "(no name)"


def csv_field(text: object) -> str:
    """A CSV cell a spreadsheet shows as text: cleaned, and a leading formula character neutralised by a
    leading apostrophe (what spreadsheets themselves use to mark text)."""
    s = clean(text, keep_newlines=False)
    return "'" + s if s.startswith(FORMULA_START) else s


def markdown_text(text: object, limit: int = TEXT_LIMIT) -> str:
    """Text for Markdown outside a code block: cleaned, on one line, HTML escaped (<, >, &, quotes: no tag,
    autolink or entity of the student's survives), and the characters that would make a link or end a table
    cell escaped with a backslash. Code spans (backticks) and emphasis stay: they cannot carry HTML."""
    s = html.escape(clean(text, limit, keep_newlines=False), quote=True)
    return re.sub(r"([\[\]|])", r"\\\1", s)


def file_stem(student: str) -> str:
    """The file name (without .md) of a student's feedback: the name itself when it is a plain, safe name
    (letters, digits, `.`, `_`, `-`, `@`), otherwise a safe version of it plus 8 hex digits of a hash of the
    exact name, so that `honest` and `honest ` (or `a/b` and `a_b`) never share a file. It never starts with
    `@` or `-` (nor `.`/`_`): grades.csv names the file, and a spreadsheet reads a cell so starting as a formula."""
    safe = re.sub(r"[^\w.@-]+", "_", clean(student, 60, keep_newlines=False), flags=re.ASCII).strip("._").lstrip("@-._")[:60] or "student"
    if safe == student:
        return safe
    return f"{safe}-{hashlib.sha256(student.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"


WITHHELD = "(withheld: this text contained the lesson's test code)"
# A test-code line shorter than this (whitespace removed) is too common to mean anything: `});`, `t.done();`.
_MIN_LINE = 16


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_code_lines(test_sources) -> frozenset[str]:
    """The lines of the test cells (whitespace removed) long enough to identify test code."""
    lines = set()
    for source in test_sources:
        for line in source.splitlines():
            squeezed = _squeeze(line)
            if len(squeezed) >= _MIN_LINE:
                lines.add(squeezed)
    return frozenset(lines)


def contains_test_code(text: str, lines: frozenset[str]) -> bool:
    """Whether `text` holds a whole line of test code (compared without whitespace, so re-indented or
    re-wrapped copies count too): a function's source (`String(fn.caller)`) or the notebook copy's text.
    Labels and hints alone never match: a line of test code is more than its string literals."""
    if not lines:
        return False
    for form in (text, _unescaped(text)):
        squeezed = _squeeze(form)
        if len(squeezed) >= _MIN_LINE and any(line in squeezed for line in lines):
            return True
    return False


_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)", re.S)
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "", "f": "", "v": ""}


def _unescaped(text: str) -> str:
    """JSON's and JavaScript's string escapes undone: the check library shows a returned string as a JSON
    literal (`"exercise(\\"l03-…\\", …"`), so a copy of test code arrives escaped."""
    def one(m: re.Match) -> str:
        e = m.group(1)
        if e.startswith("u") and len(e) == 5:
            return chr(int(e[1:], 16))
        return _SIMPLE.get(e, e)
    return _ESCAPE.sub(one, text)


def withhold_test_source(text: str, lines: frozenset[str]) -> str:
    return WITHHELD if contains_test_code(text, lines) else text
