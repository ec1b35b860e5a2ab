/**
 * The one place that talks to the notebook. A display bundle (several MIME types of one output) goes out
 * as a single display_data message, so each front end picks what it renders best.
 *
 * tslab 1.0.22's public `tslab.display.*` sends one MIME type per message, which would make every chart
 * three separate outputs. Its internal writer (`lastWriteDisplayData` in tslab/dist/jupyter.js, set for
 * each executing cell) takes a whole bundle; we find the instance the running kernel loaded in Node's
 * module cache rather than `require` it, so a different tslab install can never be picked up by mistake.
 *
 * Deno's built-in kernel (the project's second kernel) sends the same bundle as one
 * display_data through `Deno.jupyter.broadcast`. Not `Deno.jupyter.display(bundle, { raw: true })`: that
 * one is async (it awaits a formatting step before sending), so its message could leave after the cell had
 * finished and be lost, or land after text the cell printed later.
 *
 * Deno's kernel relays console output through a separate stdout pipe, flushed later than broadcasts: a
 * chart would appear ABOVE the text printed before it. So on Deno, loading kernel-lib also routes
 * console.log/info/warn/error through the same broadcast channel (formatted by node:util's format, the
 * inspect format tslab shows), keeping every output in the order the cell produced it.
 *
 * In the site's browser kernel (lite/) the bundle goes to the sender that kernel
 * registered (browser.ts). Its browser build replaces node:util with the same inspect code, extracted.
 */
import { format } from "node:util";
import { browserKernel } from "./browser";

export type MimeBundle = Record<string, unknown>;

/** How the last bundle went out: the whole bundle, one MIME type through the public API, or printed.
 * "bundle" on both kernels: tslab's writer or Deno's display API. */
export type DisplayChannel = "bundle" | "single-mime" | "console";

type WriteDisplayData = (content: { data: MimeBundle; metadata: object; transient?: object }, update: boolean) => void;

const TSLAB_WRITER = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;
const TSLAB_PUBLIC = /[\\/]tslab[\\/]dist[\\/]public\.js$/;

function loadedModule(pattern: RegExp): Record<string, unknown> | undefined {
  const cache = typeof require === "function" ? require.cache : undefined;
  if (!cache) return undefined;
  for (const key of Object.keys(cache)) {
    if (pattern.test(key)) return cache[key]?.exports as Record<string, unknown> | undefined;
  }
  return undefined;
}

/** The running tslab kernel's bundle writer, or undefined outside tslab (plain Node, vitest). */
function bundleWriter(): WriteDisplayData | undefined {
  const writer = loadedModule(TSLAB_WRITER)?.lastWriteDisplayData;
  return typeof writer === "function" ? (writer as WriteDisplayData) : undefined;
}

type DenoBroadcast = (messageType: string, content: { data: MimeBundle; metadata: object; transient: object }) => unknown;

/** Deno's `Deno.jupyter.broadcast` inside `deno jupyter`, else undefined (other runtimes have no `Deno`;
 * under `deno run` the `jupyter` getter throws, which means the same). */
function denoBroadcast(): DenoBroadcast | undefined {
  const deno = (globalThis as { Deno?: { jupyter?: { broadcast?: unknown } } }).Deno;
  if (!deno) return undefined;
  try {
    const broadcast = deno.jupyter?.broadcast;
    return typeof broadcast === "function" ? (broadcast.bind(deno.jupyter) as DenoBroadcast) : undefined;
  } catch {
    return undefined;
  }
}

type StreamBroadcast = (messageType: "stream", content: { name: "stdout" | "stderr"; text: string }) => unknown;

/** On Deno's kernel: console output as iopub stream messages, in order with displays (see the top). */
function routeConsoleThroughKernel(broadcast: DenoBroadcast): void {
  const send = broadcast as unknown as StreamBroadcast;
  const methods = [["log", "stdout"], ["info", "stdout"], ["debug", "stdout"], ["warn", "stderr"], ["error", "stderr"]] as const;
  for (const [method, name] of methods) {
    console[method] = (...args: unknown[]) => {
      const sent = send("stream", { name, text: format(...args) + "\n" });
      // Deno 2.3's broadcast returns a promise; a failed send must not become an unhandled rejection.
      if (sent instanceof Promise) sent.catch(() => undefined);
    };
  }
}

/** Deno's broadcast, taken once at start-up (before any cell of the lesson runs); undefined elsewhere. */
let kernelBroadcast: DenoBroadcast | undefined;

/** On Deno's kernel, takes the kernel's broadcast and routes console output through it (above); elsewhere
 * does nothing. Called once from index.ts's body, with the other start-ups, so importing this module acts
 * on nothing; a second call changes nothing. */
export function startConsoleRouting(): void {
  if (kernelBroadcast) return;
  kernelBroadcast = denoBroadcast();
  if (kernelBroadcast) routeConsoleThroughKernel(kernelBroadcast);
}

let warnedSingleMime = false;

/**
 * Sends `bundle` as one display_data. Outside a kernel, prints its text/plain so scripts and tests still
 * show something. If this tslab has no bundle writer, sends the preferred MIME type alone and says so once.
 */
export function displayBundle(bundle: MimeBundle, preferred: string[] = Object.keys(bundle)): DisplayChannel {
  const writer = bundleWriter();
  if (writer) {
    writer({ data: bundle, metadata: {} }, false);
    return "bundle";
  }
  if (kernelBroadcast) {
    // transient must be an object: nbclient reads transient.display_id and fails on null.
    const sent = kernelBroadcast("display_data", { data: bundle, metadata: {}, transient: {} });
    if (sent instanceof Promise) sent.catch((error: unknown) => process.stderr.write(`kernel-lib: Deno could not display the output: ${String(error)}\n`));
    return "bundle";
  }
  const browser = browserKernel();
  if (browser) {
    browser.displayBundle(bundle);
    return "bundle";
  }
  const publicApi = loadedModule(TSLAB_PUBLIC)?.display as { raw?: (mime: string, value: unknown) => void } | undefined;
  if (publicApi?.raw) {
    const mime = preferred.find((m) => m in bundle) ?? "text/plain";
    if (!warnedSingleMime) {
      warnedSingleMime = true;
      console.log(
        "kernel-lib: this tslab has no bundle writer (tested with tslab 1.0.22); sending one format per output, " +
          "so HTML export and plain-text views lose their fallbacks.",
      );
    }
    publicApi.raw(mime, bundle[mime]);
    return "single-mime";
  }
  console.log(String(bundle["text/plain"] ?? JSON.stringify(bundle)));
  return "console";
}
