/**
 * What the check library knows about the running tslab kernel, learned from hooks installed when
 * kernel-lib is imported (tslab 1.0.22 internals, see node_modules/tslab/dist/jupyter.js and executor.js):
 *
 * - Every execute request goes through `JupyterHandlerImpl.prototype.handleExecuteImpl(req, writeStream,
 *   writeDisplayData)`; prototype methods are looked up per call, so wrapping it reaches the live handler.
 *   The wrapper records each execution (its first line, whether it failed) and keeps the real stream and
 *   display writers in this closure: feedback and observations go through them, never through
 *   `process.stdout.write` or `console`, which student code can replace.
 * - Cells read `__tslab__.exports` (the proxy that holds every top-level name) when they start. It is
 *   replaced by a recorder that notes which execution (re)defined each name, and locked.
 * - The first execution after the import is where the library "arms": it snapshots the built-ins the
 *   checks depend on and, in grading mode, freezes kernel-lib's exports, locks its require.cache entries,
 *   tslab's handler prototypes and writer, and refuses the inspector. None of this is what grading trusts
 *   (verdicts are made outside the kernel, docs/grading-security.md); it keeps the local ✓ honest and
 *   names in feedback what a cell changed.
 *
 * Started by startup.ts (`startTslabSession`), never as a side effect of importing this file. Outside tslab
 * (plain Node, vitest) there is no session and exercise() prints with console.
 */

import { BLOCKED_MODULES, commonWatched, firstLineOf, framesAbove, kernelLibValues, loadedModule, lockKernelLib, builtin, tryTo, type CheckSession, type Execution, type WriteDisplayData, type WriteStream } from "./contract";
import { append, pristine } from "./pristine";
import { changesSince, takeSnapshot, type Snapshot, type Watched } from "./tamper";

/** A name in tslab's exports and the executions that set it since the library armed. */
interface Definition {
  executions: Execution[];
  /** Its value when the library armed (usually what the import cell bound). */
  armedValue: unknown;
  existedAtArm: boolean;
}

const TSLAB_JUPYTER = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;

/** Names an earlier cell defined that the checks read: tslab compiles them to `exports.NAME`. */
function exportsReadBy(source: string): string[] {
  const names: string[] = [];
  const pattern = /\bexports\.([A-Za-z_$][\w$]*)/g;
  for (let match = pristine.exec(pattern, source); match !== null; match = pristine.exec(pattern, source)) {
    let known = false;
    for (let i = 0; i < names.length && !known; i++) known = names[i] === match[1];
    if (!known) append(names, match[1]);
  }
  return names;
}

export class TslabSession implements CheckSession {
  readonly kernel = "tslab" as const;
  current?: Execution;
  previous?: Execution;
  armed = false;
  private count = 0;
  private snapshot: Snapshot = [];
  /** The execution after which each change was first seen, to name the cell in feedback. */
  private changeSeenAfter = new pristine.Map<string, Execution>();
  private definitions = new pristine.Map<PropertyKey, Definition>();
  private legitWrite: { stdout?: unknown; stderr?: unknown } = {};
  private rawExports?: Record<PropertyKey, unknown>;
  private kernelLibValues = new pristine.Map<string, unknown>();

  constructor(
    private readonly jupyter: Record<string, any>,
    private readonly grading: boolean,
  ) {}

  install(): void {
    const session = this;
    const proto = this.jupyter.JupyterHandlerImpl?.prototype;
    if (!proto || typeof proto.handleExecuteImpl !== "function") return;
    const originalImpl = proto.handleExecuteImpl;
    const originalCreate = proto.createWriteToIopub;
    // The import cell's own execution is already under way: its writers are the current ones.
    this.legitWrite = { stdout: process.stdout.write, stderr: process.stderr.write };
    proto.createWriteToIopub = function (name: "stdout" | "stderr", writeStream: WriteStream) {
      const write = pristine.apply(originalCreate, this, [name, writeStream]);
      session.legitWrite[name] = write;
      return write;
    };
    proto.handleExecuteImpl = function (req: { code: string }, writeStream: WriteStream, writeDisplayData: WriteDisplayData) {
      const execution: Execution = {
        count: ++session.count,
        firstLine: firstLineOf(typeof req?.code === "string" ? req.code : ""),
        outcome: "running",
        writeStream,
        writeDisplayData,
      };
      if (!session.armed) session.arm(this);
      session.previous = session.current;
      session.current = execution;
      const settle = (outcome: "ok" | "failed") => () => {
        execution.outcome = outcome;
        session.noteChanges(execution);
      };
      const result = pristine.apply(originalImpl, this, [req, writeStream, writeDisplayData]);
      pristine.apply(pristine.promiseThen, result, [settle("ok"), settle("failed")]);
      return result;
    };
  }

  /** Snapshot and (in grading mode) lock everything, before the first cell after the import cell runs. */
  private arm(handler: Record<string, any>): void {
    this.armed = true;
    this.recordExports();
    this.rememberKernelLibValues();
    if (this.grading) this.lockDown(handler);
    this.snapshot = takeSnapshot(this.watched());
  }

