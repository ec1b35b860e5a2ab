"""npm run site [-- --serve] [--port N]

Builds site/, the student site, with no network: the read-only lesson pages of `npm run export` (export.py:
fast to open, charts with sliders, formulas) at the top, and lite/, a JupyterLite app in which the same
lessons (the student versions, as `npm run assignments` makes them, with their README) run in the browser
tab with nothing installed. Each lesson page links to its notebook in the app ("Run this lesson in your
browser"). The app's kernel (course.json's browserKernel) is the project's own (lite/, built by tools/node/site.mjs
before this runs) and is registered under the lessons' kernel name, so every lesson opens with it unchanged.

Runs in .venv (nbconvert, for the pages); JupyterLite's build runs in .venv-site (requirements-site.txt),
whose executable tools/node/site.mjs passes with --jupyter. docs/browser-edition.md says how to publish it.
"""
from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from . import course, export
from .course import KERNEL_NAME
from .exercises import student_notebook
from .course import ROOT
from .notebooks import lessons
from .workspace import readme_text

LITE = "lite"  # the app's folder inside the site
SITE_README = Path(__file__).resolve().parent / "site_README.md"
# Prebuilt extensions of .venv-site that the app loads: the JavaScript kernel ours wraps. (Charts are drawn
# by our extension with the pages' plotly.js, not by Plotly's renderer, which ships a second one: 4.8 MB.)
BUNDLED_EXTENSIONS = ["@jupyterlite/javascript-kernel-extension"]
# The stock JavaScript kernels' plugins: the site offers one kernel, the lessons' own.
HIDDEN_PLUGINS = [
    "@jupyterlite/javascript-kernel-extension:kernel-iframe",
    "@jupyterlite/javascript-kernel-extension:kernel-worker",
]


def run_link(notebook: str) -> str:
    """The app's address for one lesson, relative to a page at the top of the site."""
    return f"{LITE}/notebooks/index.html?path={notebook}"


def insert_after_opening(page: str, snippet: str, after_title: bool = False) -> str:
    """`snippet` at the top of the page's content: after <main>, else after <body …> (the export owns the
    template; this stays right however it changes); with `after_title`, after the page's <h1> if it has one."""
    for pattern in ((r"</h1>",) if after_title else ()) + (r"<main[^>]*>", r"<body[^>]*>"):
        match = re.search(pattern, page)
        if match:
            return page[: match.end()] + "\n" + snippet + page[match.end():]
    raise SystemExit("site: a page has no <body>: cannot add the link to the browser edition")


RUN_STYLE = (
    "display:inline-block;margin:0.5em 0;padding:0.35em 0.9em;border-radius:4px;"
    "background:#0b5cad;color:#fff;text-decoration:none;font-weight:600"
)


# The link's paragraph in the interface's font (nbconvert's lab page sets a serif body), under the "All lessons" link.
RUN_BOX_STYLE = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0.5em 0"


def add_run_links(out: Path, notebooks: list[Path]) -> None:
    for notebook in notebooks:
        page = out / f"{notebook.stem}.html"
        link = (
            f'<p class="run-in-browser" style="{RUN_BOX_STYLE}"><a href="{html.escape(run_link(notebook.name), quote=True)}" style="{RUN_STYLE}">'
            "▶ Run this lesson in your browser</a> <small>nothing to install; your edits stay in this browser</small></p>"
        )
        page.write_text(insert_after_opening(page.read_text(encoding="utf-8"), link), encoding="utf-8")
    index = out / "index.html"
    note = (
        f'<p class="run-in-browser" style="{RUN_BOX_STYLE}"><strong>Run the lessons in your browser:</strong> each lesson page has a '
        f'“Run this lesson in your browser” link, or open <a href="{LITE}/lab/index.html?path=README.md">all lessons '
        "in JupyterLite</a>: TypeScript runs in the browser tab, with nothing to install.</p>"
    )
    index.write_text(insert_after_opening(index.read_text(encoding="utf-8"), note, after_title=True), encoding="utf-8")


