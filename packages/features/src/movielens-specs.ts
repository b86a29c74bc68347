import type { CategoricalFeatureSpec, DiscretizedFeatureSpec, NumericFeatureSpec, TextFeatureSpec } from './feature-spec';

/** The query tower's specs, names known to the type system. */
export type MovieLensQuerySpecs = [
  CategoricalFeatureSpec & { name: 'user_id' },
  DiscretizedFeatureSpec & { name: 'timestamp_bucket' },
  NumericFeatureSpec & { name: 'timestamp' },
];

/** The candidate tower's specs, names known to the type system. */
export type MovieLensCandidateSpecs = [CategoricalFeatureSpec & { name: 'title_id' }, TextFeatureSpec & { name: 'title_text' }];

/** Options of {@link movieLensQuerySpecs} and {@link movieLensCandidateSpecs}. */
export interface MovieLensSpecOptions {
  /** Embedding width of every embedded feature. Default 32. */
  embeddingDim?: number;
  /** Number of equal-width timestamp buckets. Default 1000. */
  timestampBins?: number;
  /** Largest title-token vocabulary (ids, counting padding and OOV). Default 10,000. */
  maxTitleTokens?: number;
  /** Tokens per title row. Default: the longest title seen by fit (16 on ML-100K). */
  titleSequenceLength?: number;
  /** Input column names. Defaults: user `'user'`, timestamp `'timestamp'`, item `'item'`, title `'title'`. */
  columns?: { user?: string; timestamp?: string; item?: string; title?: string };
}

/**
 * The query tower's features of the TFRS MovieLens retrieval model: user id embedding
 * (vocabulary from data, 1 OOV id), timestamp in 1000 equal-width buckets with its own embedding,
 * and the normalised timestamp as one dense value; all embeddings of dimension 32 by default.
 * Specs only (plain data): fit them with `FeatureSet.fit(movieLensQuerySpecs(), columns)`.
 */
export function movieLensQuerySpecs(options: MovieLensSpecOptions = {}): MovieLensQuerySpecs {
  const dim = options.embeddingDim ?? 32;
  const user = options.columns?.user ?? 'user';
  const timestamp = options.columns?.timestamp ?? 'timestamp';
  return [
    { name: 'user_id', kind: 'categorical', source: user, embeddingDim: dim, description: 'user id embedding; vocabulary from data with one OOV id' },
    { name: 'timestamp_bucket', kind: 'discretized', source: timestamp, bins: options.timestampBins ?? 1000, method: 'equal-width', embeddingDim: dim, description: 'timestamp in equal-width buckets between min and max' },
    { name: 'timestamp', kind: 'numeric', source: timestamp, normalize: true, description: 'timestamp standardised to mean 0, variance 1' },
  ];
}

/**
 * The candidate tower's features of the TFRS MovieLens retrieval model: title id embedding and the
 * title text (at most 10,000 token ids, padding id 0 as mask, mean-pooled token embeddings); all
 * embeddings of dimension 32 by default. Specs only (plain data).
 */
export function movieLensCandidateSpecs(options: MovieLensSpecOptions = {}): MovieLensCandidateSpecs {
  const dim = options.embeddingDim ?? 32;
  const item = options.columns?.item ?? 'item';
  const title = options.columns?.title ?? 'title';
  const text: TextFeatureSpec & { name: 'title_text' } = {
    name: 'title_text',
    kind: 'text',
    source: title,
    maxTokens: options.maxTitleTokens ?? 10_000,
    embeddingDim: dim,
    pooling: 'mean',
    description: 'title tokens (lowercased, punctuation stripped), padded with 0, mean-pooled',
  };
  if (options.titleSequenceLength !== undefined) text.sequenceLength = options.titleSequenceLength;
  return [{ name: 'title_id', kind: 'categorical', source: item, embeddingDim: dim, description: 'title id embedding; vocabulary from data with one OOV id' }, text];
}
