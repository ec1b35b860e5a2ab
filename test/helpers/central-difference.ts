/**
 * ∂loss/∂params[k] by a central difference, (loss(p + h) − loss(p − h)) / 2h, with the parameter restored
 * afterwards. Truncation error O(h²) ≈ 1e-12 and rounding ≈ 1e-16/h ≈ 1e-10 at the default h = 1e-6: an
 * independent reference for backprop, which never shares code with it.
 */
export function centralDifference(loss: () => number, params: Float64Array, k: number, h = 1e-6): number {
  const w = params[k];
  params[k] = w + h;
  const up = loss();
  params[k] = w - h;
  const down = loss();
  params[k] = w;
  return (up - down) / (2 * h);
}
