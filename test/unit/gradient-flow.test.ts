// The network's parts for the gradient-flow lab: initialisers, per-layer statistics, training callbacks,
// and backprop checked by central finite differences through deep networks.
import { describe, expect, it } from "vitest";
import { centralDifference } from "../helpers/central-difference";
import {
  createNetwork, initStandardDeviation, relu, leakyRelu, tanh, sigmoid, linear, softmax, seededRandom, TASK_PAIRINGS,
  binaryCrossEntropyFromLogits, categoricalCrossEntropyFromLogits, meanSquaredError, hinge,
  type Activation, type Initialiser, type Network, type Task,
} from "../../kernel-lib/src/index";
import { histogram, moments, norm } from "../../kernel-lib/src/network/statistics";

const deep = (activation: Activation, init: Initialiser, depth: number, width: number, extra: { inputs?: number; outputs?: number; task?: Task; seed?: number } = {}) =>
  createNetwork({
    inputs: extra.inputs ?? 3,
    hidden: Array.from({ length: depth }, () => ({ units: width, activation })),
    outputs: extra.outputs ?? 1,
    task: extra.task ?? "binary",
    seed: extra.seed ?? 5,
    init,
  });

const data = (n: number, inputs: number, seed: number) => {
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => Array.from({ length: inputs }, () => r.uniformBetween(-1, 1)));
};

/**
 * Central differences of the loss for every weight and bias, compared layer by layer in the norm:
 * ‖numeric − backprop‖ ≤ tolerance·‖numeric‖. Per layer, so a layer with tiny gradients is held to the
 * same relative standard as one with large gradients.
 */
function worstLayerError(net: Network, x: number[][], y: (number | number[])[], h = 1e-6): number {
  const g = net.gradients(x, y);
  const numeric = (params: Float64Array, k: number) => centralDifference(() => net.loss(x, y), params, k, h);
  let worst = 0;
  net.weights.forEach((W, l) => {
    let diff = 0;
    let size = 0;
    W.forEach((row, j) => row.forEach((_, k) => {
      const d = numeric(row, k);
      diff += (d - g.weights[l][j][k]) ** 2;
      size += d * d;
    }));
    net.biases[l].forEach((_, j) => {
      const d = numeric(net.biases[l], j);
      diff += (d - g.biases[l][j]) ** 2;
      size += d * d;
    });
    expect(size, `layer ${l + 1} has a nonzero gradient`).toBeGreaterThan(0);
    worst = Math.max(worst, Math.sqrt(diff / size));
  });
  return worst;
}

describe("backprop through deep networks matches central finite differences", () => {
  const x = data(6, 3, 21);
  const y = [1, 0, 0, 1, 1, 0];
  const cases: [Activation, Initialiser][] = [
    [tanh, "xavier"],
    [tanh, "xavier-uniform"],
    [relu, "he"],
    [leakyRelu, "he"],
    // Sigmoid at 4× the Glorot scale: its slope ≤ 1/4 is made up by the weights, so 10 layers keep gradients
    // large enough for a finite difference to measure.
    [sigmoid, { standardDeviation: 4 * Math.sqrt(2 / 12) }],
  ];
  for (const [activation, init] of cases) {
    it(`${activation.info.id}, init ${JSON.stringify(init)}: 10 hidden layers of 6 units`, () => {
      expect(worstLayerError(deep(activation, init, 10, 6), x, y)).toBeLessThan(1e-5);
    });
  }

  it("a 12-layer tanh network for every task", () => {
    const targets: Record<Task, (number | number[])[]> = {
      binary: y,
      "multi-class": y.map((v, i) => [v, 1 - v, 0].map((_, k) => (k === i % 3 ? 1 : 0))),
      "multi-label": y.map((v, i) => [v, i % 2, 1 - v]),
      regression: y.map((v, i) => [v * 2 - 1, i / 3, -i]),
      "max-margin": y.map((v) => (v ? 1 : -1)),
    };
    for (const task of Object.keys(targets) as Task[]) {
      const outputs = Array.isArray(targets[task][0]) ? (targets[task][0] as number[]).length : 1;
      expect(worstLayerError(deep(tanh, "xavier", 12, 5, { task, outputs, seed: 8 }), x, targets[task]), task).toBeLessThan(1e-5);
    }
  });
});

