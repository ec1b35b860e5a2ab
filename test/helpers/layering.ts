/**
 * kernel-lib's layers as data, the import graph of kernel-lib/src read with the TypeScript compiler API, and
 * the function that checks one against the other. test/unit/layering.test.ts runs it on the real source
 * and on small fake graphs (so the rules are shown to fail when they should).
 *
 * The compiler API, not regular expressions: `export { x } from "./y"`, `export * from`, `import type`,
 * `import x = require()`, `require("…")` and `import("…")` are all edges, and a regex that reads lines
 * misses some of them or finds them in comments.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/** The folders of kernel-lib/src, lowest first. index.ts (the public API) is the root and may import any. */
export type Layer = "core" | "data" | "activations" | "losses" | "network" | "plot" | "display" | "check";

export interface LayerRule {
  /** Layers whose files this layer may import (its own layer is always allowed). */
  imports: readonly Layer[];
  /** npm packages and Node built-ins it may import. */
  packages: readonly string[];
  /** May its code (strings, identifiers, imports; not comments) mention tslab or Jupyter? */
  mayMentionNotebook: boolean;
  /** Why, for the failure message and the README. */
  why: string;
}

/**
 * The layering the README's "How it is built" describes. Data flows upward: a notebook calls the public API
 * (index.ts) → network / plot → losses → activations → core.
 */
export const LAYERS: Readonly<Record<Layer, LayerRule>> = {
  core: {
    imports: [],
    packages: ["mathjs"],
    mayMentionNotebook: false,
    why: "core/ is the leaf layer: validation, stable numerics, reductions, the rng and formatting; everything else builds on it",
  },
  data: {
    imports: [],
    packages: [],
    mayMentionNotebook: false,
    why: "data/ holds data sets compiled into the library (generated from files in kernel-lib/data/): plain values, no math, no imports from other layers",
  },
  activations: {
    imports: ["core"],
    packages: [],
    mayMentionNotebook: false,
    why: "activations/ build on core/ only; code two activations share belongs in core/",
  },
  losses: {
    imports: ["core"],
    packages: [],
    mayMentionNotebook: false,
    why: "losses/ build on core/ only (not on activations' internals: shared row math such as softmax's lives in core/)",
  },
  network: {
    imports: ["core", "activations", "losses"],
    packages: [],
    mayMentionNotebook: false,
    why: "network/ composes activations and losses; nothing below it knows about networks",
  },
  plot: {
    imports: ["core", "activations", "losses", "network"],
    packages: [],
    mayMentionNotebook: false,
    why: "plot/ turns the math into plain Plotly figures, testable without Jupyter; it never displays them",
  },
  display: {
    imports: ["core", "plot"],
    // node:util formats console output on Deno's kernel the way tslab does (display/bundle.ts); node:vm is
    // where tslab runs a cell's compiled code, read to give errors the cell's line numbers (display/cell-lines.ts).
    packages: ["util", "node:util", "vm", "node:vm"],
    mayMentionNotebook: true,
    why: "display/ is the only code that talks to tslab/Jupyter; it shows what plot/ builds",
  },
  check: {
    imports: ["core", "display"],
    // No packages: nothing is read from files while grading (there is no key any more).
    packages: [],
    // The session (one file per kernel, check/contract.ts the part they share) captures the kernel's display
    // writer, so observations carry the test cell's own execution, and locks tslab's exports before any
    // student code runs (docs/grading-security.md). That is the one reason code outside display/ may know
    // about tslab; it still shows nothing itself.
    mayMentionNotebook: true,
    why:
      "check/ records what a student's code returned (judged locally for the student, outside the kernel while grading); it knows " +
      "the kernels' internals only to deliver observations and guard the session, and it does not import the math it checks",
  },
};

export interface ImportEdge {
  /** The specifier as written, e.g. "../core/validate" or "mathjs". */
  specifier: string;
  /** For a relative specifier: the file it names, relative to src ("core/validate.ts"); otherwise undefined. */
  target?: string;
  line: number;
}

