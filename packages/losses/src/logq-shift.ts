import type { RetrievalLossOptions } from './retrieval-loss';

/**
 * Writes the logQ term of each candidate column, `logQWeight · candidateLogProb[j]` (zeros without
 * logQ), into `out[0 .. n)`: what the row passes subtract from the scaled scores.
 */
export function fillLogQShift(out: Float32Array | Float64Array, options: RetrievalLossOptions, n: number): void {
  const logq = options.candidateLogProb;
  if (!logq) {
    out.fill(0, 0, n);
    return;
  }
  const qw = options.logQWeight ?? 1;
  for (let j = 0; j < n; j++) out[j] = qw * logq[j]!;
}
