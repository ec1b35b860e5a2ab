import { PENGUIN_COLUMNS, PENGUIN_ROWS, PENGUIN_SPECIES_NAMES, PENGUINS_CSV_ROWS, PENGUINS_CSV_SHA256, PENGUINS_DROPPED_ROWS } from "./penguin-rows";

/** Where the penguin data comes from, as kernel-lib/data/README.md records it. */
export interface PenguinProvenance {
  /** The data's authors and home. */
  source: string;
  /** The package the CSV was taken from. */
  package: string;
  licence: string;
  /** SHA-256 of the shipped CSV (kernel-lib/data/penguins.csv). */
  csvSha256: string;
  /** Data rows in the CSV, and the 1-based rows left out because a measurement is missing. */
  csvRows: number;
  droppedRows: number[];
}

/** The Palmer penguins as a classification data set: one row of four measurements per penguin. */
export interface PenguinData {
  /** One row per penguin: bill length (mm), bill depth (mm), flipper length (mm), body mass (g). */
  X: number[][];
  /** The species of each row as a class index into `species`. */
  labels: number[];
  /** The class names: Adelie, Chinstrap, Gentoo. */
  species: string[];
  /** The names of X's columns, with units. */
  features: string[];
  provenance: PenguinProvenance;
}

const FEATURE_NAMES: Record<string, string> = {
  bill_length_mm: "bill length (mm)",
  bill_depth_mm: "bill depth (mm)",
  flipper_length_mm: "flipper length (mm)",
  body_mass_g: "body mass (g)",
};

/**
 * The Palmer penguins (Horst, Hill & Gorman 2020; data collected by Dr. Kristen Gorman at Palmer Station,
 * Antarctica; CC0): 342 penguins of three species with four measurements each — the 344 rows of
 * palmerpenguins 0.1.6's penguins.csv less the 2 with no measurements. Rows are in the CSV's order (grouped
 * by species), so shuffle before splitting. The data is compiled into kernel-lib rather than read from a file,
 * so it loads the same way in every kernel; each call returns fresh arrays, so a lesson may change its copy.
 *
 * Syntax:
 *   const { X, labels, species, features, provenance } = loadPenguins()
 *
 * @example
 *   loadPenguins().X.length;                 // 342
 *   loadPenguins().X[0];                     // [39.1, 18.7, 181, 3750]
 *   loadPenguins().species;                  // ["Adelie", "Chinstrap", "Gentoo"]
 *   loadPenguins().labels[341];              // 1 (the last row is a Chinstrap)
 *
 * See also: seededRandom (its shuffled() makes a reproducible train/validation split)
 */
export function loadPenguins(): PenguinData {
  const width = 1 + PENGUIN_COLUMNS.length;
  const X: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < PENGUIN_ROWS.length; i += width) {
    labels.push(PENGUIN_ROWS[i]);
    X.push(PENGUIN_ROWS.slice(i + 1, i + width));
  }
  return {
    X: X,
    labels: labels,
    species: PENGUIN_SPECIES_NAMES.slice(),
    features: PENGUIN_COLUMNS.map((c) => FEATURE_NAMES[c]),
    provenance: {
      source: "Horst AM, Hill AP, Gorman KB (2020). palmerpenguins: Palmer Archipelago (Antarctica) penguin data. " +
        "Data collected by Dr. Kristen Gorman and the Palmer Station Long Term Ecological Research Program. https://allisonhorst.github.io/palmerpenguins/",
      package: "palmerpenguins 0.1.6 (PyPI), file palmerpenguins/data/penguins.csv",
      licence: "CC0 1.0 (the data); the Python package's code is MIT",
      csvSha256: PENGUINS_CSV_SHA256,
      csvRows: PENGUINS_CSV_ROWS,
      droppedRows: PENGUINS_DROPPED_ROWS.slice(),
    },
  };
}
