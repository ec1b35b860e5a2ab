// The lessons' tiny network: backprop checked against central finite differences, for every task.
import { describe, expect, it } from "vitest";
import { centralDifference } from "../helpers/central-difference";
import { createNetwork, relu, tanh, sigmoid, leakyRelu, type Task } from "../../kernel-lib/src/index";

const X = [
  [0.5, -1.2],
  [1.5, 0.3],
  [-0.7, 2.0],
];
const TARGETS: Record<Task, number[][]> = {
  binary: [[1], [0], [1]],
  "multi-class": [
    [1, 0, 0],
    [0, 0, 1],
    [0, 1, 0],
  ],
  "multi-label": [
    [1, 0, 1],
    [0, 0, 1],
    [1, 1, 0],
  ],
  regression: [
    [0.3, -1, 2],
    [1.2, 0.5, -0.4],
    [2, 2, 2],
  ],
  "max-margin": [[1], [-1], [1]],
};

describe("createNetwork", () => {
  for (const task of Object.keys(TARGETS) as Task[]) {
    it(`backprop matches finite differences for the ${task} task`, () => {
      const outputs = TARGETS[task][0].length;
      const net = createNetwork({ inputs: 2, hidden: [{ units: 3, activation: tanh }, { units: 2, activation: sigmoid }], outputs, task, seed: 11 });
      const y = TARGETS[task];
      const g = net.gradients(X, y);
      const numeric = (params: Float64Array, k: number) => centralDifference(() => net.loss(X, y), params, k);
      let worst = 0;
      net.weights.forEach((W, l) =>
        W.forEach((row, j) =>
          row.forEach((_, k) => {
            const d = numeric(row, k);
            worst = Math.max(worst, Math.abs(d - g.weights[l][j][k]) / Math.max(1, Math.abs(d)));
          }),
        ),
      );
      net.biases.forEach((b, l) => b.forEach((_, j) => (worst = Math.max(worst, Math.abs(numeric(b, j) - g.biases[l][j])))));
      expect(worst).toBeLessThan(1e-7);
    });
  }

  it("the same seed gives the same network; another seed a different one", () => {
    const spec = { inputs: 2, hidden: [{ units: 4, activation: relu }], outputs: 1, task: "binary" as const, seed: 1 };
    expect(createNetwork(spec).weights).toEqual(createNetwork(spec).weights);
    expect(createNetwork({ ...spec, seed: 2 }).weights).not.toEqual(createNetwork(spec).weights);
  });

  it("learns XOR with one ReLU hidden layer (seed 1), which a linear model cannot", () => {
    const X4 = [[0, 0], [0, 1], [1, 0], [1, 1]];
    const y4 = [0, 1, 1, 0];
    const net = createNetwork({ inputs: 2, hidden: [{ units: 4, activation: relu }], outputs: 1, task: "binary", seed: 1 });
    const losses = net.train(X4, y4, { epochs: 2000, learningRate: 0.5 });
    expect(losses[losses.length - 1]).toBeLessThan(0.01);
    expect(net.predict(X4).map((r) => Math.round(r[0]))).toEqual(y4);
    const logistic = createNetwork({ inputs: 2, hidden: [], outputs: 1, task: "binary", seed: 1 });
    const linearLosses = logistic.train(X4, y4, { epochs: 2000, learningRate: 0.5 });
    // The best a linear model can do on XOR is p = 0.5 everywhere: loss log 2.
    expect(linearLosses[linearLosses.length - 1]).toBeGreaterThan(Math.log(2) - 1e-6);
  });

  it("multi-class outputs are distributions; regression outputs are unbounded", () => {
    const mc = createNetwork({ inputs: 2, hidden: [{ units: 3, activation: leakyRelu }], outputs: 3, task: "multi-class", seed: 4 });
    for (const row of mc.predict(X)) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
    const reg = createNetwork({ inputs: 1, hidden: [{ units: 3, activation: tanh }], outputs: 1, task: "regression", seed: 4 });
    reg.train([[0], [1]], [[50], [80]], { epochs: 500, learningRate: 0.01 });
    expect(reg.predict([[1]])[0][0]).toBeGreaterThan(1);
  });

  it("rejects bad specs and data with messages that name the argument", () => {
    expect(() => createNetwork({ inputs: 0, hidden: [], outputs: 1, task: "binary", seed: 1 })).toThrow(/createNetwork: inputs must be a whole number ≥ 1/);
    expect(() => createNetwork({ inputs: 2, hidden: [], outputs: 2, task: "binary", seed: 1 })).toThrow(/a binary task has 1 output/);
    expect(() => createNetwork({ inputs: 2, hidden: [], outputs: 1, task: "clustering" as Task, seed: 1 })).toThrow(/task must be one of/);
    const net = createNetwork({ inputs: 2, hidden: [], outputs: 1, task: "binary", seed: 1 });
    expect(() => net.predict([[1, 2, 3]])).toThrow(/net.predict: inputs\[0\] must be a row of 2 numbers/);
    expect(() => net.loss([[1, 2]], [[2]])).toThrow(/binaryCrossEntropyFromLogits: yTrue\[0\] is 2/);
    expect(() => net.predict([[1, NaN]])).toThrow(/net.predict: inputs\[0\]\[1\] must be finite/);
  });
});