describe("initialisers", () => {
  it("initStandardDeviation gives the textbook scales", () => {
    expect(initStandardDeviation("he", 32, 7)).toBe(0.25); // √(2/32)
    expect(initStandardDeviation("xavier", 20, 30)).toBe(0.2); // √(2/50)
    expect(initStandardDeviation("xavier-uniform", 20, 30)).toBe(0.2);
    expect(initStandardDeviation("naive", 1000, 1000)).toBe(1);
    expect(initStandardDeviation({ standardDeviation: 0.3 }, 5, 5)).toBe(0.3);
  });

  it("without init a network is He-initialised, exactly as before initialisers could be chosen", () => {
    const spec = { inputs: 2, hidden: [{ units: 4, activation: relu }, { units: 3, activation: tanh }], outputs: 2, task: "multi-label" as const, seed: 9 };
    expect(createNetwork(spec).weights).toEqual(createNetwork({ ...spec, init: "he" }).weights);
    // Independent of the network code: layer after layer, each unit's row is the next fanIn normals of one stream.
    const r = seededRandom(9);
    const expected = [[2, 4], [4, 3], [3, 2]].map(([fanIn, units]) => Array.from({ length: units }, () => r.normals(fanIn, 0, Math.sqrt(2 / fanIn))));
    expect(createNetwork(spec).weights).toEqual(expected);
  });

  it("the normal initialisers share one stream of draws: only the scale differs", () => {
    const he = deep(relu, "he", 3, 8);
    const naive = deep(relu, "naive", 3, 8);
    const xavier = deep(relu, "xavier", 3, 8);
    he.weights.forEach((W, l) => {
      const fanIn = l === 0 ? 3 : 8;
      const fanOut = l === 3 ? 1 : 8;
      W.forEach((row, j) => row.forEach((w, k) => {
        expect(naive.weights[l][j][k] * Math.sqrt(2 / fanIn)).toBe(w);
        expect(naive.weights[l][j][k] * Math.sqrt(2 / (fanIn + fanOut))).toBe(xavier.weights[l][j][k]);
      }));
    });
    for (const net of [he, naive, xavier]) for (const b of net.biases) expect(Array.from(b).every((v) => v === 0)).toBe(true);
  });

  it("a wide layer's sample standard deviation matches the scheme's (within 5 standard errors)", () => {
    const width = 400; // 160 000 weights per layer: the sample std's relative standard error is 1/√(2·160000) ≈ 0.18%
    for (const init of ["naive", "xavier", "xavier-uniform", "he"] as const) {
      const net = createNetwork({ inputs: width, hidden: [{ units: width, activation: relu }], outputs: 1, task: "binary", seed: 3, init });
      const { mean, std } = moments(net.weights[0]);
      const target = initStandardDeviation(init, width, width);
      expect(Math.abs(std / target - 1), init).toBeLessThan(0.009);
      expect(Math.abs(mean) / target, init).toBeLessThan(0.0125); // standard error of the mean: 1/400 of σ
    }
    const uniform = createNetwork({ inputs: width, hidden: [{ units: width, activation: relu }], outputs: 1, task: "binary", seed: 3, init: "xavier-uniform" });
    const r = Math.sqrt(6 / (2 * width));
    const largest = Math.max(...uniform.weights[0].map((row) => Math.max(...Array.from(row, Math.abs))));
    expect(largest).toBeLessThanOrEqual(r);
    expect(largest).toBeGreaterThan(0.999 * r);
  });

  it("rejects unknown initialisers and bad scales, naming the argument", () => {
    const spec = { inputs: 2, hidden: [], outputs: 1, task: "binary" as const, seed: 1 };
    expect(() => createNetwork({ ...spec, init: "glorot" as Initialiser })).toThrow(/createNetwork: init must be one of "naive", "xavier", "xavier-uniform", "he" or \{ standardDeviation: s \}, got "glorot"/);
    expect(() => createNetwork({ ...spec, init: { standardDeviation: 0 } })).toThrow(/createNetwork: init.standardDeviation must be a finite number > 0, got 0/);
    expect(() => createNetwork({ ...spec, init: { standardDeviation: NaN } })).toThrow(/init.standardDeviation must be a finite number > 0/);
    expect(() => initStandardDeviation("he", 0, 3)).toThrow(/initStandardDeviation: fanIn must be a whole number ≥ 1, got 0/);
    expect(() => initStandardDeviation("xavier", 3, 2.5)).toThrow(/initStandardDeviation: fanOut must be a whole number ≥ 1, got 2.5/);
  });
});

