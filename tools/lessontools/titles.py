"""A lesson's title as readers see it, for the workspace README's list and the site's pages and index."""
from __future__ import annotations

import re

# "# 05 · Sigmoid vs softmax", "# 1. Why…", "# Lesson 3: …": the lists number the lessons themselves.
NUMBER_PREFIX = re.compile(r"^(?:lesson\s*)?\d+\s*[·.:\-–—)]\s*", re.I)


def lesson_title(nb, fallback: str) -> str:
    """The lesson's own heading (its first `# ` line) without any number prefix, else `fallback`."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return NUMBER_PREFIX.sub("", line[2:].strip()) or fallback
    return fallback
