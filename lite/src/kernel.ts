/**
 * The browser kernel (its display name: tools/course.json's browserKernel): JupyterLite's JavaScript kernel
 * (0.4.0a5, worker runtime) with each cell transpiled first (transpile.ts), console and display made to match
 * tslab (prelude.ts), and its outputs kept in the cell that produced them.
 *
 * Why the worker runtime: a cell's runaway loop blocks only the worker, and restarting the kernel ends it
 * (the iframe runtime shares the page's thread: the whole tab would freeze).
 *
 * Why the wait before replying: the runtime sends outputs and the execution's result over different
 * channels, so output can arrive after the result; the stock kernel then labels it with the *next*
 * cell's request and Run All shows it in the wrong cell. Here the reply waits until no output has
 * arrived for QUIET_MS, and outputs are labelled with the request of the cell being executed.
 *
 * Errors: the kernel's traceback names its own script on every frame and counts lines from the top of
 * its wrapper; it is rewritten to the cell's frames and lines (traceback.ts). How many lines the wrapper
 * adds is measured once, by the prelude's run (a probe's stack). The session's first error also carries
 * NOTE (not type-checked; Kernel → Restart Kernel): the student who came from a lesson page's link has
 * seen neither the README nor the banner. Cells that run without error print nothing extra.
 */
import { DEFAULT_PLACE, cellTraceback, probePosition } from "./traceback";
import { CellError, transpile, type ColumnShift } from "./transpile";

const QUIET_MS = 40;
const LONGEST_WAIT_MS = 2000;

/** The minimal shape of @jupyterlite/javascript-kernel's JavaScriptKernel that this file relies on. */
export interface JavaScriptKernelLike {
  ready: Promise<void>;
  executionCount: number;
  parentHeader: unknown;
  runtimeBackend: { execute(code: string, count: number, parentId?: string): Promise<{ status: string; [key: string]: unknown }> };
  executeRequest(content: { code: string; [key: string]: unknown }): Promise<Record<string, unknown>>;
  kernelInfoRequest(): Promise<Record<string, unknown>>;
  processRuntimeMessage(message: { type: string; bundle?: unknown }): void;
  publishExecuteError(content: { ename: string; evalue: string; traceback: string[] }, parent?: unknown): void;
}

export interface KernelAssets {
  /** Bare module name → URL of its browser build (kernel-lib, mathjs). */
  modules: Record<string, string>;
  /** URL of prelude.js. */
  prelude: string;
  /** The lessons' language (tools/course.json): its name, the browser kernel's display name, and the
   * language_info every lesson stores, reported as is so opening a lesson changes nothing in it. */
  language: { name: string; displayName: string; info: Record<string, unknown> };
  /** Shows a one-line status message in the app (extension.ts: a notification that closes itself). */
  notify?: (message: string) => void;
}

export const BANNER =
  "TypeScript in your browser (JupyterLite, Web Worker). Cells are not type-checked: types are removed, not verified " +
  "(npm start runs tslab, which checks them). A cell that never ends: Kernel → Restart Kernel.";

/** What a student who never saw the README or the banner needs to know: said once, at the first error. */
export const NOTE =
  "(Browser kernel: cells are not type-checked here, types are removed, not verified; npm start runs tslab, which " +
  "checks them. A cell that never ends: Kernel → Restart Kernel.)";

/** The start-up message (assets.notify): one line, once per page. */
export const startupNote = (displayName: string) => `${displayName}: cells are not type-checked. A cell that never ends: Kernel → Restart Kernel.`;

