// The grading sandbox under attack: every file in test/fixtures/sandbox/ is a student's answer to lesson 03's
// first solution cell that tries to read the solutions or another submission, write into the grader's files,
// kill, flood or exhaust the kernel, start a process or reach the network. One `npm run grade` run per kernel
// (tslab, then Deno's, `--kernel deno`) grades them all, an honest submission after every three: each attack
// scores 0 with feedback naming what happened, each honest submission scores full marks, and the grader's
// files hash the same before and after. `deno-*` fixtures use Deno's own APIs and run on Deno only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { PYTHON, ROOT, TOOL_ENV, runTool } from "../helpers/python";
import { writeExerciseCut } from "../helpers/exercise-cut";

const LESSON = "03-activation-functions.ipynb";
const FIXTURES = path.join(ROOT, "test", "fixtures", "sandbox");
const KERNELS = ["tslab", "deno"] as const;
type Kernel = (typeof KERNELS)[number];
// LESSONS_SANDBOX_ATTACKS=scratch-fill,dev-shm grades only those fixtures (a developer's quick run; the
// whole class takes half an hour on a loaded machine). Unset, every fixture is graded.
// An honest submission is graded after every HONEST_EVERY attacks (and after the last): each costs as much
// kernel time as an attack, and what an attack could leave behind outlives the next one.
const HONEST_EVERY = 3;
const ONLY = process.env.LESSONS_SANDBOX_ATTACKS?.split(",").map((s) => s.trim()).filter(Boolean);
const ALL_ATTACKS = readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".ts") && (!ONLY || ONLY.includes(f.replace(/\.ts$/, ""))))
  .sort();
/** The fixtures graded on `kernel`: Deno's own attacks only on Deno (tslab would only say `Cannot find name 'Deno'`). */
const attacksFor = (kernel: Kernel) => ALL_ATTACKS.filter((f) => kernel === "deno" || !f.startsWith("deno-"));
/** A fixture's `// expect:` line, or its `// expect-<kernel>:` line where it has one. */
function expectation(file: string, kernel: Kernel): RegExp {
  const text = readFileSync(path.join(FIXTURES, file), "utf8");
  const own = text.match(new RegExp(`^// expect-${kernel}: (.*)$`, "m"));
  return new RegExp((own ?? text.match(/^\/\/ expect: (.*)$/m))![1]);
}
// The sandbox is bubblewrap, which is Linux only: elsewhere these tests cannot run. Under CI a missing bwrap is a
// failure (`.ci/run` installs it); on a developer's Linux machine without it they are skipped loudly, as the
// browser tests are without Chromium (see the README).
const LINUX = process.platform === "linux";
const HAVE_BWRAP = spawnSync("bwrap", ["--version"], { encoding: "utf8" }).status === 0;
if (LINUX && !HAVE_BWRAP) {
  const message = "bubblewrap (bwrap) not found: the grading-sandbox tests need it (Debian/Ubuntu: apt-get install bubblewrap)";
  if (process.env.CI === "true") throw new Error(message);
  console.warn(`\n⚠️  SKIPPING GRADING-SANDBOX TESTS. ${message}\n`);
}

type Cell = { cell_type: string; source: string | string[]; metadata: { nbgrader?: Record<string, unknown> } };
type Notebook = { cells: Cell[] };
const read = (file: string): Notebook => JSON.parse(readFileSync(file, "utf8"));
const text = (c: Cell) => (Array.isArray(c.source) ? c.source.join("") : c.source);
const isSolution = (c: Cell) => c.metadata.nbgrader?.solution === true;
/** The lesson's full marks, from its graded cells (the lesson grows; the tests follow it). */
const FULL = read(path.join(ROOT, "notebooks", LESSON))
  .cells.filter((c) => c.metadata.nbgrader?.grade === true && c.cell_type === "code")
  .reduce((sum, c) => sum + Number(c.metadata.nbgrader!.points), 0);

/** A stable digest of every file under `dir` (path and bytes), to prove the grader's files are untouched. */
function treeHash(dir: string): string {
  const hash = createHash("sha256");
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else hash.update(path.relative(dir, full)).update("\0").update(readFileSync(full)).update("\0");
    }
  };
  walk(dir);
  return hash.digest("hex");
}

