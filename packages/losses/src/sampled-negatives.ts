/**
 * Draws `count` extra negatives uniformly from `[0, numItems)` to append after the in-batch
 * candidates. Their log sampling probability for the logQ correction is
 * {@link uniformLogProbability}.
 *
 * @param next a uniform generator on [0, 1) (seeded in training for reproducibility)
 * @returns Int32Array [count] item ids
 */
export function sampleUniformNegatives(numItems: number, count: number, next: () => number): Int32Array {
  if (!(numItems > 0)) throw new Error(`sampleUniformNegatives: numItems must be positive, got ${numItems}`);
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = Math.min(numItems - 1, Math.floor(next() * numItems));
  return out;
}

/**
 * Log of the expected number of times a uniform sampler drawing `count` items from `numItems`
 * draws a given item, `log(count / numItems)` — the sampled-softmax correction of such columns.
 */
export function uniformLogProbability(numItems: number, count: number): number {
  return Math.log(count / numItems);
}
