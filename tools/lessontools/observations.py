"""Verdicts made outside the student's process: the grader's half of kernel-lib's check library.

While grading (LESSONS_GRADING=observe) a test cell's `exercise()` judges nothing: it sends one observation,
a display_data of type application/vnd.lessons.observations+json, holding for each check its label, kind
and what the student's code returned, in kernel-lib's tagged encoding (kernel-lib/src/check/encoding.ts:
NaN, ±Infinity, −0, undefined, holes, lengths and typed arrays kept apart). Nothing in it can say "passed".

The observe stage (grading/observe.py) collects the observations each test cell's own execution sent;
`verdict()` compares a test cell's observations with the reference observation of the same exercise
(lessontools/reference.py: the same checks run on the instructor's solutions in a clean kernel). From the
student's observation only the label (to match) and the returned value are read; the kind of check, the
expected value, the tolerance and the hint come from the reference run. A check passes when its value
passes the reference's check; a missing, duplicated or unexpected label fails (checks are matched by label
and occurrence, so a label the lesson uses twice is two checks). `judge()` says why in the
same words as kernel-lib's checker.ts (test/unit/observations.test.ts holds the two to it).
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal

OBSERVATION_MIME = "application/vnd.lessons.observations+json"
GRADING_ENV = {"LESSONS_GRADING": "observe"}  # a submission's kernel: label, kind and value per check, nothing expected
REFERENCE_ENV = {"LESSONS_GRADING": "reference"}  # the reference kernel: the checks' expected values, tolerances, hints too
FORMAT = 1
LISTED_FAILURES = 5  # as kernel-lib's exercise.ts: the rest are counted
ARRAY_TAGS = {"array", "Float64Array", "Float32Array", "Int32Array", "Int16Array", "Int8Array", "Uint32Array", "Uint16Array", "Uint8Array", "Uint8ClampedArray"}
SHOWN_ITEMS = 8


def parse(bundle) -> dict | None:
    """One observation bundle as a dict, or None when it is not one kernel-lib could have written."""
    text = bundle.get("observation") if isinstance(bundle, dict) else None
    if not isinstance(text, str):
        return None
    try:
        obs = json.loads(text)
    except ValueError:
        return None
    if not isinstance(obs, dict) or obs.get("format") != FORMAT or not isinstance(obs.get("id"), str) or not isinstance(obs.get("checks"), list):
        return None
    if not all(isinstance(c, dict) and isinstance(c.get("label"), str) and isinstance(c.get("actual"), dict) for c in obs["checks"]):
        return None
    return obs


# --- the tagged encoding -------------------------------------------------------------------------------

def number(e) -> float | None:
    if not isinstance(e, dict) or e.get("t") != "number":
        return None
    v = e.get("v")
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf, "-0": -0.0}.get(v)


def js_number(x: float) -> str:
    """A number as JavaScript's String(x) writes it (1, 0.5, 1e-7, 1e+21), so feedback reads the same."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    t = Decimal(repr(abs(x))).normalize().as_tuple()
    digits = "".join(map(str, t.digits))
    k, n = len(digits), len(digits) + t.exponent
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    e = n - 1
    mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
    return f"{sign}{mantissa}e{'+' if e > 0 else '-'}{abs(e)}"


def show(e) -> str:
    """An encoded value as feedback shows it (kernel-lib's checker.ts `show`)."""
    if not isinstance(e, dict):
        return "nothing"
    t = e.get("t")
    if t == "number":
        v = e.get("v")
        return v if isinstance(v, str) else js_number(float(v))
    if t == "string":
        return json.dumps(e.get("v"), ensure_ascii=False)
    if t == "boolean":
        return "true" if e.get("v") else "false"
    if t == "bigint":
        return str(e.get("v"))
    if t == "error":
        return f"{e.get('name')}: {e.get('message')}"
    if t == "object":
        entries = e.get("entries") or []
        parts = [f"{k}: {show(v)}" for k, v in entries[:SHOWN_ITEMS]] + (["…"] if len(entries) > SHOWN_ITEMS else [])
        return "{" + ", ".join(parts) + "}"
    if t == "thrown":
        return show(e.get("error")) if e.get("threw") else "nothing thrown"
    if isinstance(e.get("items"), list):
        items = e["items"]
        parts = ["<hole>" if isinstance(i, dict) and i.get("t") == "hole" else show(i) for i in items[:SHOWN_ITEMS]]
        return "[" + ", ".join(parts + (["…"] if len(items) > SHOWN_ITEMS else [])) + "]"
    return "<hole>" if t == "hole" else str(t)


