"""npm run export [-- [--out site] [--instructor] [--notebooks DIR]]

Builds a static site of the lessons that works from disk or any web host, with no network: index.html
(the lessons in order, with consistent titles and relative links), one page per lesson rendered by
nbconvert from its stored outputs, and assets/ with plotly.js (minified) and MathJax shipped once for the
whole site. Charts are drawn from each output's Plotly JSON by a small script that calls the page's
plotly.js (the notebooks store each figure once, as JSON), so their sliders and play buttons work offline; pages and charts follow the reader's light or dark preference
(prefers-color-scheme); formulas are typeset by the local MathJax and are not keyboard tab stops.

By default the site is the STUDENT version, fit to publish: lesson text, charts and worked examples, and
exercises as students get them (solution regions replaced by the stub, hidden tests removed, exercise
outputs cleared), via lessontools.exercises. `--instructor` keeps reference solutions and hidden tests.
"""
from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import runpy
import shutil
import sys
from pathlib import Path

import nbformat
from mistune import html as markdown_to_html
from nbconvert import HTMLExporter

from . import course, exercises
from .course import ROOT
from .titles import lesson_title

TEMPLATES = Path(__file__).resolve().parent / "export_template"
LAB_TEMPLATE = Path(sys.prefix) / "share" / "jupyter" / "nbconvert" / "templates" / "lab"
ASSETS = {
    ROOT / "node_modules" / "mathjax" / "es5" / "tex-svg-full.js": "mathjax/tex-svg-full.js",
}
# Minified builds of the same plotly.js version JupyterLab's renderer uses (package.json pins them): the
# cartesian bundle (1.5 MB: a third of the full one, so a page draws its first chart sooner) when every
# chart's trace types are in it, else the full library (4.8 MB, minified from kernel-lib's plotly.js-dist
# by set-up: lite/full-plotly.mjs).
PLOTLY_CARTESIAN = ROOT / "node_modules" / "plotly.js-cartesian-dist-min" / "plotly-cartesian.min.js"
PLOTLY_FULL = course.FULL_PLOTLY
CARTESIAN_TRACES = {"bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour", "image", "pie", "scatter", "scatterternary", "violin"}
PLOTLY_MIME = "application/vnd.plotly.v1+json"
SITE_TITLE = "Activation and loss functions"


def lesson_number(path: Path) -> int | None:
    match = re.match(r"(\d+)", path.stem)
    return int(match.group(1)) if match else None


def lesson_summary(nb) -> str:
    """The first paragraph after the lesson's heading, as HTML (the index's description of the lesson)."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", cell.source) if p.strip()]
        for p in paragraphs:
            if not p.startswith("#") and not p.startswith("<") and not p.startswith("|"):
                # A paragraph that introduces a list ("… says two things:") ends the summary: as a sentence.
                return markdown_to_html(re.sub(r":\s*$", ".", p)).strip()
        break
    return ""


# Instructions for running the notebook ("Running this notebook. Run the cells in order … Run → Run All
# Cells …"): nothing runs on a static page, so the site leaves these paragraphs out.
RUNNING_NOTE = re.compile(r"^\*\*Running this notebook\.?\*\*")


def without_running_notes(nb) -> None:
    """Drops the notebook's "Running this notebook" paragraphs (and a cell left empty by that)."""
    kept = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and RUNNING_NOTE.search(cell.source.lstrip()):
            paragraphs = [p for p in re.split(r"\n\s*\n", cell.source) if not RUNNING_NOTE.search(p.strip())]
            cell.source = "\n\n".join(paragraphs).strip()
            if not cell.source:
                continue
        kept.append(cell)
    nb.cells = kept


# The PNG snapshots PyPI plotly's JupyterLab renderer adds beside a chart's JSON (a notebook saved without the
# project's save hook) are dropped by the save hook's own function, its one home: the page draws each chart
# from its JSON. tools/jupyter/ is not a package (Jupyter loads it by path), so it is loaded by path here too.
without_plotly_snapshots = runpy.run_path(str(ROOT / "tools" / "jupyter" / "save_hook.py"))["drop_plotly_snapshots"]


def display_title(number: int | None, title: str) -> str:
    return f"{number} · {title}" if number is not None else title


