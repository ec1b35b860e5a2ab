/**
 * How kernel-lib writes a value for a person to read: one formatter for table cells (display/table.ts) and
 * for exercise feedback (check/), and one HTML escape for every HTML output, so a number or a string looks
 * the same wherever the library prints it.
 */

export interface FormatOptions {
  /**
   * "code" (default): the value as it would read in code — strings quoted ("" and " 1" stay visible), −0 as
   * "-0", arrays and typed arrays as [a, b, …], errors as "TypeError: message", null and undefined by name.
   * "table": a table cell — strings as they are, null and undefined as an empty cell.
   */
  style?: "code" | "table";
  /** Significant digits for numbers; default: the shortest text that reads back as the same double. */
  digits?: number;
  /** Items of an array shown before "…" (default 8). */
  maxItems?: number;
}

function formatNumber(x: number, digits: number | undefined): string {
  // String(-0) and (-0).toPrecision() both drop the sign, which is the one thing that tells −0 from 0.
  if (Object.is(x, -0)) return "-0";
  return String(digits === undefined || !Number.isFinite(x) ? x : Number(x.toPrecision(digits)));
}

/**
 * A value as text for a person: a table cell, or the "expected … got …" of an exercise check.
 *
 * Syntax:
 *   formatValue(value)
 *   formatValue(value, { style: "table", digits: 4 })
 *
 * @example
 *   formatValue(-0);                                   // "-0"
 *   formatValue("abc");                                // "\"abc\""
 *   formatValue(new Float64Array([1, 0.5]));           // "[1, 0.5]"
 *   formatValue(Math.PI, { style: "table", digits: 4 }); // "3.142"
 *   formatValue(null, { style: "table" });             // ""
 *
 * See also: escapeHtml, showTable
 */
export function formatValue(value: unknown, options: FormatOptions = {}): string {
  const style = options.style ?? "code";
  if (typeof value === "number") return formatNumber(value, options.digits);
  if (style === "table") {
    if (value === null || value === undefined) return "";
    if (typeof value === "string") return value;
  }
  if (typeof value === "string") return JSON.stringify(value);
  if (value === undefined) return "undefined";
  if (ArrayBuffer.isView(value) || Array.isArray(value)) {
    const maxItems = options.maxItems ?? 8;
    const items = Array.from(value as ArrayLike<unknown>, (v) => formatValue(v, { ...options, style: "code" }));
    return `[${items.length > maxItems ? [...items.slice(0, maxItems), "…"].join(", ") : items.join(", ")}]`;
  }
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/**
 * Text made safe to place in HTML, in an element or in a double-quoted attribute (the only kind kernel-lib
 * writes): & < > " become entities. An apostrophe needs no escape there and is left as typed.
 *
 * @example
 *   escapeHtml(`a < b & "c"`); // "a &lt; b &amp; &quot;c&quot;"
 *
 * See also: formatValue
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c]);
}
