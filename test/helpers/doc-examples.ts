/**
 * How documentation writes a value after `// `: the doc comments' `@example` lines (test/unit/public-api.test.ts)
 * and kernel-lib/README.md's code blocks (test/unit/library-readme.test.ts) use the same notation, so one
 * function turns a computed value into it and one rule says when a comment shows that value.
 */
import { formatValue } from "../../kernel-lib/src/core/format";

/** A value as the docs write it: Float64Array [0.5, 0.5], [Float64Array […], …], "text", ["a", "b"]. */
export function asDocumented(value: unknown): string {
  if (value instanceof Float64Array) return `Float64Array [${Array.from(value, (v) => formatValue(v)).join(", ")}]`;
  if (Array.isArray(value)) return `[${value.map(asDocumented).join(", ")}]`;
  return formatValue(value);
}

/** Does the comment show this value? It starts with it; a remark may follow in parentheses or after a colon. */
export function commentShows(comment: string, shown: string): boolean {
  const rest = comment.startsWith(shown) ? comment.slice(shown.length) : undefined;
  return rest !== undefined && (rest === "" || /^( \(|:)/.test(rest));
}
