"""JupyterLab's save hook for the lessons: a saved notebook keeps each chart once, as Plotly JSON.

PyPI plotly's JupyterLab renderer (jupyterlab-plotly) adds a PNG snapshot of every chart it draws to the output
(`image/png` beside `application/vnd.plotly.v1+json`), and the next save writes it: lesson 01 grew from 249 KB
to 533 KB, and the growth travelled into submissions and backups. The lessons' JupyterLab now draws charts with
their own renderer, which writes nothing (lite/src/plotly-renderer.ts); this hook stays for notebooks saved
through this server by anything else (another renderer, a front end connected to it). Every front end the
course supports draws the chart from its JSON (JupyterLab, VS Code, the exported site), so the snapshot is
dropped on save. Other images (a student's own PNG output, a chart without Plotly JSON) are kept.

Loaded as a Jupyter server extension by the jupyter_server_config.py that tools/node/jupyter.mjs writes.
The grader needs no copy of it: it reads only the solution cells' source from a submission (grading/read.py),
so a snapshot never reaches grades or feedback (test/integration/grading-pipeline.test.ts).
"""
from __future__ import annotations

PLOTLY_MIME = "application/vnd.plotly.v1+json"
SNAPSHOT_MIME = "image/png"


def drop_plotly_snapshots(notebook) -> int:
    """Removes `image/png` from outputs that also carry Plotly JSON; returns how many were removed.

    Works on the plain dict JupyterLab saves (nbformat 4 JSON) and on nbformat's NotebookNode alike."""
    removed = 0
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []) or []:
            data = output.get("data")
            if isinstance(data, dict) and PLOTLY_MIME in data and SNAPSHOT_MIME in data:
                del data[SNAPSHOT_MIME]
                metadata = output.get("metadata")
                if isinstance(metadata, dict):
                    metadata.pop(SNAPSHOT_MIME, None)
                removed += 1
    return removed


def pre_save_hook(model, **kwargs) -> None:
    """jupyter_server's ContentsManager.pre_save_hook: called with the model about to be written."""
    if model.get("type") == "notebook" and isinstance(model.get("content"), dict):
        drop_plotly_snapshots(model["content"])


def _jupyter_server_extension_points() -> list[dict]:
    """This module is its own Jupyter server extension (enabled in the project's jupyter_server_config.py)."""
    return [{"module": __name__}]


def _load_jupyter_server_extension(serverapp) -> None:
    """Adds the hook to the server's contents manager (beside any pre_save_hook a user configured)."""
    serverapp.contents_manager.register_pre_save_hook(pre_save_hook)