export interface SourceFileFacts {
  /** Relative to kernel-lib/src, with forward slashes: "losses/hinge.ts". */
  file: string;
  imports: ImportEdge[];
  /** Code tokens (string literals, regular expressions, identifiers) that mention tslab or Jupyter, with their lines. */
  notebookMentions: { text: string; line: number }[];
}

const NOTEBOOK_WORD = /tslab|jupyter/i;

/** Every import edge and every tslab/Jupyter mention in one file's text. */
export function readSourceFacts(file: string, text: string, resolveRelative: (specifier: string) => string | undefined): SourceFileFacts {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const imports: ImportEdge[] = [];
  const notebookMentions: { text: string; line: number }[] = [];
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const addEdge = (literal: ts.Expression | undefined, node: ts.Node) => {
    if (!literal || !ts.isStringLiteralLike(literal)) return;
    const specifier = literal.text;
    imports.push({ specifier, target: specifier.startsWith(".") ? resolveRelative(specifier) : undefined, line: lineOf(node) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      addEdge(node.moduleSpecifier, node);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      addEdge(node.moduleReference.expression, node);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isRequire = ts.isIdentifier(callee) && callee.text === "require";
      const isDynamicImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      if ((isRequire || isDynamicImport) && node.arguments.length > 0) addEdge(node.arguments[0], node);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      addEdge(node.argument.literal as ts.Expression, node);
    }
    if (
      ts.isStringLiteralLike(node) ||
      ts.isRegularExpressionLiteral(node) ||
      ts.isIdentifier(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      const raw = node.getText(source);
      if (NOTEBOOK_WORD.test(raw)) notebookMentions.push({ text: raw.length > 60 ? raw.slice(0, 60) + "…" : raw, line: lineOf(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { file, imports, notebookMentions };
}

/** The facts of every .ts file under `srcDir` (kernel-lib/src). */
export function readImportGraph(srcDir: string): SourceFileFacts[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) files.push(full);
    }
  };
  walk(srcDir);
  const known = new Set(files.map((f) => path.relative(srcDir, f).split(path.sep).join("/")));
  return files.sort().map((full) => {
    const file = path.relative(srcDir, full).split(path.sep).join("/");
    const resolveRelative = (specifier: string) => {
      const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
      for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) if (known.has(candidate)) return candidate;
      return `${base} (no such file)`;
    };
    return readSourceFacts(file, readFileSync(full, "utf8"), resolveRelative);
  });
}

/** The layer a src-relative file belongs to, "index" for the public API, or undefined for a file outside any layer. */
export function layerOf(file: string): Layer | "index" | undefined {
  if (file === "index.ts") return "index";
  const folder = file.split("/")[0];
  return folder in LAYERS && file.includes("/") ? (folder as Layer) : undefined;
}

const isBuiltin = (specifier: string) => specifier.startsWith("node:") || ["crypto", "fs", "path", "os", "util"].includes(specifier);
const packageName = (specifier: string) =>
  specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0];

/**
 * Every broken rule, one sentence each: which file, which import (with its line), which rule and why.
 * An empty list means the graph respects LAYERS.
 */
export function layeringViolations(graph: readonly SourceFileFacts[], layers: Readonly<Record<Layer, LayerRule>> = LAYERS): string[] {
  const problems: string[] = [];
  for (const facts of graph) {
    const layer = layerOf(facts.file);
    if (layer === undefined) {
      problems.push(
        `${facts.file} is in no layer: put it in one of ${Object.keys(layers).join("/, ")}/ (index.ts is the only file at the top of src/)`,
      );
      continue;
    }
    for (const edge of facts.imports) {
      const where = `${facts.file}:${edge.line} imports "${edge.specifier}"`;
      if (edge.specifier.startsWith(".")) {
        const target = edge.target ?? edge.specifier;
        const targetLayer = layerOf(target);
        if (targetLayer === "index") {
          problems.push(`${where}: nothing inside kernel-lib may import index.ts (the public API); import the file that defines the name`);
          continue;
        }
        if (targetLayer === undefined) {
          problems.push(`${where}, which resolves to ${target}, outside every layer`);
          continue;
        }
        if (layer === "index" || targetLayer === layer) continue;
        const rule = layers[layer];
        if (!rule.imports.includes(targetLayer)) {
          const allowed = [layer, ...rule.imports].map((l) => `${l}/`).join(", ");
          problems.push(`${where} (${target}): rule "${layer}/ imports only ${allowed}" — ${rule.why}`);
        }
      } else {
        if (layer === "index") {
          problems.push(`${where}: index.ts re-exports kernel-lib's own files only`);
          continue;
        }
        const rule = layers[layer];
        const name = packageName(edge.specifier);
        if (!rule.packages.includes(edge.specifier) && !rule.packages.includes(name)) {
          const allowed = rule.packages.length ? rule.packages.join(", ") : "none";
          const kind = isBuiltin(edge.specifier) ? "Node built-in" : "package";
          problems.push(`${where}: ${layer}/ may not use the ${kind} ${name} (allowed: ${allowed}) — ${rule.why}`);
        }
      }
    }
    if (layer !== "index" && !layers[layer].mayMentionNotebook) {
      for (const mention of facts.notebookMentions) {
        problems.push(
          `${facts.file}:${mention.line} mentions ${mention.text} in code: only ${Object.entries(layers)
            .filter(([, r]) => r.mayMentionNotebook)
            .map(([l]) => `${l}/`)
            .join(", ")} may know about tslab/Jupyter — ${layers[layer].why}`,
        );
      }
    }
  }
  return problems;
}

// ---- The tools' structure: one home per shared fact, and tools never importing tests ----

/** A fact the tools share, and the one file that may spell it out. */
export interface Fact {
  what: string;
  /** The literal text (found anywhere, comments included) or a pattern for it. */
  pattern: string | RegExp;
  /** Path from the project root. */
  home: string;
}

const SCANNED = /\.(ts|mts|cts|js|mjs|cjs|py|json|sh)$/;

/** The source files under `roots` (folders or files, relative to `root`): code and JSON, no notebooks,
 * no node_modules, no build output, no test results. Paths relative to `root`, with "/". */
export function sourceFiles(root: string, roots: string[], scanned: RegExp = SCANNED): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const full = path.join(root, rel);
    if (!existsSync(full)) return;
    if (statSync(full).isFile()) {
      if (scanned.test(rel)) out.push(rel.split(path.sep).join("/"));
      return;
    }
    for (const entry of readdirSync(full)) {
      if (["node_modules", "dist", "build", "__pycache__", "test-results", ".ipynb_checkpoints"].includes(entry) || entry.startsWith(".")) continue;
      walk(path.join(rel, entry));
    }
  };
  for (const r of roots) walk(r);
  return out.sort();
}