def same(a, b) -> bool:
    """Encoded trees equal as values (Object.is for numbers: NaN is NaN, −0 is not 0)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    return type(a) is type(b) and a == b


def is_close(actual: float, expected: float, tolerance: float, relative: bool) -> bool:
    if math.isnan(actual) or math.isnan(expected):
        return False
    if math.isinf(expected):
        return actual == expected
    scale = abs(expected) if relative else max(1.0, abs(expected))
    return abs(actual - expected) <= tolerance * scale


def js_pattern(pattern) -> re.Pattern | None:
    """A JavaScript /source/flags pattern in Python's re (the lessons' patterns are plain words)."""
    if not isinstance(pattern, dict):
        return None
    flags = 0
    for letter, flag in (("i", re.I), ("m", re.M), ("s", re.S)):
        if letter in str(pattern.get("flags", "")):
            flags |= flag
    try:
        return re.compile(str(pattern.get("source", "")), flags)
    except re.error:
        return None


def all_close_why(label: str, actual, expected, tolerance: float, relative: bool, reveal: bool = True) -> str | None:
    """`allClose` element by element; an expected item that is itself an array is compared the same way.
    Without `reveal` (a hidden check) the expected values are not shown, only that they differ."""
    shown = show if reveal else hidden_value
    wanted = (expected or {}).get("items") or []
    if not isinstance(actual, dict) or actual.get("t") not in ARRAY_TAGS or not isinstance(actual.get("items"), list):
        return f"{label} returned {show(actual)}; expected an array like {shown(expected)}"
    items = actual["items"]
    if len(items) != len(wanted):
        return f"{label} returned {len(items)} values; expected {len(wanted)}" + (f": {show(expected)}" if reveal else "")
    for i, (got, want) in enumerate(zip(items, wanted)):
        here = f"{label}[{i}]"
        if isinstance(want, dict) and want.get("t") in ARRAY_TAGS:
            why = all_close_why(here, got, want, tolerance, relative, reveal)
            if why is not None:
                return why
            continue
        a, e = number(got), number(want)
        if a is None or e is None or not is_close(a, e, tolerance, relative):
            if not reveal:
                return f"{here} is {show(got)}; expected {hidden_value(want)} (all: got {show(actual)})"
            return f"{here} is {show(got)}; expected {show(want)} (all: got {show(actual)}, expected {show(expected)})"
    return None


def hidden_value(_e) -> str:
    """What feedback says in place of a hidden check's expected value (it is an answer the student has not seen)."""
    return "the hidden test's value"


def judge(check: dict, actual) -> str | None:
    """Why `actual` fails the reference's `check` (kind, expected, tolerance), without the hint; None if it passes.
    A check the reference marked hidden (reference.py: its label is not in the test cell's visible part)
    never shows its expected value: feedback names the check and the student's value, not the answer."""
    reveal = check.get("hidden") is not True
    show_expected = show if reveal else hidden_value
    label, kind = check["label"], check.get("kind")
    expected = check.get("expected")
    tolerance = float(check.get("tolerance", 1e-12))
    relative = check.get("relative") is True
    tolerance_text = f"({'relative ' if relative else ''}tolerance {js_number(tolerance)})"
    if kind == "equal":
        return None if same(actual, expected) else f"{label} returned {show(actual)}; expected {show_expected(expected)}"
    if kind == "close":
        a, e = number(actual), number(expected)
        if a is None:
            return f"{label} returned {show(actual)}; expected " + (f"the number {show(expected)}" if reveal else "a number")
        return None if e is not None and is_close(a, e, tolerance, relative) else f"{label} returned {show(actual)}; expected {show_expected(expected)} {tolerance_text}"
    if kind == "allClose":
        return all_close_why(label, actual, expected, tolerance, relative, reveal)
    if kind in ("atMost", "atLeast"):
        a, bound = number(actual), number(expected)
        ok = a is not None and bound is not None and not math.isnan(a) and (a <= bound if kind == "atMost" else a >= bound)
        return None if ok else f"{label} is {show(actual)}; expected {'at most' if kind == 'atMost' else 'at least'} {show_expected(expected)}"
    if kind == "isTrue":
        return None if actual.get("t") == "boolean" and actual.get("v") is True else f"{label} does not hold"
    if kind == "throws":
        p = check.get("pattern") or {}
        expectation = f"expected a {check.get('errorClass')} matching /{p.get('source', '')}/{p.get('flags', '')}"
        if actual.get("t") != "thrown" or actual.get("threw") is not True:
            return f"{label} did not throw; {expectation}"
        error = actual.get("error") if isinstance(actual.get("error"), dict) else {}
        classes = actual.get("classes") if isinstance(actual.get("classes"), list) else []
        pattern = js_pattern(check.get("pattern"))
        ok = check.get("errorClass") in classes and error.get("t") == "error" and pattern is not None and pattern.search(str(error.get("message", ""))) is not None
        return None if ok else f"{label} threw {show(error)}; {expectation}"
    return f"{label}: the reference recorded an unknown kind of check ({kind!r})"


