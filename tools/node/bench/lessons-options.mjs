// Command-line options of the lessons benchmark (`npm run bench -- --lessons …`), and the lessons they name.
import { spawnSync } from "node:child_process";
import { pythonToolEnv, venvBin } from "../project.mjs";

export const LESSONS_USAGE = `npm run bench -- --lessons [LESSON ...] [--repeat N] [--kernels tslab,deno] [--no-browser | --no-verify] [--json FILE]
  LESSON      a lesson number or name (03, activation-functions) or a notebook path; default: every lesson
  --repeat N  runs per lesson and kernel (default 3); medians are reported
  --kernels   which kernels, comma-separated (default tslab,deno); ratios need both
  --no-browser / --no-verify   skip the JupyterLab part / the verify part
  --json FILE also write every run and every median to FILE`;

const VALUE_FLAGS = ["--repeat", "--kernels", "--json"];
const SWITCHES = ["--lessons", "--no-browser", "--no-verify"];
const KERNELS = ["tslab", "deno"];

/** The options; throws an Error naming the bad argument. Lesson arguments are whatever follows --lessons. */
export function readLessonsOptions(argv = process.argv.slice(2)) {
  const positional = [];
  const values = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (VALUE_FLAGS.includes(a)) {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`${a} needs a value\n${LESSONS_USAGE}`);
      values[a] = v;
    } else if (SWITCHES.includes(a)) {
      /* flags without a value */
    } else if (a.startsWith("--")) {
      throw new Error(`unknown option ${a} for --lessons\n${LESSONS_USAGE}`);
    } else {
      positional.push(a);
    }
  }
  const repeat = values["--repeat"] === undefined ? 3 : Number(values["--repeat"]);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat must be a whole number ≥ 1, not ${values["--repeat"]}`);
  const kernels = (values["--kernels"] ?? KERNELS.join(",")).split(",").filter(Boolean);
  for (const k of kernels) if (!KERNELS.includes(k)) throw new Error(`--kernels takes tslab and/or deno, not ${k}`);
  if (kernels.length === 0) throw new Error("--kernels needs at least one kernel");
  const verify = !argv.includes("--no-verify");
  const browser = !argv.includes("--no-browser");
  if (!verify && !browser) throw new Error("--no-verify and --no-browser together leave nothing to measure");
  return { lessonArgs: positional, repeat, kernels, verify, browser, jsonFile: values["--json"] };
}

/** The notebooks the arguments name, by the same rule as verify (lessontools.notebooks.resolve), from where the user stands. */
export function resolveLessons(args) {
  const r = spawnSync(venvBin("python"), ["-m", "lessontools.notebooks", ...args], {
    cwd: process.env.INIT_CWD ?? process.cwd(),
    env: pythonToolEnv(),
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error((r.stderr || r.stdout).trim().replace(/^notebooks:/, "bench --lessons:"));
  return r.stdout.split("\n").filter(Boolean);
}