  private recordExports(): void {
    const tslab = (globalThis as Record<string, any>).__tslab__;
    if (!tslab || typeof tslab !== "object" || !tslab.exports) return;
    const raw = tslab.exports as Record<PropertyKey, unknown>;
    this.rawExports = raw;
    const keys = pristine.ownKeys(raw);
    for (let i = 0; i < keys.length; i++) {
      pristine.apply(pristine.mapSet, this.definitions, [keys[i], { executions: [], armedValue: raw[keys[i] as string], existedAtArm: true }]);
    }
    const session = this;
    const note = (prop: PropertyKey) => {
      if (prop === "__esModule" || !session.current) return;
      let def = pristine.apply(pristine.mapGet, session.definitions, [prop]) as Definition | undefined;
      if (!def) {
        def = { executions: [], armedValue: undefined, existedAtArm: false };
        pristine.apply(pristine.mapSet, session.definitions, [prop, def]);
      }
      const last = def.executions[def.executions.length - 1];
      if (last !== session.current) append(def.executions, session.current);
    };
    const recorder = new Proxy(raw, {
      defineProperty(target, prop, attributes) {
        note(prop);
        return pristine.reflectDefineProperty(target, prop, attributes);
      },
      set(target, prop, value) {
        note(prop);
        return pristine.reflectSet(target, prop, value);
      },
      deleteProperty(target, prop) {
        note(prop);
        return pristine.reflectDeleteProperty(target, prop);
      },
    });
    const replacement = pristine.freeze({ exports: recorder, require: tslab.require });
    try {
      pristine.defineProperty(globalThis, "__tslab__", { value: replacement, writable: false, configurable: false, enumerable: false });
    } catch {
      // Already locked by an earlier copy of kernel-lib: keep its recorder.
    }
  }

  private rememberKernelLibValues(): void {
    this.kernelLibValues = kernelLibValues();
  }

  namesReadBy(source: string): string[] {
    return exportsReadBy(source);
  }

  private watched(): Watched[] {
    const list = commonWatched();
    append(list, { label: "tslab's jupyter module", target: this.jupyter, volatile: ["lastWriteDisplayData"] });
    append(list, { label: "tslab's JupyterHandlerImpl.prototype", target: this.jupyter.JupyterHandlerImpl.prototype });
    const vm = builtin("vm");
    const moduleClass = builtin("module");
    if (vm && moduleClass) {
      append(list, { label: "vm", target: vm, keys: ["runInThisContext", "Script"] });
      append(list, { label: "Module", target: moduleClass, keys: ["_load", "_resolveFilename", "createRequire"] });
    }
    return list;
  }

  /** Grading mode: make the library, its cache entries, tslab's handler and the kernel's debug doors unchangeable. */
  private lockDown(handler: Record<string, any>): void {
    lockKernelLib();
    // tslab's writer for the display API: an accessor that cannot be redefined (tslab's own assignment
    // still works through the setter).
    let lastWriteDisplayData: unknown = this.jupyter.lastWriteDisplayData;
    tryTo(() =>
      pristine.defineProperty(this.jupyter, "lastWriteDisplayData", {
        get: () => lastWriteDisplayData,
        set: (value: unknown) => {
          lastWriteDisplayData = value;
        },
        enumerable: true,
        configurable: false,
      }),
    );
    tryTo(() => pristine.freeze(this.jupyter));
    tryTo(() => pristine.freeze(this.jupyter.JupyterHandlerImpl.prototype));
    if (this.jupyter.ZmqServer) tryTo(() => pristine.freeze(this.jupyter.ZmqServer.prototype));
    tryTo(() => pristine.defineProperty(handler, "executor", { writable: false, configurable: false }));
    tryTo(() => pristine.freeze(handler.executor));
    const vm = builtin("vm");
    const moduleClass = builtin("module");
    if (vm && moduleClass) {
      tryTo(() => pristine.defineProperty(vm, "runInThisContext", { writable: false, configurable: false }));
      tryTo(() => pristine.defineProperty(vm, "Script", { writable: false, configurable: false }));
      // The inspector (and a worker's connection to it, or a heap snapshot) could rewrite this closure:
      // refuse them while grading. Nothing secret lives here any more (docs/grading-security.md).
      const load = moduleClass._load;
      const refuse = (request: unknown) => {
        for (let i = 0; i < BLOCKED_MODULES.length; i++) {
          if (request === BLOCKED_MODULES[i]) throw new Error(`kernel-lib: the ${pristine.String(request)} module is not available while grading`);
        }
      };
      tryTo(() =>
        pristine.defineProperty(moduleClass, "_load", {
          value: function (this: unknown, request: unknown) {
            refuse(request);
            return pristine.apply(load, this, arguments as unknown as unknown[]);
          },
          writable: false,
          configurable: false,
        }),
      );
      const proc = process as unknown as Record<string, any>;
      for (const name of ["binding", "_linkedBinding", "getBuiltinModule"]) {
        const original = proc[name];
        if (typeof original !== "function") continue;
        tryTo(() =>
          pristine.defineProperty(proc, name, {
            value: function (this: unknown, request: unknown) {
              refuse(request);
              refuse(`node:${pristine.String(request)}`);
              return pristine.apply(original, this, arguments as unknown as unknown[]);
            },
            writable: false,
            configurable: false,
          }),
        );
      }
      tryTo(() =>
        pristine.defineProperty(proc, "_debugProcess", {
          value: () => {
            throw new Error("kernel-lib: debugging is not available while grading");
          },
          writable: false,
          configurable: false,
        }),
      );
      const kill = proc.kill;
      tryTo(() =>
        pristine.defineProperty(proc, "kill", {
          value: function (this: unknown, pid: unknown, signal: unknown) {
            if ((signal === "SIGUSR1" || signal === 10) && pid === process.pid) throw new Error("kernel-lib: SIGUSR1 (starts the inspector) is not available while grading");
            return pristine.apply(kill, this, arguments as unknown as unknown[]);
          },
          writable: false,
          configurable: false,
        }),
      );
    }
  }

