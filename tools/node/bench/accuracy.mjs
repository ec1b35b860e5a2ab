// Accuracy: how far the other libraries are from kernel-lib (--check), and the tail probe: where the naive
// loop breaks (NaN, ±Infinity, a wrong 0) and kernel-lib does not.

const flatten = (x) => {
  if (typeof x === "number") return Float64Array.of(x);
  if (Array.isArray(x) && typeof x[0] !== "number") {
    const out = new Float64Array(x.length * x[0].length);
    x.forEach((r, i) => out.set(r, i * x[0].length));
    return out;
  }
  return x;
};
/** The largest |other − kl| / max(|kl|, 1e-300) over all elements: a sanity check of the comparisons. */
export function maxRelDiff(klOut, otherOut) {
  const k = flatten(klOut);
  const o = flatten(otherOut);
  if (k.length !== o.length) return NaN;
  let m = 0;
  for (let i = 0; i < k.length; i++) m = Math.max(m, Math.abs(o[i] - k[i]) / Math.max(Math.abs(k[i]), 1e-300));
  return m;
}
/**
 * tails: elements where kernel-lib is finite but naive is NaN/±Infinity, or naive is 0 where kernel-lib is
 * not. worse: the reverse (should be 0). maxRel: the largest |naive − kl| / |kl| over elements both finite.
 */
export function compare(klOut, naiveOut) {
  const k = flatten(klOut);
  const n = flatten(naiveOut);
  let tails = 0;
  let worse = 0;
  let maxRel = 0;
  for (let i = 0; i < k.length; i++) {
    const a = k[i];
    const b = n[i];
    const aFinite = Number.isFinite(a);
    const bFinite = Number.isFinite(b);
    if (aFinite && (!bFinite || (b === 0 && a !== 0))) tails++;
    else if (bFinite && (!aFinite || (a === 0 && b !== 0))) worse++;
    if (aFinite && bFinite && a !== 0) maxRel = Math.max(maxRel, Math.abs(b - a) / Math.abs(a));
  }
  return { tails, worse, maxRel, count: k.length };
}
export function accuracy(row, d) {
  const [kl, naive] = row.check ? row.check(d) : [row.kl(d), row.naive(d)];
  return compare(kl, naive);
}
