"""Calls the grading pipeline's pure rules on the inputs a test sends (one JSON object on stdin) and prints
what they return (one JSON object on stdout), for test/integration/grading-pipeline.test.ts: no kernel, no
Jupyter, a second or so. The test holds the expected values; this file only calls.

  {"clean": [text...], "name": [...], "csv": [...], "markdown": [...], "stems": [...],
   "withhold": {"tests": [source...], "texts": [text...]}, "read": [path...], "find": [path...]}
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from lessontools.grading import read as read_stage
from lessontools.grading import safe_text
from lessontools.grading.records import Submission
from lessontools.grading.submissions import resolve_submissions


def main() -> None:
    ask = json.load(sys.stdin)
    out: dict = {}
    out["clean"] = [safe_text.clean(t) for t in ask.get("clean", [])]
    out["name"] = [safe_text.name(t) for t in ask.get("name", [])]
    out["csv"] = [safe_text.csv_field(t) for t in ask.get("csv", [])]
    out["markdown"] = [safe_text.markdown_text(t) for t in ask.get("markdown", [])]
    out["stems"] = [safe_text.file_stem(t) for t in ask.get("stems", [])]
    withhold = ask.get("withhold")
    if withhold:
        lines = safe_text.test_code_lines(withhold["tests"])
        out["withhold"] = [safe_text.contains_test_code(t, lines) for t in withhold["texts"]]
    out["read"] = []
    for path in ask.get("read", []):
        handed = read_stage.read_submission(Submission(Path(path), "student"))
        out["read"].append({"answers": handed.answers, "notes": handed.notes, "problem": handed.problem})
    if "find" in ask:
        found = resolve_submissions(ask["find"])
        out["find"] = [{"path": str(s.path), "student": s.student, "refusal": s.refusal} for s in found]
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
