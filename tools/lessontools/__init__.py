"""The project's Python tools: everything that speaks the Jupyter protocol (nbclient, nbformat, nbconvert).

Run each as a module from the repository root with `tools` on the path, as `npm run <name>` does through
tools/node/python.mjs: `python -m lessontools.verify notebooks/05-sigmoid-vs-softmax.ipynb`.
"""

import os as _os
from pathlib import Path as _Path

# Jupyter state (kernel connection files above all) stays inside the project even when a tool is run
# directly rather than through npm: the same folders as jupyterEnv() in tools/node/setup.mjs.
_STATE = _Path(_os.environ.get("LESSONS_JUPYTER_STATE") or _Path(__file__).resolve().parents[2] / ".jupyter")
for _var, _sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"), ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython")):
    _os.environ.setdefault(_var, str(_STATE / _sub))
# IPython (imported by nbclient) warns "not a writable location" and falls back to a temp folder when the
# folder's parent does not exist yet, as on a fresh clone.
_Path(_os.environ["IPYTHONDIR"]).mkdir(parents=True, exist_ok=True)
