// The browser tests' helpers (test/helpers/browser.ts: Chromium with a throw-away profile, waiting for and
// stopping a server), loaded from this plain-Node script rather than copied: each .ts file is compiled on
// require with the project's own TypeScript (transpile only, to CommonJS), as vitest would run it.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { ROOT } from "../setup.mjs";

const require = createRequire(import.meta.url);

function registerTypeScript() {
  if (require.extensions[".ts"]) return;
  const ts = require("typescript");
  require.extensions[".ts"] = (module, filename) => {
    const { outputText } = ts.transpileModule(readFileSync(filename, "utf8"), {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    module._compile(outputText, filename);
  };
}

/** test/helpers/browser.ts's exports: findChromium, launchChromium, waitForServer, stopProcess, freePort, … */
export function browserHelpers() {
  registerTypeScript();
  return require(path.join(ROOT, "test", "helpers", "browser.ts"));
}
