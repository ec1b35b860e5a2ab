#!/usr/bin/env node
// npm run site [-- --serve [--port N]] [--out DIR]: builds site/ (the lesson pages and the in-browser JupyterLite app,
// tools/lessontools/site.py) after the set-up it needs: the project's own (npm start's), .venv-site from
// requirements-site.txt (first run only) and the browser kernel (lite/build.mjs). With --serve, serves
// site/ on 127.0.0.1 and prints the address. docs/browser-edition.md.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ROOT, pythonToolEnv, venvBin } from "./project.mjs";
import { setUpPython, setup } from "./setup.mjs";
import { serveSite } from "./site-server.mjs";

export const SITE_VENV = path.join(ROOT, ".venv-site");
export const SITE = path.join(ROOT, "site");

/** Builds site/ (or `out`); returns its path. */
export async function buildSite(out = SITE) {
  await setup();
  await setUpPython(SITE_VENV, "requirements-site.txt");
  const { buildKernel } = await import("../../lite/build.mjs");
  const extension = await buildKernel();
  const jupyter = path.join(SITE_VENV, process.platform === "win32" ? "Scripts" : "bin", process.platform === "win32" ? "jupyter.exe" : "jupyter");
  const result = spawnSync(venvBin("python"), ["-m", "lessontools.site", "--out", out, "--jupyter", jupyter, "--extension", extension], {
    stdio: "inherit",
    cwd: ROOT,
    env: pythonToolEnv(),
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--port");
  const port = at === -1 ? 8765 : Number(args[at + 1]);
  const out = args.indexOf("--out");
  const site = await buildSite(out === -1 ? SITE : path.resolve(process.env.INIT_CWD ?? process.cwd(), args[out + 1]));
  if (args.includes("--serve")) {
    const server = await serveSite(site, port);
    const { port: bound } = server.address();
    console.log(`site: serving ${path.relative(ROOT, site)}/ at http://127.0.0.1:${bound}/ (Ctrl+C stops it)`);
  }
}
