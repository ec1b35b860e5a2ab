"""Static screening of solution cells before grading.

A solution cell is the student's implementation of one function. Two things make a solution cell
tampering, and such a cell is not run (graded as unanswered; the report names the cell and why):
- it uses an identifier that reaches the kernel's internals, the file system or other modules (no
  exercise needs them);
- it declares, at its top level, a name the test cells use that the reference solution of that cell
  does not declare (`function exercise`, `const tanh`, another exercise's function): the test cells
  would call the student's version instead. This is a first,
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
    # Deno's kernel: files, processes, the network, the environment and the kernel's display channel.
    "Deno": "reaches Deno's runtime (files, processes, network, the kernel's output channel)",
}

_WORD = re.compile(r"(?<![\w$.])([A-Za-z_$][\w$]*)\b|(?<=\.)(constructor|__proto__)\b")


_ESCAPE = re.compile(r"\\u\{([0-9a-fA-F]+)\}|\\u([0-9a-fA-F]{4})")


def _unescape(code: str) -> str:
    """Unicode escapes in identifiers decoded: `\\u0065xercise` IS `exercise` to JavaScript."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), code)


def code_only(source: str) -> str:
    """The source with comments removed, the text of string and template literals emptied (the code
    inside `${...}` is kept), so words inside them are neither flagged nor counted, and Unicode escapes in
    identifiers decoded. A small scanner, since a regular expression cannot tell the `}` that closes `${`
    from one that closes a block."""
    out: list[str] = []
    i, n = 0, len(source)
    braces: list[int] = []  # per open `${`: the block depth inside it
    while i < n:
        c = source[i]
        if source.startswith("//", i):
            i = source.find("\n", i)
            i = n if i < 0 else i
        elif source.startswith("/*", i):
            j = source.find("*/", i + 2)
            i = n if j < 0 else j + 2
            out.append(" ")
        elif c in "'\"":
            j = i + 1
            while j < n and source[j] != c and source[j] != "\n":
                j += 2 if source[j] == "\\" else 1
            out.append(c + c)
            i = j + 1
        elif c == "`" or (c == "}" and braces and braces[-1] == 0):
            if c == "}":
                braces.pop()
            j = i + 1
            while j < n and source[j] != "`" and not source.startswith("${", j):
                j += 2 if source[j] == "\\" else 1
            if source.startswith("${", j):
                out.append("`${")
                braces.append(0)
                i = j + 2
            else:
                out.append("``")
                i = j + 1
        else:
            if braces and c == "{":
                braces[-1] += 1
            elif braces and c == "}":
                braces[-1] -= 1
            out.append(c)
            i += 1
    return _unescape("".join(out))


def forbidden_uses(source: str) -> list[str]:
    """The forbidden identifiers a cell uses, in order of first use: ["require", "process"]."""
    found: list[str] = []
    for match in _WORD.finditer(code_only(source)):
        word = match.group(1) or match.group(2)
        if word in FORBIDDEN and word not in found:
            found.append(word)
    return found


_DECLARATION = re.compile(r"\b(?:function\s*\*?|class)\s+([A-Za-z_$][\w$]*)")
_VARIABLES = re.compile(r"(?<![\w$.])(?:const|let|var)\b")
_PARAMETERS = re.compile(r"\(([^()]*)\)\s*(?:=>|\{)|([A-Za-z_$][\w$]*)\s*=>")
_OBJECT_KEY = re.compile(r"([{,]\s*)[A-Za-z_$][\w$]*\s*:(?!:)")
_IDENTIFIER = re.compile(r"(?<![\w$.])([A-Za-z_$][\w$]*)")
_NAME = re.compile(r"[A-Za-z_$][\w$]*")
_OPEN, _CLOSE = "([{", ")]}"
# A line that ends with one of these, or a next line that starts with one, continues the expression.
_CONTINUES = tuple("+-*/%&|^!~?:=<>,.([{")


def _skip(text: str, i: int, stops: str, types: bool = False) -> int:
    """The index of the first character of `stops` outside brackets from `i` (an initializer or a type
    annotation), or of the newline that ends the statement (no `;`, JavaScript inserts one)."""
    depth, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in _OPEN or (types and c == "<"):
            depth += 1
        elif c in _CLOSE or (types and c == ">" and text[i - 1] != "="):
            if depth == 0:
                return i
            depth -= 1
        elif depth == 0 and c in stops and not (c == "=" and text[i + 1:i + 2] in ("=", ">")):
            return i
        elif depth == 0 and c == "\n":
            before, after = text[:i].rstrip(), text[i:].lstrip()
            if not before.endswith(_CONTINUES) and not after.startswith(_CONTINUES):
                return i
        i += 1
    return n


def _binding(text: str, i: int, names: list[str]) -> int:
    """Reads one binding target at `i` (a name, or an object or array pattern with renames, defaults,
    holes and rest elements), adding every name it binds; returns the index after it."""
    n = len(text)
    while i < n and text[i].isspace():
        i += 1
    if i < n and text[i] in "{[":
        obj, close = text[i] == "{", "}" if text[i] == "{" else "]"
        i += 1
        while i < n:
            while i < n and text[i].isspace():
                i += 1
            if i >= n or text[i] == close:
                return i + 1
            if text[i] == ",":
                i += 1
                continue
            if text.startswith("...", i):
                i = _binding(text, i + 3, names)
            elif obj:
                key = _NAME.match(text, i)
                j = key.end() if key else _skip(text, i + 1, ":,}")  # a computed or quoted key
                while j < n and text[j].isspace():
                    j += 1
                if j < n and text[j] == ":":
                    i = _binding(text, j + 1, names)
                else:
                    if key:
                        names.append(key.group(0))
                    i = j
            else:
                i = _binding(text, i, names)
            while i < n and text[i].isspace():
                i += 1
            if i < n and text[i] == "=":
                i = _skip(text, i + 1, "," + close)
        return i
    name = _NAME.match(text, i)
    if name:
        names.append(name.group(0))
        return name.end()
    return i + 1


