/**
 * npm start's arguments (tools/node/start.mjs, tools/node/jupyter.mjs): its own options apart from
 * JupyterLab's, and no JupyterLab option given twice (Jupyter stops with "token only accepts one value").
 */
import { describe, expect, it } from "vitest";
// @ts-ignore: plain JavaScript (tools/node has no build step)
import * as start from "../../tools/node/start.mjs";
// @ts-ignore: plain JavaScript
import * as jupyter from "../../tools/node/jupyter.mjs";
import { KERNELS } from "../helpers/course";

const { parseStartArgs, quietArgs } = start as {
  parseStartArgs(argv: string[]): { instructor: boolean; kernelChoice: string; kernel: string; labArgs: string[] };
  quietArgs(labArgs?: string[]): string[];
};
const { jupyterLabArgs } = jupyter as { jupyterLabArgs(o: { rootDir: string; kernel?: string; labArgs?: string[] }): string[] };
const option = (arg: string) => arg.split("=")[0];

describe("npm start's arguments", () => {
  it("takes --instructor and --kernel for itself and passes the rest to JupyterLab", () => {
    expect(parseStartArgs(["--kernel", "deno", "--no-browser", "--instructor"])).toEqual({ instructor: true, kernelChoice: "deno", kernel: KERNELS.deno.name, labArgs: ["--no-browser"] });
    expect(parseStartArgs([]).kernel).toBe(KERNELS.tslab.name);
    expect(() => parseStartArgs(["--kernel", "python"])).toThrow("--kernel takes tslab (the default) or deno, not python");
  });

  it("quiets Jupyter with a token of its own unless the student's arguments set those options", () => {
    expect(quietArgs([]).map(option)).toEqual(["--ServerApp.log_level", "--LabApp.log_level", "--IdentityProvider.token"]);
    expect(quietArgs(["--IdentityProvider.token=abc", "--log-level=DEBUG"]).map(option)).toEqual(["--LabApp.log_level"]);
  });

  it("gives no JupyterLab option twice, whatever the student adds", () => {
    for (const labArgs of [[], ["--IdentityProvider.token=abc", "--ServerApp.port=9999"], ["--ServerApp.log_level=INFO", "--LabApp.log_level=INFO"]]) {
      const args = jupyterLabArgs({ rootDir: "/r", kernel: KERNELS.tslab.name, labArgs: [...quietArgs(labArgs), ...labArgs] })
        .filter((a) => a.startsWith("--") && a.includes("="))
        .map(option);
      expect(args.filter((a, i) => args.indexOf(a) !== i), JSON.stringify(labArgs)).toEqual([]);
    }
  });

  it("offers only the chosen kernelspec, and makes it the default", () => {
    const named = (args: string[]) => args.filter((a) => a.endsWith("=some-kernelspec")).length;
    expect(named(jupyterLabArgs({ rootDir: "/r", kernel: "some-kernelspec" }))).toBe(2);
    expect(jupyterLabArgs({ rootDir: "/r" }).length).toBeLessThan(jupyterLabArgs({ rootDir: "/r", kernel: "some-kernelspec" }).length);
  });
});
