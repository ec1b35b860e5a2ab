/**
 * Input coercion and validation shared by every activation and loss.
 *
 * Errors name the function and the argument ("meanSquaredError: yPred[3] is ...") because a student
 * reading the message in a notebook should not need a stack trace to find the mistake.
 */
import { inputError } from "./errors";

/** Anything a lesson may pass where a vector of numbers is expected. */
export type Vector = ArrayLike<number>;
/** One row (a single example) or a batch of rows. */
export type Rows = Vector | ArrayLike<Vector>;

/** A short description of a value for an error message: "3", "\"abc\" (a string)", "an array of length 2". */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "string") return JSON.stringify(value.length > 20 ? value.slice(0, 20) + "…" : value) + " (a string)";
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as unknown as ArrayLike<number>).length}`;
  if (typeof value === "function") return "a function";
  return `${typeof value === "object" ? "an object" : "a " + typeof value}`;
}

/** An array or a typed array (not a DataView): something a vector of numbers can be read from. */
export function isVectorLike(value: unknown): value is Vector {
  if (Array.isArray(value)) return true;
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

/** A TypeError unless `value` is a number (NaN and ±Infinity are numbers here). */
export function requireNumber(fn: string, name: string, value: unknown): number {
  if (typeof value !== "number") {
    throw inputError(TypeError, `${fn}: ${name} must be a number, got ${describe(value)}`);
  }
  return value;
}

/** A RangeError unless `value` is a finite number. */
export function requireFinite(fn: string, name: string, value: unknown): number {
  const x = requireNumber(fn, name, value);
  if (!Number.isFinite(x)) throw inputError(RangeError, `${fn}: ${name} must be finite, got ${x}`);
  return x;
}

/**
 * Copies a vector into a fresh Float64Array, checking that every entry is a number.
 * Typed arrays of numbers are taken as they are, without a per-element check.
 */
export function toFloat64(fn: string, name: string, value: unknown, options: { allowEmpty?: boolean } = {}): Float64Array {
  if (!isVectorLike(value)) {
    throw inputError(TypeError, `${fn}: ${name} must be a number or an array of numbers, got ${describe(value)}`);
  }
  const n = value.length;
  if (n === 0 && !options.allowEmpty) throw inputError(RangeError, `${fn}: ${name} is empty; it needs at least one value`);
  if (value instanceof Float64Array) return value;
  if (ArrayBuffer.isView(value)) {
    if (typeof (value as unknown as BigInt64Array)[0] === "bigint") {
      throw inputError(TypeError, `${fn}: ${name} must hold numbers, got ${describe(value)} of bigints`);
    }
    return Float64Array.from(value as ArrayLike<number>);
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = (value as ArrayLike<unknown>)[i];
    if (typeof x !== "number") {
      throw inputError(TypeError, `${fn}: ${name}[${i}] must be a number, got ${describe(x)}`);
    }
    out[i] = x;
  }
  return out;
}

/** A RangeError naming the first entry that is NaN or infinite. */
export function requireAllFinite(fn: string, name: string, values: Float64Array): void {
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x - x !== 0) throw inputError(RangeError, `${fn}: ${name}[${i}] must be finite, got ${x}`);
  }
}

/** A RangeError naming the first entry outside [0, 1]. */
export function requireUnitInterval(fn: string, name: string, values: Float64Array, what: string): void {
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!(x >= 0 && x <= 1)) {
      throw inputError(RangeError, `${fn}: ${name}[${i}] is ${x}, but ${what} must lie in [0, 1]`);
    }
  }
}

/** A RangeError naming both arguments and both lengths unless `a` and `b` have the same length. */
export function requireSameLength(fn: string, aName: string, a: ArrayLike<unknown>, bName: string, b: ArrayLike<unknown>): void {
  if (a.length !== b.length) {
    throw inputError(RangeError,
      `${fn}: ${aName} has ${a.length} value${a.length === 1 ? "" : "s"} but ${bName} has ${b.length}; they must have the same length`,
    );
  }
}

/**
 * A batch of rows as Float64Arrays. A flat vector is one row; `batched` tells which it was, so results can
 * come back in the shape the caller used.
 */
export function toRows(fn: string, name: string, value: unknown): { rows: Float64Array[]; batched: boolean } {
  if (!isVectorLike(value) && !(Array.isArray(value))) {
    throw inputError(TypeError, `${fn}: ${name} must be an array of numbers (one example) or an array of rows, got ${describe(value)}`);
  }
  const v = value as ArrayLike<unknown>;
  if (v.length === 0) throw inputError(RangeError, `${fn}: ${name} is empty; it needs at least one value`);
  if (Array.isArray(v) && isVectorLike(v[0])) {
    const rows: Float64Array[] = [];
    const width = (v[0] as Vector).length;
    for (let r = 0; r < v.length; r++) {
      const row = v[r];
      if (!isVectorLike(row)) {
        throw inputError(TypeError, `${fn}: ${name}[${r}] must be a row of numbers, got ${describe(row)}`);
      }
      if (row.length !== width) {
        throw inputError(RangeError, `${fn}: ${name}[${r}] has ${row.length} value${row.length === 1 ? "" : "s"} but ${name}[0] has ${width}; all rows must have the same length`);
      }
      rows.push(toFloat64(fn, `${name}[${r}]`, row));
    }
    return { rows, batched: true };
  }
  return { rows: [toFloat64(fn, name, v)], batched: false };
}

/** A RangeError naming both arguments unless two batches of rows have the same number of rows and classes. */
export function requireSameShape(fn: string, aName: string, a: Float64Array[], bName: string, b: Float64Array[]): void {
  if (a.length !== b.length) {
    throw inputError(RangeError, `${fn}: ${aName} has ${a.length} row${a.length === 1 ? "" : "s"} but ${bName} has ${b.length}; they must have the same shape`);
  }
  for (let r = 0; r < a.length; r++) {
    if (a[r].length !== b[r].length) {
      const where = a.length === 1 ? "" : ` in row ${r}`;
      throw inputError(RangeError, `${fn}: ${aName} has ${a[r].length} classes but ${bName} has ${b[r].length}${where}; they must have the same shape`);
    }
  }
}

/** Rows that must be probability distributions: entries in [0, 1] summing to 1 within `tolerance`. */
export function requireDistributionRows(fn: string, name: string, rows: Float64Array[], batched: boolean, tolerance = 1e-6): void {
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const label = batched ? `${name}[${r}]` : name;
    let sum = 0;
    for (let i = 0; i < row.length; i++) {
      const x = row[i];
      if (!(x >= 0 && x <= 1)) {
        throw inputError(RangeError, `${fn}: ${label}[${i}] is ${x}, but a probability must lie in [0, 1]`);
      }
      sum += x;
    }
    if (Math.abs(sum - 1) > tolerance) {
      throw inputError(RangeError, `${fn}: ${label} sums to ${sum}, but a probability distribution must sum to 1 (tolerance ${tolerance})`);
    }
  }
}