def student_version(nb, name: str):
    """What a student may read: exercises.student_notebook (solutions stubbed, hidden tests removed).

    Lesson cells keep their stored outputs (charts, tables, worked examples); exercise cells (solutions
    and tests) do not, since a test's output was produced by the reference solution. Outputs are taken
    back only where student_notebook cleared them, so this stays right whichever way it treats them.
    """
    released = exercises.student_notebook(nb, name)
    for original, cell in zip(nb.cells, released.cells):
        if cell.cell_type != "code" or exercises.is_solution(original) or exercises.is_test(original):
            continue
        if not cell.get("outputs") and original.get("outputs"):
            cell.outputs = original.outputs
            cell.execution_count = original.get("execution_count")
    return released


def figure_html(figure: dict, summary: str, seen: dict[str, int]) -> str:
    """HTML that draws a stored Plotly figure with the page's one plotly.js (window.Plotly). The chart is an
    image to assistive technology, named by its text summary (one clear reading instead of every tick
    label). The element id comes from the figure's content (`seen` counts repeats on a page), so exporting
    twice gives the same pages."""
    text = json.dumps(figure, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    seen[digest] = seen.get(digest, 0) + 1
    element = f"kernel-lib-plot-{digest}" + (f"-{seen[digest] - 1}" if seen[digest] > 1 else "")
    height = figure.get("layout", {}).get("height", 420)
    label = html.escape(summary, quote=True)
    script = text.replace("<", "\\u003c")
    return (
        f'<div id="{element}" class="kernel-lib-plot" role="img" style="height:{height}px" aria-label="{label}">{label}</div>\n'
        '<script type="text/javascript">(function () {\n'
        f"  var fig = {script};\n"
        f"  var el = document.getElementById({json.dumps(element)});\n"
        # A page may restyle charts for its theme first (the site follows prefers-color-scheme).
        "  if (window.kernelLibTheme) window.kernelLibTheme(fig);\n"
        '  if (window.Plotly) { el.textContent = ""; window.Plotly.newPlot(el, fig); }\n'
        "})();</script>"
    )


def with_chart_html(nb) -> None:
    """Gives every stored chart output the HTML that draws it on the site (see figure_html)."""
    seen: dict[str, int] = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            figure = data.get(PLOTLY_MIME)
            if isinstance(figure, dict):
                summary = data.get("text/plain", "chart")
                data["text/html"] = figure_html(figure, summary if isinstance(summary, str) else "".join(summary), seen)


REGION = re.compile(r"BEGIN (?:SOLUTION|HIDDEN TESTS)\n(.*?)\n[^\n]*END (?:SOLUTION|HIDDEN TESTS)", re.S)


def check_student_site(pages: list[Path], notebooks: list[Path]) -> None:
    """Refuses to leave a student site that shows a reference solution or a hidden test: a region marker, or
    any line (over 25 characters) of a solution or hidden-test region that the lessons do not also show
    openly somewhere (a worked example's `const total = …`, a test cell's visible part: no secret)."""
    sources = [nbformat.read(path, as_version=4) for path in notebooks]
    public = {ln.strip() for nb in sources for cell in nb.cells for ln in REGION.sub("", cell.source).splitlines()}
    secret = {ln.strip() for nb in sources for cell in nb.cells for region in REGION.findall(cell.source)
              for ln in region.splitlines() if len(ln.strip()) > 25} - public
    leaks = []
    for page in pages:
        text = html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))
        for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS"):
            if marker in text:
                leaks.append(f"{page.name}: contains {marker}")
        for line in sorted(secret):
            if line in text:
                leaks.append(f"{page.name}: contains a reference line: {line[:60]}")
    if leaks:
        sys.exit("export: the student site would reveal solutions:\n  " + "\n  ".join(leaks[:20]))


def lesson_css() -> str:
    """One stylesheet for every page (nbconvert's lab template would inline 270 KB of it into each):
    JupyterLab's notebook CSS, its light theme, and its dark theme's variables when the reader's system
    prefers dark (all shipped with nbconvert), plus the lab template's own small rules."""
    static = LAB_TEMPLATE / "static"
    template = (LAB_TEMPLATE / "index.html.j2").read_text(encoding="utf-8")
    block = template.split("{% block notebook_css %}", 1)[-1].split("{% endblock notebook_css %}", 1)[0]
    own_rules = "\n".join(re.findall(r'<style type="text/css">(.*?)</style>', block, re.S))
    dark = (static / "theme-dark.css").read_text(encoding="utf-8")
    return "\n".join([
        (static / "index.css").read_text(encoding="utf-8"),
        (static / "theme-light.css").read_text(encoding="utf-8"),
        own_rules,
        "@media (prefers-color-scheme: dark) {\n" + dark + "\n}",
        (TEMPLATES / "site.css").read_text(encoding="utf-8"),
    ])


