/**
 * Distances between doubles in units in the last place (ulp). A double's bit pattern, read as a signed
 * 64-bit integer and with negative patterns reflected, is an integer that counts doubles in order; the
 * distance between two doubles is the difference of those integers: 0 for equal values (and for +0 vs −0),
 * 1 for neighbours, and it counts every subnormal step.
 */

const view = new DataView(new ArrayBuffer(8));
const SIGN_MASK = 0x7fff_ffff_ffff_ffffn;

/** The position of x in the ordered sequence of doubles: −0 and +0 are both 0, nextUp(0) is 1, −5e-324 is −1. */
export function orderedIndex(x: number): bigint {
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  return bits < 0n ? -(bits & SIGN_MASK) : bits;
}

/**
 * How many doubles apart a and b are. Equal values (including equal infinities, and +0 vs −0) are 0.
 * NaN against anything, and an infinity against a finite value, is Infinity: no number of ulps makes those
 * agree.
 */
export function ulpDistance(a: number, b: number): number {
  if (a === b) return 0;
  if (Number.isNaN(a) || Number.isNaN(b) || !Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  const d = orderedIndex(a) - orderedIndex(b);
  return Number(d < 0n ? -d : d);
}

/** The double after x (towards +Infinity). */
export function nextUp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === 0) return Number.MIN_VALUE;
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  view.setBigInt64(0, x > 0 ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}

/** The spacing of doubles at |x|: the gap from |x| to the next double up (Number.EPSILON at 1). */
export function ulp(x: number): number {
  const a = Math.abs(x);
  if (!Number.isFinite(a)) return NaN;
  if (a === Number.MAX_VALUE) return a - nextDown(a);
  return nextUp(a) - a;
}

/** The double before x (towards −Infinity). */
export function nextDown(x: number): number {
  return -nextUp(-x);
}
