import { sigmoid } from "./sigmoid";
import { tanh } from "./tanh";
import { relu } from "./relu";
import { leakyRelu } from "./leaky-relu";
import { linear } from "./linear";
import { softmax } from "./softmax";

/** Every activation in the order of the seed's cheat sheet, for tables and comparisons. */
export const activations = { sigmoid, tanh, relu, leakyRelu, softmax, linear } as const;
