/**
 * sin, cos and log that return the same double on every JavaScript engine, for the random number
 * generator (seededRandom's Box–Muller step), so that "seed 7" draws the same data on both kernels.
 *
 * Why not Math.sin/Math.cos/Math.log: ECMAScript leaves their last bit to the engine. Node 20 (V8 11,
 * tslab's runtime) computes them with fdlibm; Deno 2.3 (V8 13) switched sin and cos to another library,
 * and they then differ in the last bit for some arguments: 1 of 40 normals drawn from seededRandom(1),
 * which a training loop amplifies to the 5th printed digit (lesson 4's regression fit). Newer engines
 * (V8 15) also change Math.log. Built from +, −, ×, ÷ and bit manipulation only, which IEEE 754 fixes
 * exactly, these functions cannot differ between engines.
 *
 * They follow fdlibm 5.3 (Sun Microsystems, 1993: "Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice is preserved"), the algorithm and coefficients
 * Node 20's V8 uses, so the numbers are also the ones the lessons were first written with: the unit tests
 * compare them bit for bit with Node 20's Math functions. Accuracy: < 1 ulp.
 *
 * Internal to kernel-lib (not exported to lessons): only what the generator needs, with
 * sin/cos limited to |x| ≤ 2^19·π/2, where fdlibm reduces the argument without its large-argument table.
 */
import { inputError } from "./errors";

// Bit access to a double: little-endian platforms keep the high (sign/exponent) word at index 1.
const float = new Float64Array(1);
const words = new Uint32Array(float.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LOW = 1 - HIGH;

/** The high 32 bits of x (sign, exponent, top 20 bits of the significand), as a signed integer. */
function highWord(x: number): number {
  float[0] = x;
  return words[HIGH] | 0;
}

/** x with its high word replaced. */
function withHighWord(x: number, high: number): number {
  float[0] = x;
  words[HIGH] = high >>> 0;
  return float[0];
}

/** The double whose high word is `high` and whose low word is `low`. */
function fromWords(high: number, low: number): number {
  words[HIGH] = high >>> 0;
  words[LOW] = low >>> 0;
  return float[0];
}

/** The largest |x| sin and cos accept: 2^19·π/2 (fdlibm's "medium size" argument reduction). */
export const PORTABLE_TRIG_LIMIT = 823549.6692541744;

/** sin(x + y) for |x + y| ≤ π/4, y the tail of a reduced argument; `hasTail` false when y is 0. */
function kernelSin(x: number, y: number, hasTail: boolean): number {
  const S1 = -1.66666666666666324348e-1;
  const S2 = 8.33333333332248946124e-3;
  const S3 = -1.98412698298579493134e-4;
  const S4 = 2.75573137070700676789e-6;
  const S5 = -2.50507602534068634195e-8;
  const S6 = 1.58969099521155010221e-10;
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000 && Math.trunc(x) === 0) return x; // |x| < 2^-27: sin x = x to the last bit
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  if (!hasTail) return x + v * (S1 + z * r);
  return x - ((z * (0.5 * y - v * r) - y) - v * S1);
}

/** cos(x + y) for |x + y| ≤ π/4, y the tail of a reduced argument. */
function kernelCos(x: number, y: number): number {
  const C1 = 4.16666666666666019037e-2;
  const C2 = -1.38888888888741095749e-3;
  const C3 = 2.48015872894767294178e-5;
  const C4 = -2.75573143513906633035e-7;
  const C5 = 2.08757232129817482790e-9;
  const C6 = -1.13596475577881948265e-11;
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000 && Math.trunc(x) === 0) return 1; // |x| < 2^-27
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3fd33333) return 1 - (0.5 * z - (z * r - x * y)); // |x| < 0.3
  // 1 − z/2 loses bits when z/2 is large: subtract a chosen qx exactly first (x/4, or 0.28125 above 0.78125).
  const qx = ix > 0x3fe90000 ? 0.28125 : fromWords(ix - 0x00200000, 0);
  const hz = 0.5 * z - qx;
  return (1 - qx) - (hz - (z * r - x * y));
}

// High words of n·π/2 for n = 1…32: when x is close to one of them, the quick reduction may cancel.
const N_PI_OVER_2_HIGH = [
  0x3ff921fb, 0x400921fb, 0x4012d97c, 0x401921fb, 0x401f6a7a, 0x4022d97c, 0x4025fdbb, 0x402921fb,
  0x402c463a, 0x402f6a7a, 0x4031475c, 0x4032d97c, 0x40346b9c, 0x4035fdbb, 0x40378fdb, 0x403921fb,
  0x403ab41b, 0x403c463a, 0x403dd85a, 0x403f6a7a, 0x40407e4c, 0x4041475c, 0x4042106c, 0x4042d97c,
  0x4043a28c, 0x40446b9c, 0x404534ac, 0x4045fdbb, 0x4046c6cb, 0x40478fdb, 0x404858eb, 0x404921fb,
];

/**
 * Argument reduction: n and [head, tail] with x = n·π/2 + head + tail, |head + tail| ≤ π/4, π/2 carried
 * in three pieces (each exact in a double) so that no bits are lost near multiples of π/2.
 */
