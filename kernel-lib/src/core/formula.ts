/**
 * LaTeX from mathjs expressions. mathjs is loaded on first use: the math itself never needs it, and
 * loading it costs a noticeable fraction of a second in a fresh kernel.
 */
import type * as MathJs from "mathjs";

let mathjs: typeof MathJs | undefined;
/** mathjs, loaded on the first call and kept. */
export function loadMathjs(): typeof MathJs {
  if (!mathjs) mathjs = require("mathjs") as typeof MathJs;
  return mathjs;
}

/** Function names in our expressions that LaTeX writes with a symbol of its own. */
const SYMBOLS: Record<string, string> = { sigma: "\\sigma", tanh: "\\tanh", exp: "\\exp", max: "\\max" };

/** The LaTeX of a mathjs expression, writing `sigma(z)` as σ(z) and dropping mathjs's redundant parentheses. */
export function expressionToLatex(expression: string): string {
  const math = loadMathjs();
  const node = math.parse(expression);
  return node.toTex({
    parenthesis: "auto",
    implicit: "hide",
    handler: (n: MathJs.MathNode, options: object) => {
      if (n.type === "FunctionNode") {
        const f = n as MathJs.FunctionNode;
        const symbol = SYMBOLS[f.fn.name];
        if (symbol) return `${symbol}\\left(${f.args.map((a) => a.toTex(options)).join(", ")}\\right)`;
      }
      return undefined;
    },
  });
}
