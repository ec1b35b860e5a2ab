/**
 * Deno's kernelspec (tools/node/deno.mjs) starts Deno behind tools/lessontools/deno_relay.py, itself started
 * through a shell that ignores SIGINT. The grader finds its own commands in that argv: inside the sandbox the
 * relay started by the sandbox's Python, with no shell (sandbox.relay_command); unsandboxed, Deno bare
 * (sandbox.without_relay). When the kernelspec's shape changed and the grader did not follow, every Deno
 * reference run failed ("reference fails" for a whole class): this test ties them.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-ignore: plain JavaScript (tools/node has no build step)
import * as deno from "../../tools/node/deno.mjs";
import { PYTHON, ROOT, TOOL_ENV } from "../helpers/python";

const { denoKernelArgv } = deno as { denoKernelArgv(python: string, deno: string): string[] };

/** sandbox.<name>(argv), and the sandbox's Python, as the grader computes them. */
function sandboxCommand(name: string, argv: string[]): { command: string[]; python: string } {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: run npm run setup (or npm test) once`);
  const code = `import json, sys; from lessontools import sandbox; print(json.dumps({"command": sandbox.${name}(json.loads(sys.argv[1])), "python": str(sandbox.PYTHON)}))`;
  const run = spawnSync(PYTHON, ["-c", code, JSON.stringify(argv)], { cwd: ROOT, env: TOOL_ENV, encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}
const withoutRelay = (argv: string[]) => sandboxCommand("without_relay", argv).command;

describe("the grader's Deno command", () => {
  it("is Deno's own command from the kernelspec, with the connection file last and no relay or shell", () => {
    const argv = denoKernelArgv("/venv/bin/python3", "/deno/bin/deno").map((a) => (a === "{connection_file}" ? "/run/kernel-1.json" : a));
    expect(withoutRelay(argv)).toEqual(["/deno/bin/deno", "jupyter", "--kernel", "--quiet", "--conn", "/run/kernel-1.json"]);
  });

  it("in the sandbox: the relay, started by the sandbox's Python with no shell, then Deno's own command", () => {
    const argv = denoKernelArgv("/venv/bin/python3", "/deno/bin/deno").map((a) => (a === "{connection_file}" ? "/run/kernel-1.json" : a));
    const { command, python } = sandboxCommand("relay_command", argv);
    expect(command).toEqual([python, "-s", "-B", path.join(ROOT, "tools", "lessontools", "deno_relay.py"), "/run/kernel-1.json", "/deno/bin/deno", "jupyter", "--kernel", "--quiet", "--conn"]);
  });

  it("leaves a command without the relay as it is", () => {
    expect(withoutRelay(["/deno/bin/deno", "jupyter", "--kernel", "--conn", "/run/k.json"])).toEqual(["/deno/bin/deno", "jupyter", "--kernel", "--conn", "/run/k.json"]);
  });
});
