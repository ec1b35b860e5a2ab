/**
 * Tamper evidence for the objects a check depends on: a snapshot of their own properties (value or
 * getter/setter identity, attributes), their prototype and extensibility, and a comparison that names
 * every difference ("Math.abs was replaced", "Array.prototype.toJSON was added").
 *
 * The snapshot is taken before any solution cell runs; exercise() compares before the checks, at every
 * check and after them, so a verdict is never computed while something it relies on is swapped out.
 */

import { append, pristine } from "./pristine";

export interface Watched {
  /** How the object is named in feedback: "Math", "Array.prototype", "kernel-lib's exports". */
  label: string;
  target: object;
  /** Only these keys (default: all own keys, symbols included). */
  keys?: readonly PropertyKey[];
  /** Compare only properties whose value was a function (objects whose other fields are live state, e.g. console). */
  functionsOnly?: boolean;
  /** Keys whose value legitimately changes (compared for kind and attributes only). */
  volatile?: readonly PropertyKey[];
}

interface Entry {
  watched: Watched;
  prototype: object | null;
  extensible: boolean;
  keys: PropertyKey[];
  descriptors: (PropertyDescriptor | undefined)[];
  known: Map<PropertyKey, true>;
}

export type Snapshot = Entry[];

function keyName(key: PropertyKey): string {
  return typeof key === "symbol" ? `[${pristine.String(key)}]` : pristine.String(key);
}

function selectedKeys(w: Watched): PropertyKey[] {
  if (w.keys) return pristine.slice(w.keys, 0);
  return pristine.ownKeys(w.target) as PropertyKey[];
}

function isVolatile(w: Watched, key: PropertyKey): boolean {
  if (!w.volatile) return false;
  for (let i = 0; i < w.volatile.length; i++) if (w.volatile[i] === key) return true;
  return false;
}

export function takeSnapshot(watched: readonly Watched[]): Snapshot {
  const snapshot: Snapshot = [];
  for (let i = 0; i < watched.length; i++) {
    const w = watched[i];
    const keys: PropertyKey[] = [];
    const descriptors: (PropertyDescriptor | undefined)[] = [];
    const known = new pristine.Map<PropertyKey, true>();
    const all = selectedKeys(w);
    for (let k = 0; k < all.length; k++) {
      pristine.apply(pristine.mapSet, known, [all[k], true]);
      const d = pristine.getOwnPropertyDescriptor(w.target, all[k]);
      if (w.functionsOnly && !(d && typeof d.value === "function")) continue;
      append(keys, all[k]);
      append(descriptors, d);
    }
    append(snapshot, {
      watched: w,
      prototype: pristine.getPrototypeOf(w.target),
      extensible: pristine.isExtensible(w.target),
      keys,
      descriptors,
      known,
    });
  }
  return snapshot;
}

function sameDescriptor(a: PropertyDescriptor | undefined, b: PropertyDescriptor | undefined, valueMatters: boolean): boolean {
  if (a === undefined || b === undefined) return a === b;
  if ("value" in a !== "value" in b) return false;
  if (a.enumerable !== b.enumerable || a.configurable !== b.configurable) return false;
  if ("value" in a) return a.writable === b.writable && (!valueMatters || pristine.is(a.value, b.value));
  return a.get === b.get && a.set === b.set;
}

/** What changed since the snapshot, one readable phrase per change; empty when nothing did. */
export function changesSince(snapshot: Snapshot): string[] {
  const changes: string[] = [];
  for (let i = 0; i < snapshot.length; i++) {
    const entry = snapshot[i];
    const w = entry.watched;
    if (pristine.getPrototypeOf(w.target) !== entry.prototype) append(changes, `the prototype of ${w.label} was replaced`);
    for (let k = 0; k < entry.keys.length; k++) {
      const key = entry.keys[k];
      const now = pristine.getOwnPropertyDescriptor(w.target, key);
      if (sameDescriptor(entry.descriptors[k], now, !isVolatile(w, key))) continue;
      const name = `${w.label}.${keyName(key)}`;
      if (now === undefined) append(changes, `${name} was deleted`);
      else if (entry.descriptors[k] === undefined) append(changes, `${name} was added`);
      else append(changes, `${name} was replaced`);
    }
    if (!w.keys) {
      const current = pristine.ownKeys(w.target);
      for (let c = 0; c < current.length; c++) {
        if (!pristine.apply(pristine.mapHas, entry.known, [current[c]])) append(changes, `${w.label}.${keyName(current[c])} was added`);
      }
    }
  }
  return changes;
}
