"""The project's Python tools: everything that speaks the Jupyter protocol (nbclient, nbformat, nbconvert).

Run each as a module from the repository root with `tools` on the path, as `npm run <name>` does through
tools/node/python.mjs: `python -m lessontools.verify notebooks/05-sigmoid-vs-softmax.ipynb`.
"""

import os as _os
from pathlib import Path as _Path

from .course import jupyter_state_variables as _jupyter_state_variables

# Jupyter state (kernel connection files above all) stays inside the project even when a tool is run
# directly rather than through npm: the same folders as jupyterEnv() in tools/node/project.mjs.
for _var, _dir in _jupyter_state_variables().items():
    _os.environ.setdefault(_var, _dir)
# IPython (imported by nbclient) warns "not a writable location" and falls back to a temp folder when the
# folder's parent does not exist yet, as on a fresh clone.
_Path(_os.environ["IPYTHONDIR"]).mkdir(parents=True, exist_ok=True)
