// Classroom hosting: the Binder/repo2docker post-build steps, run in a clean copy of the repository, give a
// working TypeScript kernel that executes a lesson with kernel-lib.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PYTHON, ROOT } from "../helpers/python";
import { COURSE } from "../helpers/course";
import { jupyterEnv } from "../../tools/node/project.mjs";

function trackedFiles(): string[] {
  const r = spawnSync("git", ["ls-files", "-co", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ls-files failed: ${r.stderr}`);
  return r.stdout.split("\n").filter((f) => f && existsSync(path.join(ROOT, f)));
}

describe("Binder / JupyterHub post-build", () => {
  it("postBuild in a clean copy registers the kernel, builds kernel-lib, installs the lessons' chart renderer, and a lesson verifies there", () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), "lessons-binder-"));
    try {
      for (const file of trackedFiles()) {
        mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
        cpSync(path.join(ROOT, file), path.join(copy, file));
      }
      expect(existsSync(path.join(copy, "node_modules"))).toBe(false);
      // repo2docker installs requirements.txt into the image's Python before postBuild; .venv plays that
      // image here, with the kernel registered under a prefix of the copy's own.
      const prefix = path.join(copy, ".image-prefix");
      const build = spawnSync("bash", ["postBuild"], {
        cwd: copy,
        encoding: "utf8",
        env: { ...process.env, PYTHON, KERNEL_PREFIX: prefix, npm_config_prefer_offline: "true" },
        timeout: 300_000,
      });
      expect(build.status, build.stdout + build.stderr).toBe(0);
      const spec = JSON.parse(readFileSync(path.join(prefix, `share/jupyter/kernels/${COURSE.kernel.name}/kernel.json`), "utf8"));
      expect(spec.argv[1]).toBe(path.join(copy, "node_modules/tslab/bin/tslab"));
      expect(existsSync(path.join(copy, "kernel-lib/dist/index.d.ts"))).toBe(true);
      // The lessons' Plotly renderer, where the image's JupyterLab finds prebuilt extensions (PyPI plotly is not installed).
      const renderer = JSON.parse(readFileSync(path.join(prefix, "share/jupyter/labextensions/@activation-loss-lessons/plotly-renderer/package.json"), "utf8"));
      expect(renderer.jupyterlab.mimeExtension).toBe(true);
      expect(existsSync(path.join(prefix, "share/jupyter/labextensions/@activation-loss-lessons/plotly-renderer/static/remoteEntry.js"))).toBe(true);
      // JupyterLab itself finds it there (no project config: Jupyter's state in an empty scratch folder, as in the image).
      const listed = spawnSync(PYTHON, ["-m", "jupyter", "labextension", "list"], {
        encoding: "utf8",
        env: { ...jupyterEnv(process.env, mkdtempSync(path.join(copy, "state-"))), JUPYTER_PATH: path.join(prefix, "share/jupyter"), NO_COLOR: "1" },
      });
      expect((listed.stdout + listed.stderr).replace(/\x1b\[[0-9;]*m/g, "")).toMatch(/@activation-loss-lessons\/plotly-renderer v\S+ enabled OK/);

      const lesson = readFileSync(path.join(ROOT, "notebooks", "README.md"), "utf8").match(/\(([^)]*05-[^)]*\.ipynb)\)/)?.[1] ?? "05-sigmoid-vs-softmax.ipynb";
      const verify = spawnSync(PYTHON, ["-m", "lessontools.verify", path.join("notebooks", path.basename(lesson))], {
        cwd: copy,
        encoding: "utf8",
        // JUPYTER_PATH comes first in Jupyter's search, so the copy's kernel is the one that runs.
        env: { ...process.env, PYTHONPATH: path.join(copy, "tools"), JUPYTER_PATH: path.join(prefix, "share/jupyter") },
        timeout: 300_000,
      });
      expect(verify.stdout + verify.stderr).toMatch(/verify: 1 of 1 notebook\(s\) reproduce, 0 failed/);
      expect(verify.status).toBe(0);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 600_000);
});

describe("saved lessons keep each chart once (tools/jupyter/save_hook.py)", () => {
  it("the pre-save hook drops image/png only from outputs that carry Plotly JSON", () => {
    const notebook = {
      cells: [
        { cell_type: "code", outputs: [{ output_type: "display_data", data: { "application/vnd.plotly.v1+json": { data: [] }, "image/png": "AAAA", "text/plain": "[chart]" }, metadata: { "image/png": { width: 10 } } }] },
        { cell_type: "code", outputs: [{ output_type: "display_data", data: { "image/png": "BBBB" }, metadata: {} }] },
        { cell_type: "markdown", source: "text" },
      ],
    };
    const script = [
      "import json, runpy, sys",
      `hook = runpy.run_path(${JSON.stringify(path.join(ROOT, "tools", "jupyter", "save_hook.py"))})["pre_save_hook"]`,
      "model = {'type': 'notebook', 'content': json.load(sys.stdin)}",
      "hook(model=model, path='lesson.ipynb', contents_manager=None)",
      "print(json.dumps(model['content']))",
    ].join("\n");
    const r = spawnSync(PYTHON, ["-c", script], { input: JSON.stringify(notebook), encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const saved = JSON.parse(r.stdout);
    expect(Object.keys(saved.cells[0].outputs[0].data).sort()).toEqual(["application/vnd.plotly.v1+json", "text/plain"]);
    expect(saved.cells[0].outputs[0].metadata).toEqual({});
    expect(saved.cells[1].outputs[0].data).toEqual({ "image/png": "BBBB" });
  });

  it("set-up's Jupyter config loads the hook, and a save through jupyter_server's contents manager drops the snapshot", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "lessons-config-"));
    try {
      const jupyter: { installJupyterConfig(configDir: string): void } = await import(path.join(ROOT, "tools", "node", "jupyter.mjs"));
      jupyter.installJupyterConfig(dir);
      // The config enables a server extension (the hook module itself); load it as jupyter_server would and save.
      const script = [
        "import importlib, json, os, sys",
        "from traitlets.config.loader import PyFileConfigLoader",
        "from jupyter_server.services.contents.filemanager import FileContentsManager",
        `config = PyFileConfigLoader("jupyter_server_config.py", path=${JSON.stringify(dir)}).load_config()`,
        "extensions = config.ServerApp.jpserver_extensions",
        "extensions = extensions.get_value({}) if hasattr(extensions, 'get_value') else extensions",
        "names = [name for name, on in extensions.items() if on]",
        "assert len(names) == 1, names",
        "module = importlib.import_module(names[0])",
        "points = module._jupyter_server_extension_points()",
        "class Server: pass",
        "server = Server()",
        `server.contents_manager = FileContentsManager(root_dir=${JSON.stringify(dir)})`,
        "importlib.import_module(points[0]['module'])._load_jupyter_server_extension(server)",
        "output = {'output_type': 'display_data', 'metadata': {}, 'data': {'application/vnd.plotly.v1+json': {'data': []}, 'image/png': 'iVBOR'}}",
        "cell = {'cell_type': 'code', 'id': 'c1', 'metadata': {}, 'execution_count': 1, 'source': 'show(chart)', 'outputs': [output]}",
        "nb = {'nbformat': 4, 'nbformat_minor': 5, 'metadata': {}, 'cells': [cell]}",
        "server.contents_manager.save({'type': 'notebook', 'format': 'json', 'content': nb}, 'saved.ipynb')",
        `saved = json.load(open(os.path.join(${JSON.stringify(dir)}, 'saved.ipynb')))`,
        "print(names[0], sorted(saved['cells'][0]['outputs'][0]['data']))",
      ].join("\n");
      const r = spawnSync(PYTHON, ["-c", script], { encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout.trim()).toBe("save_hook ['application/vnd.plotly.v1+json']");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
