import type { PairedDifference } from './evaluate-two-stage';

/**
 * The mean of `n` paired differences and its standard error (sample standard deviation / √n),
 * from their sum and their sum of squares; NaN for both when `n` is 0, NaN error when it is 1.
 */
export function pairedDifference(sum: number, squares: number, n: number): PairedDifference {
  if (n === 0) return { mean: NaN, standardError: NaN };
  const mean = sum / n;
  const variance = n > 1 ? Math.max(0, (squares - n * mean * mean) / (n - 1)) : NaN;
  return { mean, standardError: Math.sqrt(variance / n) };
}
