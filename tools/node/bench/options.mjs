// Command-line options and the sizes and repetitions they select.

const FLAGS = ["--quick", "--smoke", "--json", "--only", "--no-pretouch", "--check"];

export function readOptions(argv = process.argv.slice(2)) {
  const option = (name) => {
    const i = argv.indexOf(name);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new Error(`${name} needs a value`);
    return v;
  };
  for (const a of argv) {
    if (a.startsWith("--") && !FLAGS.includes(a)) {
      throw new Error(`unknown option ${a}; use --quick, --smoke, --json FILE, --only REGEX, --no-pretouch, --check`);
    }
  }
  const smoke = argv.includes("--smoke");
  const quick = argv.includes("--quick");
  return {
    quick,
    smoke,
    jsonFile: option("--json"),
    only: option("--only") ? new RegExp(option("--only")) : null,
    pretouch: !argv.includes("--no-pretouch"),
    check: argv.includes("--check"),
    sizes: smoke ? SMOKE_SIZES : SIZES,
    // Warm-up calls, then timed calls whose median is reported.
    reps: smoke ? SMOKE_REPS : quick ? QUICK_REPS : FULL_REPS,
  };
}

/** The benchmark's sizes: 1e6-element arrays and a 10 000 × 100 batch; the tail probe is smaller. */
export const SIZES = {
  N: 1_000_000, // elements for elementwise rows
  R: 10_000, // rows of the categorical batch
  C: 100, // classes per row
  MJ_SCALE: 10, // mathjs runs on 1/MJ_SCALE of the data and is scaled up
  PROBE_N: 100_000, // elements of the tail probe
  PROBE_R: 1_000, // rows of the tail probe
  PROBE_RANGE: 800, // tail-probe logits are uniform in ±PROBE_RANGE
};

/** --smoke: every row runs once on tiny data, so a test can check that the benchmark still works. */
export const SMOKE_SIZES = { N: 1_000, R: 20, C: 10, MJ_SCALE: 10, PROBE_N: 1_000, PROBE_R: 10, PROBE_RANGE: 800 };

const FULL_REPS = { kl: [3, 11], tf: [2, 5], mathjs: [1, 3] };
const QUICK_REPS = { kl: [2, 5], tf: [1, 3], mathjs: [1, 1] };
const SMOKE_REPS = { kl: [0, 1], tf: [0, 1], mathjs: [0, 1] };

export const SLOPE = 0.01; // leakyRelu's default slope, for the naive loop and the other libraries
