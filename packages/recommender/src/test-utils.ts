import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeModelDirectory } from '@twotower/artifact';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import { Recommender, type RecommenderParts } from './recommender';
import type { RecommenderSpec } from './spec';

/** A small spec: 8-wide embeddings and towers, seed 1. */
export const testSpec = (): RecommenderSpec => ({
  query: movieLensQuerySpecs({ embeddingDim: 8, timestampBins: 10 }),
  candidate: movieLensCandidateSpecs({ embeddingDim: 8 }),
  model: { queryLayers: [8], candidateLayers: [8], seed: 1 },
});

/** Four films, three users (a: films 0 at time 100 and 2 at 300, b: film 1 at 200, c: film 3 at 400), untrained towers; `itemVectors` when the spec reads them. */
export function makeRecommender(spec: RecommenderSpec = testSpec(), itemVectors?: RecommenderParts['itemVectors']): Recommender {
  const catalogue = {
    ids: ['1', '2', '3', '4'],
    titles: ['Toy Story (1995)', 'GoldenEye (1995)', 'Four Rooms (1995)', 'Get Shorty (1995)'],
    genres: [['Animation'], ['Action'], ['Thriller'], ['Comedy']],
  };
  return Recommender.create(spec, { users: ['a', 'b', 'a', 'c'], timestamps: [100, 200, 300, 400] }, {
    catalogue,
    users: { ids: ['a', 'b', 'c'], lastTimestamp: Float64Array.from([300, 200, 400]) },
    seen: { offsets: Int32Array.from([0, 2, 3, 4]), items: Int32Array.from([0, 2, 1, 3]), times: Float64Array.from([100, 300, 200, 400]) },
    popularity: Float32Array.from([1, 1, 1, 1]),
    ...(itemVectors !== undefined ? { itemVectors } : {}),
  });
}

/** The training log of {@link makeRecommender}'s users, rated: a rated films 0 (5) and 2 (3), b film 1 (4), c film 3 (2). */
export const ratedLog = () => ({ users: Int32Array.from([0, 0, 1, 2]), items: Int32Array.from([0, 2, 1, 3]), ratings: Float32Array.from([5, 3, 4, 2]) });

/** Saves a recommender into a new model directory; returns its path. */
export async function saveToDirectory(rec: Recommender, options: Parameters<Recommender['save']>[1] = {}): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'tt-rec-')), 'model');
  await writeModelDirectory(dir, { packages: {}, config: {}, data: { name: 't', fingerprint: 'x' } }, (w) => rec.save(w, options));
  return dir;
}