/** Runs `npm run grade` the way runTool does, but without blocking this process, so the TCP listener can answer. */
function grade(args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(PYTHON, ["-m", "lessontools.grade", ...args], { cwd, env: { ...TOOL_ENV, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** The lines of one submission's block in the grader's report. */
function block(stdout: string, student: string): string {
  const start = stdout.indexOf(`, student ${student})\n`);
  expect(start, `no report for ${student}`).toBeGreaterThan(-1);
  const end = stdout.indexOf("\n  score: ", start);
  return stdout.slice(start, stdout.indexOf("\n", end + 1));
}

describe.skipIf(!LINUX || !HAVE_BWRAP).each(KERNELS)(`sandbox attacks on ${LESSON}, graded in one run on %s`, (kernel) => {
  const ATTACKS = attacksFor(kernel);
  let work: string;
  let server: net.Server;
  let port = 0;
  let connections = 0;
  const guarded = { notebooks: "", kernelLib: "", class: "" };
  let run: { status: number | null; stdout: string; stderr: string };
  let reference: Notebook;
  // The honest submission graded after attack i (0-based): the one closing its group of HONEST_EVERY.
  const honestAfter = (i: number) => `${String(Math.min(i - (i % HONEST_EVERY) + HONEST_EVERY, ATTACKS.length)).padStart(2, "0")}-b-honest`;
  const HONEST = [...new Set(ATTACKS.map((_, i) => honestAfter(i)))];

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), "grading-sandbox-"));
    server = net.createServer((socket) => {
      connections++;
      socket.end("HTTP/1.0 200 OK\r\n\r\nanswers");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as net.AddressInfo).port;

    // Lesson 03 cut down to its exercises and what they use (test/helpers/exercise-cut.ts): the sandbox is
    // what is attacked here, and each honest submission costs a third of the full lesson's kernel time.
    const lessonDir = path.join(work, "lesson");
    const cut = writeExerciseCut(path.join(ROOT, "notebooks", LESSON), lessonDir);
    const release = path.join(work, "release");
    const made = runTool(["assignments", "--out", release, cut]);
    if (made.status !== 0) throw new Error(made.output);
    reference = read(cut);
    const classDir = path.join(work, "class");
    const put = (student: string, nb: Notebook) => {
      mkdirSync(path.join(classDir, student), { recursive: true });
      writeFileSync(path.join(classDir, student, LESSON), JSON.stringify(nb));
    };
    // Names sort in grading order (--jobs 1): every HONEST_EVERY attacks, and after the last, an honest
    // submission, which must still score full marks. An attack that left anything behind (a file, a process,
    // a full disk, a poisoned cache) costs that honest submission its marks.
    ATTACKS.forEach((file, i) => {
      const n = String(i + 1).padStart(2, "0");
      const nb = read(path.join(release, LESSON));
      const code = readFileSync(path.join(FIXTURES, file), "utf8")
        .replaceAll("{{ROOT}}", ROOT)
        .replaceAll("{{OTHER}}", path.join(classDir, honestAfter(i), LESSON))
        .replaceAll("{{PORT}}", String(port));
      nb.cells.filter(isSolution)[0].source = code;
      put(`${n}-a-${file.replace(/\.ts$/, "")}`, nb);
    });
    for (const student of HONEST) put(student, reference);
    // A solution cell that does not compile: the student must see `')' expected`, not "Cannot find name".
    const broken = read(path.join(release, LESSON));
    const third = broken.cells.filter(isSolution)[2];
    third.source = "function deadBiasThreshold(): number {\n  return (-8 + 4.269;\n}";
    put("99-compile-error", broken);

    guarded.notebooks = treeHash(path.join(ROOT, "notebooks"));
    guarded.kernelLib = treeHash(path.join(ROOT, "kernel-lib", "dist"));
    guarded.class = treeHash(classDir);
    // The static screen (tamper.py) would stop most of these before they run: turn it off to attack the
    // sandbox itself (grading-attacks.test.ts covers the screen).
    run = await grade(["--kernel", kernel, "--sources", lessonDir, "--jobs", "1", "--timeout", "15", "--csv", path.join(work, "grades.csv"), "--feedback", path.join(work, "feedback"), classDir], { LESSONS_GRADE_SCREEN: "off" });
  }, 1_800_000);

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("the run completes and says it is sandboxed", () => {
    expect(run.stderr, "install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap) to run the grading sandbox").not.toContain("bubblewrap (bwrap) is not installed");
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stderr).toContain("runs in a bubblewrap sandbox");
    expect(run.stderr).not.toContain("UNSANDBOXED");
    if (kernel === "deno") expect(run.stderr).toContain("grade: on Deno's kernel");
  });

  it.each(ATTACKS)("%s scores 0 with feedback naming what happened", (file) => {
    const n = String(ATTACKS.indexOf(file) + 1).padStart(2, "0");
    const expected = expectation(file, kernel);
    const report = block(run.stdout, `${n}-a-${file.replace(/\.ts$/, "")}`);
    expect(report).toMatch(new RegExp(`\\n {2}score: 0/${FULL}$`));
    expect(report, report).toMatch(expected);
  });

  it(`an honest submission after every ${HONEST_EVERY} attacks, and after the last, scores full marks`, () => {
    expect(HONEST.length).toBe(Math.ceil(ATTACKS.length / HONEST_EVERY));
    for (const student of HONEST) {
      const report = block(run.stdout, student);
      expect(report, report).toMatch(new RegExp(`\\n {2}score: ${FULL}/${FULL}$`));
    }
  });

  it("the grader's files, the other submissions and the listener are untouched", () => {
    expect(treeHash(path.join(ROOT, "notebooks"))).toBe(guarded.notebooks);
    expect(treeHash(path.join(ROOT, "kernel-lib", "dist"))).toBe(guarded.kernelLib);
    expect(treeHash(path.join(work, "class"))).toBe(guarded.class);
    expect(existsSync(path.join(ROOT, "notebooks", "planted.txt"))).toBe(false);
    expect(connections).toBe(0);
    // Scratch folders are removed after each submission (other test files may be grading at the same time).
    const scratch = path.join(ROOT, ".scratch-grading");
    expect((existsSync(scratch) ? readdirSync(scratch) : []).filter((d) => /^(\d\d-[ab]-|99-compile)/.test(d))).toEqual([]);
  });

  it("no line printed holds a control character or a line of the lesson's test code", () => {
    // Escape sequences, C0/C1 controls (newline aside) and bidirectional controls: control-characters.ts
    // throws them all; folder names and error messages reach the terminal cleaned.
    const control = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
    expect(run.stdout).not.toMatch(control);
    expect(run.stderr).not.toMatch(control);
    // read-notebook-copy.ts and leak-caller.ts return test code for the checks to echo: no line of it (whitespace
    // ignored, JSON's \" undone) may reach the report.
    const squeeze = (t: string) => t.replace(/\s+/g, "");
    const printed = [squeeze(run.stdout), squeeze(run.stdout.replaceAll('\\"', '"'))];
    const testLines = reference.cells
      .filter((c) => c.metadata.nbgrader?.grade === true && c.cell_type === "code")
      .flatMap((c) => text(c).split("\n"))
      .map(squeeze)
      .filter((l) => l.length >= 24);
    expect(testLines.length).toBeGreaterThan(10);
    for (const line of testLines) for (const p of printed) expect(p, line).not.toContain(line);
  });

  it("the kernel-killing attacks are counted as failures in the progress lines", () => {
    const lines = run.stderr.split("\n").filter((l) => /^\[\d+\/\d+\] /.test(l));
    const count = ATTACKS.length + HONEST.length + 1;
    expect(lines.length).toBe(count);
    expect(lines.at(-1)).toMatch(new RegExp(`^\\[${count}/${count}\\] 99-compile-error`));
    const killers: [string, string][] = [
      ["process-exit", "the kernel exited with code 1"],
      ["output-flood", "output flood in solution cell l03-stable-sigmoid-solution"],
      ["memory-bomb", "the kernel ran out of memory"],
    ];
    for (const [fixture, problem] of killers.filter(([f]) => ATTACKS.includes(`${f}.ts`))) {
      expect(run.stderr).toMatch(new RegExp(`${fixture} .*: 0/${FULL} — ${problem}`));
    }
  });

  it("a solution cell that does not compile shows its own error first", () => {
    const report = block(run.stdout, "99-compile-error");
    const line = report.split("\n").find((l) => l.includes("l03-dead-bias-threshold:"))!;
    // tslab compiles the cell (TypeScript's message); Deno's parser says it its own way (measured:
    // "Expected ',', got ';' at file:///repl.tsx:2:28").
    const own = kernel === "tslab" ? /\d+:\d+ - '\)' expected/ : /Expected ',', got ';' at file:\/\/\/repl\.tsx:2:\d+/;
    expect(line).toMatch(new RegExp(`✗ l03-dead-bias-threshold: 0/2 {2}your solution cell l03-dead-bias-threshold-solution: it failed: ${own.source}`));
    expect(line.search(own)).toBeLessThan(line.indexOf("Then the test:"));
  });
});

describe.each(KERNELS)("without the sandbox, on %s", (kernel) => {
  it("grading still works and says loudly that it is UNSANDBOXED", async () => {
    const r = await grade(["--kernel", kernel, `notebooks/${LESSON}`], { LESSONS_GRADE_UNSANDBOXED: "1" });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toContain("WARNING: grading UNSANDBOXED — LESSONS_GRADE_UNSANDBOXED=1 is set");
    expect(r.stdout.trim().split("\n").at(-1)).toBe(`  score: ${FULL}/${FULL}`);
  }, 600_000);
});
