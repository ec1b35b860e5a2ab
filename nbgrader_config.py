# Configuration for instructors who run these lessons through nbgrader (pip install nbgrader).
# `npm run assignments` / `npm run grade` do the same jobs without nbgrader; this file makes nbgrader's
# generate_assignment produce the same student versions for the TypeScript (tslab) kernel.
c = get_config()  # noqa: F821 (provided by nbgrader)

# nbgrader has stubs for Python, R, Matlab... but none for "typescript" (the language in the notebooks'
# kernelspec). Without this entry generate_assignment stops on the first solution cell.
c.ClearSolutions.code_stub = {
    "typescript": '// YOUR CODE HERE\nthrow new Error("not implemented");',
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# The delimiters the lessons use (nbgrader's defaults, spelled out).
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"
c.ClearHiddenTests.begin_test_delimeter = "BEGIN HIDDEN TESTS"
c.ClearHiddenTests.end_test_delimeter = "END HIDDEN TESTS"

# tslab reports failures as stderr text (no "error" output) and skips cells queued within 200 ms after an
# error. nbgrader scores a test cell zero when it wrote to stderr, and the lessons' exercise() checks never
# throw, so one failing exercise cannot silence the next. Give each cell time, but not forever.
c.ExecutePreprocessor.timeout = 30
c.ExecutePreprocessor.interrupt_on_timeout = True
c.ExecutePreprocessor.kernel_name = "tslab-lessons"
