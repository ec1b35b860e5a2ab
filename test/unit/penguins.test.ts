/**
 * The penguin data kernel-lib ships is the CSV it claims to be: the committed CSV has the SHA-256 that the
 * provenance note (kernel-lib/data/README.md) records, the generated module is exactly what the generator
 * makes from that CSV, and loadPenguins() returns the CSV's complete rows, read here by an independent parser.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadPenguins } from "../../kernel-lib/src/index";
import { PENGUINS_CSV_SHA256 } from "../../kernel-lib/src/data/penguin-rows";
// @ts-expect-error: a plain .mjs script without type declarations
import { penguinModuleText, MODULE_PATH } from "../../kernel-lib/scripts/penguins-to-ts.mjs";

const DATA = path.resolve(__dirname, "..", "..", "kernel-lib", "data");
const csv = readFileSync(path.join(DATA, "penguins.csv"), "utf8");
const note = readFileSync(path.join(DATA, "README.md"), "utf8");
const sha256 = createHash("sha256").update(csv).digest("hex");

describe("the shipped penguin data", () => {
  it("the CSV is palmerpenguins 0.1.6's penguins.csv, by the hash the provenance note records", () => {
    expect(sha256).toBe("f204db2c753b0937caac3cb35258562c14f073e4bbc76be24b4c51ce22767a93");
    expect(note).toContain(`SHA-256 of penguins.csv | \`${sha256}\``);
    expect(note).toMatch(/palmerpenguins` \*\*0\.1\.6\*\*/);
    expect(note).toMatch(/CC0/);
    expect(PENGUINS_CSV_SHA256).toBe(sha256);
    expect(loadPenguins().provenance.csvSha256).toBe(sha256);
  });

  it("the generated module is up to date with the CSV", () => {
    expect(readFileSync(MODULE_PATH, "utf8")).toBe(penguinModuleText(csv));
  });

  it("loadPenguins() holds every CSV row with four measurements, in order, and nothing else", () => {
    // Independent reading: split on commas by the header's names, keep rows without NA in those columns.
    const [header, ...lines] = csv.trim().split("\n");
    const names = header.split(",");
    const at = (name: string) => names.indexOf(name);
    const measured = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"].map(at);
    const complete = lines.map((l) => l.split(",")).filter((cells) => measured.every((c) => cells[c] !== "NA"));
    const data = loadPenguins();
    expect(lines).toHaveLength(344);
    expect(complete).toHaveLength(342);
    expect(data.X).toEqual(complete.map((cells) => measured.map((c) => parseFloat(cells[c]))));
    expect(data.labels.map((k) => data.species[k])).toEqual(complete.map((cells) => cells[at("species")]));
    expect(data.species).toEqual(["Adelie", "Chinstrap", "Gentoo"]);
    expect([0, 1, 2].map((k) => data.labels.filter((y) => y === k).length)).toEqual([151, 68, 123]);
    expect(data.features).toEqual(["bill length (mm)", "bill depth (mm)", "flipper length (mm)", "body mass (g)"]);
    expect(data.provenance.csvRows).toBe(344);
    // The two dropped rows are the two without any measurement (1-based data rows).
    expect(data.provenance.droppedRows).toEqual([4, 272]);
    expect(data.provenance.droppedRows.map((r) => lines[r - 1])).toEqual([
      "Adelie,Torgersen,NA,NA,NA,NA,NA,2007",
      "Gentoo,Biscoe,NA,NA,NA,NA,NA,2009",
    ]);
    expect(note).toMatch(/Rows dropped: 2\*\* — CSV data rows 4 .* and 272/);
  });

  it("every call returns fresh arrays, so a lesson that changes its copy changes nobody else's", () => {
    const first = loadPenguins();
    first.X[0][0] = -1;
    first.labels[0] = 2;
    first.species[0] = "changed";
    const second = loadPenguins();
    expect(second.X[0][0]).toBe(39.1);
    expect(second.labels[0]).toBe(0);
    expect(second.species[0]).toBe("Adelie");
  });
});
