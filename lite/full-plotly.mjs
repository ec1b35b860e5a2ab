#!/usr/bin/env node
// The full plotly.js, for a chart with a trace type the cartesian bundle lacks (JupyterLab's renderer,
// lite/build-jupyterlab.mjs, and the exported pages, tools/lessontools/export.py, load it only then).
// It is kernel-lib's own dependency, plotly.js-dist: the version every stored chart is validated against
// (test/integration/plotly-schema.test.ts). That package ships unminified (10.1 MB), so esbuild minifies it
// once (4.8 MB, under a second) instead of the course installing a second package of the same library.
import { transform } from "esbuild";
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FULL_PLOTLY, ROOT } from "../tools/node/project.mjs";

export const FULL_PLOTLY_SOURCE = path.join(ROOT, "node_modules", "plotly.js-dist", "plotly.js");

/** Whether the minified copy is missing or older than plotly.js-dist's file (a version change). */
export const fullPlotlyOutdated = () => !existsSync(FULL_PLOTLY) || statSync(FULL_PLOTLY).mtimeMs < statSync(FULL_PLOTLY_SOURCE).mtimeMs;

/** Writes FULL_PLOTLY from plotly.js-dist when it is outdated; returns its path. */
export async function buildFullPlotly() {
  if (!fullPlotlyOutdated()) return FULL_PLOTLY;
  const source = readFileSync(FULL_PLOTLY_SOURCE, "utf8");
  // The licence header ("plotly.js vX … MIT") travels with the code; esbuild would drop a /** comment.
  const header = /^\/\*\*[\s\S]*?\*\/\n/.exec(source)?.[0] ?? "";
  const { code } = await transform(source, { minify: true, legalComments: "none", logLevel: "warning" });
  mkdirSync(path.dirname(FULL_PLOTLY), { recursive: true });
  // Written whole under another name, then renamed: a half-written file is never taken for the library.
  const partial = `${FULL_PLOTLY}.partial`;
  writeFileSync(partial, header + code);
  renameSync(partial, FULL_PLOTLY);
  return FULL_PLOTLY;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(`plotly: ${path.relative(ROOT, await buildFullPlotly())}`);
}
