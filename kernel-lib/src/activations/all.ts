import { sigmoid } from "./sigmoid";
import { tanh } from "./tanh";
import { relu } from "./relu";
import { leakyRelu } from "./leaky-relu";
import { linear } from "./linear";
import { softmax } from "./softmax";

/**
 * Every activation by name, in the order of the course notes' cheat sheet: for tables and comparisons.
 *
 * @example
 *   Object.keys(activations);   // ["sigmoid", "tanh", "relu", "leakyRelu", "softmax", "linear"]
 *   showTable(Object.values(activations).map((a) => ({ name: a.info.title, range: a.info.range })));
 *
 * See also: losses, compareActivations
 */
export const activations = { sigmoid, tanh, relu, leakyRelu, softmax, linear } as const;
