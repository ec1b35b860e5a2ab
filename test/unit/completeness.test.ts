/**
 * Adding an activation or a loss tells you what else to add. This file checks the numerics references
 * (test/reference/hard-cases.json) and the check itself; the gradient, bad-input and formula tables check
 * themselves with the same helper (test/helpers/completeness.ts), each at its table.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { activations, losses } from "../../kernel-lib/src/index";
import { COLLECTIONS, missingMessage } from "../helpers/completeness";

const table = JSON.parse(readFileSync(new URL("../reference/hard-cases.json", import.meta.url), "utf8")) as { cases: { fn: string }[] };
const referenced = new Set(table.cases.map((c) => c.fn));
const HOW = "cases to test/reference/make_references.py, run it (its header says how) and add a bound to BOUNDS in test/unit/numerics.test.ts";

describe("every activation and loss is in the numerics references", () => {
  it("each activation, and its .derivative where it has one", () => {
    const message = missingMessage("activations", Object.keys(activations).filter((k) => referenced.has(k)), "mpmath references (hard-cases.json)", HOW);
    expect(message, message).toBeUndefined();
    const derivatives = Object.entries(activations)
      .filter(([, f]) => typeof (f as { derivative?: unknown }).derivative === "function")
      .map(([k]) => `${k}.derivative`);
    const message2 = missingMessage("activations", derivatives.filter((d) => referenced.has(d)), "mpmath references (hard-cases.json)", HOW, derivatives);
    expect(message2, message2).toBeUndefined();
    expect(derivatives.length).toBeGreaterThanOrEqual(5);
  });

  it("each loss and its .gradient", () => {
    const names = Object.keys(losses).flatMap((k) => [k, `${k}.gradient`]);
    const message = missingMessage("losses", names.filter((n) => referenced.has(n)), "mpmath references (hard-cases.json)", HOW, names);
    expect(message, message).toBeUndefined();
  });
});

describe("the check itself", () => {
  it("reads the real collections", () => {
    expect(COLLECTIONS.activations).toEqual(["sigmoid", "tanh", "relu", "leakyRelu", "softmax", "linear"]);
    expect(COLLECTIONS.losses).toContain("hinge");
    expect(COLLECTIONS.losses).toHaveLength(7);
  });

  it("says which entries are missing, from which table, and what to add", () => {
    expect(missingMessage("losses", COLLECTIONS.losses, "gradient table", "x")).toBeUndefined();
    expect(missingMessage("activations", ["sigmoid", "tanh", "relu", "leakyRelu"], "bad-input table", "an entry to elementwiseActivations", [
        "sigmoid",
        "tanh",
        "relu",
        "leakyRelu",
        "softmax",
        "linear",
      ])).toBe(
      "softmax, linear are in kernel-lib's `activations` but not in the bad-input table: add an entry to elementwiseActivations",
    );
    expect(missingMessage("losses", ["a"], "gradient table", "a case", ["a", "swish"])).toBe(
      "swish is in kernel-lib's `losses` but not in the gradient table: add a case",
    );
  });
});
