#!/usr/bin/env node
// Builds the lessons' browser JupyterLite kernel into lite/build/labextension/<name>/, a prebuilt
// (federated) labextension that `jupyter lite build` copies into the site (tools/lessontools/site.py):
//   static/remoteEntry.js     the extension (extension.ts, kernel.ts, transpile.ts + sucrase), main thread
//   static/prelude.js         console formatting and kernel-lib's display adapter, in the kernel's worker
//   static/kernel-lib/*.js    kernel-lib's browser build from the same source, and mathjs (one copy)
// esbuild only, no network. For the browser, kernel-lib's Node imports are replaced: node:util by Node's
// inspect code extracted (node-inspect-extracted), node:fs and node:vm by stubs that say what they are not here for; an
// unreplaced Node built-in fails the build (platform "browser"), so nothing Node-only reaches the browser.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..");
const COURSE = JSON.parse(readFileSync(path.join(ROOT, "tools", "course.json"), "utf8"));
export const EXTENSION_NAME = "@activation-loss-lessons/typescript-kernel";
export const OUT = path.join(HERE, "build", "labextension", EXTENSION_NAME);
const STATIC = path.join(OUT, "static");
export const VERSION = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).version;

/** esbuild's options for every browser bundle of lite/ (the site's kernel and JupyterLab's renderer); .css
 * is bundled as text: lite/src/lesson-style.ts adds the lessons' stylesheet to the page itself. */
export const common = { bundle: true, minify: true, target: "es2022", logLevel: "warning", legalComments: "none", loader: { ".css": "text" } };

/** `require("mathjs")` (kernel-lib's lazy load) resolved like `import "mathjs"`: one copy, the ESM one. */
const oneMathjs = {
  name: "one-mathjs",
  setup(b) {
    b.onResolve({ filter: /^mathjs$/ }, async (args) => {
      if (args.kind !== "require-call") return undefined;
      return b.resolve("mathjs", { kind: "import-statement", resolveDir: args.resolveDir });
    });
  },
};

/** sucrase's parser (transpile.ts reads its tokens) from its ESM build, the one its transform uses: one copy. */
const oneSucrase = {
  name: "one-sucrase",
  setup(b) {
    b.onResolve({ filter: /^sucrase\/dist\/parser/ }, (args) =>
      b.resolve(args.path.replace(/^sucrase\/dist\//, "sucrase/dist/esm/"), { kind: args.kind, resolveDir: args.resolveDir }),
    );
  },
};

export async function buildKernel() {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(STATIC, { recursive: true });
  await build({
    ...common,
    entryPoints: { "kernel-lib": path.join(ROOT, "kernel-lib", "src", "index.ts"), mathjs: path.join(HERE, "src", "mathjs.ts") },
    outdir: path.join(STATIC, "kernel-lib"),
    format: "esm",
    splitting: true,
    platform: "browser",
    chunkNames: "shared-[hash]",
    alias: { "node:util": "node-inspect-extracted", "node:fs": path.join(HERE, "src", "shims", "fs.ts"), "node:vm": path.join(HERE, "src", "shims", "vm.ts") },
    define: { __dirname: '"/kernel-lib"', "process.env.KERNEL_LIB_FULL_STACKS": "undefined" },
    plugins: [oneMathjs],
  });
  const displayName = { KERNEL_DISPLAY_NAME: JSON.stringify(COURSE.browserKernel.displayName) };
  await build({ ...common, entryPoints: [path.join(HERE, "src", "prelude.ts")], outfile: path.join(STATIC, "prelude.js"), format: "esm", platform: "browser", define: displayName });
  await build({
    ...common,
    entryPoints: [path.join(HERE, "src", "extension.ts")],
    outfile: path.join(STATIC, "remoteEntry.js"),
    format: "iife",
    platform: "browser",
    define: {
      KERNEL_NAME: JSON.stringify(COURSE.kernel.name),
      KERNEL_LANGUAGE: JSON.stringify(COURSE.kernel.language),
      KERNEL_LANGUAGE_INFO: JSON.stringify(COURSE.kernel.languageInfo),
      ...displayName,
      EXTENSION_NAME: JSON.stringify(EXTENSION_NAME),
    },
    plugins: [oneSucrase],
  });
  for (const size of ["32x32", "64x64"]) copyFileSync(path.join(HERE, "src", "logo.svg"), path.join(STATIC, `logo-${size}.svg`));
  // What JupyterLite reads to load a prebuilt extension (the fields a labextension build would write).
  const pkg = {
    name: EXTENSION_NAME,
    version: VERSION,
    private: true,
    description: "The lessons' TypeScript kernel for JupyterLite (built by lite/build.mjs)",
    jupyterlab: { extension: true, _build: { load: "static/remoteEntry.js", extension: "./extension", mimeExtension: "./mimeExtension" } },
  };
  writeFileSync(path.join(OUT, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
  return OUT;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(`lite: built ${path.relative(ROOT, await buildKernel())}`);
}
