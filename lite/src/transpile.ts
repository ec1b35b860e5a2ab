/**
 * One cell's TypeScript → the JavaScript the JupyterLite JavaScript kernel runs. Types are stripped by
 * sucrase (45 KB gzipped, against 1.4 MB for the TypeScript compiler): nothing is type-checked, as on
 * Deno's kernel. The kernel itself then hoists top-level declarations to the global scope, so a later
 * cell sees them and re-running a `const` cell works.
 *
 * Module names are resolved here, never by the kernel: left bare, it would fetch them from a public CDN.
 * The site ships kernel-lib and mathjs (one copy, shared); any other module is an error that says so.
 */
import { transform } from "sucrase";

export class CellError extends Error {}

// `import … from "x"` and `export … from "x"` (statements: at a line's start, so a string such as
// `" from "` in code is never taken for one), `import "x"`, and `import("x")`.
const MODULE_REFERENCES = [
  /^(\s*(?:import|export)\b[^;]*?\bfrom\s*)(["'])([^"'\n]+)\2/gm,
  /^(\s*import\s*)(["'])([^"'\n]+)\2/gm,
  /(\bimport\s*\(\s*)(["'])([^"'\n]+)\2/g,
];

/** `modules` maps a bare module name to the URL of its browser build. */
export function transpileCell(code: string, modules: Record<string, string>): string {
  let js: string;
  try {
    js = transform(code, {
      transforms: ["typescript"],
      // An import used only by a later cell must stay: the kernel makes its names global.
      keepUnusedImports: true,
      // The browser runs modern JavaScript itself; only the types go.
      disableESTransforms: true,
    }).code;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CellError(message);
  }
  const resolve = (whole: string, before: string, quote: string, name: string) => {
    if (/^(?:[a-z][a-z\d+.-]*:|\/|\.\.?\/)/i.test(name)) return whole;
    const url = modules[name];
    if (!url) {
      throw new CellError(
        `module "${name}" is not available in the browser edition: it offers ${Object.keys(modules).join(" and ")} ` +
          "and fetches nothing from the internet. Run the lesson in JupyterLab (npm start) for other modules.",
      );
    }
    return `${before}${quote}${url}${quote}`;
  };
  return MODULE_REFERENCES.reduce((code, pattern) => code.replace(pattern, resolve), js);
}
