import { VizInputError } from './errors';
import { jointProbabilitiesDense } from './joint-probabilities';
import { exactGradient } from './tsne-gradient';
import { countRows, type Vectors } from './vectors';

/** Options of {@link klDivergence}. */
export interface KlDivergenceOptions {
  /** Perplexity of the input-space affinities. Default 30 (clamped to (n − 1) / 3). */
  perplexity?: number;
}

/**
 * Exact t-SNE's objective for any 2-D layout: KL(P‖Q) with P the dense input affinities at the
 * given perplexity (over all pairs) and Q the Student-t affinities of the layout. It puts layouts
 * made by different methods (exact, Barnes-Hut with its sparse P, PCA, another library) on one
 * scale. O(n²) time and memory (n up to about 10,000).
 *
 * @param data `[n, dim]` input vectors.
 * @param embedding `[n, 2]` layout.
 */
export function klDivergence(data: Vectors, dim: number, embedding: Vectors, options: KlDivergenceOptions = {}): number {
  const n = countRows(data, dim);
  const m = countRows(embedding, 2, 'embedding');
  if (m !== n) throw new VizInputError('embedding', `has ${m} rows but data has ${n}: pass the layout of the same rows`);
  if (n > 10000) throw new VizInputError('data', `${n} rows need n² memory; sample at most 10,000`);
  const perplexity = Math.min(options.perplexity ?? 30, (n - 1) / 3);
  const p = jointProbabilitiesDense(data, dim, n, perplexity);
  return exactGradient(Float64Array.from(embedding), n, p, 1, new Float64Array(2 * n), new Float64Array(2 * n), true);
}
