"""The course constants in tools/course.json (kernel name and display name, the student stub, the nbgrader
delimiters), shared with the Node tools, nbgrader_config.py and the tests so each exists once."""
from __future__ import annotations

import json
from pathlib import Path

COURSE_FILE = Path(__file__).resolve().parents[1] / "course.json"
COURSE = json.loads(COURSE_FILE.read_text(encoding="utf-8"))

KERNEL_NAME: str = COURSE["kernel"]["name"]
# The kernelspec a lesson's metadata names (nbformat's keys).
KERNELSPEC = {
    "name": KERNEL_NAME,
    "display_name": COURSE["kernel"]["displayName"],
    "language": COURSE["kernel"]["language"],
}
# What replaces a solution region, one line each, indented like the region's first line.
STUB: list[str] = list(COURSE["studentStub"])
BEGIN_SOLUTION: str = COURSE["delimiters"]["beginSolution"]
END_SOLUTION: str = COURSE["delimiters"]["endSolution"]
BEGIN_HIDDEN: str = COURSE["delimiters"]["beginHiddenTests"]
END_HIDDEN: str = COURSE["delimiters"]["endHiddenTests"]
