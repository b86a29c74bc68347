/**
 * Conditional probabilities of one row at a given perplexity: finds the Gaussian precision β by
 * bisection so that `p_j ∝ exp(−β · d_j)` over the row has entropy `ln(perplexity)` (nats).
 *
 * @param dist squared distances of the row's candidates, `dist[offset .. offset + len)`.
 * @param out receives the row's probabilities (summing to 1) at the same offsets.
 * @returns the β found.
 */
export function perplexityRow(
  dist: Float64Array,
  offset: number,
  len: number,
  perplexity: number,
  out: Float64Array,
  tolerance = 1e-5,
  maxSteps = 100,
): number {
  const target = Math.log(perplexity);
  // Shift by the smallest distance: the normalised row and its entropy do not change, and
  // exp() cannot underflow to an all-zero row.
  let dmin = Infinity;
  for (let j = 0; j < len; j++) dmin = Math.min(dmin, dist[offset + j]!);
  let beta = 1;
  let lo = -Infinity;
  let hi = Infinity;
  for (let step = 0; step < maxSteps; step++) {
    let sum = 0;
    let sumDP = 0;
    for (let j = 0; j < len; j++) {
      const d = dist[offset + j]! - dmin;
      const p = Math.exp(-d * beta);
      out[offset + j] = p;
      sum += p;
      sumDP += d * p;
    }
    if (sum === 0) sum = 1e-300;
    const entropy = Math.log(sum) + (beta * sumDP) / sum;
    for (let j = 0; j < len; j++) out[offset + j]! /= sum;
    const diff = entropy - target;
    if (Math.abs(diff) <= tolerance) break;
    if (diff > 0) {
      lo = beta;
      beta = hi === Infinity ? beta * 2 : (beta + hi) / 2;
    } else {
      hi = beta;
      beta = lo === -Infinity ? beta / 2 : (beta + lo) / 2;
    }
  }
  return beta;
}
