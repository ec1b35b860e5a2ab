/**
 * The contract between exercise() and the kernel it runs in, and what both kernels' sessions share. It
 * knows no kernel: tslab's session is tslab-session.ts, Deno's deno-session.ts, and startup.ts picks one.
 *
 * While grading, a session's job is to deliver observations through the kernel's own writer for the
 * execution that is running (so they carry that execution's parent message id) and to give the student
 * honest local feedback; it is not a security boundary: verdicts are made outside the student's process
 * (docs/grading-security.md). Locking kernel-lib and watching the built-ins keep the student's own ✓ honest
 * and name what a cell changed.
 */

import { append, pristine } from "./pristine";
import type { Watched } from "./tamper";

export type WriteStream = (name: string, text: string) => void;
export type WriteDisplayData = (content: { data: Record<string, unknown>; metadata: object }, update: boolean) => void;

export interface Execution {
  count: number;
  /** The first line of the cell's code, to name it in feedback. */
  firstLine: string;
  outcome: "running" | "ok" | "failed";
  writeStream: WriteStream;
  writeDisplayData: WriteDisplayData;
}

/**
 * What exercise() asks of the kernel it runs in. Two implementations: `TslabSession`
 * (tslab-session.ts) and `DenoSession` (deno-session.ts, Deno's built-in kernel).
 */
export interface CheckSession {
  readonly kernel: "tslab" | "deno";
  /** The execution running now: its writers, and (tslab) its count and first line. */
  readonly current?: Execution;
  /** The execution before it (on Deno, as the relay in front of Deno's kernel reports it: deno-session.ts). */
  readonly previous?: Execution;
  changes(): string[];
  describe(changes: string[]): string[];
  calledFromCellTopLevel(exerciseFunction: Function): boolean;
  /** Names of earlier cells that the checks' source reads. */
  namesReadBy(source: string): string[];
  redefinitions(names: string[]): string[];
}

export const DIST = __dirname.replace(/[\\/]check$/, "");
export const BLOCKED_MODULES = ["inspector", "node:inspector", "inspector/promises", "node:inspector/promises", "v8", "node:v8", "worker_threads", "node:worker_threads"];

// Not exported: lockKernelLib deep-freezes kernel-lib's exports, and `require.cache` hangs off this.
const nodeRequire: NodeRequire | undefined = typeof require === "function" ? require : undefined;

/** A Node built-in module ("vm", "module"), or undefined where there is no CommonJS `require`. */
export function builtin(name: string): Record<string, any> | undefined {
  return nodeRequire ? (nodeRequire(name) as Record<string, any>) : undefined;
}

export function loadedModule(pattern: RegExp): { id: string; module: NodeModule } | undefined {
  const cache = nodeRequire?.cache;
  if (!cache) return undefined;
  const keys = pristine.ownKeys(cache) as string[];
  for (let i = 0; i < keys.length; i++) if (pristine.matches(pattern, keys[i])) return { id: keys[i], module: cache[keys[i]] as NodeModule };
  return undefined;
}

export function firstLineOf(code: string): string {
  const lines = pristine.split(code, "\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line !== "") return line.length > 60 ? pristine.cut(line, 0, 57) + "…" : line;
  }
  return "(empty)";
}

/** kernel-lib's own modules in the CommonJS cache (tslab's Node, and Deno's CommonJS loader alike). */
export function kernelLibModules(): { id: string; module: NodeModule }[] {
  const cache = nodeRequire?.cache;
  const found: { id: string; module: NodeModule }[] = [];
  if (!cache) return found;
  const keys = pristine.ownKeys(cache) as string[];
  for (let i = 0; i < keys.length; i++) {
    if (pristine.indexOf(keys[i], DIST) === 0 && cache[keys[i]]) append(found, { id: keys[i], module: cache[keys[i]] as NodeModule });
  }
  return found;
}

/** kernel-lib's own exports by name (from its index module), to notice a name that no longer means the library's value. */
export function kernelLibValues(): Map<string, unknown> {
  const found = new pristine.Map<string, unknown>();
  const index = nodeRequire?.cache?.[`${DIST}/index.js`] ?? nodeRequire?.cache?.[`${DIST}\\index.js`];
  const values = index?.exports as Record<string, unknown> | undefined;
  if (!values) return found;
  const names = pristine.getOwnPropertyNames(values);
  for (let i = 0; i < names.length; i++) pristine.apply(pristine.mapSet, found, [names[i], values[names[i]]]);
  return found;
}

/** Runs `what`, ignoring a failure: whatever stays changeable is still covered by the tamper snapshot. */
export function tryTo(what: () => void): void {
  try {
    what();
  } catch {
    // Best effort (see above).
  }
}

