// The libraries compared: kernel-lib (the built package, as a notebook imports it), mathjs and tfjs-core on
// its CPU backend.
import { createRequire, register } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
// BENCH_KERNEL_LIB=/path/to/another/kernel-lib (a built copy) times that one instead: an A/B comparison of
// two versions under the same conditions.
export const K = require(process.env.BENCH_KERNEL_LIB ? path.resolve(process.env.BENCH_KERNEL_LIB) : "kernel-lib");
export const math = require("mathjs");
export const tf = require("@tensorflow/tfjs-core");
require("@tensorflow/tfjs-backend-cpu");

// tfjs-core's Node bundle registers no gradients (the @tensorflow/tfjs union package imports them from
// tfjs-core's dist/register_all_gradients.js, an ES module with extensionless imports). Load that file with a
// small resolve/load hook; the registries and the engine are global, so tf.grad in the bundle sees them.
register(
  "data:text/javascript," +
    encodeURIComponent(`
const DIST = "/@tensorflow/tfjs-core/dist/";
export async function resolve(spec, ctx, next) {
  if (spec.startsWith(".") && !spec.endsWith(".js") && ctx.parentURL && ctx.parentURL.includes(DIST)) spec += ".js";
  return next(spec, ctx);
}
export async function load(url, ctx, next) {
  return next(url, url.includes(DIST) && url.endsWith(".js") ? { ...ctx, format: "module" } : ctx);
}`),
);
await import(pathToFileURL(require.resolve("@tensorflow/tfjs-core/dist/register_all_gradients.js")).href);

/** The CPU backend, ready, after one op (which also prints tfjs's notice while the console is muted). */
export async function readyTfjs() {
  const { log, warn } = console;
  console.log = console.warn = () => {}; // tfjs's "install tfjs-node" notice
  await tf.setBackend("cpu");
  await tf.ready();
  tf.tensor1d([1]).dispose();
  Object.assign(console, { log, warn });
}
