"""npm run export [-- [--out site]]

Builds a static site of the lessons that works with no network: site/index.html (the lesson index),
one page per lesson rendered by nbconvert from its stored outputs, and site/assets/ with plotly.js and
MathJax shipped once for the whole site. Charts are drawn from each output's HTML fallback (which calls
the page's plotly.js), formulas are typeset by the local MathJax.
"""
from __future__ import annotations

import argparse
import html
import shutil
import sys
from pathlib import Path

import nbformat
from mistune import html as markdown_to_html
from nbconvert import HTMLExporter

from .notebook_runner import ROOT

TEMPLATES = Path(__file__).resolve().parent / "export_template"
ASSETS = {
    ROOT / "node_modules" / "plotly.js-dist" / "plotly.js": "plotly.js",
    ROOT / "node_modules" / "mathjax" / "es5" / "tex-svg-full.js": "mathjax/tex-svg-full.js",
}


def lesson_title(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def build(out: Path) -> list[Path]:
    lessons = sorted((ROOT / "notebooks").glob("*.ipynb"))
    if not lessons:
        sys.exit("export: no notebooks in notebooks/")
    if out.exists():
        shutil.rmtree(out)
    (out / "assets" / "mathjax").mkdir(parents=True)
    for source, name in ASSETS.items():
        if not source.exists():
            sys.exit(f"export: {source} is missing; run npm start or npm test once to install dependencies")
        shutil.copy(source, out / "assets" / name)

    exporter = HTMLExporter(template_name="lesson", extra_template_basedirs=[str(TEMPLATES)])
    pages = []
    for lesson in lessons:
        nb = nbformat.read(lesson, as_version=4)
        title = lesson_title(nb, lesson.stem)
        nb.metadata["title"] = title
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": lesson.stem}})
        page = out / f"{lesson.stem}.html"
        page.write_text(body, encoding="utf-8")
        pages.append((page, title))
        print(f"export: {page} ({len(body) // 1024} KB)")

    readme = ROOT / "notebooks" / "README.md"
    intro = markdown_to_html(readme.read_text(encoding="utf-8")) if readme.exists() else ""
    # Links in the README point at .ipynb files; on the site they are pages.
    intro = intro.replace(".ipynb", ".html")
    items = "\n".join(f'<li><a href="{p.name}">{html.escape(t)}</a></li>' for p, t in pages)
    index = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Activation and loss functions: lessons</title>
<style>body {{ font-family: system-ui, sans-serif; max-width: 52em; margin: 2em auto; padding: 0 1em; line-height: 1.5; }}</style>
</head><body>
<h1>Activation and loss functions: lessons</h1>
<ol class="lessons">
{items}
</ol>
<hr>
{intro}
</body></html>
"""
    (out / "index.html").write_text(index, encoding="utf-8")
    print(f"export: {out / 'index.html'} and {len(pages)} lesson page(s); open it in a browser, no server or network needed")
    return [p for p, _ in pages]


def main() -> int:
    parser = argparse.ArgumentParser(prog="npm run export --", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="output folder (default: site/)")
    args = parser.parse_args()
    build(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