describe("net.layerStats", () => {
  const x = data(16, 3, 4);
  const y = x.map(([a, b]) => (a * b > 0 ? 1 : 0));

  it("agrees with statistics computed independently from net.forward and net.gradients", () => {
    for (const activation of [relu, tanh, sigmoid]) {
      const net = deep(activation, "xavier", 6, 7);
      const layers = net.forward(x);
      const g = net.gradients(x, y);
      const stats = net.layerStats(x, y);
      expect(stats.loss).toBe(net.loss(x, y));
      expect(stats.layers.map((s) => s.role)).toEqual(["hidden", "hidden", "hidden", "hidden", "hidden", "hidden", "output"]);
      stats.layers.forEach((s, l) => {
        const flat = (rows: ArrayLike<number>[]) => rows.flatMap((r) => Array.from(r));
        expect(s.layer).toBe(l + 1);
        expect(s.activation).toBe(l === 6 ? "sigmoid" : activation.info.id);
        expect(s.units).toBe(l === 6 ? 1 : 7);
        // Math.hypot is V8's own overflow-safe norm: a reference that shares no code with the library.
        expect(Math.abs(s.weightGradientNorm / Math.hypot(...flat(g.weights[l])) - 1)).toBeLessThan(1e-14);
        expect(Math.abs(s.biasGradientNorm / Math.hypot(...g.biases[l]) - 1)).toBeLessThan(1e-14);
        const a = flat(layers[l].a);
        const mean = a.reduce((p, v) => p + v, 0) / a.length;
        const std = Math.sqrt(a.reduce((p, v) => p + (v - mean) ** 2, 0) / a.length);
        expect(s.activationMean).toBeCloseTo(mean, 14);
        expect(s.activationStd).toBeCloseTo(std, 14);
        expect(s.fractionZero).toBe(a.filter((v) => v === 0).length / a.length);
        expect(s.histogram.counts.reduce((p, c) => p + c, 0)).toBe(a.length);
        expect(s.histogram.edges[0]).toBe(Math.min(...a));
        expect(s.histogram.edges[20]).toBe(Math.max(...a));
        if (l === 6) {
          expect([s.fractionSaturated, s.deadUnits, s.deadFraction]).toEqual([null, null, null]);
          return;
        }
        const z = layers[l].z;
        if (activation === relu) {
          // Dead: z ≤ 0 on every example. Saturated (slope below 1% of 1): exactly the entries with z ≤ 0.
          const dead = Array.from({ length: 7 }, (_, j) => z.every((row) => row[j] <= 0)).filter(Boolean).length;
          expect(s.deadUnits).toBe(dead);
          expect(s.deadFraction).toBe(dead / 7);
          expect(s.fractionSaturated).toBe(flat(z).filter((v) => v <= 0).length / a.length);
        } else {
          // Slopes from the activations themselves: σ′ = a(1 − a) with peak 1/4, tanh′ = 1 − a² with peak 1.
          const slope = (v: number) => (activation === sigmoid ? v * (1 - v) * 4 : 1 - v * v);
          expect(s.fractionSaturated).toBe(a.filter((v) => slope(v) < 0.01).length / a.length);
          expect(s.deadUnits).toBe(0);
        }
      });
    }
  });

  it("deltaNorm is ‖∂L/∂z‖: each example's delta row is that example's bias gradient ÷ N, by central differences", () => {
    // The mean loss is (1/N)·Σₙ Lₙ and z of example n moves one-for-one with b, so δₙ = (1/N)·∂Lₙ/∂b: a reference
    // built from the loss alone, sharing nothing with backprop.
    const xs = x.slice(0, 5);
    const ys = y.slice(0, 5);
    for (const activation of [tanh, sigmoid]) {
      const net = deep(activation, "xavier", 4, 5);
      const stats = net.layerStats(xs, ys).layers;
      net.biases.forEach((b, l) => {
        let squares = 0;
        xs.forEach((xn, n) => {
          for (let j = 0; j < b.length; j++) {
            const d = centralDifference(() => net.loss([xn], [ys[n]]), b, j) / xs.length;
            squares += d * d;
          }
        });
        expect(Math.abs(stats[l].deltaNorm / Math.sqrt(squares) - 1), `${activation.info.id}, layer ${l + 1}`).toBeLessThan(1e-6);
      });
    }
  });

  it("for one example ‖∂L/∂W‖ = ‖δ‖·‖a_prev‖, and scaling a bias-free ReLU network's weights moves δ's ratio but not ∂W's", () => {
    const one = [x[3]];
    const net = deep(relu, "he", 6, 8);
    const stats = net.layerStats(one, [y[3]]).layers;
    const inputs = [Float64Array.from(one[0]), ...net.forward(one).map((v) => v.a[0])];
    stats.forEach((s, l) => expect(Math.abs(s.weightGradientNorm / (s.deltaNorm * Math.hypot(...inputs[l])) - 1)).toBeLessThan(1e-14));
    // ReLU(c·z) = c·ReLU(z): with weights × c, a_l grows by c^l and δ_l by c^(L−l) times the change of the one
    // example's output delta, so every ‖∂L/∂W_l‖ moves by the same factor and the first-to-last ratio stays put.
    const ratios = (n: Network) => {
      const st = n.layerStats(one, [y[3]]).layers;
      return { weight: st[0].weightGradientNorm / st[5].weightGradientNorm, delta: st[0].deltaNorm / st[5].deltaNorm };
    };
    const before = ratios(net);
    for (const W of net.weights) for (const row of W) for (let k = 0; k < row.length; k++) row[k] *= 2;
    const after = ratios(net);
    expect(Math.abs(after.weight / before.weight - 1)).toBeLessThan(1e-12);
    expect(Math.abs(after.delta / before.delta / 2 ** 5 - 1)).toBeLessThan(1e-12);
  });

  it("counts dead and saturated units exactly in a network with hand-set weights", () => {
    const net = createNetwork({ inputs: 2, hidden: [{ units: 4, activation: relu }], outputs: 1, task: "binary", seed: 1 });
    // Unit 0: z = x0 (alive where x0 > 0); unit 1: z = −|big| (dead); unit 2: z = 0 exactly (dead: ReLU′(0) = 0);
    // unit 3: z = x0 + x1 + 5 > 0 (alive everywhere).
    net.weights[0] = [Float64Array.of(1, 0), Float64Array.of(0, 0), Float64Array.of(0, 0), Float64Array.of(1, 1)];
    net.biases[0] = Float64Array.of(0, -3, 0, 5);
    net.weights[1] = [Float64Array.of(1, 1, 1, 1)];
    const s = net.layerStats([[1, 2], [-1, 0.5], [0.5, -2]], [1, 0, 1]).layers[0];
    expect(s.deadUnits).toBe(2);
    expect(s.deadFraction).toBe(0.5);
    // z ≤ 0 for (example 2, unit 0) and every entry of units 1 and 2: 1 + 3 + 3 = 7 of 12.
    expect(s.fractionSaturated).toBe(7 / 12);
    expect(s.fractionZero).toBe(7 / 12);
    expect(s.activationMean).toBeCloseTo((1 + 0 + 0 + 8 + 0 + 0 + 0 + 4.5 + 0.5 + 0 + 0 + 3.5) / 12, 15);
  });

  it("a shared histogram range compares layers; values outside it are left out", () => {
    const net = deep(tanh, "naive", 4, 10);
    const stats = net.layerStats(x, y, { bins: 4, range: [-1, 1] });
    for (const s of stats.layers.slice(0, 4)) {
      expect(s.histogram.edges).toEqual([-1, -0.5, 0, 0.5, 1]);
      expect(s.histogram.counts.reduce((p, c) => p + c, 0)).toBe(16 * 10);
    }
    const output = stats.layers[4].histogram; // sigmoid probabilities all lie in [0, 1]: bins 3 and 4 only
    expect(output.counts[0] + output.counts[1]).toBe(0);
  });

  it("naive N(0, 1) weights saturate tanh and blow up ReLU; He keeps ReLU's spread near its input's", () => {
    const x64 = data(64, 3, 2);
    const y64 = x64.map(([a]) => (a > 0 ? 1 : 0));
    const tanhNaive = deep(tanh, "naive", 10, 32).layerStats(x64, y64).layers;
    const tanhXavier = deep(tanh, "xavier", 10, 32).layerStats(x64, y64).layers;
    expect(tanhNaive[9].fractionSaturated!).toBeGreaterThan(0.4);
    expect(tanhXavier[9].fractionSaturated!).toBe(0);
    const reluNaive = deep(relu, "naive", 10, 32).layerStats(x64, y64).layers;
    const reluHe = deep(relu, "he", 10, 32).layerStats(x64, y64).layers;
    // Each naive layer multiplies the spread by about √(32/2) = 4: 4⁹ ≈ 2.6e5 over nine layers.
    expect(reluNaive[9].activationStd / reluNaive[0].activationStd).toBeGreaterThan(1e4);
    expect(reluHe[9].activationStd / reluHe[0].activationStd).toBeLessThan(10);
    expect(reluHe[9].activationStd / reluHe[0].activationStd).toBeGreaterThan(0.1);
  });

  it("rejects bad options and mismatched data, naming the argument", () => {
    const net = deep(relu, "he", 2, 3);
    expect(() => net.layerStats(x, y, { bins: 0 })).toThrow(/net.layerStats: options.bins must be a whole number ≥ 1, got 0/);
    expect(() => net.layerStats(x, y, { range: [1, 1] })).toThrow(/net.layerStats: options.range must be \[low, high\] with finite low < high/);
    expect(() => net.layerStats(x, y, { saturation: 2 })).toThrow(/net.layerStats: options.saturation must be a number from 0 to 1, got 2/);
    expect(() => net.layerStats(x, y.slice(1))).toThrow(/net.layerStats: targets has 15 rows but inputs has 16/);
    expect(() => net.layerStats([[1, 2]], [1])).toThrow(/net.layerStats: inputs\[0\] must be a row of 3 numbers/);
    expect(() => net.gradients(x, [1])).toThrow(/net.gradients: targets has 1 rows but inputs has 16/);
  });
});