def trace_types(notebooks) -> set[str]:
    """Every Plotly trace type the notebooks' stored charts use (Plotly's default type is scatter)."""
    types = set()
    for nb in notebooks:
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                figure = output.get("data", {}).get(PLOTLY_MIME)
                if isinstance(figure, dict):
                    types |= {trace.get("type", "scatter") for trace in figure.get("data", [])}
    return types


def site_size(out: Path) -> int:
    return sum(p.stat().st_size for p in out.rglob("*") if p.is_file())


def build(out: Path, instructor: bool = False, notebooks: Path | None = None) -> list[Path]:
    folder = notebooks or course.LESSONS
    lessons = sorted(folder.glob("*.ipynb"))
    if not lessons:
        sys.exit(f"export: no notebooks in {folder}")
    if out.exists():
        shutil.rmtree(out)
    (out / "assets" / "mathjax").mkdir(parents=True)
    for source, name in ASSETS.items():
        if not source.exists():
            sys.exit(f"export: {source} is missing; run npm install (or npm start once) to install dependencies")
        shutil.copy(source, out / "assets" / name)
    (out / "assets" / "lesson.css").write_text(lesson_css(), encoding="utf-8")

    sources = [nbformat.read(lesson, as_version=4) for lesson in lessons]
    types = trace_types(sources)
    plotly = PLOTLY_CARTESIAN if types <= CARTESIAN_TRACES else PLOTLY_FULL
    if not plotly.exists():
        sys.exit(f"export: {plotly} is missing; run npm run setup (or npm start once) to install and build it")
    shutil.copy(plotly, out / "assets" / "plotly.min.js")
    print(f"export: charts use {', '.join(sorted(types)) or 'no traces'}: shipping {plotly.name} ({plotly.stat().st_size / 1e6:.1f} MB)")

    exporter = HTMLExporter(template_name="lesson", extra_template_basedirs=[str(TEMPLATES)])
    entries = []
    pages = []
    for lesson, nb in zip(lessons, sources):
        number = lesson_number(lesson)
        title = display_title(number, lesson_title(nb, lesson.stem))
        summary = lesson_summary(nb)
        shown = nb if instructor else student_version(nb, lesson.name)
        shown.metadata["title"] = f"{title} — {SITE_TITLE}"
        without_running_notes(shown)
        without_plotly_snapshots(shown)
        with_chart_html(shown)
        body, _ = exporter.from_notebook_node(
            shown, resources={"metadata": {"name": lesson.stem}}
        )
        # Links between lessons point at notebooks; on the site they are pages.
        body = re.sub(r'href="([^"#:]+)\.ipynb(#[^"]*)?"', r'href="\1.html\2"', body)
        page = out / f"{lesson.stem}.html"
        page.write_text(body, encoding="utf-8")
        pages.append(page)
        entries.append((number, page.name, title, summary))
        print(f"export: {page} ({len(body) // 1024} KB)")

    # The kernel's display name from tools/course.json (one home), not spelt out in the template.
    intro = markdown_to_html((TEMPLATES / "site-intro.md").read_text(encoding="utf-8").replace("{kernel}", course.KERNELSPEC["display_name"]))
    def item(number, href, title, summary):
        value = "" if number is None else f' value="{number}"'
        return f'<li{value}><a href="{href}">{html.escape(title)}</a>{summary}</li>'

    items = "\n".join(item(*entry) for entry in entries)
    edition = "Instructor edition: includes reference solutions and hidden tests. Do not publish." if instructor else ""
    index = (TEMPLATES / "index.html").read_text(encoding="utf-8")
    index = index.replace("{{title}}", html.escape(SITE_TITLE)).replace("{{intro}}", intro).replace("{{lessons}}", items)
    index = index.replace("{{edition}}", f'<p class="edition">{edition}</p>' if edition else "")
    (out / "index.html").write_text(index, encoding="utf-8")

    if not instructor:
        check_student_site(pages + [out / "index.html"], lessons)
    kind = "instructor" if instructor else "student"
    print(f"export: {out / 'index.html'} and {len(pages)} lesson page(s), {kind} edition; "
          f"{site_size(out) / 1e6:.1f} MB in all; open index.html in a browser or put the folder on any web host")
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(prog="npm run export --", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="output folder (default: site/)")
    parser.add_argument("--instructor", action="store_true", help="include reference solutions and hidden tests (not for publishing)")
    parser.add_argument("--notebooks", type=Path, default=None, help="folder of notebooks to export (default: notebooks/)")
    args = parser.parse_args()
    build(args.out, instructor=args.instructor, notebooks=args.notebooks)
    return 0


if __name__ == "__main__":
    sys.exit(main())
