"""The course constants in tools/course.json (kernel names and display names, the project's folders,
Jupyter's state folders, the student stub, the nbgrader delimiters), shared with the Node tools
(tools/node/project.mjs), nbgrader_config.py and the tests so each exists once."""
from __future__ import annotations

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COURSE_FILE = ROOT / "tools" / "course.json"
COURSE = json.loads(COURSE_FILE.read_text(encoding="utf-8"))

KERNEL_NAME: str = COURSE["kernel"]["name"]
DENO_KERNEL_NAME: str = COURSE["denoKernel"]["name"]
DENO_DISPLAY_NAME: str = COURSE["denoKernel"]["displayName"]
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

# The full plotly.js, minified from kernel-lib's plotly.js-dist by set-up (lite/full-plotly.mjs).
FULL_PLOTLY = ROOT.joinpath(*COURSE["builtFiles"]["fullPlotly"].split("/"))

# The instructor versions of the lessons (solutions, hidden tests): LESSONS_SOURCES (tests point it inside
# the repository, where `import ... from "kernel-lib"` still resolves), else course.json's folder.
LESSONS = Path(os.environ.get("LESSONS_SOURCES") or ROOT / COURSE["folders"]["lessons"]).resolve()

# The student's own copies of the lessons: LESSONS_WORKSPACE (tests use a scratch one), else course.json's
# folder; tools/node/start.mjs opens the same one.
WORKSPACE = Path(os.environ.get("LESSONS_WORKSPACE") or ROOT / COURSE["folders"]["workspace"]).resolve()

# Jupyter's state for this checkout, inside it (course.json's jupyterState says why).
_STATE = COURSE["jupyterState"]
JUPYTER_STATE = Path(os.environ.get(_STATE["override"]) or ROOT / _STATE["folder"])


def jupyter_state_variables(state: Path = JUPYTER_STATE) -> dict[str, str]:
    """Jupyter's state variables (JUPYTER_CONFIG_DIR, IPYTHONDIR…) pointing into `state`."""
    return {name: str(state.joinpath(*sub.split("/"))) for name, sub in _STATE["variables"].items()}
