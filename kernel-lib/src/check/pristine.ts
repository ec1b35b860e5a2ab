/**
 * The built-ins the check library relies on, captured when kernel-lib is imported (the lesson's import
 * cell, before any solution cell runs). A solution cell that later replaces `Math.abs`, `Object.is`,
 * `Array.prototype.join` or `JSON.stringify` changes the globals, not these references, so it cannot change
 * how a check compares. Methods are called through the captured `Reflect.apply`, never looked up again on a
 * (replaceable) prototype. See docs/grading-security.md.
 */

const apply = Reflect.apply;
const charCodeAt = String.prototype.charCodeAt;
const regexpExec = RegExp.prototype.exec;
const arrayJoin = Array.prototype.join;
const arraySlice = Array.prototype.slice;
const functionToString = Function.prototype.toString;
const stringSplit = String.prototype.split;
const stringSlice = String.prototype.slice;
const stringIndexOf = String.prototype.indexOf;

export const pristine = Object.freeze({
  apply,
  abs: Math.abs,
  max: Math.max,
  floor: Math.floor,
  is: Object.is,
  isNaN: Number.isNaN,
  isFinite: Number.isFinite,
  isArray: Array.isArray,
  isView: ArrayBuffer.isView,
  stringify: JSON.stringify,
  parse: JSON.parse,
  String,
  fromCharCode: String.fromCharCode,
  getOwnPropertyDescriptor: Object.getOwnPropertyDescriptor,
  getOwnPropertyNames: Object.getOwnPropertyNames,
  ownKeys: Reflect.ownKeys,
  getPrototypeOf: Object.getPrototypeOf,
  isExtensible: Object.isExtensible,
  defineProperty: Object.defineProperty,
  freeze: Object.freeze,
  isFrozen: Object.isFrozen,
  captureStackTrace: Error.captureStackTrace,
  promiseThen: Promise.prototype.then,
  Map,
  Array,
  BigInt,
  RegExp,
  /** The typed array classes, in the order of encoding.ts's TYPED_NAMES. */
  typedArrays: [Float64Array, Float32Array, Int32Array, Int16Array, Int8Array, Uint32Array, Uint16Array, Uint8Array, Uint8ClampedArray] as const,
  mapGet: Map.prototype.get,
  mapSet: Map.prototype.set,
  mapHas: Map.prototype.has,
  /** `text.charCodeAt(i)` that ignores a replaced String.prototype.charCodeAt. */
  charCodeAt: (text: string, i: number): number => apply(charCodeAt, text, [i]),
  /** `pattern.exec(text) !== null` with the original RegExp.prototype.exec. */
  matches: (pattern: RegExp, text: string): boolean => apply(regexpExec, pattern, [text]) !== null,
  /** `pattern.exec(text)` with the original RegExp.prototype.exec. */
  exec: (pattern: RegExp, text: string): RegExpExecArray | null => apply(regexpExec, pattern, [text]),
  join: (items: ArrayLike<unknown>, separator: string): string => apply(arrayJoin, items, [separator]),
  slice: <T>(items: ArrayLike<T>, start: number, end?: number): T[] => apply(arraySlice, items, [start, end]),
  split: (text: string, separator: string): string[] => apply(stringSplit, text, [separator]),
  cut: (text: string, start: number, end?: number): string => apply(stringSlice, text, [start, end]),
  indexOf: (text: string, part: string): number => apply(stringIndexOf, text, [part]),
  reflectDefineProperty: Reflect.defineProperty,
  reflectSet: Reflect.set,
  reflectDeleteProperty: Reflect.deleteProperty,
  /** The source text of a function as V8 keeps it (a function's own `toString` is ignored). */
  sourceOf: (fn: unknown): string => {
    try {
      return apply(functionToString, fn, []);
    } catch {
      return "";
    }
  },
});

const defineOwn = Object.defineProperty;

/** `items.push(value)` without looking up Array.prototype.push (which a student could replace), written as a
 * definition: an assignment `items[n] = value` to an index the array does not have yet goes through any
 * setter a student put on Array.prototype for that index, which would hand the student the value (a check's
 * record) and the array holding it. A definition never calls a setter. */
export function append<T>(items: T[], value: T): void {
  defineOwn(items, items.length, { value, writable: true, enumerable: true, configurable: true });
}

/** `target[key] = value` as a definition (see append): for the check library's own fresh objects and arrays,
 * whose missing keys a student's setter on a prototype would otherwise intercept. */
export function put(target: object, key: PropertyKey, value: unknown): void {
  defineOwn(target, key, { value, writable: true, enumerable: true, configurable: true });
}