  /** After each execution: remember which cell first showed each change, for feedback. */
  noteChanges(execution: Execution): void {
    if (!this.armed) return;
    const changes = this.changes();
    for (let i = 0; i < changes.length; i++) {
      if (!pristine.apply(pristine.mapHas, this.changeSeenAfter, [changes[i]])) {
        pristine.apply(pristine.mapSet, this.changeSeenAfter, [changes[i], execution]);
      }
    }
  }

  /** Every change to the watched objects, including writers other than the ones tslab installed. */
  changes(): string[] {
    const changes = changesSince(this.snapshot);
    if (process.stdout.write !== this.legitWrite.stdout) append(changes, "process.stdout.write was replaced");
    if (process.stderr.write !== this.legitWrite.stderr) append(changes, "process.stderr.write was replaced");
    return changes;
  }

  /** The changes, each with the cell that made it when known: `Math.abs was replaced (by the cell starting "…")`. */
  describe(changes: string[]): string[] {
    const described: string[] = [];
    for (let i = 0; i < changes.length; i++) {
      const by = pristine.apply(pristine.mapGet, this.changeSeenAfter, [changes[i]]) as Execution | undefined;
      append(described, by ? `${changes[i]} (by the cell starting ${pristine.stringify(by.firstLine)})` : changes[i]);
    }
    return described;
  }

  /**
   * Names the checks read from earlier cells (`exports.NAME` in tslab's compiled code) that no longer
   * hold what they should: in grading mode, a name set by more than one cell (each cell runs once there,
   * so a second definition is a solution cell overriding something the tests rely on); in any mode, a
   * kernel-lib name that no longer holds kernel-lib's value.
   */
  redefinitions(names: string[]): string[] {
    const problems: string[] = [];
    const raw = this.rawExports;
    if (!raw) return problems;
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      const def = pristine.apply(pristine.mapGet, this.definitions, [name]) as Definition | undefined;
      if (!def) continue;
      const setters = def.executions.length + (def.existedAtArm ? 1 : 0);
      const last = def.executions[def.executions.length - 1];
      const by = last ? ` by the cell starting ${pristine.stringify(last.firstLine)}` : "";
      if (this.grading && setters > 1) {
        append(problems, `\`${name}\`, which the checks use, was redefined${by}`);
        continue;
      }
      const library = pristine.apply(pristine.mapHas, this.kernelLibValues, [name]);
      if (library && def.existedAtArm && def.armedValue === pristine.apply(pristine.mapGet, this.kernelLibValues, [name]) && raw[name] !== def.armedValue) {
        append(problems, `\`${name}\` no longer is kernel-lib's ${name}: it was redefined${by}`);
      }
    }
    return problems;
  }

  /** Where the call to exercise() came from is the top level of the cell tslab is executing. */
  calledFromCellTopLevel(exerciseFunction: Function): boolean {
    const frames = framesAbove(exerciseFunction);
    // Expected: the cell's function and the script that calls it (both compiled by tslab, "evalmachine"),
    // then node:vm's runInThisContext frames, then tslab's executor.
    const cellFrame = /^ {4}at evalmachine\.<anonymous>:\d+:\d+$/;
    if (frames.length < 4 || !pristine.matches(cellFrame, frames[0]) || !pristine.matches(cellFrame, frames[1])) return false;
    let i = 2;
    while (i < frames.length && pristine.indexOf(frames[i], "(node:vm:") >= 0) i++;
    if (i === 2 || i >= frames.length) return false;
    return pristine.matches(/[\\/]tslab[\\/]dist[\\/]executor\.js:\d+:\d+\)$/, frames[i]);
  }
}

/** The session of the tslab kernel this library runs in, or undefined outside tslab (called once, by startup.ts). */
export function startTslabSession(grading: boolean): TslabSession | undefined {
  const jupyter = loadedModule(TSLAB_JUPYTER);
  if (!jupyter || typeof process !== "object") return undefined;
  const session = new TslabSession(jupyter.module.exports as Record<string, any>, grading);
  session.install();
  return session;
}