function reduce(x: number): [number, number, number] {
  const INV_PIO2 = 6.36619772367581382433e-1;
  const PIO2_1 = 1.57079632673412561417; // first 33 bits of π/2
  const PIO2_1T = 6.07710050650619224932e-11; // π/2 − PIO2_1
  const PIO2_2 = 6.07710050630396597660e-11; // second 33 bits
  const PIO2_2T = 2.02226624879595063154e-21;
  const PIO2_3 = 2.02226624871116645580e-21; // third 33 bits
  const PIO2_3T = 8.47842766036889956997e-32;
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix < 0x4002d97c) {
    // |x| < 3π/4: n = ±1
    const sign = hx > 0 ? 1 : -1;
    let z = x - sign * PIO2_1;
    let head: number;
    let tail: number;
    if (ix !== 0x3ff921fb) {
      head = z - sign * PIO2_1T;
      tail = (z - head) - sign * PIO2_1T;
    } else {
      // x within 2^-33 of π/2: the next 33 bits are needed
      z -= sign * PIO2_2;
      head = z - sign * PIO2_2T;
      tail = (z - head) - sign * PIO2_2T;
    }
    return [sign, head, tail];
  }
  const t = Math.abs(x);
  const n = Math.trunc(t * INV_PIO2 + 0.5);
  const fn = n;
  let r = t - fn * PIO2_1;
  let w = fn * PIO2_1T;
  let head: number;
  if (n < 32 && ix !== N_PI_OVER_2_HIGH[n - 1]) {
    head = r - w;
  } else {
    const j = ix >> 20;
    head = r - w;
    let i = j - ((highWord(head) >> 20) & 0x7ff);
    if (i > 16) {
      // cancellation: a second round with the next 33 bits of π/2
      let t2 = r;
      w = fn * PIO2_2;
      r = t2 - w;
      w = fn * PIO2_2T - ((t2 - r) - w);
      head = r - w;
      i = j - ((highWord(head) >> 20) & 0x7ff);
      if (i > 49) {
        t2 = r;
        w = fn * PIO2_3;
        r = t2 - w;
        w = fn * PIO2_3T - ((t2 - r) - w);
        head = r - w;
      }
    }
  }
  const tail = (r - head) - w;
  return hx < 0 ? [-n, -head, -tail] : [n, head, tail];
}

/** Throws unless x is a number sin/cos accept here (this module serves the generator only). */
function checkTrigArgument(fn: string, x: number): void {
  if (!(Math.abs(x) <= PORTABLE_TRIG_LIMIT)) {
    throw inputError(RangeError, `${fn}: x must be finite with |x| ≤ 2^19·π/2 (${PORTABLE_TRIG_LIMIT}), got ${x}`);
  }
}

/**
 * sin(x), the same double on every engine (fdlibm's algorithm), for |x| ≤ PORTABLE_TRIG_LIMIT.
 *
 * @example
 *   portableSin(Math.PI / 6);   // 0.49999999999999994, as Node 20's Math.sin
 *
 * See also: portableCos, portableLog
 */
export function portableSin(x: number): number {
  checkTrigArgument("portableSin", x);
  if ((highWord(x) & 0x7fffffff) <= 0x3fe921fb) return kernelSin(x, 0, false); // |x| ≤ π/4
  const [n, head, tail] = reduce(x);
  switch (n & 3) {
    case 0:
      return kernelSin(head, tail, true);
    case 1:
      return kernelCos(head, tail);
    case 2:
      return -kernelSin(head, tail, true);
    default:
      return -kernelCos(head, tail);
  }
}

/**
 * cos(x), the same double on every engine (fdlibm's algorithm), for |x| ≤ PORTABLE_TRIG_LIMIT.
 *
 * @example
 *   portableCos(Math.PI / 3);   // 0.5000000000000001, as Node 20's Math.cos
 *
 * See also: portableSin, portableLog
 */
export function portableCos(x: number): number {
  checkTrigArgument("portableCos", x);
  if ((highWord(x) & 0x7fffffff) <= 0x3fe921fb) return kernelCos(x, 0);
  const [n, head, tail] = reduce(x);
  switch (n & 3) {
    case 0:
      return kernelCos(head, tail);
    case 1:
      return -kernelSin(head, tail, true);
    case 2:
      return -kernelCos(head, tail);
    default:
      return kernelSin(head, tail, true);
  }
}

/**
 * Natural logarithm, the same double on every engine (fdlibm's algorithm). log(0) = −∞, log(x < 0) = NaN,
 * as Math.log.
 *
 * @example
 *   portableLog(Math.E);   // 1
 *
 * See also: portableSin, portableCos
 */
export function portableLog(x: number): number {
  const LN2_HI = 6.93147180369123816490e-1;
  const LN2_LO = 1.90821492927058770002e-10;
  const TWO54 = 1.80143985094819840000e16;
  const LG1 = 6.666666666666735130e-1;
  const LG2 = 3.999999999940941908e-1;
  const LG3 = 2.857142874366239149e-1;
  const LG4 = 2.222219843214978396e-1;
  const LG5 = 1.818357216161805012e-1;
  const LG6 = 1.531383769920937332e-1;
  const LG7 = 1.479819860511658591e-1;
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  let k = 0;
  let hx = highWord(x);
  if (hx < 0x00100000) {
    // subnormal: scale into the normal range first
    k -= 54;
    x *= TWO54;
    hx = highWord(x);
  }
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  // x = 2^k · m with m in [√2/2, √2): f = m − 1 is then small and log(1 + f) converges fast
  let i = (hx + 0x95f64) & 0x100000;
  x = withHighWord(x, hx | (i ^ 0x3ff00000));
  k += i >> 20;
  const f = x - 1;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20: a short series
    if (f === 0) return k === 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - R : dk * LN2_HI - ((R - dk * LN2_LO) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : dk * LN2_HI - ((hfsq - (s * (hfsq + R) + dk * LN2_LO)) - f);
  }
  return k === 0 ? f - s * (f - R) : dk * LN2_HI - ((s * (f - R) - dk * LN2_LO) - f);
}
