import type { TowerBatch, TwoTowerConfig } from '../src';
import { createRandom } from '../src';

/**
 * The TFRS MovieLens retrieval model at ML-100K sizes, with the given MLP layers: user id,
 * timestamp buckets and normalised timestamp on the query side; title id and mean-pooled title
 * tokens on the candidate side; embeddings of dimension 32.
 */
export function referenceConfig(layers: number[]): TwoTowerConfig {
  return {
    query: {
      inputs: [
        { name: 'user_id', kind: 'embedding', vocabularySize: 944, dim: 32 },
        { name: 'timestamp_bucket', kind: 'embedding', vocabularySize: 1001, dim: 32 },
        { name: 'timestamp', kind: 'numeric' },
      ],
      layers,
    },
    candidate: {
      inputs: [
        { name: 'title_id', kind: 'embedding', vocabularySize: 1683, dim: 32 },
        { name: 'title_text', kind: 'embedding', vocabularySize: 3000, dim: 32, width: 8 },
      ],
      layers,
    },
    optimizer: { name: 'adagrad', learningRate: 0.1 },
  };
}

export const TEXT_WIDTH = 8;

/** A random batch shaped like ML-100K's (ids in range, titles of 2-6 tokens). */
export function randomBatch(batch: number, seed: number): { q: TowerBatch; c: TowerBatch } {
  const r = createRandom(seed);
  const text = new Int32Array(batch * TEXT_WIDTH);
  for (let i = 0; i < batch; i++) {
    const len = 2 + Math.floor(r() * 5);
    for (let t = 0; t < len; t++) text[i * TEXT_WIDTH + t] = 1 + Math.floor(r() * 2999);
  }
  return {
    q: {
      user_id: Int32Array.from({ length: batch }, () => Math.floor(r() * 944)),
      timestamp_bucket: Int32Array.from({ length: batch }, () => Math.floor(r() * 1001)),
      timestamp: Float32Array.from({ length: batch }, () => r() * 2 - 1),
    },
    c: {
      title_id: Int32Array.from({ length: batch }, () => Math.floor(r() * 1683)),
      title_text: text,
    },
  };
}
