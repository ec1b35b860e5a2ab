"""npm run verify [-- [--update] [--jobs N] [notebook, folder, lesson number or name ...]]

Re-executes notebooks (default: every lesson in notebooks/; `05` or `sigmoid-vs-softmax` name one, paths
are relative to where you stand) in the real tslab kernel and fails, naming
notebook, cell and reason, when a cell fails, a cell tagged `raises-exception` does not fail, a cell writes
to stderr unexpectedly, or an output differs from the one stored in the notebook. Worked examples must
reproduce exactly; a cell whose output legitimately varies carries the tag `verify-ignore-output`.
`--update` stores the new outputs instead of comparing (only for notebooks that ran without failures).
`--rerun` runs every cell twice in a row: the first run must reproduce the stored outputs and the second
must print the same again (students re-run cells).
`--kernel deno` runs them on Deno's kernel instead of tslab and compares against the same stored (tslab)
outputs; an error output (Deno's) counts as tslab's stderr error line. LESSONS_KERNEL=deno does the same.
"""
from __future__ import annotations

import argparse
import asyncio
import copy
import difflib
import json
import os
import sys
import time
from pathlib import Path

import nbformat

from .notebook_runner import IGNORE_OUTPUT_TAGS, KERNEL_NAME, KERNELSPEC, RAISES_TAG, CellResult, RunResult, error_summary, kernel_name, run_notebook, tags
from .notebooks import LESSONS, resolve


def find_notebooks(args: list[str]) -> list[Path]:
    """Notebooks, folders (searched recursively), or lesson numbers and names: see lessontools.notebooks."""
    return resolve(args, folder=LESSONS, tool="verify", recursive=True)