const PROBE = "lessons.cell-probe";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Makes `kernel` (a JavaScript kernel just created, worker runtime) the TypeScript kernel. */
export function makeTypeScriptKernel(kernel: JavaScriptKernelLike, assets: KernelAssets): JavaScriptKernelLike {
  const execute = kernel.executeRequest.bind(kernel);
  const kernelInfo = kernel.kernelInfoRequest.bind(kernel);
  const processRuntimeMessage = kernel.processRuntimeMessage.bind(kernel);
  let lastOutputAt = 0;
  let executing: unknown = undefined;
  let shift: ColumnShift | undefined;
  let place = DEFAULT_PLACE;
  let probing = false;
  let probeArrived = () => {};
  const probed = new Promise<void>((resolve) => (probeArrived = resolve));
  let noted = false;
  const withNote = (traceback: string[]) => {
    if (noted) return traceback;
    noted = true;
    return [...traceback, NOTE];
  };
  const studentTraceback = (traceback: unknown) => withNote(cellTraceback(Array.isArray(traceback) ? traceback.map(String) : [String(traceback ?? "")], place, shift));

  const probe = `globalThis[Symbol.for(${JSON.stringify(PROBE)})]`;
  const preludeDone = kernel.ready.then(async () => {
    // kernel-lib starts loading now, not awaited: the lesson's import cell then finds it (nearly) ready.
    const warm = Object.values(assets.modules).map((url) => `import(${JSON.stringify(url)}).catch(() => undefined);`).join(" ");
    // On its first line, the probe: where a cell's first line is in the kernel's wrapper. Its value comes
    // back as this run's result, which goes nowhere (processRuntimeMessage below).
    const code =
      `${probe} = new Error().stack; await (async () => { (await import(${JSON.stringify(assets.prelude)})).install(globalThis); ${warm} })();\n` +
      `${probe}`;
    probing = true;
    try {
      const result = await kernel.runtimeBackend.execute(code, 0);
      if (result.status !== "ok") console.error("the browser kernel's prelude failed", result);
      // Its result may come after the reply (the header says why): wait for it, not for ever.
      else await Promise.race([probed, sleep(LONGEST_WAIT_MS)]);
    } finally {
      probing = false;
    }
    assets.notify?.(startupNote(assets.language.displayName));
  });

  const labelled = kernel as unknown as { _parentHeader: unknown };
  kernel.processRuntimeMessage = (message) => {
    if (probing) {
      const data = (message.bundle as { data?: Record<string, unknown> } | undefined)?.data;
      const at = message.type === "execute_result" ? probePosition(String(data?.["text/plain"] ?? "").replace(/^'|'$/g, "")) : undefined;
      // `new Error()` is the probe's first line's character after `${probe} = `.
      if (at) place = { lines: at.line - 1, firstLineColumns: at.column - `${probe} = `.length - 1 };
      if (message.type === "execute_result") probeArrived();
      return;
    }
    lastOutputAt = performance.now();
    if (message.type === "execute_error") {
      const bundle = message.bundle as { traceback?: unknown };
      message = { ...message, bundle: { ...bundle, traceback: studentTraceback(bundle.traceback) } };
    }
    if (executing === undefined) return processRuntimeMessage(message);
    // The stock kernel labels an output with whatever request it handles now; pin the executing cell's.
    const current = labelled._parentHeader;
    labelled._parentHeader = executing;
    try {
      processRuntimeMessage(message);
    } finally {
      labelled._parentHeader = current;
    }
  };

  kernel.executeRequest = async (content) => {
    await preludeDone;
    executing = kernel.parentHeader;
    try {
      let code: string;
      try {
        ({ code, shift } = transpile(content.code, assets.modules));
      } catch (error) {
        if (!(error instanceof CellError)) throw error;
        const reply = { ename: error.name, evalue: error.message, traceback: withNote([`${error.name}: ${error.message}`]) };
        kernel.publishExecuteError(reply, kernel.parentHeader);
        return { status: "error", execution_count: kernel.executionCount, ...reply };
      }
      const reply = await execute({ ...content, code });
      // The error output already went out (processRuntimeMessage); the reply says the same.
      if (reply.status === "error" && Array.isArray(reply.traceback)) reply.traceback = cellTraceback(reply.traceback.map(String), place, shift);
      const started = performance.now();
      while (performance.now() - Math.max(lastOutputAt, started) < QUIET_MS && performance.now() - started < LONGEST_WAIT_MS) {
        await sleep(QUIET_MS / 4);
      }
      return reply;
    } finally {
      executing = undefined;
    }
  };

  kernel.kernelInfoRequest = async () => {
    const info = await kernelInfo();
    return {
      ...info,
      implementation: "typescript-browser",
      language_info: assets.language.info,
      banner: BANNER,
    };
  };
  return kernel;
}
