/**
 * The tagged encoding of what a student's code returned: the only thing that leaves a grading kernel
 * (tools/lessontools/observations.py decodes it outside the sandbox and compares). JSON alone cannot be
 * used: `JSON.stringify` turns NaN and ±Infinity into null, drops `undefined`, loses −0 and array holes,
 * and calls `toJSON`, a method a student could add to any prototype. Every value here carries its tag:
 *
 *   number     {"t":"number","v":1.5}  or  {"t":"number","v":"NaN" | "Infinity" | "-Infinity" | "-0"}
 *   string     {"t":"string","v":"…"}            boolean  {"t":"boolean","v":true}
 *   undefined  {"t":"undefined"}                  null     {"t":"null"}
 *   bigint     {"t":"bigint","v":"12"}            symbol / function  {"t":"symbol"} / {"t":"function"}
 *   array      {"t":"array","length":3,"items":[…, {"t":"hole"}, …]}
 *   typed      {"t":"Float64Array","length":2,"items":[…numbers…]}   (its class name as the tag)
 *   error      {"t":"error","name":"RangeError","message":"…"}
 *   object     {"t":"object","entries":[["key", …], …]}
 *   and {"t":"truncated"} past the size limits, {"t":"unreadable","why":"…"} when reading threw.
 *
 * Reading is done once, with built-ins captured at import (pristine.ts): the value is copied, never asked
 * (no method of it is called, so an array with its own `map` or `every` is read like any array). A getter
 * or a proxy trap runs once, and what it returned is what is recorded. Student code may run there (that
 * getter), so nothing the library builds is written by assignment: every item goes in by definition
 * (pristine.ts's append and put), which no setter a student put on a prototype can intercept.
 */

import { append, pristine, put } from "./pristine";

/** How much of a value is recorded: enough for any exercise, little enough that a flood stays small. */
export const LIMITS = pristine.freeze({ depth: 8, items: 20_000, stringLength: 2_000 });

export type Encoded = { readonly t: string; readonly [field: string]: unknown };

const TYPED_NAMES = ["Float64Array", "Float32Array", "Int32Array", "Int16Array", "Int8Array", "Uint32Array", "Uint16Array", "Uint8Array", "Uint8ClampedArray"];
const typedArrayProto = pristine.getPrototypeOf(Float64Array.prototype) as object;
const toStringTagGetter = pristine.getOwnPropertyDescriptor(typedArrayProto, Symbol.toStringTag)?.get;

function typedName(value: object): string | undefined {
  if (!pristine.isView(value) || !toStringTagGetter) return undefined;
  const name = pristine.apply(toStringTagGetter, value, []) as string | undefined;
  for (let i = 0; i < TYPED_NAMES.length; i++) if (TYPED_NAMES[i] === name) return name;
  return undefined; // DataView, BigInt arrays: recorded as objects
}

function encodeNumber(value: number): Encoded {
  if (pristine.isNaN(value)) return { t: "number", v: "NaN" };
  if (value === Infinity) return { t: "number", v: "Infinity" };
  if (value === -Infinity) return { t: "number", v: "-Infinity" };
  if (pristine.is(value, -0)) return { t: "number", v: "-0" };
  return { t: "number", v: value };
}

interface Budget {
  items: number;
}

function encodeAt(value: unknown, depth: number, budget: Budget): Encoded {
  budget.items--;
  if (budget.items < 0) return { t: "truncated" };
  switch (typeof value) {
    case "number":
      return encodeNumber(value);
    case "string":
      return value.length > LIMITS.stringLength ? { t: "string", v: pristine.cut(value, 0, LIMITS.stringLength), truncated: true } : { t: "string", v: value };
    case "boolean":
      return { t: "boolean", v: value };
    case "undefined":
      return { t: "undefined" };
    case "bigint":
      return { t: "bigint", v: pristine.String(value) };
    case "symbol":
      return { t: "symbol" };
    case "function":
      return { t: "function" };
  }
  if (value === null) return { t: "null" };
  if (depth >= LIMITS.depth) return { t: "truncated" };
  try {
    return encodeObject(value as object, depth, budget);
  } catch (e) {
    return { t: "unreadable", why: describe(e) };
  }
}

