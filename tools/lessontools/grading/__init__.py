"""Grading as a pipeline of one-job stages over typed records (records.py), one module per stage:

    find (submissions.py)  the arguments → Submission records: whose file, which lesson, or why it is refused
                           (a symbolic link, a path outside the class folder, a second copy of a lesson)
    read (read.py)         a Submission → Handed: the student's solution cells as plain text, or why the file
                           is not a notebook we can read (no symlink followed, size-capped, strict UTF-8 and JSON)
    assemble (assemble.py) Handed + Lesson (lesson.py) → Assembled: the instructor's lesson with each solution
                           cell replaced by the student's (the stub where there is none)
    screen (screen.py)     Assembled → Assembled: solution cells that may not run replaced by the stub (tamper.py)
    run (run.py)           Assembled → KernelRun: the notebook in a fresh sandboxed kernel (sandbox.py), with the
                           output and time limits of client.py
    observe (observe.py)   KernelRun → one Observation per test cell: what the kernel sent
    compare (compare.py)   Observations → one Outcome per exercise: passed or not, and why (diagnose.py words
                           the failures the grader's own limits caused)
    report (report.py)     everything → Report: points, notes, feedback; every student-controlled string made
                           safe (safe_text.py) and test source withheld; then the terminal (terminal.py), the
                           CSV and the Markdown feedback files (files.py)

pipeline.py strings them together inside one error boundary per submission: whatever a submission holds,
that submission gets a report (0 and a note at worst) and the class is still graded.
"""