def declared_variables(text: str, start: int) -> tuple[list[str], int]:
    """The names one `const`/`let`/`var` statement declares (text just after the keyword, comments and
    strings already emptied): `a = 1, b = 2`, `{ accuracy } = …`, `[flattenParams] = …`, `{ x: y = 1, ...rest }`.
    Returns them and where the statement ends."""
    names: list[str] = []
    i, n = start, len(text)
    while i < n:
        i = _binding(text, i, names)
        while i < n and text[i] in " \t":
            i += 1
        if i < n and text[i] == ":":  # a type annotation
            i = _skip(text, i + 1, "=,;", types=True)
        if i < n and text[i] == "=":
            i = _skip(text, i + 1, ",;")
        if i < n and text[i] == ",":
            i += 1
            continue
        break
    return names, i


def top_level_names(source: str) -> set[str]:
    """Names a cell declares outside any block, call or brackets: what tslab makes visible to later cells
    (and Deno's kernel, as script bindings), destructuring and multi-declarations included."""
    text = code_only(source)
    names: set[str] = set()
    depth, i, n = 0, 0, len(text)
    while i < n:
        c = text[i]
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            keyword = _VARIABLES.match(text, i)
            if keyword and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_$.")):
                declared, i = declared_variables(text, keyword.end())
                names.update(declared)
                continue
            function = _DECLARATION.match(text, i)
            if function and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_$.")):
                names.add(function.group(1))
                i = function.end()
                continue
        i += 1
    return names


def _declared_anywhere(text: str) -> set[str]:
    names = set(_DECLARATION.findall(text))
    for keyword in _VARIABLES.finditer(text):
        names.update(declared_variables(text, keyword.end())[0])
    return names


def names_used_by_tests(test_sources: list[str]) -> set[str]:
    """Identifiers the test cells read from earlier cells: every identifier, minus what they declare or
    take as parameters themselves."""
    used: set[str] = set()
    own: set[str] = set()
    for source in test_sources:
        text = _OBJECT_KEY.sub(r"\1", code_only(source))  # `{ hint: … }`: a key, not a use of `hint`
        used.update(_IDENTIFIER.findall(text))
        own.update(_declared_anywhere(text))
        for params, single in _PARAMETERS.findall(text):
            own.update(_IDENTIFIER.findall(params))
            if single:
                own.add(single)
    return used - own


def calls_to(source: str, names: list[str]) -> list[str]:
    """Which of `names` ("softmax.jacobian", "sigmoid") the cell's code uses (a call, or the function
    passed or stored: `z.map(sigmoid)`), in the order given. Comments and strings do not count. A plain
    reading of the code: it stops the honest shortcut, not a determined student (`softmax["jaco" + "bian"]`);
    the verdicts are what grading trusts (docs/grading-security.md)."""
    code = code_only(source)
    own = _declared_anywhere(code)  # a name the cell declares itself (`const sigmoid = …` in a helper) is its own
    for params, single in _PARAMETERS.findall(code):
        own.update(_IDENTIFIER.findall(params))
        if single:
            own.add(single)
    found = []
    for name in names:
        if name.split(".")[0] in own:
            continue
        parts = [re.escape(p) for p in name.split(".")]
        pattern = r"(?<![\w$.])" + r"\s*\??\.\s*".join(parts) + r"(?![\w$])(?!\s*:(?!:))"
        if re.search(pattern, code):
            found.append(name)
    return found


def delegation_note(solutions: list[tuple[str, str]], forbids: list[str]) -> str:
    """The feedback for an exercise whose solution cells ((grade_id, source) pairs) use a library function
    it forbids, or "" when none does."""
    found = [(gid, calls_to(source, forbids)) for gid, source in solutions]
    found = [(gid, names) for gid, names in found if names]
    if not found:
        return ""
    said = "; ".join(f"your solution cell {gid} calls {', '.join(f'`{n}`' for n in names)}" for gid, names in found)
    return f"{said}: this exercise asks you to implement that yourself, so it scores 0 (the library's version is what the checks compare with)"


def screen(source: str, gid: str, reference: str | None = None, test_sources: list[str] | None = None) -> str | None:
    """Why the solution cell `gid` may not run while grading, or None. `reference` is the instructor's
    version of the cell and `test_sources` the lesson's test cells, to spot names the student should not
    declare."""
    uses = forbidden_uses(source)
    if uses:
        reasons = ", ".join(f"`{w}` ({FORBIDDEN[w]})" for w in uses)
        return f"solution cell {gid} was not run: it uses {reasons}. Solutions may not use these while grading"
    if reference is None or test_sources is None:
        return None
    extra = sorted((top_level_names(source) - top_level_names(reference)) & names_used_by_tests(test_sources))
    if extra:
        listed = ", ".join(f"`{n}`" for n in extra)
        return (
            f"solution cell {gid} was not run: it declares {listed}, which the test cells use and this cell "
            "should not define (declare your helpers inside your function, or give them other names)"
        )
    return None
