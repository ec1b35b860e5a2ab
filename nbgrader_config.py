# Configuration for instructors who run these lessons through nbgrader (pip install nbgrader).
# `npm run assignments` / `npm run grade` do the same jobs without nbgrader; this file makes nbgrader's
# generate_assignment produce the same student versions for the TypeScript (tslab) kernel.
import json
import os
from pathlib import Path

c = get_config()  # noqa: F821 (provided by nbgrader)


def _course_constants() -> dict:
    """tools/course.json of the lessons repository: the kernel name, the student stub and the delimiters,
    shared with `npm run assignments` and `npm run grade`. nbgrader exec()s this file with __file__ set; it
    may also be a copy in a course folder, so the folders above it and above the working directory are
    searched too, and LESSONS_ROOT names the repository explicitly."""
    starts = [os.environ.get("LESSONS_ROOT"), globals().get("__file__"), os.getcwd()]
    tried = []
    for start in filter(None, starts):
        here = Path(start).resolve()
        for folder in ([] if here.is_file() else [here]) + list(here.parents):
            candidate = folder / "tools" / "course.json"
            tried.append(str(candidate))
            if candidate.is_file():
                return json.loads(candidate.read_text(encoding="utf-8"))
    raise FileNotFoundError(
        "nbgrader_config.py needs tools/course.json from the lessons repository; set LESSONS_ROOT to the "
        "repository folder. Looked for: " + ", ".join(dict.fromkeys(tried))
    )


COURSE = _course_constants()

# nbgrader has stubs for Python, R, Matlab... but none for "typescript" (the language in the notebooks'
# kernelspec). Without this entry generate_assignment stops on the first solution cell.
c.ClearSolutions.code_stub = {COURSE["kernel"]["language"]: "\n".join(COURSE["studentStub"])}
c.ClearSolutions.text_stub = COURSE["textStub"]

# The delimiters the lessons use (nbgrader's defaults, spelled out).
c.ClearSolutions.begin_solution_delimeter = COURSE["delimiters"]["beginSolution"]
c.ClearSolutions.end_solution_delimeter = COURSE["delimiters"]["endSolution"]
c.ClearHiddenTests.begin_test_delimeter = COURSE["delimiters"]["beginHiddenTests"]
c.ClearHiddenTests.end_test_delimeter = COURSE["delimiters"]["endHiddenTests"]

# tslab reports failures as stderr text (no "error" output) and skips cells queued within 200 ms after an
# error. nbgrader scores a test cell zero when it wrote to stderr, and the lessons' exercise() checks never
# throw, so one failing exercise cannot silence the next. Give each cell time, but not forever.
c.ExecutePreprocessor.timeout = 30
c.ExecutePreprocessor.interrupt_on_timeout = True
c.ExecutePreprocessor.kernel_name = COURSE["kernel"]["name"]
