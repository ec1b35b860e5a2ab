// Timing: warm-up calls, then interleaved timed calls whose median is reported.

let sink = 0;
/** What every result has been folded into: printed to the JSON so no call can be optimised away. */
export const sinkValue = () => sink;
export function consume(r) {
  // Touch the result so no call can be optimised away.
  if (typeof r === "number") sink += r;
  else if (Array.isArray(r)) sink += r.length + (typeof r[0] === "number" ? r[0] : r[0].length);
  else sink += r.length;
}
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
function timeOne(f) {
  const t0 = performance.now();
  const r = f();
  const t = performance.now() - t0;
  consume(r);
  return t;
}
/** Median ms per call of each function (and the min, for the JSON), timed runs interleaved so drift affects all alike. */
export function timeInterleaved(fs, [warm, runs]) {
  for (let w = 0; w < warm; w++) for (const f of fs) consume(f());
  const times = fs.map(() => []);
  for (let r = 0; r < runs; r++) fs.forEach((f, i) => times[i].push(timeOne(f)));
  return times.map((t) => ({ median: median(t), min: Math.min(...t) }));
}
