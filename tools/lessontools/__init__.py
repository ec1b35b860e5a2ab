"""The project's Python tools: everything that speaks the Jupyter protocol (nbclient, nbformat, nbconvert).

Run each as a module from the repository root with `tools` on the path, as `npm run <name>` does through
tools/node/python.mjs: `python -m lessontools.verify notebooks/05-sigmoid-vs-softmax.ipynb`.
"""
