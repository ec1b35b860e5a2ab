/**
 * The completeness check: every entry of kernel-lib's `activations` and `losses` collections appears in each
 * table of tests (numerics, gradients, bad input, formulas). Each table's test file calls
 * `expectEveryOp(...)` with the names its table covers; test/unit/completeness.test.ts checks the numerics
 * references (test/reference/hard-cases.json). Adding an activation or a loss therefore fails one test per
 * table, each saying what to add where (docs/extending.md lists them).
 */
import { expect } from "vitest";
import { activations, losses } from "../../kernel-lib/src/index";

export type Collection = "activations" | "losses";

export const COLLECTIONS: Record<Collection, readonly string[]> = {
  activations: Object.keys(activations),
  losses: Object.keys(losses),
};

/**
 * The message for the entries of `collection` missing from a table, or undefined if none is missing.
 * `table` names the table, `add` says what to add there ("an entry to elementwiseCases in …").
 */
export function missingMessage(
  collection: Collection,
  covered: Iterable<string>,
  table: string,
  add: string,
  names: readonly string[] = COLLECTIONS[collection],
): string | undefined {
  const have = new Set(covered);
  const missing = names.filter((n) => !have.has(n));
  if (missing.length === 0) return undefined;
  return `${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} in kernel-lib's \`${collection}\` but not in the ${table}: add ${add}`;
}

/** Fails, with the message above, unless `covered` holds every entry of `collection`. */
export function expectEveryOp(collection: Collection, covered: Iterable<string>, table: string, add: string): void {
  const message = missingMessage(collection, covered, table, add);
  expect(message, message).toBeUndefined();
}
