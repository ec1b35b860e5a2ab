// The grading pipeline's own defences, fast: the rules that make student-controlled text safe (terminal, CSV,
// Markdown), withhold test code and read a notebook without trusting its shape are called from Python on
// inputs written here (test/helpers/grading_units.py; no kernel), with the expected values written here too.
// Then one `npm run grade` over a class of hostile folder names, links and malformed notebooks beside one
// honest student: everyone gets a report, the honest one full marks, and nothing an instructor opens —
// terminal, grades.csv, feedback files — carries a control character, a formula, raw HTML or a linked file's
// content. Lessons not started run no kernel, so only the honest submission starts one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PYTHON, ROOT, TOOL_ENV, runTool } from "../helpers/python";
import { parseCsv } from "../helpers/csv";

const LESSON = "03-activation-functions.ipynb";
type Cell = { cell_type: string; source: unknown; metadata: { nbgrader?: unknown } & Record<string, unknown> };
type Notebook = { cells: Cell[]; nbformat: number };
const read = (file: string): Notebook => JSON.parse(readFileSync(file, "utf8"));
const isSolution = (c: Cell) => (c.metadata.nbgrader as { solution?: boolean } | undefined)?.solution === true;
const reference = read(path.join(ROOT, "notebooks", LESSON));
const FULL = reference.cells
  .filter((c) => (c.metadata.nbgrader as { grade?: boolean } | undefined)?.grade === true && c.cell_type === "code")
  .reduce((sum, c) => sum + Number((c.metadata.nbgrader as { points: number }).points), 0);

