/**
 * npm start's arguments (tools/node/start.mjs, tools/node/jupyter.mjs): its own options apart from
 * JupyterLab's, and no JupyterLab option given twice (Jupyter stops with "token only accepts one value").
 */
import { describe, expect, it } from "vitest";
import { PassThrough } from "node:stream";
// @ts-ignore: plain JavaScript (tools/node has no build step)
import * as start from "../../tools/node/start.mjs";
// @ts-ignore: plain JavaScript
import * as jupyter from "../../tools/node/jupyter.mjs";
import { KERNELS } from "../helpers/course";

const { parseStartArgs, quietArgs } = start as {
  parseStartArgs(argv: string[]): { instructor: boolean; kernelChoice: string; kernel: string; labArgs: string[] };
  quietArgs(labArgs?: string[]): string[];
};
const { jupyterLabArgs, withoutNoise } = jupyter as {
  jupyterLabArgs(o: { rootDir: string; kernel?: string; labArgs?: string[] }): string[];
  withoutNoise(input: NodeJS.ReadableStream, output: { write(s: string): boolean }): void;
};
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

describe("npm start's terminal (withoutNoise)", () => {
  it("drops tslab's history_request line, the not-trusted warning and its own stop signal, line by line, and keeps the rest", async () => {
    const input = new PassThrough();
    let written = "";
    withoutNoise(input, { write: (text: string) => ((written += text), true) });
    const lines = [
      "unknown msg_type: history_request",
      "[W 2026-12-07 19:39:58.498 ServerApp] Notebook 01-why-activation-functions.ipynb is not trusted",
      "[W 2026-12-07 19:40:01.000 ServerApp] Kernel died: restarting",
      "RangeError: net.predict: inputs[0] must be a row of 2 numbers",
      "[C 2026-12-07 19:40:37.206 ServerApp] received signal 15, stopping",
      "unknown msg_type: comm_info_request (said differently: kept)",
    ];
    // Chunks that cut lines anywhere, as a pipe delivers them; the last line has no newline.
    const text = lines.join("\n");
    for (let i = 0; i < text.length; i += 7) input.write(text.slice(i, i + 7));
    input.end();
    await new Promise((r) => input.on("end", r));
    expect(written).toBe(`${lines[2]}\n${lines[3]}\n${lines[5]}\n`);
  });
});