describe("net.train", () => {
  const x = data(12, 3, 6);
  const y = x.map(([a, b]) => (a + b > 0 ? 1 : 0));

  it("calls onEpoch after every step with the epoch number and the loss before that step", () => {
    const net = deep(tanh, "xavier", 3, 5);
    const seen: [number, number, number][] = [];
    const losses = net.train(x, y, { epochs: 5, learningRate: 0.3, onEpoch: (epoch, loss) => seen.push([epoch, loss, net.loss(x, y)]) });
    expect(seen.map((s) => s[0])).toEqual([1, 2, 3, 4, 5]);
    expect(seen.map((s) => s[1])).toEqual(Array.from(losses));
    // The network the callback sees has taken the step: its loss is the next epoch's loss-before-step.
    for (let e = 0; e < 4; e++) expect(seen[e][2]).toBe(losses[e + 1]);
    // The same training without a callback lands on the same weights.
    const plain = deep(tanh, "xavier", 3, 5);
    plain.train(x, y, { epochs: 5, learningRate: 0.3 });
    expect(plain.weights).toEqual(net.weights);
  });

  it("stops with a message naming the epoch when a too-large learning rate overflows the weights", () => {
    const net = deep(relu, "he", 8, 16);
    expect(() => net.train(x, y, { epochs: 50, learningRate: 50 })).toThrow(/net.train: the output logit of example \d+, unit 0 is (NaN|-?Infinity) at epoch \d+: the weights have grown too large \(while training, lower the learning rate\)/);
  });

  it("rejects bad options, naming them", () => {
    const net = deep(relu, "he", 1, 2);
    expect(() => net.train(x, y, { epochs: 0, learningRate: 0.1 })).toThrow(/net.train: options.epochs must be a whole number ≥ 1, got 0/);
    expect(() => net.train(x, y, { epochs: 2, learningRate: NaN })).toThrow(/net.train: options.learningRate must be finite, got NaN/);
    expect(() => net.train(x, y, { epochs: 2, learningRate: 0.1, onEpoch: 3 as never })).toThrow(/net.train: options.onEpoch must be a function/);
    expect(() => net.step(x, y, Infinity)).toThrow(/net.step: learningRate must be finite/);
  });
});

