/**
 * What the check library knows about Deno's built-in Jupyter kernel (`deno jupyter`, Deno 2.3.7), the
 * project's second kernel. The tslab counterpart is session.ts; exercise() uses whichever is running.
 *
 * Deno's kernel runs each cell as a script through V8's inspector and tells JavaScript nothing about
 * executions (no hook like tslab's handleExecuteImpl: measured, `Deno[Deno.internal].lastEvalResult` is
 * never set by the 2.3 kernel). So on Deno:
 *
 * - Output: observations and feedback lines go through `Deno.jupyter.broadcast`, captured when kernel-lib is
 *   imported. The function keeps Deno's op (`op_jupyter_broadcast`) in its own closure and the op attaches
 *   the header of the execute request being run, so a solution cell that later replaces
 *   `Deno.jupyter.broadcast`, `Deno.jupyter` or `globalThis.Deno` changes nothing here.
 * - The caller check: a cell's top level is the ONLY JavaScript frame on the stack when it runs (the
 *   inspector calls it from Rust). Everything else a student can schedule — a microtask, a timer, code after
 *   an `await`, a FinalizationRegistry callback — runs under Deno's `eventLoopTick`, so its stack has more
 *   frames; eval and `new Function` frames are named `eval`. exercise() must be called from a stack of
 *   exactly one frame `at <anonymous>:L:C`.
 * - Arming: there is no "first execution after the import" to wait for, so the snapshot is taken when
 *   kernel-lib's index module has loaded every other module (and its console routing): index.ts calls
 *   startChecks() (startup.ts) in its body, after every import has run, and that arms. Not in a microtask: Deno may leave the microtasks queued by a module
 *   load pending until the next cell runs (seen once in the attack suite: the namespace was not yet locked
 *   when the first solution cell ran).
 * - Names: cells share top-level names as script bindings, which JavaScript cannot list or watch. A name
 *   the checks read that is one of kernel-lib's exports is looked up again (global `eval` of the bare name,
 *   captured at import) and must still be the library's value; other redefinitions are for the static
 *   screen (tools/lessontools/tamper.py).
 * - The cell run before this one (`previous`, for exercise()'s "nothing was checked — the cell run before
 *   this one failed" line): Deno tells JavaScript no cell's outcome, but in JupyterLab Deno runs behind
 *   tools/lessontools/deno_relay.py, which sees every reply. It passes cells to Deno one at a time and,
 *   before each, writes how the cell run before it ended to the file named by PREVIOUS_CELL_VARIABLE; read
 *   here (synchronously) when asked. No variable (Deno without the relay: grading, `deno jupyter` by hand),
 *   no file (the first cell), or anything unreadable: undefined, and the checks run as before. Never read
 *   in grading mode, which judges outside the kernel and ignores `previous`.
 * - Not a security boundary while grading: verdicts are made outside the kernel (docs/grading-security.md).
 *
 * See docs/grading-security.md ("On Deno").
 */

import { commonWatched, firstLineOf, framesAbove, kernelLibValues, lockKernelLib, tryTo, type CheckSession, type Execution } from "./contract";
import { append, pristine } from "./pristine";
import { changesSince, takeSnapshot, type Snapshot, type Watched } from "./tamper";

type Broadcast = (messageType: string, content: Record<string, unknown>) => unknown;

interface DenoNamespace {
  jupyter?: { broadcast?: unknown };
  permissions?: object;
  env?: { get?: unknown };
  readTextFileSync?: unknown;
}

/** The variable through which the relay names its previous-cell file (tools/course.json's
 * denoKernel.previousCellVariable, its home; test/unit/one-home.test.ts ties this copy to it). */
export const PREVIOUS_CELL_VARIABLE = "LESSONS_DENO_PREVIOUS_CELL";

/** The cell run before the current one, as the relay's file describes it (undefined if it says nothing
 * usable). The file holds `{"previous": {"count": N, "outcome": "ok" | "failed", "code": "…"}}`. */
function previousCellFrom(text: string): Execution | undefined {
  const parsed = pristine.parse(text) as { previous?: { count?: unknown; outcome?: unknown; code?: unknown } } | null;
  const previous = parsed !== null && typeof parsed === "object" ? parsed.previous : undefined;
  if (!previous || typeof previous !== "object") return undefined;
  const { count, outcome, code } = previous;
  if (typeof count !== "number" || (outcome !== "ok" && outcome !== "failed") || typeof code !== "string") return undefined;
  const nowhere = () => undefined;
  return pristine.freeze({ count, firstLine: firstLineOf(code), outcome, writeStream: nowhere, writeDisplayData: nowhere }) as Execution;
}

/** The `Deno` namespace inside `deno jupyter`, with its broadcast function; undefined elsewhere (Node,
 * tslab, `deno run`, where the `jupyter` getter throws). */
function denoKernel(): { deno: DenoNamespace; broadcast: Broadcast } | undefined {
  const deno = (globalThis as { Deno?: DenoNamespace }).Deno;
  if (!deno) return undefined;
  try {
    const broadcast = deno.jupyter?.broadcast;
    return typeof broadcast === "function" ? { deno, broadcast: broadcast as Broadcast } : undefined;
  } catch {
    return undefined;
  }
}

/** A cell's top level, as V8 prints the frame of a script Deno's kernel evaluated. */
const CELL_FRAME = /^ {4}at <anonymous>:\d+:\d+$/;

