// Hovering a kernel-lib name in a notebook (Jupyter's inspect_request, answered by tslab from the built
// .d.ts) shows its doc comment: the comments sit on the exported declarations, not on private helpers.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { COURSE } from "../helpers/course";
import { PYTHON, ROOT } from "../helpers/python";

const NAMES = ["relu", "linear", "sigmoid", "softmax", "meanSquaredError", "binaryCrossEntropyFromLogits", "seededRandom"];

// A real kernel through jupyter_client: import the names, then inspect each one as a hover does.
const SCRIPT = `
import json, sys
from jupyter_client.manager import start_new_kernel
names = json.loads(sys.argv[1])
km, kc = start_new_kernel(kernel_name=sys.argv[2], cwd=sys.argv[3])
out = {}
try:
    kc.execute_interactive('import { %s } from "kernel-lib";' % ", ".join(names), timeout=60)
    for name in names:
        kc.inspect(name, len(name), detail_level=0)
        reply = kc.get_shell_msg(timeout=30)["content"]
        out[name] = {"found": reply.get("found"), "text": reply.get("data", {}).get("text/plain", "")}
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
print(json.dumps(out))
`;

let hovers: Record<string, { found: boolean; text: string }>;
beforeAll(() => {
  const r = spawnSync(PYTHON, ["-c", SCRIPT, JSON.stringify(NAMES), COURSE.kernel.name, path.join(ROOT, "notebooks")], {
    encoding: "utf8",
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`inspecting in the kernel failed:\n${r.stdout}${r.stderr}`);
  hovers = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
}, 150_000);

describe("hover documentation in the tslab kernel", () => {
  it.each(NAMES)("%s: its doc comment, with an example and see-also", (name) => {
    const hover = hovers[name];
    expect(hover.found).toBe(true);
    expect(hover.text).toMatch(new RegExp(`const ${name}:|function ${name}\\(`));
    expect(hover.text).toMatch(/Syntax:/);
    expect(hover.text).toMatch(new RegExp(`${name}\\(.*\\);\\s+// `));
    expect(hover.text).toMatch(/See also: /);
  });

  it("relu's says what it is and how the kink is handled", () => {
    expect(hovers.relu.text).toContain("ReLU(z) = max(0, z)");
    expect(hovers.relu.text).toContain("relu.derivative(z)");
  });
});