/** Control characters (C0 but newline, DEL, C1) and bidirectional controls. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

let work: string;

function units(ask: object): Record<string, any> {
  const r = spawnSync(PYTHON, [path.join(ROOT, "test", "helpers", "grading_units.py")], {
    input: JSON.stringify(ask), encoding: "utf8", env: TOOL_ENV, cwd: ROOT, timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), "lessons-grading-pipeline-"));
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("text a student controls, made safe (no kernel)", () => {
  it("clean removes escape sequences, C0/C1 controls and bidi controls, keeps text and newlines, caps the length", () => {
    const [osc, csi, c1, bidi, keep, long] = units({
      clean: [
        "a\u001b]52;c;cm0gLXJmIH4K\u0007b\u001b]0;title\u001b\\c",
        "x\u001b[2K\u001b[1A\u001b[31mred\u001b[0m",
        "p\u009b31mq\u0085r\u0090dcs\u009cs",
        "abc\u202edef\u2066g\u2069\u200fh",
        "ok ✓ line one\nline two 😀 e\u0301",
        "y".repeat(2500),
      ],
    }).clean;
    expect(osc).toBe("abc");
    expect(csi).toBe("xred");
    expect(c1).toBe("pq\nrs");
    expect(bidi).toBe("abcdefgh");
    expect(keep).toBe("ok ✓ line one\nline two 😀 e\u0301");
    expect(long).toBe("y".repeat(2000) + "… (500 more characters)");
  });

  it("names are one line of at most 80 characters", () => {
    const [two, long, empty] = units({ name: ["carol\nscore: 99/99", "n".repeat(100), "\u001b[2J"] }).name;
    expect(two).toBe("carol score: 99/99");
    expect(long).toBe("n".repeat(80) + "… (20 more characters)");
    expect(empty).toBe("(no name)");
  });

  it("CSV fields never start like a formula (=, +, -, @; tab and CR become spaces)", () => {
    const out = units({ csv: ['=HYPERLINK("https://evil.example","open")', "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "plain, text", "1-2"] }).csv;
    expect(out).toEqual(["'=HYPERLINK(\"https://evil.example\",\"open\")", "'+1", "'-2+3", "'@SUM(A1)", " =1", " =1", "plain, text", "1-2"]);
  });

  it("Markdown text has its HTML escaped and cannot make a link or end a table cell", () => {
    const out = units({ markdown: ["<img src=x onerror=alert(1)>", "[click](javascript:alert(1))", "a | b", "Tom & Jerry's"] }).markdown;
    expect(out).toEqual(["&lt;img src=x onerror=alert(1)&gt;", "\\[click\\](javascript:alert(1))", "a \\| b", "Tom &amp; Jerry&#x27;s"]);
  });

  it("feedback file names are unique per exact name and safe", () => {
    const stems: string[] = units({ stems: ["honest", "honest ", "a/b", "a_b", "../../etc", "\u001b]0;x\u0007bob", "Ann", "ann", "@SUM", "-2"] }).stems;
    expect(stems[0]).toBe("honest");
    expect(stems[1]).toMatch(/^honest-[0-9a-f]{8}$/);
    expect(stems[3]).toBe("a_b");
    expect(stems[2]).toMatch(/^a_b-[0-9a-f]{8}$/);
    expect(stems[4]).toMatch(/^etc-[0-9a-f]{8}$/);
    expect(stems[5]).toMatch(/^bob-[0-9a-f]{8}$/);
    expect(stems[8]).toMatch(/^SUM-[0-9a-f]{8}$/); // a spreadsheet would read "@SUM.md" as a formula
    expect(stems[9]).toMatch(/^2-[0-9a-f]{8}$/);
    expect(new Set(stems).size).toBe(stems.length);
    for (const s of stems) expect(s).toMatch(/^[\w.@-]+$/);
  });

  it("text holding a line of test code is recognised, labels and hints are not", () => {
    const test = 'exercise("l03-x", (t) => {\n  t.close(stableSigmoid(0), 0.5, "sigmoid at zero");\n  // BEGIN HIDDEN TESTS\n  t.close(stableSigmoid(-800), 0, "far left", { hint: "use the stable form for negative z" });\n  // END HIDDEN TESTS\n});';
    const texts = [
      "sigmoid at zero returned 0.3; expected 0.5 — use the stable form for negative z",
      `stableSigmoid(0) returned ${JSON.stringify(test)}; expected the number 0.5`,
      "(t) => {\n        t.close(stableSigmoid(-800),   0, \"far left\", { hint: \"use the stable form for negative z\" });\n}",
      "});",
    ];
    expect(units({ withhold: { tests: [test], texts } }).withhold).toEqual([false, true, true, false]);
  });
});

describe("reading a submission trusts none of its shape (no kernel)", () => {
  it("malformed cells are skipped with a note, unreadable files say why, a link is not followed", () => {
    const dir = path.join(work, "read");
    mkdirSync(dir, { recursive: true });
    const nb = (cells: unknown[]) => JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells });
    const chartWithSnapshot = {
      output_type: "display_data",
      data: { "application/vnd.plotly.v1+json": { data: [{ x: [1], y: [2] }], layout: {} }, "image/png": "iVBORw0KGgoSNAPSHOT", "text/plain": "[chart]" },
      metadata: { "image/png": { width: 600 } },
    };
    const solution = (source: unknown, nbgrader: unknown = { solution: true, grade_id: "s1" }) => ({ cell_type: "code", source, metadata: { nbgrader }, outputs: [] });
    const files: Record<string, string | Buffer> = {
      good: nb([solution(["const a = 1;\n", "a;"])]),
      // The same answer saved by a front end that adds PNG snapshots beside each chart (PyPI plotly's JupyterLab
      // renderer did): the read stage hands on the answers only, so no snapshot reaches grades or feedback.
      snapshots: nb([
        { ...solution(["const a = 1;\n", "a;"]), outputs: [chartWithSnapshot] },
        { cell_type: "code", source: "plot()", metadata: {}, outputs: [chartWithSnapshot, chartWithSnapshot] },
      ]),
      number: nb([solution(42)]),
      stringMeta: nb([solution("x", "solution")]),
      listId: nb([solution("x", { solution: true, grade_id: ["s1"] })]),
      twice: nb([solution("first"), solution("second")]),
      latin1: Buffer.from('{"cells": [], "x": "caf\u00e9"}', "latin1"),
      notJson: "not json",
      array: "[1, 2]",
      version3: JSON.stringify({ nbformat: 3, worksheets: [], cells: [] }),
      huge: Buffer.alloc(21 * 1024 * 1024, 32),
    };
    for (const [name, data] of Object.entries(files)) writeFileSync(path.join(dir, `${name}.ipynb`), data);
    symlinkSync(path.join(ROOT, "notebooks", LESSON), path.join(dir, "link.ipynb"));
    const names = [...Object.keys(files), "link"];
    const out = units({ read: names.map((n) => path.join(dir, `${n}.ipynb`)) }).read as { answers: Record<string, string>; notes: string[]; problem: string }[];
    const by = Object.fromEntries(names.map((n, i) => [n, out[i]]));
    expect(by.good).toEqual({ answers: { s1: "const a = 1;\na;" }, notes: [], problem: "" });
    expect(by.snapshots, "a submission with PNG snapshots reads exactly as one without").toEqual(by.good);
    expect(JSON.stringify(by.snapshots)).not.toContain("SNAPSHOT");
    expect(by.number.answers).toEqual({});
    expect(by.number.notes).toEqual(["cell 1 (s1): its source is not text; the cell was ignored"]);
    expect(by.stringMeta.notes).toEqual(["cell 1: its metadata.nbgrader is not an object; the cell was ignored"]);
    expect(by.listId.notes).toEqual(["cell 1: a solution cell whose grade_id is not a string; the cell was ignored"]);
    expect(by.twice).toEqual({ answers: { s1: "first" }, notes: ["cell 2: a second solution cell s1; only the first is graded"], problem: "" });
    expect(by.latin1.problem).toMatch(/not UTF-8 text/);
    expect(by.notJson.problem).toMatch(/it is not JSON/);
    expect(by.array.problem).toMatch(/not a Jupyter notebook/);
    expect(by.version3.problem).toMatch(/not a version-4 Jupyter notebook/);
    expect(by.huge.problem).toMatch(/it is 21 MB, more than the 20 MB/);
    expect(by.link.problem).toMatch(/symbolic link/);
    expect(JSON.stringify(by.link)).not.toContain("BEGIN SOLUTION");
  });

  it("the find stage refuses links (file or folder, at any depth) and paths outside the class, one file per lesson", () => {
    const cls = path.join(work, "find");
    for (const d of ["alice/old", "bob", "carol/nested"]) mkdirSync(path.join(cls, d), { recursive: true });
    writeFileSync(path.join(cls, "alice", LESSON), "{}");
    writeFileSync(path.join(cls, "alice", "old", LESSON), "{}");
    symlinkSync(path.join(ROOT, "notebooks", LESSON), path.join(cls, "bob", LESSON));
    symlinkSync(path.join(ROOT, "notebooks"), path.join(cls, "dave"));
    symlinkSync(path.join(ROOT, "notebooks"), path.join(cls, "carol", "nested", "work"));
    const found = units({ find: [cls] }).find as { path: string; student: string; refusal: string }[];
    const rel = found.map((f) => ({ ...f, path: path.relative(cls, f.path) }));
    expect(rel).toEqual([
      { path: `alice/${LESSON}`, student: "alice", refusal: "" },
      { path: `alice/old/${LESSON}`, student: "alice", refusal: `a second copy of ${LESSON} from the same student: only ${path.join(cls, "alice", LESSON)} is graded (one file per lesson)` },
      { path: `bob/${LESSON}`, student: "bob", refusal: `${LESSON} is a symbolic link: submissions must be the files themselves, so it was not read and scores 0` },
      { path: "carol/nested/work", student: "carol", refusal: "the folder work is a symbolic link: submissions must be the files themselves, so it was not read and scores 0" },
      { path: "dave", student: "dave", refusal: "the folder dave is a symbolic link: submissions must be the files themselves, so it was not read and scores 0" },
    ]);
  });
});

describe("a class of hostile names, links and malformed notebooks beside an honest student", () => {
  let run: ReturnType<typeof runTool>;
  let csv: string;
  let feedback: string;
  let cls: string;
  const HOSTILE = {
    escapes: "\u001b]52;c;cm0gLXJmIH4K\u0007\u001b]0;graded\u0007\u001b[2K\u001b[1Amallory\u202e",
    formula: '=HYPERLINK("https:evil.example","open")',
    plus: "+1",
    // Letters file names may hold, at the start: the feedback_file column must not begin a formula either.
    at: "@SUM",
    minus: "-2",
    html: "<img src=x onerror=alert(1)>",
    honest: "honest",
    honestSpace: "honest ",
  };

  beforeAll(() => {
    const release = path.join(work, "release");
    const made = runTool(["assignments", "--out", release, `notebooks/${LESSON}`]);
    if (made.status !== 0) throw new Error(made.output);
    const student = read(path.join(release, LESSON));
    cls = path.join(work, "class");
    const put = (who: string, data: string | Buffer, name = LESSON) => {
      mkdirSync(path.join(cls, who), { recursive: true });
      writeFileSync(path.join(cls, who, name), data);
    };
    for (const who of Object.values(HOSTILE)) put(who, JSON.stringify(student));
    put("reference", readFileSync(path.join(ROOT, "notebooks", LESSON)));
    const broken = (change: (cell: Cell) => void) => {
      const nb = read(path.join(release, LESSON));
      change(nb.cells.filter(isSolution)[1]);
      return JSON.stringify(nb);
    };
    put("number-source", broken((c) => (c.source = 42)));
    put("string-nbgrader", broken((c) => (c.metadata.nbgrader = "solution")));
    put("list-grade-id", broken((c) => ((c.metadata.nbgrader as Record<string, unknown>).grade_id = ["x"])));
    put("latin1", Buffer.from('{"cells": "caf\u00e9"}', "latin1"));
    put("huge", Buffer.alloc(21 * 1024 * 1024, 32));
    put("duplicate", JSON.stringify(student));
    put("duplicate/again", JSON.stringify(student));
    mkdirSync(path.join(cls, "linker"), { recursive: true });
    symlinkSync(path.join(ROOT, "notebooks", LESSON), path.join(cls, "linker", LESSON));
    symlinkSync(path.join(ROOT, "notebooks"), path.join(cls, "folder-linker"));
    csv = path.join(work, "grades.csv");
    feedback = path.join(work, "feedback");
    run = runTool(["grade", "--jobs", "2", "--csv", csv, "--feedback", feedback, cls], 600_000);
  }, 600_000);

  it("everyone is graded; the honest student scores full marks, every other 0 with a note saying why", () => {
    expect(run.status, run.output).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`student reference\\)\\n(?:  ✓ .*\\n)+  score: ${FULL}/${FULL}\\n`));
    const scores = [...run.stdout.matchAll(/^  score: (\d+)\/(\d+)$/gm)].map((m) => Number(m[1]));
    expect(scores.filter((s) => s > 0)).toEqual([FULL]);
    expect(run.stdout).toContain(`note: ${LESSON} is a symbolic link: submissions must be the files themselves, so it was not read and scores 0`);
    expect(run.stdout).toContain("note: the folder folder-linker is a symbolic link");
    expect(run.stdout).toMatch(/note: cell \d+ \(l03-stable-softplus-solution\): its source is not text; the cell was ignored/);
    expect(run.stdout).toMatch(/note: cell \d+: its metadata\.nbgrader is not an object; the cell was ignored/);
    expect(run.stdout).toMatch(/note: cell \d+: a solution cell whose grade_id is not a string; the cell was ignored/);
    expect(run.stdout).toContain("it is not UTF-8 text");
    expect(run.stdout).toContain("it is 21 MB, more than the 20 MB a submission may be");
    expect(run.stdout).toContain(`note: a second copy of ${LESSON} from the same student: only ${path.join(cls, "duplicate", LESSON)} is graded (one file per lesson)`);
  });

  it("no linked file's content reaches any output", () => {
    const solutionLines = reference.cells.filter(isSolution).flatMap((c) => String(Array.isArray(c.source) ? c.source.join("") : c.source).split("\n")).filter((l) => l.trim().length > 20);
    const everything = run.output + readFileSync(csv, "utf8") + readdirSync(feedback).map((f) => readFileSync(path.join(feedback, f), "utf8")).join("");
    expect(everything).not.toContain("BEGIN SOLUTION");
    for (const line of solutionLines) expect(everything).not.toContain(line.trim());
  });

  it("the terminal, the CSV and the feedback files carry no control character", () => {
    expect(run.stdout).not.toMatch(CONTROL);
    expect(run.stderr).not.toMatch(CONTROL);
    expect(readFileSync(csv, "utf8").replace(/\r\n/g, "\n")).not.toMatch(CONTROL);
    for (const f of readdirSync(feedback)) expect(readFileSync(path.join(feedback, f), "utf8")).not.toMatch(CONTROL);
    expect(run.stderr).toMatch(/^\[\d+\/\d+\] mallory 03-activation-functions\.ipynb: 0\/\d+ /m);
  });

  it("no CSV field starts like a formula, and each student's feedback file is named in it", () => {
    const rows = parseCsv(readFileSync(csv, "utf8"));
    expect(rows[0]).toEqual(["student", "submission", "lesson", "grade_id", "points", "max_points", "feedback", "feedback_file"]);
    for (const row of rows.slice(1)) for (const field of row) expect(field).not.toMatch(/^[=+\-@\t\r]/);
    expect(rows.some((r) => r[0] === `'${HOSTILE.formula}`)).toBe(true);
    expect(rows.some((r) => r[0] === `'${HOSTILE.plus}`)).toBe(true);
    const files = new Map(rows.slice(1).map((r) => [r[0], r[7]]));
    expect(files.get("honest")).toBe("honest.md");
    expect(files.get("honest ")).toMatch(/^honest-[0-9a-f]{8}\.md$/);
    expect(new Set(files.values()).size).toBe(files.size);
    expect(readdirSync(feedback).sort()).toEqual([...new Set(files.values())].sort());
  });

  it("feedback files escape HTML and keep one file per student", () => {
    const html = readdirSync(feedback).find((f) => f.startsWith("img_src"))!;
    const text = readFileSync(path.join(feedback, html), "utf8");
    expect(text).toContain("# Feedback for &lt;img src=x onerror=alert(1)&gt;");
    for (const f of readdirSync(feedback)) expect(readFileSync(path.join(feedback, f), "utf8")).not.toMatch(/<img|<script/);
    expect(readFileSync(path.join(feedback, "honest.md"), "utf8")).toContain("# Feedback for honest\n");
  });
});