def write_contents(folder: Path, sources: list[Path]) -> None:
    """The student versions of the lessons and the README, which says where the work lives in the browser."""
    folder.mkdir(parents=True)
    for source in sources:
        nb = nbformat.read(source, as_version=4)
        # Outputs cleared (as `npm run assignments -- --clear-outputs` does): the pages show them, and a
        # notebook that opens without 40 stored charts is ready to run sooner (and the site is 2.4 MB lighter).
        released = student_notebook(nb, source.name, outputs="none")
        # The kernelspec the app's kernel reports (its display name; language_info is already the kernel's,
        # lite/src/kernel.ts): a lesson opened and left untouched is not marked changed.
        released.metadata["kernelspec"] = {**released.metadata.get("kernelspec", {}), "display_name": course.COURSE["browserKernel"]["displayName"]}
        nbformat.validate(released)
        nbformat.write(released, folder / source.name)
    release = readme_text(sources, workspace=False)
    title, _, rest = release.partition("\n")
    # The kernel's display name comes from tools/course.json (one home), not from the README's text.
    browser = SITE_README.read_text(encoding="utf-8").replace("{browser_kernel}", course.COURSE["browserKernel"]["displayName"])
    (folder / "README.md").write_text(f"{title}\n\n{browser.strip()}\n{rest}", encoding="utf-8")


def lite_config() -> dict:
    return {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "Activation and loss functions",
            "defaultKernelName": KERNEL_NAME,
            "disabledExtensions": HIDDEN_PLUGINS,
            # One storage per site address: two courses on one host keep apart.
            "contentsStorageName": "activation-loss-lessons",
            # A Markdown file (the README the index links to) opens rendered, not as source.
            "settingsOverrides": {"@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"markdown": "Markdown Preview"}}},
        },
    }


def build_lite(out: Path, jupyter: str, extension: Path, sources: list[Path]) -> None:
    # Next to the output (site/ → .site-build/), so two builds into different folders never share it.
    work = out.parent / f".{out.name}-build"
    shutil.rmtree(work, ignore_errors=True)
    try:
        write_contents(work / "files", sources)
        (work / "jupyter-lite.json").write_text(json.dumps(lite_config(), indent=2), encoding="utf-8")
        # Only the extensions the lessons need, named one by one (the environment also holds ones that
        # come with jupyter-server, e.g. a syntax-highlighting theme the app does not use).
        installed = Path(jupyter).resolve().parent.parent / "share" / "jupyter" / "labextensions"
        wanted = [str(extension)] + [str(installed / name) for name in BUNDLED_EXTENSIONS]
        build_config = {"LiteBuildConfig": {"federated_extensions": wanted, "ignore_sys_prefix": ["federated_extensions"]}}
        (work / "jupyter_lite_config.json").write_text(json.dumps(build_config, indent=2), encoding="utf-8")
        command = [
            jupyter, "lite", "build",
            "--lite-dir", str(work),
            "--contents", str(work / "files"),
            "--output-dir", str(out / LITE),
            "--apps", "lab", "--apps", "notebooks", "--apps", "tree",
            "--no-sourcemaps", "--no-unused-shared-packages",
        ]
        result = subprocess.run(command, cwd=work, capture_output=True, text=True)
        if result.returncode != 0:
            sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
            raise SystemExit(f"site: jupyter lite build failed (exit {result.returncode})")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    prune_fonts(out / LITE)


def prune_fonts(app: Path) -> None:
    """Font Awesome's legacy formats (.eot, .svg, .ttf, .woff: 2.9 MB) where a .woff2 of the same font is
    shipped: the stylesheet lists .woff2 first and every browser the app runs in reads it."""
    for woff2 in app.rglob("*.woff2"):
        for legacy in (".eot", ".svg", ".ttf", ".woff"):
            woff2.with_suffix(legacy).unlink(missing_ok=True)


def build(out: Path, jupyter: str, extension: Path) -> None:
    sources = lessons()
    export.build(out)
    add_run_links(out, sources)
    build_lite(out, jupyter, extension, sources)
    size = export.site_size(out)
    print(f"site: {out} — {len(sources)} lesson pages and the in-browser app ({LITE}/), {size / 1e6:.1f} MB in all")


def main() -> int:
    parser = argparse.ArgumentParser(prog="npm run site --", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="output folder (default: site/)")
    parser.add_argument("--jupyter", required=True, help="the jupyter executable of .venv-site (tools/node/site.mjs passes it)")
    parser.add_argument("--extension", type=Path, required=True, help="the built kernel extension (lite/build.mjs)")
    args = parser.parse_args()
    build(args.out.resolve(), args.jupyter, args.extension.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
