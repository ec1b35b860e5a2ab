/**
 * One home per shared fact: kernel names and display names, Jupyter's state folders and variables, the
 * default workspace folder (tools/course.json), and JupyterLab's launch arguments (tools/node/jupyter.mjs).
 * A copy anywhere else in tools/ (its templates too), lite/, test/, kernel-lib/ or nbgrader_config.py fails
 * here, naming file and line;
 * read the fact from its home instead (Node: tools/node/project.mjs, Python: lessontools.course, tests:
 * test/helpers/course.ts). Notebooks (.ipynb) are data and name their kernelspec; they are not scanned.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PREVIOUS_CELL_VARIABLE } from "../../kernel-lib/src/check/deno-session";
import { COURSE } from "../helpers/course";
import { copiesOf, sourceFiles, type Fact } from "../helpers/layering";

const ROOT = path.resolve(__dirname, "..", "..");
const COURSE_JSON = "tools/course.json";
const LAUNCHER = "tools/node/jupyter.mjs";
const quoted = (text: string) => new RegExp(`["'\`/]${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}["'\`]`);

const FACTS: Fact[] = [
  { what: "tslab's kernel name", pattern: COURSE.kernel.name, home: COURSE_JSON },
  { what: "tslab's display name", pattern: COURSE.kernel.displayName, home: COURSE_JSON },
  { what: "Deno's kernel name", pattern: COURSE.denoKernel.name, home: COURSE_JSON },
  { what: "Deno's display name", pattern: COURSE.denoKernel.displayName, home: COURSE_JSON },
  { what: "the browser kernel's display name", pattern: COURSE.browserKernel.displayName, home: COURSE_JSON },
  { what: "Jupyter's state folder", pattern: quoted(COURSE.jupyterState.folder), home: COURSE_JSON },
  // A state variable given its folder on the same line (`JUPYTER_CONFIG_DIR: path.join(state, "config")`).
  ...Object.entries(COURSE.jupyterState.variables).map(([name, sub]) => ({
    what: `Jupyter's state variable ${name} and its folder`,
    pattern: new RegExp(`${name}\\b.*${quoted(sub.split("/").pop()!).source}`),
    home: COURSE_JSON,
  })),
  // A state variable set or listed by name (`env.JUPYTER_CONFIG_DIR = dir`, `["IPYTHONDIR", …]`): the set of
  // variables and their folders are course.json's; reading one (`vars.JUPYTER_RUNTIME_DIR`) is fine.
  ...Object.keys(COURSE.jupyterState.variables).map((name) => ({
    what: `Jupyter's state variable ${name} set or listed`,
    pattern: new RegExp(`\\b${name}\\s*(=(?!=)|:\\s*(path|mkdtemp|\\S*join|["'\`]))|["'\`]${name}["'\`]\\s*,|,\\s*["'\`]${name}["'\`]`),
    home: COURSE_JSON,
  })),
  // The workspace folder's default: joined to the project root, or a fallback after `||` / `or`.
  { what: "the default workspace folder", pattern: new RegExp(`(ROOT\\b[^"'\`]*|\\|\\|\\s*|\\bor\\s+)["'\`]${COURSE.folders.workspace}["'\`]`), home: COURSE_JSON },
  ...["ServerApp.root_dir", "LabApp.default_url", "allowed_kernelspecs", "ensure_native_kernel", "default_kernel_name", "check_for_updates_class", "LanguageServerManager"].map(
    (option) => ({ what: `JupyterLab's launch argument or setting ${option}`, pattern: option, home: LAUNCHER }),
  ),
];

// Every file but this one, which names what it looks for; and the text templates the tools fill in.
const templates = sourceFiles(ROOT, ["tools/lessontools"], /\.(md|html|css)$/);
const files = [...sourceFiles(ROOT, ["tools", "lite", "test", "kernel-lib", "nbgrader_config.py"]), ...templates].filter((f) => f !== "test/unit/one-home.test.ts");

describe("each shared fact has one home", () => {
  it("scans the tree (so the check below is not vacuous)", () => {
    expect(files.length).toBeGreaterThan(100);
    for (const must of [COURSE_JSON, LAUNCHER, "tools/node/setup.mjs", "tools/lessontools/course.py", "test/helpers/browser.ts", "nbgrader_config.py", "lite/src/extension.ts", "tools/lessontools/site_README.md", "tools/lessontools/export_template/site-intro.md"]) expect(files).toContain(must);
    expect(files.some((f) => f.startsWith("lite/build/"))).toBe(false);
    expect(files.some((f) => f.endsWith(".ipynb") || f.includes("node_modules") || f.includes("/dist/"))).toBe(false);
  });

  it("finds each fact in its home (the pattern matches what it guards)", () => {
    // The workspace and "set or listed" patterns describe a copy's shape (joined to ROOT, a fallback; an
    // assignment, a list); the pasted lines below test them.
    for (const fact of FACTS.filter((f) => !f.what.includes("workspace") && !f.what.endsWith("set or listed"))) expect(copiesOf(fact, [fact.home], (f) => readFileSync(path.join(ROOT, f), "utf8")), fact.what).not.toEqual([]);
  });

  it("finds a copy where one is pasted", () => {
    const pasted = [
      `const spec = "${COURSE.denoKernel.name}";`,
      `const ws = path.join(ROOT, "${COURSE.folders.workspace}");`,
      `args.push("--KernelSpecManager.allowed_kernelspecs=x");`,
      `env.JUPYTER_CONFIG_DIR = mkdtempSync("cfg-");`,
      `for (const name of ["IPYTHONDIR", "JUPYTER_DATA_DIR"]) delete env[name];`,
      `const runtime = vars.JUPYTER_RUNTIME_DIR; if (env.IPYTHONDIR === x) stop();`,
    ].join("\n");
    const found = FACTS.flatMap((fact) => copiesOf(fact, ["tools/node/pasted.mjs"], () => pasted)).sort();
    expect(found).toEqual([
      `tools/node/pasted.mjs:1: Deno's kernel name (its home: ${COURSE_JSON})`,
      `tools/node/pasted.mjs:2: the default workspace folder (its home: ${COURSE_JSON})`,
      `tools/node/pasted.mjs:3: JupyterLab's launch argument or setting allowed_kernelspecs (its home: ${LAUNCHER})`,
      `tools/node/pasted.mjs:4: Jupyter's state variable JUPYTER_CONFIG_DIR set or listed (its home: ${COURSE_JSON})`,
      `tools/node/pasted.mjs:5: Jupyter's state variable IPYTHONDIR set or listed (its home: ${COURSE_JSON})`,
      `tools/node/pasted.mjs:5: Jupyter's state variable JUPYTER_DATA_DIR set or listed (its home: ${COURSE_JSON})`,
    ].sort());
  });

  it("no copy anywhere else", () => {
    const copies = FACTS.flatMap((fact) => copiesOf(fact, files, (f) => readFileSync(path.join(ROOT, f), "utf8")));
    expect(copies, `read these from their home instead:\n${copies.join("\n")}`).toEqual([]);
  });
});

describe("the lessons store the course's kernel identity", () => {
  // npm start -- --kernel deno runs Deno under this kernelspec, and the Deno relay reports this
  // language_info (tools/node/deno.mjs, denoSession): a lesson opened on either kernel keeps both.
  const lessons = readdirSync(path.join(ROOT, "notebooks")).filter((f) => /^\d\d-.*\.ipynb$/.test(f));
  it.each(lessons)("%s names course.json's kernelspec and language_info", (lesson) => {
    const { kernelspec, language_info } = JSON.parse(readFileSync(path.join(ROOT, "notebooks", lesson), "utf8")).metadata;
    expect(kernelspec).toEqual({ name: COURSE.kernel.name, display_name: COURSE.kernel.displayName, language: COURSE.kernel.language });
    expect(language_info).toEqual(COURSE.kernel.languageInfo);
  });
});

describe("a fact kernel-lib cannot read from its home", () => {
  // kernel-lib is compiled from its own src/ alone (and bundled for the browser), so it keeps a copy of the
  // variable through which Deno's relay names its previous-cell file; the relay reads course.json.
  it("Deno's previous-cell variable: kernel-lib's copy is course.json's", () => {
    expect(COURSE.denoKernel.previousCellVariable).toMatch(/^[A-Z_]+$/);
    expect(PREVIOUS_CELL_VARIABLE).toBe(COURSE.denoKernel.previousCellVariable);
  });
});
