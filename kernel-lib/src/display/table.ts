import { displayBundle } from "./bundle";
import { escapeHtml, formatValue } from "../core/format";
import { inputError } from "../core/errors";
import { describe } from "../core/validate";

export type Cell = string | number | boolean | null | undefined;

export interface TableOptions {
  /** Column keys in order; defaults to the keys of the first row. */
  columns?: string[];
  /** Header text per column key; defaults to the key. */
  headers?: Record<string, string>;
  /** Columns whose cells are LaTeX, written as inline math ($…$). */
  math?: string[];
  /** Significant digits for numbers (default: shortest round-trip representation). */
  digits?: number;
  caption?: string;
}

const escapeMarkdown = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** Rows and options checked, so a mistake is named (`fn` is the function the student called). */
function readTable(fn: string, rows: unknown, options: unknown): TableOptions {
  if (!Array.isArray(rows)) {
    throw inputError(TypeError, `${fn}: rows must be an array of objects such as [{ name: "relu", value: 0 }], got ${describe(rows)}`);
  }
  if (rows.length === 0) throw inputError(RangeError, `${fn}: rows is empty; it needs at least one row`);
  rows.forEach((row, i) => {
    if (row === null || typeof row !== "object" || Array.isArray(row)) {
      throw inputError(TypeError, `${fn}: rows[${i}] must be an object (one row, keyed by column), got ${describe(row)}`);
    }
  });
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw inputError(TypeError, `${fn}: options must be an object such as { digits: 4 }, got ${describe(options)}`);
  }
  const { digits, columns, math } = options as TableOptions;
  if (digits !== undefined && !(Number.isInteger(digits) && digits >= 1 && digits <= 21)) {
    throw inputError(RangeError, `${fn}: options.digits must be a whole number from 1 to 21, got ${describe(digits)}`);
  }
  for (const [key, list] of [["columns", columns], ["math", math]] as const) {
    if (list !== undefined && !(Array.isArray(list) && list.every((c) => typeof c === "string"))) {
      throw inputError(TypeError, `${fn}: options.${key} must be an array of column names, got ${describe(list)}`);
    }
  }
  return options as TableOptions;
}

function buildTable(fn: string, rows: readonly Record<string, Cell>[], tableOptions: TableOptions) {
  const options = readTable(fn, rows, tableOptions);
  const columns = options.columns ?? Object.keys(rows[0]);
  const header = (c: string) => options.headers?.[c] ?? c;
  const isMath = (c: string) => options.math?.includes(c) ?? false;
  const text = rows.map((r) => columns.map((c) => formatValue(r[c], { style: "table", digits: options.digits })));
  const asMath = (c: string, s: string) => (isMath(c) && s !== "" ? `$${s}$` : s);

  const markdown = [
    options.caption ? `**${options.caption}**\n` : "",
    `| ${columns.map((c) => escapeMarkdown(header(c))).join(" | ")} |`,
    `| ${columns.map(() => "---").join(" | ")} |`,
    ...text.map((r) => `| ${r.map((s, i) => escapeMarkdown(asMath(columns[i], s))).join(" | ")} |`),
  ]
    .filter(Boolean)
    .join("\n");

  const html = [
    "<table>",
    options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : "",
    `<thead><tr>${columns.map((c) => `<th>${escapeHtml(header(c))}</th>`).join("")}</tr></thead>`,
    "<tbody>",
    ...text.map((r) => `<tr>${r.map((s, i) => `<td>${escapeHtml(asMath(columns[i], s))}</td>`).join("")}</tr>`),
    "</tbody></table>",
  ]
    .filter(Boolean)
    .join("\n");

  const widths = columns.map((c, i) => Math.max(header(c).length, ...text.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((s, i) => s.padEnd(widths[i])).join("  ").trimEnd();
  const plain = [
    options.caption ?? "",
    line(columns.map(header)),
    line(widths.map((w) => "-".repeat(w))),
    ...text.map(line),
  ]
    .filter(Boolean)
    .join("\n");

  return { "text/markdown": markdown, "text/html": html, "text/plain": plain };
}

/**
 * The table as Markdown, HTML and aligned plain text, without displaying it (for scripts and tests).
 *
 * @example
 *   tableBundle([{ z: 0, "σ(z)": 0.5 }])["text/plain"];
 *
 * See also: showTable
 */
export function tableBundle(rows: readonly Record<string, Cell>[], options: TableOptions = {}) {
  return buildTable("tableBundle", rows, options);
}

/**
 * Shows rows of objects as a table: one output with Markdown (listed first, so JupyterLab typesets math
 * columns), HTML for exported pages and aligned plain text for terminals.
 *
 * Syntax:
 *   showTable(rows)
 *   showTable(rows, { columns, headers, math, digits, caption })
 *
 * @example
 *   showTable([{ activation: "sigmoid", formula: sigmoid.latex }], { math: ["formula"] });
 *   showTable(zs.map((z) => ({ z, "σ(z)": sigmoid(z) })), { digits: 4 });
 *
 * See also: tableBundle, showFormula, showMarkdown
 */
export function showTable(rows: readonly Record<string, Cell>[], options: TableOptions = {}): void {
  displayBundle(buildTable("showTable", rows, options), ["text/markdown", "text/html", "text/plain"]);
}
