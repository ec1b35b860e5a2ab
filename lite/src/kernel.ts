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
 */
import { CellError, transpileCell } from "./transpile";

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
}

export const BANNER =
  "TypeScript in your browser (JupyterLite, Web Worker). Cells are not type-checked: types are removed, not verified " +
  "(npm start runs tslab, which checks them). A cell that never ends: Kernel → Restart Kernel.";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Makes `kernel` (a JavaScript kernel just created, worker runtime) the TypeScript kernel. */
export function makeTypeScriptKernel(kernel: JavaScriptKernelLike, assets: KernelAssets): JavaScriptKernelLike {
  const execute = kernel.executeRequest.bind(kernel);
  const kernelInfo = kernel.kernelInfoRequest.bind(kernel);
  const processRuntimeMessage = kernel.processRuntimeMessage.bind(kernel);
  let lastOutputAt = 0;
  let executing: unknown = undefined;

  const preludeDone = kernel.ready.then(async () => {
    // kernel-lib starts loading now, not awaited: the lesson's import cell then finds it (nearly) ready.
    const warm = Object.values(assets.modules).map((url) => `import(${JSON.stringify(url)}).catch(() => undefined);`).join(" ");
    const code = `await (async () => { (await import(${JSON.stringify(assets.prelude)})).install(globalThis); ${warm} })();`;
    const result = await kernel.runtimeBackend.execute(code, 0);
    if (result.status !== "ok") console.error("the browser kernel's prelude failed", result);
  });

  const labelled = kernel as unknown as { _parentHeader: unknown };
  kernel.processRuntimeMessage = (message) => {
    lastOutputAt = performance.now();
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
        code = transpileCell(content.code, assets.modules);
      } catch (error) {
        if (!(error instanceof CellError)) throw error;
        const reply = { ename: "SyntaxError", evalue: error.message, traceback: [`SyntaxError: ${error.message}`] };
        kernel.publishExecuteError(reply, kernel.parentHeader);
        return { status: "error", execution_count: kernel.executionCount, ...reply };
      }
      const reply = await execute({ ...content, code });
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