function describe(e: unknown): string {
  try {
    return e instanceof Error ? `${pristine.String(e.name)}: ${pristine.String(e.message)}` : typeof e;
  } catch {
    return "an exception that could not be shown";
  }
}

function encodeObject(value: object, depth: number, budget: Budget): Encoded {
  const typed = typedName(value);
  if (typed) {
    const list = value as ArrayLike<number>;
    const length = list.length;
    const items: Encoded[] = [];
    for (let i = 0; i < length; i++) {
      if (budget.items-- <= 0) return { t: "truncated" };
      append(items, encodeNumber(list[i]));
    }
    return { t: typed, length, items };
  }
  if (pristine.isArray(value)) {
    const list = value as unknown[];
    const length = list.length;
    if (typeof length !== "number" || length > LIMITS.items) return { t: "truncated" };
    const items: Encoded[] = [];
    for (let i = 0; i < length; i++) {
      append(items, pristine.getOwnPropertyDescriptor(list, i) === undefined ? { t: "hole" } : encodeAt(list[i], depth + 1, budget));
    }
    return { t: "array", length, items };
  }
  if (value instanceof Error) return { t: "error", name: pristine.String(value.name), message: pristine.String(value.message) };
  const keys = pristine.getOwnPropertyNames(value);
  const entries: [string, Encoded][] = [];
  for (let i = 0; i < keys.length; i++) {
    const d = pristine.getOwnPropertyDescriptor(value, keys[i]);
    if (!d || !d.enumerable) continue;
    append(entries, [keys[i], encodeAt((value as Record<string, unknown>)[keys[i]], depth + 1, budget)]);
  }
  return { t: "object", entries };
}

/** The tagged form of `value` (see the file comment); never throws. */
export function encode(value: unknown): Encoded {
  return encodeAt(value, 0, { items: LIMITS.items });
}

/** JSON text of an encoded tree (strings, finite numbers, booleans, arrays and records only), written
 * without `JSON.stringify`'s `toJSON` lookups on objects. */
export function serialize(tree: unknown): string {
  if (typeof tree === "string") return pristine.stringify(tree);
  if (typeof tree === "number") return pristine.isFinite(tree) ? pristine.String(tree) : "null";
  if (typeof tree === "boolean") return tree ? "true" : "false";
  if (tree === null || tree === undefined) return "null";
  const parts: string[] = [];
  if (pristine.isArray(tree)) {
    const list = tree as unknown[];
    for (let i = 0; i < list.length; i++) append(parts, serialize(list[i]));
    return `[${pristine.join(parts, ",")}]`;
  }
  const keys = pristine.getOwnPropertyNames(tree);
  for (let i = 0; i < keys.length; i++) append(parts, `${pristine.stringify(keys[i])}:${serialize((tree as Record<string, unknown>)[keys[i]])}`);
  return `{${pristine.join(parts, ",")}}`;
}

/** The plain value an encoding stands for: fresh arrays, typed arrays and records, nothing of the
 * student's (what `t.values(x)` returns). */
export function decode(tree: Encoded): unknown {
  switch (tree.t) {
    case "number": {
      const v = tree.v;
      if (typeof v === "number") return v;
      return v === "NaN" ? NaN : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : -0;
    }
    case "string":
    case "boolean":
      return tree.v;
    case "null":
      return null;
    case "bigint":
      return pristine.BigInt(tree.v as string);
    case "array": {
      const items = tree.items as Encoded[];
      const out: unknown[] = new pristine.Array(tree.length as number);
      for (let i = 0; i < items.length; i++) if (items[i].t !== "hole") put(out, i, decode(items[i]));
      return out;
    }
    case "object": {
      const out: Record<string, unknown> = {};
      const entries = tree.entries as [string, Encoded][];
      for (let i = 0; i < entries.length; i++) put(out, entries[i][0], decode(entries[i][1]));
      return out;
    }
    case "error":
      return { name: tree.name, message: tree.message };
  }
  for (let i = 0; i < TYPED_NAMES.length; i++) {
    if (tree.t === TYPED_NAMES[i]) {
      const items = tree.items as Encoded[];
      const out = new (pristine.typedArrays[i] as Float64ArrayConstructor)(items.length);
      for (let j = 0; j < items.length; j++) out[j] = decode(items[j]) as number;
      return out;
    }
  }
  return undefined;
}