/** Every line of `files` (but the fact's home) that spells the fact out, as "file:line: what (its home: …)". */
export function copiesOf(fact: Fact, files: string[], read: (file: string) => string): string[] {
  const found: string[] = [];
  for (const file of files) {
    if (file === fact.home && files.length > 1) continue;
    read(file).split("\n").forEach((line, i) => {
      if (typeof fact.pattern === "string" ? line.includes(fact.pattern) : fact.pattern.test(line)) found.push(`${file}:${i + 1}: ${fact.what} (its home: ${fact.home})`);
    });
  }
  return found;
}

/** Imports (import/export … from, import(), require()) in a tools/ file that reach into test/, as "file:line specifier". */
export function toolImportsOfTests(root: string, files: string[], read = (file: string) => readFileSync(path.join(root, file), "utf8")): string[] {
  const found: string[] = [];
  const testDir = path.join(root, "test") + path.sep;
  const specifier = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["'`]([^"'`]+)["'`]|\bpath\.join\([^)]*["'`]test["'`]/g;
  for (const file of files.filter((f) => f.startsWith("tools/") && /\.(ts|mts|js|mjs|cjs)$/.test(f))) {
    read(file).split("\n").forEach((line, i) => {
      for (const m of line.matchAll(specifier)) {
        const target = m[1] === undefined ? testDir : path.resolve(root, path.dirname(file), m[1]);
        if (m[1] === undefined || (m[1].startsWith(".") && (target + path.sep).startsWith(testDir))) found.push(`${file}:${i + 1} ${m[0].trim()}`);
      }
    });
  }
  return found;
}