def with_hint(message: str, hint) -> str:
    return f"{message} — {hint}" if isinstance(hint, str) and hint else message


# --- the verdict -----------------------------------------------------------------------------------------

@dataclass
class Verdict:
    passed: bool
    feedback: str
    checks: int = 0
    failures: list[str] = field(default_factory=list)


def keyed(checks: list[dict]) -> list[tuple[tuple[str, int], dict]]:
    """Each check with its key: its label and how many checks with that label came before it."""
    seen: dict[str, int] = {}
    out = []
    for check in checks:
        n = seen.get(check["label"], 0)
        seen[check["label"]] = n + 1
        out.append(((check["label"], n), check))
    return out


def listing(failures: list[str]) -> str:
    """Every failed check, one per line (a hint is never split), capped at LISTED_FAILURES with a count."""
    if len(failures) == 1:
        return failures[0]
    shown = [f"  • {f}" for f in failures[:LISTED_FAILURES]]
    more = [f"  … and {len(failures) - LISTED_FAILURES} more"] if len(failures) > LISTED_FAILURES else []
    return "\n".join([f"{len(failures)} checks failed:", *shown, *more])


def tampering_text(changes: list) -> str:
    """What a cell changed, as one line: the first LISTED_FAILURES changes and how many more (a cell that
    adds 64 properties to Array.prototype is named by its first few, not in 64 clauses)."""
    shown = "; ".join(map(str, changes[:LISTED_FAILURES]))
    return shown if len(changes) <= LISTED_FAILURES else f"{shown}; … and {len(changes) - LISTED_FAILURES} more"


def verdict(bundles: list, reference: dict | None, gid: str) -> Verdict:
    """The verdict for one test cell from the observations its own execution sent (`bundles`, in arrival
    order, cleared ones included) and the reference observation of `gid` (None: the reference has none)."""
    if reference is None:
        return Verdict(False, f"the reference solutions recorded no observation for {gid}: the instructor's notebook needs fixing")
    if not bundles:
        return Verdict(False, "the test cell recorded no observation: the check library's exercise() never reported "
                              "(was `exercise` redefined, or the kernel's output intercepted?)")
    parsed = [parse(b) for b in bundles]
    if any(p is None for p in parsed):
        return Verdict(False, "a malformed observation was sent from this cell (forged output?)")
    if any(p["id"] != gid for p in parsed):
        other = next(p["id"] for p in parsed if p["id"] != gid)
        return Verdict(False, f"the test cell sent an observation for {other!r}, not {gid!r}")
    for p in parsed:  # what kernel-lib noticed, from any of them: a forger gains nothing by saying it
        if p.get("problem"):
            return Verdict(False, f"grading could not be secured: {p['problem']}")
        if p.get("tampering"):
            return Verdict(False, "tampering detected, the checks were not trusted: " + tampering_text(p["tampering"]))
    if len(parsed) > 1:
        return Verdict(False, f"{len(parsed)} observations of {gid} were sent from this cell, where exercise() sends one (forged output?)")
    obs = parsed[0]
    # Checks are matched by label and occurrence (the second "f(0)" with the reference's second "f(0)"); a
    # check whose label holds the student's value (older test cells) falls back to its place in the order,
    # if the student's check there has no label of the reference's and is of the same kind.
    student, wanted = keyed(obs["checks"]), keyed(reference["checks"])
    at = {key: i for i, (key, _) in enumerate(student)}
    wanted_keys = {key for key, _ in wanted}
    used: set[int] = set()
    failures: list[str] = []
    stopped_told = False
    for place, (key, check) in enumerate(wanted):
        i = at.get(key)
        if i is None and place < len(student) and student[place][0] not in wanted_keys and student[place][1].get("kind") == check.get("kind"):
            i = place
        if i is None or i in used:
            if obs.get("stopped") and not stopped_told:
                stopped_told = True
                hint = " — replace the `throw` in the solution cell with your code" if "not implemented" in str(obs["stopped"]) else ""
                failures.append(f"check {obs.get('stoppedAt') or '?'} ({check['label']}) stopped because your code threw {obs['stopped']}{hint}")
            elif not obs.get("stopped"):
                failures.append(f"{check['label']}: not observed (the check did not run, or its label depends on your values)")
            continue
        used.add(i)
        why = judge(check, student[i][1]["actual"])
        if why is not None:
            failures.append(with_hint(why, check.get("hint")))
    extra = [student[i][1]["label"] for i in range(len(student)) if i not in used]
    if extra:
        failures.append(f"checks the reference does not have were observed: {', '.join(repr(x[:80]) for x in extra[:3])}"
                        + (f" and {len(extra) - 3} more" if len(extra) > 3 else ""))
    n = len(reference["checks"])
    if failures:
        return Verdict(False, listing(failures), n, failures)
    return Verdict(True, f"all {n} check{'' if n == 1 else 's'} passed (hidden tests included)", n)
