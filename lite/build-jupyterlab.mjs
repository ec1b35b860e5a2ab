#!/usr/bin/env node
// Builds the lessons' Plotly renderer for JupyterLab 4 (lite/src/jupyterlab-renderer.ts, the renderer shared
// with the site, plus the lessons' stylesheet tools/jupyter/lessons.css) into LESSON_LABEXTENSIONS/<name>/, a
// prebuilt (federated) labextension that JupyterLab finds through LabApp.extra_labextensions_path
// (tools/node/jupyter.mjs), or copied into a hosted prefix (setup.mjs --kernel-prefix). Run by set-up;
// esbuild only, no network, nothing written outside lite/build/:
//   static/remoteEntry.js            the container and the renderer
//   static/plotly-cartesian.min.js   plotly.js for every kernel-lib chart (1.5 MB)
//   static/plotly.min.js             the full plotly.js (kernel-lib's plotly.js-dist, minified by
//                                    lite/full-plotly.mjs), loaded only for a chart with another trace type
//   package.json                     what JupyterLab reads; it also disables PyPI plotly's renderer, which
//                                    this one replaces (a replacement says what it replaces: without this
//                                    extension, that renderer stays on)
import { build } from "esbuild";
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FULL_PLOTLY, LESSON_LABEXTENSIONS, ROOT } from "../tools/node/project.mjs";
import { VERSION, common } from "./build.mjs";
import { FULL_PLOTLY_SOURCE, buildFullPlotly, fullPlotlyOutdated } from "./full-plotly.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const EXTENSION_NAME = "@activation-loss-lessons/plotly-renderer";
/** Where the built extension lands (hosted set-ups copy it into their prefix: tools/node/setup.mjs). */
export const OUT = path.join(LESSON_LABEXTENSIONS, ...EXTENSION_NAME.split("/"));
const STATIC = path.join(OUT, "static");
/** PyPI plotly's renderer plugin (jupyterlab-plotly), which would otherwise draw the same MIME type. */
const REPLACED = ["@jupyterlab/plotly-extension:factory"];
const PLOTLY = {
  "plotly-cartesian.min.js": path.join(ROOT, "node_modules", "plotly.js-cartesian-dist-min", "plotly-cartesian.min.js"),
  "plotly.min.js": FULL_PLOTLY,
};
const SOURCES = [
  fileURLToPath(import.meta.url),
  path.join(HERE, "build.mjs"),
  path.join(HERE, "src", "jupyterlab-renderer.ts"),
  path.join(HERE, "src", "plotly-renderer.ts"),
  path.join(HERE, "src", "share-scope.ts"),
  path.join(HERE, "src", "lesson-style.ts"),
  path.join(HERE, "full-plotly.mjs"),
  FULL_PLOTLY_SOURCE,
  path.join(ROOT, "tools", "jupyter", "lessons.css"),
  path.join(ROOT, "package-lock.json"),
];

/** Whether the build is missing or older than what it is built from. */
export function rendererOutdated() {
  const built = path.join(OUT, "package.json");
  if (!existsSync(built) || fullPlotlyOutdated()) return true;
  const at = statSync(built).mtimeMs;
  return SOURCES.some((file) => statSync(file).mtimeMs > at);
}

export async function buildJupyterLabRenderer() {
  await buildFullPlotly();
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(STATIC, { recursive: true });
  await build({
    ...common,
    entryPoints: [path.join(HERE, "src", "jupyterlab-renderer.ts")],
    outfile: path.join(STATIC, "remoteEntry.js"),
    format: "iife",
    platform: "browser",
    define: { EXTENSION_NAME: JSON.stringify(EXTENSION_NAME) },
  });
  for (const [name, source] of Object.entries(PLOTLY)) copyFileSync(source, path.join(STATIC, name));
  const pkg = {
    name: EXTENSION_NAME,
    version: VERSION,
    private: true,
    description: "The lessons' Plotly renderer for JupyterLab (built by lite/build-jupyterlab.mjs)",
    jupyterlab: { mimeExtension: true, disabledExtensions: REPLACED, _build: { load: "static/remoteEntry.js", mimeExtension: "./mimeExtension" } },
  };
  // Written last: its presence (and date) says the build is complete (rendererOutdated).
  writeFileSync(path.join(OUT, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
  return OUT;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(`jupyterlab: built ${path.relative(ROOT, await buildJupyterLabRenderer())}`);
}