def integral_floats_as_ints(value):
    """4294970000.0 as 4294970000: Deno's kernel serializes large whole numbers in JSON with ".0", Node
    without; the same number to every front end, so verify compares them as equal."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: integral_floats_as_ints(v) for k, v in value.items()}
    if isinstance(value, list):
        return [integral_floats_as_ints(v) for v in value]
    return value


def normalized_outputs(cell) -> list:
    """Outputs as compared: streams merged per name, rich data by MIME type; metadata and counts ignored.
    Stderr of an expected failure is reduced to its error line (stack traces carry machine paths)."""
    out: list = []
    for o in cell.get("outputs", []):
        kind = o.get("output_type")
        if kind == "stream":
            if out and out[-1][0] == "stream" and out[-1][1] == o["name"]:
                out[-1] = ("stream", o["name"], out[-1][2] + o["text"])
            else:
                out.append(("stream", o["name"], o["text"]))
        elif kind in ("display_data", "execute_result"):
            out.append(("data", json.dumps(integral_floats_as_ints(o.get("data", {})), sort_keys=True)))
        elif kind == "error":
            out.append(("error", o.get("ename", ""), o.get("evalue", "")))
    if RAISES_TAG in tags(cell):
        # Deno reports the failure as an error output, tslab as stderr text: both become the error line.
        out = [("stream", "stderr", f"{x[1]}: {x[2]}") if x[0] == "error" else x for x in out]
        out = [("stream", "stderr", error_summary(x[2])) if x[0] == "stream" and x[1] == "stderr" else x for x in out]
    return out


def describe_difference(stored: list, actual: list) -> str:
    if len(stored) != len(actual):
        kinds = lambda outs: ", ".join(f"{o[0]}:{o[1]}" if o[0] == "stream" else o[0] for o in outs) or "nothing"
        return f"stored {len(stored)} output(s) ({kinds(stored)}), got {len(actual)} ({kinds(actual)})"
    for i, (s, a) in enumerate(zip(stored, actual)):
        if s == a:
            continue
        if s[0] == a[0] == "stream":
            diff = list(difflib.unified_diff(s[2].splitlines(), a[2].splitlines(), "stored", "now", lineterm="", n=0))
            return f"{s[1]} differs:\n      " + "\n      ".join(diff[2:12])
        if s[0] == a[0] == "data":
            sd, ad = json.loads(s[1]), json.loads(a[1])
            mimes = [m for m in sorted(set(sd) | set(ad)) if sd.get(m) != ad.get(m)]
            return f"output {i + 1}: {', '.join(mimes)} differ" + (
                f" (stored {str(sd.get('text/plain'))[:80]!r}, now {str(ad.get('text/plain'))[:80]!r})" if "text/plain" in mimes else ""
            )
        return f"output {i + 1} changed kind: stored {s[0]}, now {a[0]}"
    return "outputs differ"


def label(nb, index: int) -> str:
    cell = nb.cells[index]
    first = next((line for line in cell.source.splitlines() if line.strip()), "").strip()
    return f"cell {index + 1}" + (f" [{cell.get('id')}]" if cell.get("id") else "") + f" `{first[:60]}`"


def judge(path: Path, stored_nb, run) -> list[str]:
    """Every reason this notebook fails verification, in cell order."""
    problems: list[str] = []
    if run.kernel_error:
        problems.append(f"kernel: {run.kernel_error}")
    for index, cell in enumerate(stored_nb.cells):
        if cell.cell_type != "code":
            continue
        result = run.cells.get(index)
        where = label(stored_nb, index)
        expects_error = RAISES_TAG in tags(cell)
        if result is None:
            if not problems:
                problems.append(f"{where}: was not run")
            break
        if result.status == "timeout":
            problems.append(f"{where}: timed out")
            break
        if result.status != "ok" and not expects_error:
            reason = error_summary(result.stderr) or result.error or f"reply status {result.status}"
            problems.append(f"{where}: failed: {reason}")
            break
        if result.status == "ok" and expects_error:
            problems.append(f"{where}: is tagged {RAISES_TAG} but did not fail")
        if result.status == "ok" and result.stderr:
            problems.append(f"{where}: unexpected stderr: {result.stderr.strip().splitlines()[0][:200]}")
        if tags(cell) & IGNORE_OUTPUT_TAGS:
            continue
        stored, actual = normalized_outputs(cell), normalized_outputs(run.notebook.cells[index])
        if stored != actual:
            problems.append(f"{where}: output {describe_difference(stored, actual)}")
    return problems


def store(path: Path, run) -> None:
    nb = run.notebook
    for cell in nb.cells:
        if cell.cell_type == "code" and RAISES_TAG in tags(cell):
            # Keep the reproducible error line, not a stack trace with this machine's paths.
            for o in cell.outputs:
                if o.get("output_type") == "stream" and o.get("name") == "stderr":
                    o["text"] = error_summary(o["text"]) + "\n"
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata.setdefault("language_info", {"name": "typescript", "file_extension": ".ts", "mimetype": "text/typescript"})
    nbformat.validate(nb)
    nbformat.write(nb, path)


def rerun_problems(stored_nb, run) -> list[str]:
    """For --rerun: each code cell was run twice in a row; its second outputs must equal its first."""
    problems: list[str] = []
    cells = run.notebook.cells
    for index, cell in enumerate(stored_nb.cells):
        if cell.cell_type != "code" or tags(cell) & IGNORE_OUTPUT_TAGS:
            continue
        first, second = 2 * index, 2 * index + 1
        if run.cells.get(second) is None or run.cells[second].status != run.cells[first].status:
            problems.append(f"{label(stored_nb, index)}: fails when run a second time")
            break
        once, again = normalized_outputs(cells[first]), normalized_outputs(cells[second])
        if once != again:
            problems.append(f"{label(stored_nb, index)}: run again, it prints {describe_difference(once, again)}")
    return problems


def first_runs(stored_nb, run) -> RunResult:
    """The first run of every cell of a --rerun (cell k ran as cells 2k and 2k+1), as a run of `stored_nb`."""
    notebook = copy.deepcopy(stored_nb)
    cells: dict[int, CellResult] = {}
    for index in range(len(stored_nb.cells)):
        if 2 * index < len(run.notebook.cells):
            notebook.cells[index] = run.notebook.cells[2 * index]
        if 2 * index in run.cells:
            cells[index] = run.cells[2 * index]
    return RunResult(path=run.path, notebook=notebook, cells=cells, seconds=run.seconds, kernel_error=run.kernel_error)


def doubled(nb):
    """The notebook with every cell twice in a row (markdown too, so cell 2k is cell k's first run)."""
    twice = copy.deepcopy(nb)
    twice.cells = [copy.deepcopy(c) for c in nb.cells for _ in (0, 1)]
    for i, c in enumerate(twice.cells):
        c["id"] = f"{c.get('id', 'cell')}-{i % 2}"
    return twice


async def verify_all(paths: list[Path], update: bool, jobs: int, timeout: float, rerun: bool = False, kernel: str | None = None) -> int:
    limit = asyncio.Semaphore(jobs)
    failures = 0
    t0 = time.perf_counter()

    async def one(path: Path):
        async with limit:
            stored = nbformat.read(path, as_version=4)
            notebook = doubled(stored) if rerun else nbformat.read(path, as_version=4)
            run = await run_notebook(path, cell_timeout=timeout, notebook=notebook, kernel=kernel)
            return path, stored, run

    for task in asyncio.as_completed([one(p) for p in paths]):
        path, stored, run = await task
        shown = os.path.relpath(path, Path.cwd())
        # --rerun checks the first runs against the stored outputs too: one run of the notebook does both.
        problems = judge(path, stored, first_runs(stored, run)) + rerun_problems(stored, run) if rerun else judge(path, stored, run)
        if update:
            hard = [p for p in problems if ": output " not in p]
            if hard:
                failures += 1
                print(f"✗ {shown} ({run.seconds:.1f} s) not updated:\n  - " + "\n  - ".join(hard), flush=True)
            else:
                store(path, run)
                print(f"↻ {shown} ({run.seconds:.1f} s) outputs stored", flush=True)
            continue
        if problems:
            failures += 1
            print(f"✗ {shown} ({run.seconds:.1f} s)\n  - " + "\n  - ".join(problems), flush=True)
        else:
            code = sum(1 for c in stored.cells if c.cell_type == "code")
            print(f"✓ {shown} ({code} code cells, {run.seconds:.1f} s)", flush=True)
    total = time.perf_counter() - t0
    print(f"verify: {len(paths) - failures} of {len(paths)} notebook(s) {'updated' if update else 'reproduce'}, {failures} failed, {total:.1f} s total")
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="npm run verify --", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", help="notebooks or folders (relative to where you stand), or lesson numbers or names (default: every lesson)")
    parser.add_argument("--update", action="store_true", help="store the new outputs instead of comparing")
    parser.add_argument("--jobs", type=int, default=max(2, min(4, os.cpu_count() or 2)), help="notebooks run at once")
    parser.add_argument("--timeout", type=float, default=60, help="seconds allowed per cell")
    parser.add_argument("--kernel", help="tslab (default) or deno: the kernel to run the notebooks on (or a kernelspec name)")
    parser.add_argument("--rerun", action="store_true", help="also: run every cell twice in a row and require the same output again (students re-run cells)")
    args = parser.parse_args()
    if args.rerun and args.update:
        parser.error("--rerun checks; it cannot be combined with --update")
    if args.update and kernel_name(args.kernel) != KERNEL_NAME:
        parser.error("--update stores tslab's outputs, the reference for both kernels; run it without --kernel")
    return asyncio.run(verify_all(find_notebooks(args.paths), args.update, args.jobs, args.timeout, args.rerun, args.kernel))


if __name__ == "__main__":
    sys.exit(main())