/** Grading mode, either kernel: kernel-lib's exports deep-frozen, its module objects and cache entries fixed. */
export function lockKernelLib(): void {
  const seen = new Set<unknown>();
  // Built-ins the library holds (pristine.ts keeps Array, Map, String…) are not kernel-lib's to freeze:
  // freezing Array.prototype would make a student's patch fail silently instead of being named.
  const builtIn = (value: unknown) => typeof value === "function" && pristine.indexOf(pristine.sourceOf(value), "[native code]") >= 0;
  const deepFreeze = (value: unknown, depth: number) => {
    if (depth > 6 || value === null || (typeof value !== "object" && typeof value !== "function") || seen.has(value) || builtIn(value)) return;
    seen.add(value);
    if (pristine.isView(value)) return; // typed arrays with elements cannot be frozen
    tryTo(() => pristine.freeze(value));
    const keys = pristine.ownKeys(value as object);
    for (let i = 0; i < keys.length; i++) {
      const d = pristine.getOwnPropertyDescriptor(value as object, keys[i]);
      if (d && "value" in d) deepFreeze(d.value, depth + 1);
    }
  };
  const cache = nodeRequire?.cache;
  const modules = kernelLibModules();
  for (let i = 0; i < modules.length; i++) {
    deepFreeze(modules[i].module.exports, 0);
    tryTo(() => pristine.defineProperty(modules[i].module, "exports", { writable: false, configurable: false }));
    if (cache) tryTo(() => pristine.defineProperty(cache, modules[i].id, { writable: false, configurable: false }));
  }
}

/** The built-ins the checks and test cells rely on, and kernel-lib's modules: watched on both kernels. */
export function commonWatched(): Watched[] {
  const typedArray = pristine.getPrototypeOf(Float64Array) as object;
  const list: Watched[] = [
    {
      label: "globalThis",
      target: globalThis,
      keys: ["Math", "JSON", "Reflect", "Object", "Function", "Array", "Number", "String", "Boolean", "Symbol", "Error", "RangeError", "TypeError", "RegExp", "Map", "Set", "Promise", "Proxy", "ArrayBuffer", "DataView", "Float64Array", "Float32Array", "Int32Array", "Uint8Array", "console", "process", "isNaN", "isFinite", "parseFloat", "parseInt", "Buffer", "__tslab__", "Deno", "eval"],
    },
    { label: "Math", target: Math },
    { label: "JSON", target: JSON },
    { label: "Reflect", target: Reflect },
    { label: "Object", target: Object },
    { label: "Object.prototype", target: Object.prototype },
    { label: "Function", target: Function },
    { label: "Function.prototype", target: Function.prototype },
    { label: "Array", target: Array },
    { label: "Array.prototype", target: Array.prototype },
    { label: "Number", target: Number },
    { label: "Number.prototype", target: Number.prototype },
    { label: "String", target: String },
    { label: "String.prototype", target: String.prototype },
    { label: "Boolean.prototype", target: Boolean.prototype },
    { label: "Symbol", target: Symbol },
    { label: "Error", target: Error },
    { label: "Error.prototype", target: Error.prototype },
    { label: "RegExp.prototype", target: RegExp.prototype },
    { label: "Map.prototype", target: Map.prototype },
    { label: "Set.prototype", target: Set.prototype },
    { label: "Promise.prototype", target: Promise.prototype },
    { label: "ArrayBuffer", target: ArrayBuffer },
    { label: "TypedArray", target: typedArray },
    { label: "TypedArray.prototype", target: (typedArray as { prototype: object }).prototype },
    { label: "Float64Array.prototype", target: Float64Array.prototype },
    { label: "Float32Array.prototype", target: Float32Array.prototype },
    { label: "console", target: console, functionsOnly: true },
  ];
  if (typeof process === "object") append(list, { label: "process", target: process, keys: ["stdout", "stderr", "binding", "dlopen", "_debugProcess", "kill"] });
  const cache = nodeRequire?.cache;
  const modules = kernelLibModules();
  if (cache) {
    const ids: string[] = [];
    for (let i = 0; i < modules.length; i++) append(ids, modules[i].id);
    append(list, { label: "require.cache", target: cache, keys: ids });
  }
  for (let i = 0; i < modules.length; i++) {
    const short = pristine.cut(modules[i].id, DIST.length + 1);
    append(list, { label: `kernel-lib/${short} (module)`, target: modules[i].module, keys: ["exports"] });
    if (modules[i].module.exports && typeof modules[i].module.exports === "object") {
      append(list, { label: `kernel-lib/${short} exports`, target: modules[i].module.exports });
    }
  }
  return list;
}


/**
 * The stack frames above `fn` (its callers), as V8 prints them: "    at …" lines. Both kernels' caller
 * checks read them. Error.stackTraceLimit must still be the plain number it was at start-up: an accessor
 * there would run the student's code in the middle of exercise(), so then no frame is trusted.
 */
export function framesAbove(fn: Function): string[] {
  const frames: string[] = [];
  const d = pristine.getOwnPropertyDescriptor(Error, "stackTraceLimit");
  if (!d || !("value" in d) || typeof d.value !== "number") return frames;
  const holder: { stack?: string } = {};
  const limit = d.value;
  Error.stackTraceLimit = 12;
  try {
    pristine.captureStackTrace(holder, fn);
  } finally {
    Error.stackTraceLimit = limit;
  }
  const lines = pristine.split(pristine.String(holder.stack ?? ""), "\n");
  for (let i = 0; i < lines.length; i++) if (pristine.indexOf(lines[i], "    at ") === 0) append(frames, lines[i]);
  return frames;
}