export class DenoSession implements CheckSession {
  readonly kernel = "deno" as const;
  readonly current: Execution;
  /** The relay's previous-cell file and Deno's reader, found at start-up (a later cell cannot redirect them). */
  private readonly previousCellFile?: string;
  private readonly readTextFileSync?: (path: string) => string;
  private snapshot: Snapshot = [];
  private armed = false;
  private libraryValues = new pristine.Map<string, unknown>();
  private readonly globalEval: (code: string) => unknown = globalThis.eval;

  constructor(
    private readonly deno: DenoNamespace,
    private readonly broadcast: Broadcast,
    private readonly grading: boolean,
  ) {
    const send = (messageType: string, content: Record<string, unknown>) => {
      const sent = pristine.apply(broadcast, deno.jupyter, [messageType, content]);
      // An async function: a failed send must not become an unhandled rejection (it would print in the cell).
      tryTo(() => pristine.apply(pristine.promiseThen, sent, [undefined, () => undefined]));
    };
    this.current = pristine.freeze({
      count: 0,
      firstLine: "",
      outcome: "running" as const,
      writeStream: (name: string, text: string) => send("stream", { name, text }),
      // transient must be an object: nbclient reads transient.display_id.
      writeDisplayData: (content: { data: Record<string, unknown>; metadata: object }) =>
        send("display_data", { data: content.data, metadata: content.metadata, transient: {} }),
    }) as Execution;
    if (!grading) {
      try {
        const file = pristine.apply(deno.env!.get as Function, deno.env, [PREVIOUS_CELL_VARIABLE]);
        const read = deno.readTextFileSync;
        if (typeof file === "string" && file !== "" && typeof read === "function") {
          this.previousCellFile = file;
          this.readTextFileSync = read as (path: string) => string;
        }
      } catch {
        // No env permission or no Deno.env: no previous-cell warning, nothing else changes.
      }
    }
  }

  /** The cell run before the current one, read from the relay's file now (see the file comment). */
  get previous(): Execution | undefined {
    const file = this.previousCellFile;
    const read = this.readTextFileSync;
    if (file === undefined || read === undefined) return undefined;
    try {
      return previousCellFrom(pristine.apply(read, this.deno, [file]) as string);
    } catch {
      return undefined; // no file (the first cell), no read permission, not JSON: say nothing
    }
  }

  /** Snapshot (and lock, in grading mode) once kernel-lib has loaded: see the file comment. */
  arm(): void {
    if (this.armed) return;
    this.armed = true;
    this.libraryValues = kernelLibValues();
    if (this.grading) this.lockDown();
    this.snapshot = takeSnapshot(this.watched());
  }

  private watched(): Watched[] {
    const list = commonWatched();
    if (this.deno.jupyter) append(list, { label: "Deno.jupyter", target: this.deno.jupyter });
    append(list, { label: "Deno", target: this.deno, keys: ["jupyter", "permissions", "exit"] });
    return list;
  }

  /** Grading mode: kernel-lib, `globalThis.Deno` and `Deno.jupyter` unchangeable. Deno's permissions are
   * revoked earlier, when grading mode was read (grading-mode.ts, deno-permissions.ts). */
  private lockDown(): void {
    lockKernelLib();
    tryTo(() => pristine.defineProperty(globalThis, "Deno", { writable: false, configurable: false }));
    if (this.deno.jupyter) tryTo(() => pristine.freeze(this.deno.jupyter));
  }

  changes(): string[] {
    return this.armed ? changesSince(this.snapshot) : [];
  }

  /** Deno gives no execution hook, so a change cannot be traced to the cell that made it. */
  describe(changes: string[]): string[] {
    return pristine.slice(changes, 0);
  }

  calledFromCellTopLevel(exerciseFunction: Function): boolean {
    const frames = framesAbove(exerciseFunction);
    return frames.length === 1 && pristine.matches(CELL_FRAME, frames[0]);
  }

  /** kernel-lib's names the checks' source mentions (Deno passes the source as written, names unchanged). */
  namesReadBy(source: string): string[] {
    const names: string[] = [];
    const pattern = /[A-Za-z_$][\w$]*/g;
    for (let match = pristine.exec(pattern, source); match !== null; match = pristine.exec(pattern, source)) {
      const name = match[0];
      if (!pristine.apply(pristine.mapHas, this.libraryValues, [name])) continue;
      let known = false;
      for (let i = 0; i < names.length && !known; i++) known = names[i] === name;
      if (!known) append(names, name);
    }
    return names;
  }

  redefinitions(names: string[]): string[] {
    const problems: string[] = [];
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      const expected = pristine.apply(pristine.mapGet, this.libraryValues, [name]);
      let now: unknown;
      try {
        now = this.globalEval(name); // global eval of a bare identifier: the cells' binding of that name
      } catch {
        continue; // not bound by any cell: the checks cannot be reading it
      }
      if (now !== expected) append(problems, `\`${name}\` no longer is kernel-lib's ${name}: it was redefined`);
    }
    return problems;
  }
}

/** The session of Deno's kernel this library runs in, or undefined elsewhere (called once, by startup.ts). */
export function startDenoSession(grading: boolean): DenoSession | undefined {
  const kernel = denoKernel();
  return kernel ? new DenoSession(kernel.deno, kernel.broadcast, grading) : undefined;
}