describe("TASK_PAIRINGS", () => {
  it("holds the library's activation and loss objects, and the network computes with exactly them", () => {
    expect(TASK_PAIRINGS.binary).toEqual({ over: "elements", outputActivation: sigmoid, loss: binaryCrossEntropyFromLogits });
    expect(TASK_PAIRINGS["multi-class"]).toEqual({ over: "rows", outputActivation: softmax, loss: categoricalCrossEntropyFromLogits });
    expect(TASK_PAIRINGS["multi-label"]).toEqual({ over: "elements", outputActivation: sigmoid, loss: binaryCrossEntropyFromLogits });
    expect(TASK_PAIRINGS.regression).toEqual({ over: "elements", outputActivation: linear, loss: meanSquaredError });
    expect(TASK_PAIRINGS["max-margin"]).toEqual({ over: "elements", outputActivation: linear, loss: hinge });
    expect(Object.isFrozen(TASK_PAIRINGS) && Object.isFrozen(TASK_PAIRINGS.binary)).toBe(true);
    const net = createNetwork({ inputs: 2, hidden: [{ units: 3, activation: tanh }], outputs: 3, task: "multi-class", seed: 2 });
    const xs = [[0.3, -1], [2, 0.5]];
    const ys = [[1, 0, 0], [0, 0, 1]];
    const logits = net.forward(xs)[1].z;
    expect(net.predict(xs)).toEqual(softmax(logits));
    expect(net.loss(xs, ys)).toBe(categoricalCrossEntropyFromLogits(ys, logits));
    expect(net.gradients(xs, ys).deltas[1]).toEqual(categoricalCrossEntropyFromLogits.gradient(ys, logits));
  });
});

