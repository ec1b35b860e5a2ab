import { displayBundle } from "./bundle";
import { escapeHtml, formatValue } from "../core/format";

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

/** The table as Markdown, HTML and aligned plain text (pure: no display). */
export function tableBundle(rows: readonly Record<string, Cell>[], options: TableOptions = {}) {
  if (!Array.isArray(rows) || rows.length === 0) throw new RangeError("showTable: rows must be a non-empty array of objects");
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
 * Shows rows of objects as a table. Markdown is listed first so JupyterLab typesets math columns; HTML is
 * there for exported pages, plain text for terminals.
 */
export function showTable(rows: readonly Record<string, Cell>[], options: TableOptions = {}): void {
  displayBundle(tableBundle(rows, options), ["text/markdown", "text/html", "text/plain"]);
}