describe("statistics helpers", () => {
  it("norm neither overflows nor underflows", () => {
    // Within 2 ulp (2.2e-16 relative each) of the exact 5e±200: dividing by the largest entry rounds once more.
    expect(Math.abs(norm([[3e200, 4e200]]) / 5e200 - 1)).toBeLessThanOrEqual(4.5e-16);
    expect(Math.abs(norm([[3e-200], [4e-200]]) / 5e-200 - 1)).toBeLessThanOrEqual(4.5e-16);
    expect(Math.abs(norm([[1e-320, 1e-320]]) / Math.hypot(1e-320, 1e-320) - 1)).toBeLessThan(1e-3); // subnormals: few digits exist
    expect(norm([[0, 0], [0]])).toBe(0);
    expect(norm([Float64Array.of(1, 2, 2)])).toBe(3);
  });

  it("moments and histogram by hand", () => {
    expect(moments([[1, 2], [3, 4]])).toEqual({ mean: 2.5, std: Math.sqrt(1.25) });
    expect(histogram([[0, 0.5, 1]], 2)).toEqual({ edges: [0, 0.5, 1], counts: [1, 2] });
    expect(histogram([[2, 2]], 2)).toEqual({ edges: [1.5, 2, 2.5], counts: [0, 2] });
    // Bins follow the edges, not the rounded division: edges[3] of 10 bins on [0, 1] is 3·0.1 = 0.30000000000000004,
    // so 0.3 lies in bin 2 and 3·0.1 itself in bin 3 (0.3/0.1 and (3·0.1)/0.1 both round to 2.9999999999999996).
    const tenths = histogram([[0.3, 3 * 0.1, -0.1, 1.1, 1]], 10, [0, 1]);
    expect(tenths.edges[3]).toBe(3 * 0.1);
    expect(tenths.counts).toEqual([0, 0, 1, 1, 0, 0, 0, 0, 0, 1]);
  });
});
